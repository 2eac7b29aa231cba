"""CLI tables measure display width: Japanese (two columns a character) lines up with English."""
from __future__ import annotations

from scra.textwidth import clip, ljust, width


def test_width_and_padding():
    assert width("abc") == 3 and width("都市OS") == 6 and width("ｶﾅ") == 2 and width("é") == 1
    assert width(ljust("都市", 8)) == 8 and width(clip("データマネジメント", 9)) <= 9


def test_query_table_columns_line_up():
    from scra.cli.query_commands import _table

    rows = [{"group": "データマネジメント", "n": "3"}, {"group": "Data management", "n": "12"},
            {"group": "認証", "n": "1"}]
    lines = _table(["group", "n"], rows).splitlines()[:5]
    header, body = lines[0], lines[2:5]
    column = width(header[: header.index("n")])
    for line in body:
        assert width(line[: line.rindex(" ") + 1]) == column, line
