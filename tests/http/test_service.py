"""Validation, cities, terms, search, service description, conneg, health, docs and CORS."""
from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from httpkit import AUTH, assert_json_error

TTL = {"Content-Type": "text/turtle"}
GOOD = """@prefix scra: <https://w3id.org/scra#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/http-test#> .
ex:city a scra:City ; rdfs:label "Test Town"@en , "テスト町"@ja ; scra:population 50000 .
"""
BAD = """@prefix scra: <https://w3id.org/scra#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/http-test#> .
ex:city a scra:City ; rdfs:label "Test Town"@en ; scra:population "many" .
ex:svc a scra:Service ; scra:inDomain ex:city .
"""
BAD_JSONLD = json.dumps({
    "@context": {"scra": "https://w3id.org/scra#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    "@graph": [{"@id": "https://example.org/http-test#city", "@type": "scra:City",
                "rdfs:label": {"@value": "Test Town", "@language": "en"}, "scra:population": "many"}]})


# ---------------------------------------------------------------- /validate

def test_validate_turtle_conforming(client):
    r = client.post("/validate", content=GOOD, headers=TTL)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    report = r.json()
    assert report["conforms"] is True and set(report["counts"]) == {"violation", "warning", "info"}


def test_validate_not_conforming_is_200(client):
    r = client.post("/validate", content=BAD, headers=TTL)
    assert r.status_code == 200
    report = r.json()
    assert report["conforms"] is False and report["counts"]["violation"] >= 1
    assert all({"focus_node", "severity", "message"} <= set(result) for result in report["results"])


def test_validate_jsonld_body(client):
    r = client.post("/validate", content=BAD_JSONLD, headers={"Content-Type": "application/ld+json"})
    assert r.status_code == 200 and r.json()["conforms"] is False


def test_validate_multipart_files(client):
    r = client.post("/validate", files=[("file", ("city.ttl", GOOD.encode(), "application/octet-stream")),
                                        ("file", ("more.ttl", BAD.encode(), "text/turtle"))])
    assert r.status_code == 200, r.text
    assert r.json()["conforms"] is False


def test_validate_japanese(client):
    en = client.post("/validate", content=BAD, headers=TTL).json()
    ja = client.post("/validate", params={"lang": "ja"}, content=BAD, headers=TTL).json()
    assert [r["focus_node"] for r in en["results"]] == [r["focus_node"] for r in ja["results"]]
    assert any(a["message"] != b["message"] for a, b in zip(en["results"], ja["results"], strict=True))
    assert any(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in r["message"])
               for r in ja["results"])
    assert_json_error(client.post("/validate", params={"lang": "fr"}, content=BAD, headers=TTL), 400)


