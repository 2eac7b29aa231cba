"""Running named queries on a scra Store, and showing their values to people.

>>> import pyoxigraph as ox
>>> compact(ox.NamedNode("https://w3id.org/scra#domain-energy")), compact(True), compact(None)
('scra:domain-energy', 'true', '')
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from scra.queries.binding import prepare
from scra.queries.catalogue import NamedQuery
from scra.store.results import QueryResult
from scra.vocab import compact as compact_iri


def run_query(
    store: Any, name_or_query: str | NamedQuery, params: dict | None = None, *, timeout: float | None = None
) -> QueryResult:
    """Run a named query on a scra Store; returns the store's QueryResult (consumed once).
    UnknownQueryError (a KeyError) for an unknown name, QueryError (a ValueError) for bad parameters."""
    text = prepare(store, name_or_query, params)
    kwargs = {"timeout": timeout} if timeout else {}
    return store.query(text, **kwargs)


def run_rows(
    store: Any,
    name_or_query: str | NamedQuery,
    params: dict | None = None,
    *,
    terms: bool = False,
    timeout: float | None = None,
) -> tuple[list[str], list[dict]]:
    """Run a named SELECT query; returns (variables, rows as dicts of plain values or pyoxigraph terms)."""
    result = run_query(store, name_or_query, params, timeout=timeout)
    return list(result.variables), list(result.rows(terms=terms))


def compact(value: Any) -> str:
    """A value for people: IRIs as CURIEs where a known prefix fits (:func:`scra.vocab.compact`),
    booleans as true/false, None as '', other terms and values as their text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, ox.NamedNode)):
        return compact_iri(value if isinstance(value, str) else value.value)
    if isinstance(value, (ox.Literal, ox.BlankNode)):
        return value.value
    return str(value)
