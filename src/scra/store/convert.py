"""Conversions between rdflib and pyoxigraph terms, and N-Triples text for SPARQL INSERT DATA."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import warnings
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = ox.NamedNode(_XSD + "string")


class TermConverter:
    """rdflib -> pyoxigraph, with one blank node mapping per instance (so a blank node shared by several
    graphs written together stays one node)."""

    def __init__(self) -> None:
        self._bnodes: dict = {}
        self._iris: dict = {}
        self._datatypes: dict = {}

    def term(self, node):
        if isinstance(node, (ox.NamedNode, ox.BlankNode, ox.Literal)):
            return node  # already pyoxigraph (Triples parsed from user input)
        if isinstance(node, URIRef):
            found = self._iris.get(node)
            if found is None:
                found = self._iris[node] = ox.NamedNode(str(node))
            return found
        if isinstance(node, BNode):
            found = self._bnodes.get(node)
            if found is None:
                found = self._bnodes[node] = ox.BlankNode()
            return found
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                datatype = self._datatypes.get(node.datatype)
                if datatype is None:
                    datatype = self._datatypes[node.datatype] = ox.NamedNode(str(node.datatype))
                return ox.Literal(str(node), datatype=datatype)
            return ox.Literal(str(node))
        raise TypeError(f"not an RDF term: {node!r}")

    def triple(self, t) -> ox.Triple:
        if isinstance(t, ox.Triple):
            return t
        return ox.Triple(self.term(t[0]), self.term(t[1]), self.term(t[2]))

    def triples(self, triples: Iterable) -> Iterator[ox.Triple]:
        for t in triples:
            yield self.triple(t)


def to_ntriples(triples: Iterable, converter: TermConverter | None = None) -> bytes:
    """rdflib triples as N-Triples bytes (valid inside SPARQL INSERT DATA); Triples as they are (their
    cached N-Triples)."""
    cached = getattr(triples, "ntriples", None)
    if callable(cached):
        return cached()
    converter = converter or TermConverter()
    return ox.serialize(converter.triples(triples), format=ox.RdfFormat.N_TRIPLES) or b""


def ox_term_to_rdflib(term, bnodes: dict):
    """pyoxigraph -> rdflib; literals keep their lexical form (``normalize=False``: rdflib would otherwise
    rewrite an ill-typed ``"yes"^^xsd:boolean`` to ``"false"``)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        found = bnodes.get(term.value)
        if found is None:
            found = bnodes[term.value] = BNode()
        return found
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        if term.datatype == _STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported term {term!r} (RDF-star triple terms are not supported)")


def ox_triples_to_rdflib(triples: Iterable) -> Graph:
    graph = Graph()
    bnodes: dict = {}
    cache: dict = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            found = cache[t] = ox_term_to_rdflib(t, bnodes)
        return found

    with quiet_rdflib():
        graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


@contextlib.contextmanager
def quiet_rdflib():
    """rdflib logs a traceback (and warns) for every ill-typed literal it cannot give a value. Such literals
    are kept as written, which is the point (validation reports them): silence that while converting."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def literal_nt(value) -> str:
    """A Python value as an N-Triples literal."""
    if isinstance(value, bool):
        return str(ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean")))
    if isinstance(value, int):
        return str(ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer")))
    if isinstance(value, _dt.datetime):
        return str(ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime")))
    return str(ox.Literal(str(value)))


def sorted_ntriples(body: bytes) -> str:
    """N-Triples lines sorted (by subject, then predicate): RocksDB inserts a sorted batch 2-3x faster than
    the same triples in hash order (benchmarks/store.md). One triple per line: N-Triples escapes newlines."""
    lines = body.split(b"\n")
    del body  # the caller's copy may live on; this function keeps one copy at a time
    lines.sort()
    joined = b"\n".join(lines)
    del lines
    return joined.decode("utf-8") + "\n"
