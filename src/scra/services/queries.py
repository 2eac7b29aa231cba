"""Running a named query (or a query file with the same header) and writing its result: ``scra query``
and ``GET /queries/{name}`` both come here; the SPARQL endpoint uses :func:`serialize` too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from scra.errors import QueryError, ScraError
from scra.formats import find_rdf_format, find_results_format
from scra.queries import NamedQuery, get_query, prepare
from scra.sparqltext import check_nesting
from scra.store import QueryResult, Store
from scra.store.results import json_term


def load_query(name: str | None = None, path: str | Path | None = None) -> NamedQuery:
    """The named query ``name``, or the query in the .rq file ``path`` (exactly one of them)."""
    if bool(name) == bool(path):
        raise QueryError("give a query name or a query file (one of them)")
    return NamedQuery.from_file(path) if path else get_query(str(name))


def run_query(
    store: Store, query: str | NamedQuery, params: dict[str, str] | None = None, *, timeout: float | None = None
) -> QueryResult:
    """The store's result for ``query`` (a name or a NamedQuery) with its parameters bound.

    UnknownQueryError for an unknown name, QueryError for bad parameters and for a query the store cannot
    evaluate; Timeout and Unavailable (the store) pass through."""
    named = query if isinstance(query, NamedQuery) else get_query(query)
    text = prepare(store, named, params)
    check_nesting(text)  # a query file nested too deep would crash or stall the parser
    try:
        return store.query(text, timeout=timeout) if timeout else store.query(text)
    except ScraError:
        raise
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"query '{named.name}' failed: {' '.join(str(exc).split())}") from None


@dataclass(frozen=True)
class Serialized:
    """A result written out: the bytes, their canonical media type, and whether a row limit cut it."""

    body: bytes
    media_type: str
    truncated: bool = False


def serialize(result: QueryResult, fmt: str, *, limit: int | None = None) -> Serialized:
    """``result`` in ``fmt`` (a scra.formats name or media type that fits the result's kind: RDF for
    CONSTRUCT/DESCRIBE, SPARQL results otherwise; QueryError if it does not). With ``limit``, a SELECT
    reads only its first ``limit`` solutions (a huge result is never materialised)."""
    found = find_rdf_format(fmt) if result.kind == "graph" else find_results_format(fmt)
    if found is None or (result.kind == "ask" and found.name in ("csv", "tsv")):
        raise QueryError(f"a {result.kind} result cannot be written as '{fmt}'")
    media = found.media_type
    if limit and isinstance(found.oxigraph, ox.QueryResultsFormat) and result.kind == "select":
        body, truncated = _limited(result, found.oxigraph, limit)
        return Serialized(body, media, truncated)
    return Serialized(result.serialize(media), media)


def _limited(result: QueryResult, fmt: ox.QueryResultsFormat, limit: int) -> tuple[bytes, bool]:
    """The first ``limit`` solutions: written as SPARQL JSON, re-read by pyoxigraph, serialised natively."""
    rows: list[dict[str, dict]] = []
    truncated = False
    for row in result.rows(terms=True):
        if len(rows) >= limit:
            truncated = True
            break
        rows.append({name: json_term(term) for name, term in row.items()})
    document = json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": rows}}).encode()
    solutions = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    return solutions.serialize(format=fmt) or b"", truncated
