"""Literals are kept exactly as written on every path (issue 15): an ill-typed ``"yes"^^xsd:boolean``,
``"12a"^^xsd:integer`` and a malformed date are validated as written, stored as written, and validating the
stored city finds what validating the file found. Paths: the Python API and the CLI on both backends
(embedded, remote Oxigraph server); HTTP PUT /cities is in tests/http/test_literals_http.py."""
from __future__ import annotations

import pytest

from helpers import scra_cli
from scra.validation import validate
from scra.vocab import city_graph

ILL_TYPED = """@prefix scra: <https://w3id.org/scra#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <https://example.org/literals#> .
c:city a scra:City ; rdfs:label "Literal City"@en ; scra:population "12a"^^xsd:integer .
c:svc a scra:Service ; rdfs:label "Grid service"@en ; scra:ofCity c:city ;
    scra:dependsOnElectricity "yes"^^xsd:boolean .
c:ai a scra:AIComponent ; rdfs:label "Camera AI"@en ; scra:hasAssessment c:bias .
c:bias a scra:BiasAssessment ; rdfs:label "Bias assessment"@en ; scra:assessmentDate "2024-02-30x"^^xsd:date .
"""
WRITTEN = {'"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"12a"^^<http://www.w3.org/2001/XMLSchema#integer>',
           '"2024-02-30x"^^<http://www.w3.org/2001/XMLSchema#date>'}


def keys(report) -> set:
    """What must agree: (focus node, shape, value) of every violation."""
    return {(r.focus_node, r.shape, r.value) for r in report.results if r.severity == "violation"}


def check_agree(store, path):
    if getattr(getattr(store, "dialect", None), "name", None) == "virtuoso":
        pytest.xfail("Virtuoso stores ill-typed literals in its own form, not as written (measured; not fixed yet)")
    from_file = validate([path])
    values = {str(v) for (_f, _s, v) in keys(from_file)}
    assert {"yes", "12a", "2024-02-30x"} <= values, values  # the engine saw what was written
    triples = {str(t.object) for t in store.graph_triples(city_graph("lit"))}
    assert WRITTEN <= triples, triples - WRITTEN           # the store holds what was written
    after = validate(store.get_city("lit"))
    assert keys(after) == keys(from_file)                   # validating the stored city agrees


@pytest.fixture
def city_file(tmp_path):
    path = tmp_path / "literals.ttl"
    path.write_text(ILL_TYPED, encoding="utf-8")
    return path


def test_python_api_keeps_literals(store, city_file):
    from scra.services import store_city

    outcome = store_city(store, "lit", [city_file], force=True)
    assert outcome.stored and outcome.violations >= 3
    assert outcome.city["label"] == "Literal City"
    check_agree(store, city_file)


def test_put_city_of_triples_keeps_literals(store, city_file):
    from scra.validation.input import read_triples

    store.put_city("lit", read_triples([city_file]))
    check_agree(store, city_file)


def test_cli_load_keeps_literals(tmp_path, copy_template, city_file):
    from scra.store import EmbeddedStore

    store_dir = str(copy_template(tmp_path / "store"))
    refused = scra_cli("load", str(city_file), "--city", "lit", "--store", store_dir, text=True)
    assert refused.returncode == 1
    result = scra_cli("load", str(city_file), "--city", "lit", "--force", "--store", store_dir, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    with EmbeddedStore(store_dir) as store:
        check_agree(store, city_file)


def test_syntax_error_gives_line_and_column(tmp_path):
    from scra.errors import RDFInputError
    from scra.validation.input import read_triples

    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix c: <https://example.org/c#> .\nc:a c:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(RDFInputError) as caught:
        read_triples([bad])
    assert caught.value.source == str(bad) and caught.value.line == 2 and caught.value.column


@pytest.mark.parametrize("text,fmt,refused", [
    ('{"@context": "https://example.org/ctx.jsonld", "@id": "urn:a"}', "jsonld", "remote JSON-LD context"),
    ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r/>', "xml", "entity"),
    ("<urn:a> <http://www.w3.org/2002/07/owl#imports> <https://example.org/other> .", "nt", "owl:imports"),
])
def test_safe_input_rules_hold_on_the_pyoxigraph_reader(text, fmt, refused):
    from scra.errors import RDFInputError
    from scra.validation.input import parse_triples

    with pytest.raises(RDFInputError, match=refused):
        parse_triples(text, "input", fmt)
