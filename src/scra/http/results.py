"""Serialise query results in the negotiated media type, natively (the store's QueryResult writes the
bytes with pyoxigraph, or passes a remote server's bytes through).

A SELECT capped by SCRA_RESULT_LIMIT reads only its first N solutions (a huge result is never
materialised) and goes through SPARQL JSON once, to be written natively in the negotiated format.
"""
from __future__ import annotations

import json

import pyoxigraph as ox

from scra.http import conneg

RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": getattr(ox.RdfFormat, "JSON_LD", None),  # None: pyoxigraph < 0.5, written by rdflib
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml", "application/trig": "trig", "application/n-quads": "nquads"}


class Truncated(bytes):
    """Bytes of a SELECT result that hit the row limit (the route adds a header)."""


def serialize(result, media: str, accept: str | None, limit: int | None = None) -> tuple[bytes, str]:
    """(body, media type) of a store QueryResult. If its form differs from the one predicted from the
    query text, negotiate again for the real one."""
    kind = result.kind
    if kind == "graph":
        if media not in RDF_FORMATS:
            media = conneg.choose(accept, conneg.RDF_GRAPH)
    elif media not in RESULTS_FORMATS or (kind == "ask" and media in ("text/csv", "text/tab-separated-values")):
        media = conneg.choose(accept, conneg.SPARQL_RESULTS if kind == "select" else conneg.BOOLEAN_RESULTS)
    if limit and kind == "select":
        return _limited(result, media, limit), media
    return result.serialize(media), media


def _limited(result, media: str, limit: int) -> bytes:
    """The first `limit` solutions: written as SPARQL JSON, re-read by pyoxigraph, serialised natively."""
    rows, truncated = [], False
    for row in result.rows(terms=True):
        if len(rows) >= limit:
            truncated = True
            break
        rows.append({name: _json_term(term) for name, term in row.items()})
    document = json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": rows}}).encode()
    solutions = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    body = solutions.serialize(format=RESULTS_FORMATS[media])
    return Truncated(body) if truncated else body


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms: as text


def serialize_triples(triples, media: str) -> bytes:
    """pyoxigraph Triples (e.g. Store.graph_triples) in an RDF media type."""
    fmt = RDF_FORMATS[media]
    if fmt is None:
        from scra.store.convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(triples).serialize(format=RDFLIB_FORMATS[media], encoding="utf-8")
    if fmt.supports_datasets:
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return ox.serialize(triples, None, fmt)
