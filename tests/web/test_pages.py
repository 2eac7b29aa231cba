"""The pages, in-process: every page answers HTML to a browser, API clients keep their JSON/RDF."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from webkit import CITY, ROOT

PAGES = ["/", "/browse", "/browse/jp-scra", "/browse/city-os", "/browse/iec", "/browse/aspects", "/browse/domains",
         "/browse/beneficiaries", "/browse/bodies", "/browse/indicators", "/browse/sdgs", "/browse/technologies",
         "/browse/context", "/browse/crosswalk", "/browse/standards", "/terms/cityos-fg-data-management",
         "/terms/jp-scra", "/search?q=energy", "/validate", "/cities", f"/cities/{CITY}", "/queries",
         "/queries/standards-for-domain", "/sparql"]


class Text(HTMLParser):
    """The visible text of a page (no script/style)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_html_for_a_browser(web, url):
    r = web.get(url)
    assert r.status_code == 200, r.text[:2000]
    assert r.headers["content-type"].startswith("text/html")
    assert "<main" in r.text and "{{" not in r.text


@pytest.mark.parametrize("url", ["/", "/cities", "/queries", "/search?q=energy"])
def test_api_clients_keep_json(web, url):
    for accept in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
        r = web.get(url, browser=False, headers=accept)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), (url, accept)


def test_api_clients_keep_rdf_and_results(web):
    assert web.get(f"/cities/{CITY}", browser=False).headers["content-type"].startswith("text/turtle")
    r = web.get("/sparql", browser=False, params={"query": "ASK {}"})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = web.get("/queries/standards-for-domain", browser=False, params={"domain": "scra:domain-health"})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = web.post("/validate", browser=False, content=(ROOT / "examples" / f"{CITY}.ttl").read_bytes(),
                 headers={"Content-Type": "text/turtle"})
    assert r.headers["content-type"].startswith("application/json") and "results" in r.json()


def test_function_groups_in_drawn_order_with_blocks(web):
    text = visible(web.get("/browse/city-os?lang=en").text)
    order = [text.index(label) for label in ("Service collaboration", "Authentication", "Service management",
                                            "Data management", "Asset management")]
    assert order == sorted(order)
    html = web.get("/browse/city-os").text
    assert 'href="/terms/cityos-fg-data-management"' in html and 'href="/terms/cityos-fb-common-services"' in html


def test_japan_scra_components_in_drawn_order(web):
    html = web.get("/browse/jp-scra?lang=en").text
    hrefs = re.findall(r'href="/terms/(jp-[a-z-]+)"', html)
    assert hrefs.index("jp-strategy") < hrefs.index("jp-city-os") < hrefs.index("jp-asset")


def test_term_page_has_no_blank_node_ids_and_each_source_once(web):
    for name in ("jp-user", "jp-scra", "cityos-fg-data-management", "std-iso-37106-2018", "Standard"):
        html = web.get(f"/terms/{name}").text
        text = visible(html)
        assert not re.search(r"\b_:[A-Za-z0-9]+|\bn[0-9a-f]{32}\b|\bub\d+bL\d+", text), name
        sources = re.findall(r'<h2>[^<]*</h2>\s*<ul>(.*?)</ul>', html, re.S)
        items = re.findall(r"<li>(.*?)</li>", sources[0], re.S) if sources else []
        assert len(items) == len(set(items)), name
    html = web.get("/terms/jp-user").text
    assert "relatedMatch" in html and "primary" in visible(html).lower()  # the annotated crosswalk statement


def test_term_page_in_japanese(web):
    text = visible(web.get("/terms/cityos-fg-data-management?lang=ja").text)
    assert "データマネジメント" in text and "定義" in text and "出典" in text


def test_standards_filters_and_lineage(web):
    html = web.get("/browse/standards", params={"status": "status-superseded"}).text
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", html, re.S)
    assert rows and all("status-superseded" in row for row in rows)
    assert "ISO 37106:2018" in html and "replaced by" in html
    html = web.get("/browse/standards", params={"body": "body-iso", "domain": "domain-health"}).text
    assert "<select" in html and "Nothing found" not in html or "Nothing found" in html  # renders either way
    for facet in ("body", "type", "status", "domain", "aspect"):
        assert f'name="{facet}"' in web.get("/browse/standards").text


def test_search_tolerates_misspellings_falls_back_and_pages(web):
    assert "/terms/domain-energy" in web.get("/search", params={"q": "enrgy"}).text
    assert "/terms/domain-energy" in web.get("/search", params={"q": "エネルギー", "lang": "en"}).text
    assert "/terms/cityos-fg-data-management" in web.get("/search", params={"q": "data management", "lang": "ja"}).text
    first = web.get("/search", params={"q": "s"}).text
    assert 'rel="next"' in first
    assert "page 2 of" in web.get("/search", params={"q": "s", "page": "2"}).text


