"""A city's indicator view: `scra indicators` (in-process), the gap-analysis report's indicators section, and
that the report of a city without indicator data is exactly what it was (no section, no JSON key)."""
from __future__ import annotations

import json

import pytest

from helpers import scra_cli
from querykit import example_path
from scra.report import format_report, report_for_file

COUNTS_MINATO = {"reported": 2, "computable": 1, "not_computable": 22, "unknown": 37}
COUNTS_NO_DATA = {"reported": 0, "computable": 0, "not_computable": 25, "unknown": 37}


@pytest.fixture(scope="module")
def minato():
    return report_for_file(example_path("jp-midsize-city"))


def test_cli_json_coverage_of_every_example():
    for city, counts in (("jp-midsize-city", COUNTS_MINATO), ("megacity-low-cost", COUNTS_NO_DATA),
                         ("smart-village", COUNTS_NO_DATA), ("ai-video-surveillance", COUNTS_NO_DATA)):
        r = scra_cli("indicators", str(example_path(city)), "--format", "json", text=True)
        assert r.returncode == 0, r.stderr
        view = json.loads(r.stdout)
        assert view["city_id"] == city and view["counts"] == counts
        assert (view["kpis_in_kg"], view["kpis_in_source"]) == (62, 91)
        assert sum(row["total"] for row in view["by_dimension"]) == 62
        assert sum(row["total"] for row in view["by_category"]) == 62 == sum(r["total"] for r in view["by_domain"])


def test_cli_json_details_of_minato():
    view = json.loads(scra_cli("indicators", str(example_path("jp-midsize-city")), "--format", "json", text=True).stdout)
    assert [(k["notation"], [m["label"] for m in k["missing"]]) for k in view["closest"]] == [
        ("EC: ICT: ICT: 1C", ["Number of households with Internet access"]),
        ("EC: ICT: ICT: 2C", ["Number of fixed broadband subscriptions"]),
        ("EC: I: WS: 5C", ["Total number of city households with access to basic sanitation and facilities"]),
        ("EC: ICT: PS: 1A", ["Total number of data sets"]),
        ("EC: I: ES: 3C", ["Number of city households with an authorized connection to the electrical system"]),
    ]
    assert [(r["kpi"]["label"], r["period"], r["value"], r["unit"]) for r in view["reports"]] == [
        ("Dynamic Public Transport Information", "2024", "64", "Percentage"),
        ("Unemployment Rate", "2024", "2.4", "Percentage"),
    ]
    health = next(r for r in view["by_category"] if r["iri"].endswith("u4ssc-cat-health"))
    assert health["counts"] == {"reported": 0, "computable": 1, "not_computable": 1, "unknown": 1}
    no_domain = next(r for r in view["by_domain"] if r["iri"] is None)
    assert no_domain["label"] == "(no domain)" and no_domain["total"] == 6


def test_cli_text_en_ja_and_errors():
    r = scra_cli("indicators", str(example_path("jp-midsize-city")), text=True)
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "U4SSC KPI coverage"
    assert "  reported 2, computable 1, not computable 22, data needs not sourced 37" in lines
    assert "    Unemployment Rate (period 2024) = 2.4 Percentage" in lines
    ja = scra_cli("indicators", str(example_path("smart-village")), "--lang", "ja", text=True).stdout
    assert ja.startswith("U4SSC KPIのカバー状況\n")
    assert "報告済み 0、算出可能 0、算出不可 25、必要データ未確認 37" in ja
    assert "    なし" in ja  # no KPI closest to computable, no report
    assert scra_cli("indicators", "Not A City!", text=True).returncode == 2


def test_report_has_an_indicators_section_in_every_format(minato):
    data = json.loads(format_report(minato, "json"))
    assert list(data)[-1] == "indicators" and data["indicators"]["counts"] == COUNTS_MINATO
    text = format_report(minato, "text")
    assert "\nU4SSC KPI coverage\n  62 of the 91 U4SSC KPIs are in the knowledge graph\n" in text
    assert text.index("U4SSC KPI coverage") < text.index("SDG contribution")
    md = format_report(minato, "md")
    assert "## U4SSC KPI coverage" in md and "| Health | 0 | 1 | 1 | 1 | 3 |" in md
    html = format_report(minato, "html")
    assert "<h2>U4SSC KPI coverage</h2>" in html and "<h3>KPIs closest to computable</h3>" in html
    # KPI names link to a page of their source
    assert ('<li><a href="https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/'
            'files/basic-html/page23.html">EC: ICT: ICT: 1C Household Internet Access</a>') in html
    assert "- [Unemployment Rate](https://www.itu.int/" in md
    ja = report_for_file(example_path("jp-midsize-city"), lang="ja")
    assert "## U4SSC KPIのカバー状況" in format_report(ja, "md")
    assert "<h3>算出可能に最も近いKPI</h3>" in format_report(ja, "html")


@pytest.mark.parametrize("city", ["smart-village", "megacity-low-cost", "ai-video-surveillance"])
def test_report_without_indicator_data_has_no_section(city):
    report = report_for_file(example_path(city))
    assert report.indicators is None and "indicators" not in report.to_dict()
    for fmt in ("text", "md", "html"):
        out = format_report(report, fmt)
        assert "U4SSC KPI coverage" not in out and "KPIs closest to computable" not in out
