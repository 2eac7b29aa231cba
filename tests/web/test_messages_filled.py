"""Message templates are filled on every output path: no `{?var}` or `{$this}` survives in the text,
JSON, CSV, Turtle (sh:resultMessage) and HTML outputs, for every example and broken example, in both
languages."""
from __future__ import annotations

import json

import pytest
from webkit import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.ttl")) + sorted((ROOT / "examples" / "broken").glob("*.ttl"))
PLACEHOLDER = ("{?", "{$")


def _clean(text: str, where: str) -> None:
    for mark in PLACEHOLDER:
        assert mark not in text, f"{where}: {[line for line in text.splitlines() if mark in line][:3]}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name + "/" + p.stem)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_validation_outputs_are_filled(path, lang, web):
    from scra.validation import validate

    report = validate(path, lang=lang)
    _clean(report.to_text(), "text")
    _clean(report.to_json(), "json")
    _clean(report.to_csv(), "csv")
    _clean(report.to_rdf("turtle"), "turtle")
    _clean(report.to_rdf("json-ld"), "json-ld")
    if lang == "en" or path.parent.name == "broken":
        r = web.post(f"/validate?lang={lang}", files=[("file", (path.name, path.read_bytes(), "text/turtle"))])
        assert r.status_code == 200
        _clean(r.text, "html")


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.ttl")), ids=lambda p: p.stem)
def test_city_reports_are_filled(path):
    from scra.report import format_report, report_for_file

    for lang in ("en", "ja"):
        data = report_for_file([path], lang=lang)
        _clean(json.dumps(data, ensure_ascii=False), "report json")
        for fmt in ("text", "md", "html"):
            _clean(format_report(data, fmt), f"report {fmt}")
