"""The report's own SPARQL (``*.rq`` next to this file), read once, filled in and run.

A query names its graphs and lists as ``$name``: ``$kg`` is the knowledge graph, any other name is given
to :func:`run` as an IRI (``city_graph=…``) or as a list of IRIs (``elements=[…]``, for a ``VALUES``
block, so that a section is fetched in one query rather than one per element). Every IRI goes in as a
pyoxigraph ``NamedNode`` (which rejects what is not an IRI); the PREFIX lines come from
:func:`scra.vocab.sparql_prefixes`, so the files spell no namespace.

    >>> "VALUES ?element { <https://w3id.org/scra#jp-user> }" in text("standards-for-elements",
    ...     elements=["https://w3id.org/scra#jp-user"])
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from string import Template

import pyoxigraph as ox

from scra.vocab import KG_GRAPH, sparql_prefixes

_DIR = Path(__file__).resolve().parent


@cache
def _template(name: str) -> Template:
    return Template(sparql_prefixes() + (_DIR / f"{name}.rq").read_text(encoding="utf-8"))


def _term(value: str | Iterable[str]) -> str:
    if isinstance(value, str):
        return str(ox.NamedNode(value))
    return " ".join(str(ox.NamedNode(v)) for v in value)


def text(name: str, **values: str | Iterable[str]) -> str:
    """The runnable text of the query ``name`` with ``$kg`` and the given values filled in."""
    return _template(name).substitute(kg=_term(KG_GRAPH), **{k: _term(v) for k, v in values.items()})


def run(store, name: str, *, terms: bool = False, **values: str | Iterable[str]) -> list[dict]:
    """The rows of a SELECT query (plain values, or pyoxigraph terms with ``terms=True``)."""
    return list(store.query(text(name, **values)).rows(terms=terms))


def ask(store, name: str, **values: str | Iterable[str]) -> bool:
    return bool(store.query(text(name, **values)).boolean)