def test_validate_turtle_and_csv_reports(client):
    r = client.post("/validate", content=BAD, headers={**TTL, "Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms).toPython() is False
    r = client.post("/validate", content=BAD, headers={**TTL, "Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and "severity" in rows[0]
    assert_json_error(client.post("/validate", content=BAD, headers={**TTL, "Accept": "image/png"}), 406)


def test_validate_parse_errors_are_json_4xx(client):
    body = assert_json_error(client.post("/validate", content="@prefix ex: <x> .\nex:a ex:b", headers=TTL), 400)
    assert body["error"] == "rdf_syntax_error"
    assert_json_error(client.post("/validate", content="{not json", headers={"Content-Type": "application/ld+json"}),
                      400)
    assert_json_error(client.post("/validate", content=GOOD, headers={"Content-Type": "text/plain"}), 415)
    assert_json_error(client.post("/validate", content=b"\xff\xfe", headers=TTL), 400)
    assert_json_error(client.post("/validate", files=[("file", ("x.pdf", b"%PDF", "application/pdf"))]), 415)


# ---------------------------------------------------------------- /cities

def test_cities_lifecycle(client):
    client.delete("/cities/http-test-town", headers=AUTH)
    r = client.put("/cities/http-test-town", params={"label": "Test Town"}, content=GOOD, headers={**TTL, **AUTH})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "http-test-town" and r.json()["conforms"] is True
    listed = client.get("/cities").json()
    assert "http-test-town" in [c["id"] for c in listed["cities"]]
    r = client.get("/cities/http-test-town", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef("https://example.org/http-test#city"), None, None) in graph
    r = client.get("/cities/http-test-town", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = client.put("/cities/http-test-town", content=GOOD, headers={**TTL, **AUTH})
    assert r.status_code == 200  # replaced
    assert client.delete("/cities/http-test-town", headers=AUTH).status_code == 204
    assert_json_error(client.get("/cities/http-test-town"), 404)
    assert_json_error(client.delete("/cities/http-test-town", headers=AUTH), 404)


def test_city_with_violations_is_422_unless_forced(client):
    r = client.put("/cities/http-bad-town", content=BAD, headers={**TTL, **AUTH})
    body = assert_json_error(r, 422)
    assert body["conforms"] is False and body["counts"]["violation"] >= 1
    assert_json_error(client.get("/cities/http-bad-town"), 404)
    r = client.put("/cities/http-bad-town", params={"force": "true"}, content=BAD, headers={**TTL, **AUTH})
    assert r.status_code == 201 and r.json()["forced"] is True
    assert client.delete("/cities/http-bad-town", headers=AUTH).status_code == 204


def test_city_writes_need_the_token(client):
    assert_json_error(client.put("/cities/no-token", content=GOOD, headers=TTL), 401)
    assert_json_error(client.delete("/cities/no-token", headers={"Authorization": "Bearer wrong"}), 403)
    assert_json_error(client.put("/cities/Bad_Id!", content=GOOD, headers={**TTL, **AUTH}), (400, 404))


def test_city_report(client):
    assert client.put("/cities/http-report-town", content=GOOD, headers={**TTL, **AUTH}).status_code in (200, 201)
    r = client.get("/cities/http-report-town/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json(), dict)
    r = client.get("/cities/http-report-town/report", params={"lang": "ja"},
                   headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert client.get("/cities/http-report-town/report", params={"format": "html"}).text.lstrip().startswith("<")
    assert_json_error(client.get("/cities/nowhere/report"), 404)
    client.delete("/cities/http-report-town", headers=AUTH)


def test_named_queries(client):
    r = client.get("/queries")
    assert r.status_code == 200
    catalogue = {q["name"]: q for q in r.json()["queries"]}
    assert "standards-for-domain" in catalogue
    assert catalogue["standards-for-domain"]["parameters"][0]["name"] == "domain"
    r = client.get("/queries/standards-for-domain", params={"domain": "scra:domain-health"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"]
    r = client.get("/queries/standards-for-domain", params={"domain": "scra:domain-health"},
                   headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv") and "\n" in r.text
    assert_json_error(client.get("/queries/no-such-query"), 404)
    assert_json_error(client.get("/queries/standards-for-domain", params={"domain": "not an iri >"}), 400)
    assert_json_error(client.get("/queries/city-sdgs"), 400)  # a required parameter is missing


# ---------------------------------------------------------------- terms and search

def test_term_page_html(client):
    r = client.get("/terms/City", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "https://w3id.org/scra#City" in html and "Links in" in html and "Links out" in html
    assert any("\u3040" <= ch <= "\u9fff" for ch in html)  # the Japanese label


def test_term_turtle_and_jsonld(client):
    r = client.get("/terms/City", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/scra#City"), rdflib.RDF.type, rdflib.OWL.Class) in graph
    r = client.get("/terms/City", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    rdflib.Graph().parse(data=r.text, format="json-ld")
    assert client.get("/terms/City", params={"format": "ttl"}).headers["content-type"].startswith("text/turtle")
    assert_json_error(client.get("/terms/NoSuchTerm"), 404)
    assert_json_error(client.get("/terms/City", headers={"Accept": "image/png"}), 406)


def test_search(client):
    r = client.get("/search", params={"q": "city"})
    assert r.status_code == 200
    hits = r.json()["results"]
    assert hits and all("city" in h["label"].lower() for h in hits)
    ja = client.get("/search", params={"q": "都市", "lang": "ja"}).json()["results"]
    assert ja and all(h["lang"] == "ja" for h in ja)
    assert client.get("/search", params={"q": '"}) } SERVICE <x> {'}).status_code == 200  # quoted, not injected
    assert_json_error(client.get("/search"), 400)
    assert_json_error(client.get("/search", params={"q": "x", "lang": "de"}), 400)


# ---------------------------------------------------------------- service description and conneg

def test_service_description(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.endpoint, None) in graph
    r = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    rdflib.Graph().parse(data=r.text, format="xml")
    r = client.get("/sparql", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html") and "<form" in r.text


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/csv;q=0.1, */*;q=0.2", "application/sparql-results+json"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
])
def test_conneg_select(client, accept, expected):
    r = client.get("/sparql", params={"query": "SELECT (1 AS ?x) {}"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected
    assert "accept" in r.headers.get("vary", "").lower()


def test_conneg_per_query_form(client):
    """One Accept header for all forms: each form gets the best type it can produce (rdflib-endpoint #24)."""
    accept = "application/sparql-results+json, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    assert client.get("/sparql", params={"query": "SELECT * {} LIMIT 1"}, headers={"Accept": accept}) \
        .headers["content-type"].startswith("application/sparql-results+json")
    assert client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept}) \
        .headers["content-type"].startswith("application/sparql-results+json")
    r = client.get("/sparql", params={"query": "CONSTRUCT { <urn:a> <urn:b> 1 } WHERE {}"}, headers={"Accept": accept})
    assert r.headers["content-type"].startswith("text/turtle")
    for media in ("application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig",
                  "application/n-quads"):
        r = client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/scra#City>"}, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_conneg_406(client):
    assert_json_error(client.get("/sparql", params={"query": "SELECT * {} LIMIT 1"},
                                 headers={"Accept": "text/turtle"}), 406)
    assert_json_error(client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}), 406)
    assert_json_error(client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                                 headers={"Accept": "application/sparql-results+json"}), 406)
    assert_json_error(client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/html;q=0"}), 406)


# ---------------------------------------------------------------- health, docs, CORS

def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_docs_and_openapi(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ("/sparql", "/update", "/graph-store", "/validate", "/cities", "/cities/{city_id}",
                 "/terms/{name}", "/search", "/health"):
        assert path in paths, path
    r = client.get("/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()


def test_cors_on_read_endpoints(client):
    origin = {"Origin": "https://example.org"}
    for path, params in (("/sparql", {"query": "ASK {}"}), ("/terms/City", {}), ("/search", {"q": "city"}),
                         ("/cities", {}), ("/health", {})):
        r = client.get(path, params=params, headers=origin)
        assert r.headers.get("access-control-allow-origin") in ("*", "https://example.org"), path
    pre = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    # writes are not offered cross-origin: no Authorization header, no PUT/DELETE
    pre = client.options("/cities/x", headers={**origin, "Access-Control-Request-Method": "PUT",
                                               "Access-Control-Request-Headers": "authorization"})
    assert pre.status_code == 400


def test_unknown_path_and_method_are_json(client):
    assert_json_error(client.get("/nope"), 404)
    assert_json_error(client.delete("/sparql"), 405)