def test_language_switch_cookie_and_accept_language(web):
    r = web.get("/?lang=ja")
    assert 'lang="ja"' in r.text[:200] and "閲覧" in r.text and "scra_lang=ja" in r.headers["set-cookie"]
    assert 'lang="ja"' in web.get("/", headers={"Cookie": "scra_lang=ja"}).text[:200]
    assert 'lang="ja"' in web.get("/", headers={"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}).text[:200]
    assert 'lang="en"' in web.get("/", headers={"Accept-Language": "fr, en;q=0.5"}).text[:200]


def test_validate_upload_gives_a_grouped_report_with_downloads(web):
    data = (ROOT / "examples" / "broken" / "standards-hygiene.ttl").read_bytes()
    r = web.post("/validate", files=[("file", ("standards-hygiene.ttl", data, "text/turtle"))])
    assert r.status_code == 200, r.text[:2000]
    html = r.text
    assert "Architecture element" in html or "Aspect" in html
    assert 'class="sev sev-warning"' in html and "Why it matters" in html
    assert 'href="/terms/std-' in html  # recommended standards link to their pages
    for ext in ("json", "csv", "ttl", "html"):
        assert f'download="validation.{ext}"' in html
    assert "{?" not in visible(html)


def test_validate_page_reads_a_workbook_and_an_archimate_file(web):
    from scra.services.authoring import export_description
    from scra.validation.input import read_rdf_file

    example = ROOT / "examples" / "megacity-low-cost.ttl"
    expected = json.loads((ROOT / "examples" / "megacity-low-cost.expected.json").read_text(encoding="utf-8"))
    workbook = export_description(read_rdf_file(example), "xlsx").data
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for name, data, media in (("city.xlsx", workbook, xlsx),
                              ("city.xml", (ROOT / "tests/authoring/data/megacity-low-cost.archimate.xml").read_bytes(),
                               "application/xml")):
        r = web.post("/validate", files=[("file", (name, data, media))])
        assert r.status_code == 200, r.text[:2000]
        warnings = sum(1 for e in expected if e.get("severity", "").lower() == "warning")
        assert r.text.count('class="sev sev-warning"') >= min(warnings, 1)
    r = web.post("/validate", files=[("file", ("city.docx", b"PK", "application/octet-stream"))])
    assert r.status_code == 400 and ".xlsx" in r.text


def test_validate_pasted_text_and_errors(web):
    text = (ROOT / "examples" / "smart-village.ttl").read_text(encoding="utf-8")
    r = web.post("/validate?lang=ja", data={"text": text, "syntax": "turtle"})
    assert r.status_code == 200 and "検証報告" in r.text
    r = web.post("/validate", data={"text": "this is not turtle", "syntax": "turtle"})
    assert r.status_code == 400 and 'role="alert"' in r.text
    assert web.post("/validate", data={"text": ""}).status_code == 400


def test_city_page(web):
    html = web.get(f"/cities/{CITY}").text
    assert "Minato-Aoba" in html and 'href="/terms/jp-city-os"' in html and "Validation" in html
    r = web.get(f"/cities/{CITY}?format=turtle")
    assert r.headers["content-type"].startswith("text/turtle") and "attachment" in r.headers["content-disposition"]
    assert web.get("/cities/nowhere").status_code == 404


def test_named_query_form_results_paging_and_downloads(web):
    html = web.get("/queries/standards-for-domain").text
    assert '<select id="p-domain"' in html and 'value="scra:domain-health"' in html  # choices from the KG
    assert "SELECT" in html  # the SPARQL text
    html = web.get("/queries/standards-for-domain", params={"domain": "scra:domain-health"}).text
    assert '<table class="results">' in html and "format=csv" in html and "format=json" in html
    r = web.get("/queries/standards-for-domain", params={"domain": "scra:domain-health", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.text)))[1:]
    r = web.get("/queries/standards-for-domain", params={"domain": "scra:domain-health", "format": "json"})
    assert r.json()["results"]["bindings"]
    html = web.get("/queries/city-sdgs").text
    assert f'value="{CITY}"' in html  # the city parameter lists the stored cities


def test_sparql_page_results_table_and_guard(web):
    html = web.get("/sparql", params={"query": "PREFIX scra: <https://w3id.org/scra#> "
                                               "SELECT ?s WHERE { ?s a scra:SDG } ORDER BY ?s"}).text
    assert '<table class="results">' in html and "/terms/sdg-1" in html
    html = web.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}).text
    assert 'role="alert"' in html
    html = web.get("/sparql").text
    assert "yasgui.min.js" in html and "standards-for-domain" in html  # the editor, the named queries as examples


def test_docs_use_local_assets(web):
    for url in ("/docs", "/redoc"):
        html = web.get(url).text
        assert "/static/vendor/" in html and "cdn" not in html.lower() and "fonts.googleapis" not in html


def test_not_found_is_a_page(web):
    r = web.get("/terms/no-such-term-here")
    assert r.status_code == 404 and "<main" in r.text
