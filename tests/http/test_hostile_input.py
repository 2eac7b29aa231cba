"""Deep or hostile input: nesting in JSON-LD, RDF/XML, Turtle collections and SPARQL expressions gets a JSON 400
(or is read, when the parser copes), never a 500, a traceback or a dead process; the CLI exits 2 with one line.

SPARQL nested ~3,000 deep crashes pyoxigraph's parser (a stack overflow kills the process), and nested [ ] or
( ) take time that grows with about the fourth power of the depth: the scanner refuses more than 64 levels
before any parser sees the text (scra.sparqltext.MAX_NESTING)."""
from __future__ import annotations

import pytest
from httpkit import AUTH, assert_json_error

from helpers import scra_cli

N = 3000
JSONLD = '{"@id": "http://example.org/a", "http://example.org/p": ' * N + '"x"' + "}" * N
TURTLE_LIST = "<http://example.org/a> <http://example.org/p> " + "(" * N + "1" + ")" * N + " ."
TURTLE_BNODES = "<http://example.org/a> <http://example.org/p> " + "[ <http://example.org/p> " * N + "1" + " ]" * N + " ."
RDFXML = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          'xmlns:e="http://example.org/">' + '<rdf:Description><e:p rdf:parseType="Collection">' * N
          + "</e:p></rdf:Description>" * N + "</rdf:RDF>")
BODIES = [("json-ld", JSONLD, "application/ld+json"), ("turtle-list", TURTLE_LIST, "text/turtle"),
          ("turtle-bnodes", TURTLE_BNODES, "text/turtle"), ("rdf-xml", RDFXML, "application/rdf+xml")]
SPARQL = {
    "braces": "SELECT * WHERE " + "{" * N + "}" * N,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * N + "1" + ")" * N + ") }",
    "blank-nodes": "SELECT * WHERE { ?s ?p " + "[ ?p " * 200 + "1" + " ]" * 200 + " }",
    "collections": "SELECT * WHERE { ?s ?p " + "(" * 200 + "1" + ")" * 200 + " }",
}


@pytest.mark.parametrize("name, body, media", BODIES, ids=[b[0] for b in BODIES])
@pytest.mark.parametrize("method, path", [("POST", "/validate"), ("PUT", "/cities/deep"),
                                          ("PUT", "/graph-store?graph=http://example.org/deep")])
def test_deep_rdf_is_400_or_read(client, name, body, media, method, path):
    r = client.request(method, path, content=body, headers={"Content-Type": media, **AUTH})
    assert r.status_code < 500, r.text[:300]
    if r.status_code == 400:
        assert_json_error(r, 400)
    client.delete("/cities/deep", headers=AUTH)
    client.delete("/graph-store", params={"graph": "http://example.org/deep"}, headers=AUTH)


def test_deep_json_ld_is_400(client):
    r = client.post("/validate", content=JSONLD, headers={"Content-Type": "application/ld+json"})
    assert "nested too deeply" in assert_json_error(r, 400)["message"]


@pytest.mark.parametrize("name", SPARQL)
def test_deep_sparql_query_is_400(client, name):
    for r in (client.get("/sparql", params={"query": SPARQL[name]}),
              client.post("/sparql", content=SPARQL[name], headers={"Content-Type": "application/sparql-query"})):
        body = assert_json_error(r, 400)
        assert "deep" in body["message"] and body["line"] == 1


def test_deep_sparql_update_is_400(client):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/p> " + "(" * N + "1" + ")" * N + " }"
    r = client.post("/update", content=update, headers={"Content-Type": "application/sparql-update", **AUTH})
    assert "deep" in assert_json_error(r, 400)["message"]


def test_ordinary_nesting_still_runs(client):
    q = "ASK { " + "{ " * 20 + "FILTER(" + "(" * 30 + "true" + ")" * 30 + ")" + " }" * 20 + " }"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.parametrize("name, body, suffix", [("json-ld", JSONLD, ".jsonld"), ("turtle", TURTLE_LIST, ".ttl")])
def test_cli_deep_description_exits_2_with_one_line(tmp_path, name, body, suffix):
    """JSON-LD that deep cannot be read (exit 2, one line); the Turtle list may be read, then validated."""
    path = tmp_path / f"deep{suffix}"
    path.write_text(body)
    result = scra_cli("validate", str(path), "--no-color")
    err = result.stderr.decode()
    assert "Traceback" not in err and "Traceback" not in result.stdout.decode()
    if name == "json-ld" or result.returncode == 2:
        assert result.returncode == 2, (result.returncode, err[-500:])
        assert len(err.strip().splitlines()) == 1 and "deep" in err, err[-500:]
    else:
        assert result.returncode in (0, 1), (result.returncode, err[-500:])


def test_cli_deep_query_file_exits_2_with_one_line(tmp_path, http_store_dir):
    path = tmp_path / "deep.rq"
    path.write_text("# title: deep\n" + SPARQL["braces"])
    result = scra_cli("query", "--file", str(path), "--store", str(tmp_path / "empty-store"))
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err[-500:])
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err[-500:]
