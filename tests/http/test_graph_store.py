"""SPARQL 1.1 Graph Store HTTP Protocol at /graph-store (indirect graph identification)."""
from __future__ import annotations

import rdflib
from httpkit import AUTH, assert_json_error

G = "http://example.org/gsp/people"
TTL = {"Content-Type": "text/turtle"}
PERSON = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/gsp/alice> a foaf:Person ; foaf:name "Alice" ; foaf:knows [ foaf:name "Bob" ] .
"""
MORE = """<http://example.org/gsp/carol> <http://xmlns.com/foaf/0.1/name> "Carol" .\n"""


def _graph(response) -> rdflib.Graph:
    media = response.headers["content-type"].split(";")[0]
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[media]
    return rdflib.Graph().parse(data=response.text, format=fmt)


def test_put_get_post_delete_named_graph(client):
    client.delete("/graph-store", params={"graph": G}, headers=AUTH)
    r = client.put("/graph-store", params={"graph": G}, content=PERSON, headers={**TTL, **AUTH})
    assert r.status_code == 201, r.text
    r = client.get("/graph-store", params={"graph": G}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert len(_graph(r)) == 4
    # PUT again replaces (204), POST merges
    r = client.put("/graph-store", params={"graph": G}, content=PERSON, headers={**TTL, **AUTH})
    assert r.status_code == 204
    r = client.post("/graph-store", params={"graph": G}, content=MORE,
                    headers={"Content-Type": "application/n-triples", **AUTH})
    assert r.status_code == 204, r.text
    assert len(_graph(client.get("/graph-store", params={"graph": G}))) == 5
    # HEAD: headers only
    r = client.head("/graph-store", params={"graph": G})
    assert r.status_code == 200 and r.content == b"" and r.headers["content-type"].startswith("text/turtle")
    # other serialisations by Accept
    for media in ("application/n-triples", "application/ld+json", "application/rdf+xml"):
        r = client.get("/graph-store", params={"graph": G}, headers={"Accept": media})
        assert r.headers["content-type"].startswith(media) and len(_graph(r)) == 5
    r = client.delete("/graph-store", params={"graph": G}, headers=AUTH)
    assert r.status_code == 204
    assert_json_error(client.get("/graph-store", params={"graph": G}), 404)
    assert_json_error(client.delete("/graph-store", params={"graph": G}, headers=AUTH), 404)


def test_post_creates(client):
    g = "http://example.org/gsp/created-by-post"
    client.delete("/graph-store", params={"graph": g}, headers=AUTH)
    r = client.post("/graph-store", params={"graph": g}, content=MORE, headers={"Content-Type": "application/n-triples",
                                                                               **AUTH})
    assert r.status_code == 201
    client.delete("/graph-store", params={"graph": g}, headers=AUTH)


def test_get_default_graph(client):
    r = client.get("/graph-store", params={"default": ""})
    assert r.status_code == 200
    _graph(r)  # parses (the default graph is empty in scra's layout)


def test_get_knowledge_graph_is_open(client):
    r = client.get("/graph-store", params={"graph": "https://w3id.org/scra/graph/kg"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(_graph(r)) > 1000


def test_writes_need_the_token(client):
    for method in ("PUT", "POST"):
        r = client.request(method, "/graph-store", params={"graph": G}, content=PERSON, headers=TTL)
        assert_json_error(r, 401)
        r = client.request(method, "/graph-store", params={"graph": G}, content=PERSON,
                           headers={**TTL, "Authorization": "Bearer nope"})
        assert_json_error(r, 403)
    assert_json_error(client.delete("/graph-store", params={"graph": G}), 401)


def test_knowledge_graph_is_read_only(client):
    for graph in ("https://w3id.org/scra/graph/kg", "https://w3id.org/scra/graph/kg-inferred",
                  "https://w3id.org/scra/graph/meta"):
        assert_json_error(client.put("/graph-store", params={"graph": graph}, content=MORE,
                                     headers={"Content-Type": "application/n-triples", **AUTH}), 403)
        assert_json_error(client.delete("/graph-store", params={"graph": graph}, headers=AUTH), 403)


def test_bad_requests(client):
    assert_json_error(client.get("/graph-store"), 400)  # neither ?default nor ?graph
    for bad in ("not an iri", "a:%zz", "http://example.org/a#b#c", "http://example.org/[x]"):
        assert_json_error(client.get("/graph-store", params={"graph": bad}), 400)
        assert_json_error(client.put("/graph-store", params={"graph": bad}, content=MORE,
                                     headers={"Content-Type": "application/n-triples", **AUTH}), 400)
        assert_json_error(client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": bad}), 400)
    assert_json_error(client.get("/graph-store", params={"graph": G, "default": ""}), 400)
    assert_json_error(client.get("/graph-store", params={"graph": G}, headers={"Accept": "image/png"}), 406)
    r = client.put("/graph-store", params={"graph": G}, content="<a> <b>", headers={**TTL, **AUTH})
    body = assert_json_error(r, 400)
    assert body["error"] == "rdf_syntax_error"
    assert_json_error(client.put("/graph-store", params={"graph": G}, content="x",
                                 headers={"Content-Type": "application/pdf", **AUTH}), 415)
