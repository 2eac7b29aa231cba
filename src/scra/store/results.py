"""Query results as the store hands them out: :class:`QueryResult` and :func:`plain` values.

One class for both backends, so that callers never see whether the answer came from pyoxigraph objects
(embedded) or from a server's bytes (remote); formats are looked up in :mod:`scra.formats`.

    >>> import pyoxigraph as ox
    >>> result = QueryResult.from_pyoxigraph(ox.Store().query("SELECT (1 AS ?one) ('a'@en AS ?s) {}"))
    >>> list(result.rows())
    [{'one': 1, 's': 'a'}]
"""

from __future__ import annotations

import datetime as _dt
import decimal
import io
import time
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import pyoxigraph as ox

from scra.errors import QueryTimeout
from scra.formats import find_results_format, media_type_of, rdf_format, results_format
from scra.vocab import XSD_NS

_INTEGER_TYPES = {
    XSD_NS + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


def plain(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value: IRI -> str, blank node -> '_:id', numeric/boolean
    literals -> int/float/Decimal/bool, dates -> datetime.date/datetime, other literals -> str
    (language tag dropped; use ``terms=True`` to keep it).

    >>> plain(ox.Literal("2", datatype=ox.NamedNode(XSD_NS + "integer"))), plain(ox.NamedNode("urn:x"))
    (2, 'urn:x')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        value = term.value
        try:
            if dt in _INTEGER_TYPES:
                return int(value)
            if dt in (XSD_NS + "double", XSD_NS + "float"):
                return float(value)
            if dt == XSD_NS + "decimal":
                return decimal.Decimal(value)
            if dt == XSD_NS + "boolean":
                return value in ("true", "1")
            if dt == XSD_NS + "date":
                return _dt.date.fromisoformat(value)
            if dt == XSD_NS + "dateTime":
                return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return value
    return str(term)  # RDF-star triple term


class QueryResult:
    """The answer to one query, backed by pyoxigraph result objects (embedded) or by the server's bytes
    (remote). It is consumed once: iterate it, or serialize it, not both.

    * ``kind``: ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE)
    * ``variables`` (select), ``boolean`` (ask)
    * ``rows(terms=False)``: dicts ``{variable: plain value}`` (unbound variables left out), or of
      pyoxigraph terms with ``terms=True``; ``triples()`` for graph results (pyoxigraph Triples)
    * ``serialize(fmt) -> bytes`` / ``write(output, fmt)``: native pyoxigraph serialisers; a remote result
      already in the requested media type is passed through byte for byte.
    """

    def __init__(
        self,
        kind: str,
        *,
        solutions: ox.QuerySolutions | None = None,
        ask: ox.QueryBoolean | None = None,
        triples: Iterable[ox.Triple] | None = None,
        raw: bytes | None = None,
        raw_media_type: str | None = None,
        deadline: float | None = None,
    ):
        self.kind = kind
        self._solutions = solutions
        self._triples = triples
        self._ask = ask
        self.boolean: bool | None = bool(ask) if ask is not None else None
        self._raw = raw
        self._raw_media_type = raw_media_type
        self._deadline = deadline
        self._consumed = False
        self.variables: list[str] = [v.value for v in solutions.variables] if solutions is not None else []

    @classmethod
    def from_bytes(cls, data: bytes, media_type: str) -> QueryResult:
        """A result from a server's answer body and its Content-Type."""
        media = media_type_of(media_type)
        results = find_results_format(media)
        if results is not None:
            parsed = ox.parse_query_results(data, format=results.oxigraph)
            if isinstance(parsed, ox.QueryBoolean):
                return cls("ask", ask=parsed, raw=data, raw_media_type=media)
            return cls("select", solutions=parsed, raw=data, raw_media_type=media)
        fmt = rdf_format(media).oxigraph
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt))
        return cls("graph", triples=triples, raw=data, raw_media_type=media)

    @classmethod
    def from_pyoxigraph(cls, result: Any, deadline: float | None = None) -> QueryResult:
        """A result from ``pyoxigraph.Store.query``; ``deadline`` (time.monotonic) bounds its iteration."""
        if isinstance(result, ox.QueryBoolean):
            return cls("ask", ask=result)
        if isinstance(result, ox.QuerySolutions):
            return cls("select", solutions=result, deadline=deadline)
        return cls("graph", triples=result, deadline=deadline)

    def _take(self) -> None:
        if self._consumed:
            raise RuntimeError("this query result was already consumed (iterate or serialize it once)")
        self._consumed = True

    def _check_deadline(self, iterator: Iterable[Any]) -> Iterator[Any]:
        if self._deadline is None:
            yield from iterator
            return
        for n, item in enumerate(iterator):
            if n % 256 == 0 and time.monotonic() > self._deadline:
                raise QueryTimeout("query exceeded its time limit")
            yield item

    def rows(self, terms: bool = False) -> Iterator[dict]:
        if self.kind != "select" or self._solutions is None:
            raise TypeError(f"rows() is for SELECT results; this is a {self.kind} result")
        self._take()
        names = self.variables
        for solution in self._check_deadline(self._solutions):
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value if terms else plain(value)
            yield row

    def triples(self) -> Iterator[ox.Triple]:
        if self.kind != "graph" or self._triples is None:
            raise TypeError(f"triples() is for CONSTRUCT/DESCRIBE results; this is a {self.kind} result")
        self._take()
        yield from self._check_deadline(self._triples)

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "select":
            return self.rows()
        if self.kind == "graph":
            return self.triples()
        raise TypeError("an ASK result is not iterable: use .boolean or bool(result)")

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return True

    def to_rdflib(self) -> Any:
        """CONSTRUCT/DESCRIBE result as an rdflib Graph."""
        from scra.store.convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(self.triples())

    def media_type(self, fmt: str) -> str:
        """The media type ``fmt`` (a short name or a media type) names for this kind of result."""
        if self.kind in ("select", "ask"):
            return results_format(fmt).media_type
        return rdf_format(fmt).media_type

    def serialize(self, fmt: str = "json") -> bytes:
        out = io.BytesIO()
        self.write(out, fmt)
        return out.getvalue()

    def write(self, output: BinaryIO, fmt: str = "json") -> None:
        """Write the result to a binary file object in ``fmt`` (a short name or a media type)."""
        if self._raw is not None and not self._consumed and self.media_type(fmt) == self._raw_media_type:
            self._take()
            output.write(self._raw)
            return
        if self.kind in ("select", "ask"):
            target = results_format(fmt).oxigraph
            self._take()
            answer = self._ask if self.kind == "ask" else self._solutions
            assert answer is not None
            answer.serialize(output, target)
            return
        rdf = rdf_format(fmt)
        self._take()
        triples: Iterable[Any] = self._check_deadline(self._triples or ())
        if rdf.dataset:
            triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        ox.serialize(triples, output, rdf.oxigraph)


def json_term(term) -> dict:
    """A pyoxigraph term in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms: as text
