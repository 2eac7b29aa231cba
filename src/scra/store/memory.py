"""A store held in memory (pyoxigraph, no directory): for ``scra report FILE`` and for tests.

>>> from rdflib import Graph
>>> with memory_store({"demo": Graph()}, with_kg=False) as store:
...     [city["id"] for city in store.cities()]
['demo']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from scra.store.embedded import EmbeddedStore


class MemoryStore(EmbeddedStore):
    """An EmbeddedStore whose pyoxigraph store lives in memory; gone when closed."""

    def __init__(self) -> None:  # no directory to open, lock or flush
        self.path = Path(":memory:")
        self.read_only = False
        self._store = ox.Store()

    def __repr__(self) -> str:
        return "MemoryStore()"

    def close(self) -> None:
        self.__dict__.pop("_store", None)


def memory_store(cities: dict | None = None, *, with_kg: bool = True) -> MemoryStore:
    """A MemoryStore with the knowledge graph and its closure loaded (unless ``with_kg`` is false) and the
    given cities stored: ``{city_id: rdflib Graph | path | [paths]}``."""
    store = MemoryStore()
    if with_kg:
        store.ensure_kg()
    for city_id, data in (cities or {}).items():
        store.put_city(city_id, as_graph(data))
    return store


def as_graph(data: Any) -> Any:
    """An rdflib Graph as it is, else the description read from a path or a list of paths."""
    from rdflib import Graph

    if isinstance(data, Graph):
        return data
    from scra.validation.input import read_rdf_files

    paths = [data] if isinstance(data, (str, Path)) else list(data)
    return read_rdf_files(paths, None)
