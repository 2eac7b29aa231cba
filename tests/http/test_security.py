"""Safe to expose: no network or file access from queries or bodies, limits on bodies and time, and
every malformed request answered with a JSON 4xx."""
from __future__ import annotations

import time

import pytest
from httpkit import AUTH, assert_json_error

TTL = {"Content-Type": "text/turtle"}


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE ?endpoint { ?s ?p ?o }\n}",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } } } }",
])
def test_service_refused(client, query):
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", data={"query": query}),
                     client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})):
        body = assert_json_error(response, 400)
        assert body["error"] == "forbidden_operation" and "line" in body


@pytest.mark.parametrize("update", [
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
    "INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_load_and_service_in_updates_refused(client, update):
    r = client.post("/update", content=update, headers={"Content-Type": "application/sparql-update", **AUTH})
    assert assert_json_error(r, 400)["error"] == "forbidden_operation"


def test_words_in_strings_iris_and_names_are_fine(client):
    query = ('PREFIX service: <http://example.org/service/>\n'
             'SELECT ?service WHERE { BIND("SERVICE <x> LOAD" AS ?service) # SERVICE in a comment\n'
             '  OPTIONAL { ?service service:load <http://example.org/SERVICE> } }')
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text


def test_remote_jsonld_context_refused(client):
    doc = '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/a", "name": "x"}'
    for path, method, headers in (("/validate", "POST", {}), ("/graph-store?graph=http://example.org/j", "PUT", AUTH),
                                  ("/cities/jsonld-town", "PUT", AUTH)):
        r = client.request(method, path, content=doc, headers={"Content-Type": "application/ld+json", **headers})
        assert "context" in assert_json_error(r, 400)["message"]
    nested = '{"@context": [{"ex": "http://example.org/"}, "https://example.org/ctx"], "@id": "ex:a"}'
    assert_json_error(client.post("/validate", content=nested, headers={"Content-Type": "application/ld+json"}), 400)


def test_xml_entities_refused(client):
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
           '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>')
    r = client.post("/validate", content=xxe, headers={"Content-Type": "application/rdf+xml"})
    body = assert_json_error(r, 400)
    assert "entit" in body["message"].lower() and body["line"] == 2
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><r/>'
    assert_json_error(client.post("/validate", content=bomb, headers={"Content-Type": "application/rdf+xml"}), 400)


def test_owl_imports_refused(client):
    doc = "<http://example.org/o> <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/onto.ttl> ."
    assert_json_error(client.post("/validate", content=doc, headers={"Content-Type": "application/n-triples"}), 400)


def test_body_over_limit_413(strict_client):
    big = "# " + "x" * 30000 + "\n"
    r = strict_client.post("/validate", content=big, headers=TTL)
    assert_json_error(r, 413)

    def chunks():  # no Content-Length: the server counts while reading
        for _ in range(40):
            yield b"# " + b"y" * 998 + b"\n"

    r = strict_client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert_json_error(r, 413)
    r = strict_client.post("/validate", files={"file": ("big.ttl", big.encode(), "text/turtle")})
    assert_json_error(r, 413)


@pytest.mark.live  # a real server: its query worker is killed at the time limit (tests/http/test_timeouts.py)
def test_timeout_503(live_strict_client):
    heavy = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/scra/graph/kg> { ?a ?b ?c } "
             "GRAPH <https://w3id.org/scra/graph/kg> { ?d ?e ?f } }")
    started = time.monotonic()
    r = live_strict_client.get("/sparql", params={"query": heavy})
    assert assert_json_error(r, 503)["error"] == "timeout"
    assert time.monotonic() - started < 3
    # the server stays responsive (the query was stopped in its worker process)
    assert live_strict_client.get("/health").status_code == 200


@pytest.mark.parametrize("request_args", [
    ("GET", "/sparql", {"params": {"query": ""}}),
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "not an iri"}}),
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p <http://a> b }"}}),
    ("GET", "/sparql", {"params": {"query": "\x00\x01"}}),
    ("POST", "/sparql", {"content": b"query=%ff%fe", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", "/sparql", {"content": b"a=b", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", "/sparql", {"content": b"query=ASK{}&update=CLEAR%20ALL",
                         "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", "/validate", {"content": b"", "headers": {"Content-Type": "multipart/form-data; boundary=zz"}}),
    ("POST", "/validate", {"content": b"--zz\r\nbroken", "headers": {"Content-Type": "multipart/form-data"}}),
    ("PUT", "/cities/x", {"content": b"", "headers": {"Content-Type": "text/turtle", **AUTH}}),
    ("GET", "/terms/..%2F..%2Fetc%2Fpasswd", {}),
    ("GET", "/search", {"params": {"q": "x" * 1000}}),
    ("POST", "/update", {"content": b"INSERT DATA { <a> <b> <c> ", "headers": {"Content-Type": "application/sparql-update", **AUTH}}),
])
def test_malformed_requests_are_json_4xx(client, request_args):
    method, path, kwargs = request_args
    r = client.request(method, path, **kwargs)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")


def test_writes_disabled_without_token(make_client):
    """A server started without a token (`scra serve --token ""`) refuses every write with 403."""
    with make_client(token="") as http:
        r = http.post("/update", content="CLEAR SILENT GRAPH <http://example.org/x>",
                      headers={"Content-Type": "application/sparql-update", **AUTH})
        assert assert_json_error(r, 403)["error"] == "writes_disabled"
        assert_json_error(http.put("/cities/x", content="", headers={"Content-Type": "text/turtle", **AUTH}), 403)
        assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml",
                                    "text/tab-separated-values"])
def test_result_limit(strict_client, accept):
    r = strict_client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?type } LIMIT 50"},
                          headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["x-scra-result-limit"] == "5"
    if accept.endswith("json"):
        assert len(r.json()["results"]["bindings"]) == 5
    elif accept.startswith("text/"):
        assert len(r.text.strip().splitlines()) == 6  # header + 5 rows
    r = strict_client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?type } LIMIT 3"})
    assert "x-scra-result-limit" not in r.headers and len(r.json()["results"]["bindings"]) == 3
