"""The format lookups: RDF syntax of an input file (by --input-format or extension), and the pyoxigraph
formats behind SELECT/ASK results and CONSTRUCT/DESCRIBE graphs (by short name or media type)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from scra import formats
from scra.errors import RDFInputError
from scra.validation.input import format_for


def results_format(value):
    return formats.results_format(value).oxigraph


def rdf_format(value):
    return formats.rdf_format(value).oxigraph


# ---------------------------------------------------------------- format_for (input files)

@pytest.mark.parametrize("name, expected", [
    ("city.ttl", "turtle"), ("city.turtle", "turtle"), ("city.nt", "nt"), ("city.ntriples", "nt"),
    ("city.nq", "nquads"), ("city.jsonld", "json-ld"), ("city.json", "json-ld"), ("city.rdf", "xml"),
    ("city.xml", "xml"), ("city.owl", "xml"), ("city.trig", "trig"), ("CITY.TTL", "turtle"),
    ("dir.d/city.v2.nt", "nt"),
])
def test_by_extension(name, expected):
    assert format_for(name) == expected
    assert format_for(Path(name)) == expected


@pytest.mark.parametrize("explicit, expected", [
    ("turtle", "turtle"), ("ttl", "turtle"), ("TTL", "turtle"), ("nt", "nt"), ("ntriples", "nt"),
    ("n-triples", "nt"), ("nquads", "nquads"), ("jsonld", "json-ld"), ("json-ld", "json-ld"), ("xml", "xml"),
    ("rdfxml", "xml"), ("rdf/xml", "xml"), ("trig", "trig"),
])
def test_explicit_name_wins_over_the_extension(explicit, expected):
    assert format_for("city.docx", explicit) == expected
    assert format_for("city.ttl", explicit) == expected


def test_unknown_explicit_name():
    with pytest.raises(RDFInputError) as caught:
        format_for("city.ttl", "docx")
    assert caught.value.source == "city.ttl"
    assert "docx" in str(caught.value) and "turtle" in str(caught.value) and "json-ld" in str(caught.value)


@pytest.mark.parametrize("name, shown", [("city.docx", "'.docx'"), ("city", "'(none)'"), ("city.n3", "'.n3'")])
def test_unknown_extension_asks_for_input_format(name, shown):
    with pytest.raises(RDFInputError) as caught:
        format_for(name)
    assert str(caught.value).startswith(f"{name}: ")
    assert shown in str(caught.value) and "--input-format" in str(caught.value)


def test_error_is_a_value_error():
    assert issubclass(RDFInputError, ValueError)


# ---------------------------------------------------------------- results_format (SELECT / ASK)

@pytest.mark.parametrize("name, expected", [
    ("json", ox.QueryResultsFormat.JSON), ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("xml", ox.QueryResultsFormat.XML), ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("csv", ox.QueryResultsFormat.CSV), ("text/csv", ox.QueryResultsFormat.CSV),
    ("tsv", ox.QueryResultsFormat.TSV), ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV), ("Text/CSV", ox.QueryResultsFormat.CSV),
    (" application/sparql-results+json ;q=1", ox.QueryResultsFormat.JSON),
])
def test_results_format(name, expected):
    assert results_format(name) == expected


@pytest.mark.parametrize("name", ["text/turtle", "turtle", "image/png", "", "html"])
def test_results_format_unknown(name):
    with pytest.raises(ValueError, match="unknown query results format") as caught:
        results_format(name)
    assert "application/sparql-results+json" in str(caught.value) and "text/tab-separated-values" in str(caught.value)


# ---------------------------------------------------------------- rdf_format (CONSTRUCT / DESCRIBE)

@pytest.mark.parametrize("name, media_type", [
    ("turtle", "text/turtle"), ("ttl", "text/turtle"), ("text/turtle", "text/turtle"),
    ("nt", "application/n-triples"), ("ntriples", "application/n-triples"), ("n-triples", "application/n-triples"),
    ("application/n-triples", "application/n-triples"),
    ("rdfxml", "application/rdf+xml"), ("xml", "application/rdf+xml"), ("application/rdf+xml", "application/rdf+xml"),
    ("trig", "application/trig"), ("application/trig", "application/trig"),
    ("nquads", "application/n-quads"), ("n-quads", "application/n-quads"),
    ("application/n-quads", "application/n-quads"),
    ("text/turtle; charset=utf-8", "text/turtle"), ("TEXT/TURTLE", "text/turtle"),
])
def test_rdf_format(name, media_type):
    fmt = rdf_format(name)
    assert isinstance(fmt, ox.RdfFormat) and fmt.media_type == media_type


@pytest.mark.parametrize("name", ["jsonld", "json-ld", "application/ld+json"])
def test_rdf_format_json_ld(name):
    assert rdf_format(name) == ox.RdfFormat.JSON_LD


@pytest.mark.parametrize("name", ["application/sparql-results+json", "json", "csv", "image/png", ""])
def test_rdf_format_unknown(name):
    with pytest.raises(ValueError, match="unknown RDF format") as caught:
        rdf_format(name)
    assert "text/turtle" in str(caught.value) and "application/ld+json" in str(caught.value)


@pytest.mark.parametrize("name", ["turtle", "nt", "rdfxml", "trig", "nquads", "jsonld"])
def test_rdf_formats_round_trip_a_triple(name):
    fmt = rdf_format(name)
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o"))
    data = ox.serialize([triple] if not fmt.supports_datasets else [ox.Quad(*triple, ox.DefaultGraph())], format=fmt)
    parsed = list(ox.parse(data, format=fmt))
    assert [(q.subject, q.predicate, q.object) for q in parsed] == [(triple.subject, triple.predicate, triple.object)]
