"""The gap-analysis report: structure, verdicts that follow from the examples, renderings."""
from __future__ import annotations

import json
import re

import pytest

from querykit import example_path
from scra.report import format_report, report_for_file

S = "https://w3id.org/scra#"


@pytest.fixture(scope="module")
def village():
    return report_for_file(example_path("smart-village"))


@pytest.fixture(scope="module")
def megacity():
    return report_for_file(example_path("megacity-low-cost"))


@pytest.fixture(scope="module")
def megacity_ja():
    return report_for_file(example_path("megacity-low-cost"), lang="ja")


def verdict(report, section, local):
    return next(e for e in report[section] if e["iri"] == S + local)


def test_json_structure(village):
    data = json.loads(format_report(village, "json"))
    assert set(data) >= {"city", "summary", "components", "function_groups", "aspects", "domains",
                         "beneficiaries", "indicator_coverage", "sdgs", "validation"}
    assert data["city"]["id"] == "smart-village" and data["city"]["label"] == "Vila Serrana"
    assert data["city"]["population"] == 2800
    assert len(data["components"]) == 11 and len(data["function_groups"]) == 8 and len(data["aspects"]) == 8
    for section in ("components", "function_groups", "aspects", "domains"):
        for entry in data[section]:
            assert entry["verdict"] in ("covered", "partial", "missing")
            assert isinstance(entry["evidence"], list)
            if entry["verdict"] != "covered":
                assert "recommended_standards" in entry and "indicators" in entry
        counts = data["summary"][section]
        assert sum(counts.values()) == len(data[section])
    assert data["validation"]["counts"] == {"violation": 0, "warning": 3, "info": 0}


def test_village_has_no_city_os(village):
    # Vila Serrana runs no City OS: the component and all eight function groups are missing
    assert verdict(village, "components", "jp-city-os")["verdict"] == "missing"
    assert {e["verdict"] for e in village["function_groups"]} == {"missing"}
    recommended = [s["identifier"] for s in verdict(village, "components", "jp-city-os")["recommended_standards"]]
    assert "ISO/IEC 24039:2022" in recommended  # catalogue: servesElement scra:jp-city-os


def test_village_resilience_missing_with_iec_63152(village):
    # no continuity plan at all; the teleconsultation warnings recommend IEC 63152 (resilience shapes)
    entry = verdict(village, "aspects", "aspect-resilience")
    assert entry["verdict"] == "missing" and entry["evidence"] == []
    standards = {s["identifier"]: s for s in entry["recommended_standards"]}
    assert standards["IEC 63152:2020"]["status"] == "scra:status-published"
    assert standards["IEC 63152:2020"]["why"]
    assert "ISO/AWI 22371" not in standards  # superseded editions are never recommended
    assert {i["iri"] for i in entry["indicators"]} >= {S + "indset-iso-37123"}


def test_village_health_domain_partial(village):
    entry = verdict(village, "domains", "domain-health")
    assert entry["verdict"] == "partial"  # the teleconsultation service has validation warnings
    assert [e["iri"] for e in entry["evidence"]] == ["https://example.org/city/vila-serrana#svc-teleconsult"]
    assert verdict(village, "domains", "domain-economy")["verdict"] == "covered"  # local currency is narrower


def test_megacity_city_os_partial_and_function_groups(megacity):
    entry = verdict(megacity, "components", "jp-city-os")
    assert entry["verdict"] == "partial"
    assert "3/8 City OS function groups provided" in entry["notes"]
    assert verdict(megacity, "function_groups", "cityos-fg-data-management")["verdict"] == "covered"
    auth = verdict(megacity, "function_groups", "cityos-fg-authentication")
    assert auth["verdict"] == "missing"
    why = {s["identifier"]: s for s in auth["recommended_standards"]}["ISO/IEC 24039:2022"]
    assert why["source"].endswith("Shape") and why["why"]  # from the shape that reported the missing group


def test_sdg_contribution_and_indicator_coverage(megacity):
    assert [s["number"] for s in megacity["sdgs"]] == [6, 10, 11, 12]
    used = {s["iri"] for s in megacity["indicator_coverage"]["sets"] if s["used"]}
    assert used == {S + "indset-iso-37120", S + "indset-u4ssc-kpis"}
    assert megacity["indicator_coverage"]["services_unmeasured"] == []


def test_html_is_one_self_contained_file(village):
    page = format_report(village, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # no external assets
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert "Vila Serrana" in page


def test_ja_labels(megacity_ja):
    page = format_report(megacity_ja, "html")
    assert 'lang="ja"' in page
    assert "ギャップ分析" in page and "都市OS" in page and "認証" in page  # UI and @ja labels from the KG
    md = format_report(megacity_ja, "md")
    assert "## 都市OSの機能群" in md


def test_text_and_markdown(village):
    text = format_report(village, "text")
    assert "Gap analysis: Vila Serrana (smart-village)" in text
    md = format_report(village, "md")
    assert md.startswith("# Gap analysis: Vila Serrana")


def test_render_for_a_stored_city(store):
    """The API the HTTP service uses: render(store, city_id, lang=, fmt=) -> dict (json) or str (html)."""
    from scra.report import render

    data = render(store, "jp-midsize-city", lang="en", fmt="json")
    json.dumps(data)  # JSON-ready as it is
    assert data["summary"]["function_groups"] == {"covered": 8, "partial": 0, "missing": 0}
    # the promotion council still uses ISO 37106:2018: a warning in the validation summary
    assert data["validation"]["counts"]["warning"] == 1
    assert render(store, "jp-midsize-city", lang="ja", fmt="html").startswith("<!DOCTYPE html>")
