"""Display width of text in a terminal: East Asian wide and full-width characters take two columns,
combining marks none. CLI tables pad and clip by this, not by len(), so Japanese columns line up.

    >>> width("都市OS")
    6
    >>> ljust("都市", 6) + "|"
    '都市  |'
    >>> clip("データマネジメント", 7)
    'データ…'
"""

from __future__ import annotations

import unicodedata


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes in a terminal."""
    return sum(_char_width(c) for c in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def clip(text: str, columns: int) -> str:
    """`text` cut to at most `columns` columns, with '…' where it was cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        w = _char_width(char)
        if used + w > columns - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"
