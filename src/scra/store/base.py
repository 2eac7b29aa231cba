"""The store interface shared by the embedded (pyoxigraph) and remote (SPARQL 1.1 server) backends.

A backend implements the primitives (``query``, ``_update``, ``graph_triples``, ``has_graph``,
``_replace_graphs``); what the store holds and how cities are written is :mod:`scra.store.dataset`,
which the public methods below call. Writes through :meth:`Store.update` may not touch the knowledge
graph graphs or the meta graph (:func:`scra.store.guard.check_update`).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from scra.errors import QueryTimeout, ReadOnlyGraphError, StoreError
from scra.sparqltext import check_nesting
from scra.store import dataset
from scra.store.guard import check_update
from scra.store.results import QueryResult, plain
from scra.vocab import CITY_ID, check_city_id, city_graph

# Store and Progress are defined here; the other names are re-exported for callers that import them from
# this module (their homes: scra.errors, scra.vocab, scra.store.results).
__all__ = [
    "Store",
    "Progress",
    "QueryResult",
    "plain",
    "QueryTimeout",
    "ReadOnlyGraphError",
    "StoreError",
    "CITY_ID",
    "check_city_id",
    "city_graph",
]

Progress = Callable[[str], None]


class Store(abc.ABC):
    """A SPARQL dataset holding the knowledge graph and city descriptions (layout: scra.store.dataset)."""

    _supers: dict | None = None  # class -> superclasses, cached per KG load (dataset.superclasses)

    # -- SPARQL
    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Iterable[str] | None = None,
        named_graph_uris: Iterable[str] | None = None,
        use_default_graph_as_union: bool = True,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. By default the default graph is the union of all graphs; with
        ``default_graph_uris`` it is their merge (``use_default_graph_as_union`` is then ignored);
        ``named_graph_uris`` limits what GRAPH ?g can see."""

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update that does not touch the knowledge graph or meta graph (see check_update)."""
        check_nesting(sparql)
        check_update(sparql)
        self._update(sparql, timeout=timeout)

    @abc.abstractmethod
    def _update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run an update unchecked (internal writes)."""

    # -- knowledge graph
    def kg_status(self) -> dict:
        """What the meta graph records about the loaded knowledge graph ({} if none)."""
        return dataset.kg_status(self)

    def ensure_kg(self, force: bool = False, progress: Progress | None = None) -> bool:
        """Load the knowledge graph and its OWL 2 RL closure if the store holds another version
        (by fingerprint of ontology/*.ttl). Returns True when it (re)loaded."""
        return dataset.ensure_kg(self, force, progress)

    def superclasses(self) -> dict:
        """class -> its strict superclasses, from the stored KG and its closure (cached per KG load)."""
        return dataset.superclasses(self)

    # -- cities
    def put_city(
        self,
        city_id: str,
        data: Any,
        label: str | None = None,
        progress: Progress | None = None,
        *,
        validation: str | None = None,
    ) -> dict:
        """Store (or atomically replace) a city description. ``data`` is
        :class:`scra.validation.input.Triples` (literals as written), an rdflib Graph or an iterable of
        rdflib (s, p, o) triples. Types are completed with the KG's subclass closure in the same graph.
        ``validation``: the validation result to keep with it (``scra.validation.cache_text``), written in
        the same transaction. Returns the city's metadata (as ``cities()`` lists it)."""
        return dataset.put_city(self, city_id, data, label, progress, validation)

    def city_meta(self, city_id: str, key: str) -> str | None:
        """One meta property of a stored city (``validation``: the kept validation result), or None."""
        return dataset.city_meta(self, city_id, key)

    def get_city(self, city_id: str) -> Any:
        """The city's graph (description + completed types) as an rdflib Graph; KeyError if absent."""
        return dataset.get_city(self, city_id)

    def drop_city(self, city_id: str) -> bool:
        """Remove a city; False if it was not there."""
        return dataset.drop_city(self, city_id)

    def cities(self) -> list[dict]:
        """Stored cities, sorted by id: id, label, graph, triples, inferred_types, loaded_at."""
        return dataset.cities(self)

    # -- graphs
    @abc.abstractmethod
    def graph_triples(self, graph_iri: str) -> Iterator[ox.Triple]:
        """The triples of one named graph (Graph Store Protocol GET), as pyoxigraph Triples."""

    @abc.abstractmethod
    def has_graph(self, graph_iri: str) -> bool:
        """True if the graph holds triples or the meta graph describes it."""

    @abc.abstractmethod
    def _replace_graphs(self, graphs: dict, meta_subject: str, meta: dict) -> None:
        """Atomically replace each named graph with the given rdflib graph(s) and set the meta
        properties of ``meta_subject``."""

    def close(self) -> None:  # noqa: B027 - a backend with nothing to release keeps this
        """Release the store (its lock, its connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
