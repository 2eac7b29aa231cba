"""Where the knowledge graph and city descriptions live: one interface, two backends.

``open_store()`` opens ./data/store, or $SCRA_STORE, or the server at $SCRA_ENDPOINT; then
``store.put_city("demo", graph, label="Demo City")``, ``store.query("SELECT …")``, ``store.cities()``.

Modules: :mod:`~scra.store.base` (the Store interface), :mod:`~scra.store.dataset` (the graph layout,
KG load and city storage), :mod:`~scra.store.results` (QueryResult, plain values),
:mod:`~scra.store.guard` (which updates clients may send), :mod:`~scra.store.embedded`,
:mod:`~scra.store.remote` and :mod:`~scra.store.memory` (the backends), :mod:`~scra.store.convert`
(rdflib <-> pyoxigraph terms).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from scra.errors import QueryTimeout, ReadOnlyGraphError, StoreError
from scra.store.base import Store
from scra.store.embedded import DEFAULT_STORE_DIR, EmbeddedStore
from scra.store.guard import check_update
from scra.store.memory import MemoryStore, memory_store
from scra.store.results import QueryResult, plain
from scra.vocab import (
    CITY_GRAPH_BASE,
    GRAPH_BASE,
    KG_GRAPH,
    KG_GRAPHS,
    KG_INFERRED_GRAPH,
    META_GRAPH,
    check_city_id,
    city_graph,
    city_id_of,
)
from scra.vocab import META_NS as META

__all__ = [
    "open_store",
    "Store",
    "EmbeddedStore",
    "RemoteStore",
    "MemoryStore",
    "memory_store",
    "QueryResult",
    "plain",
    "StoreError",
    "QueryTimeout",
    "ReadOnlyGraphError",
    "KG_GRAPH",
    "KG_INFERRED_GRAPH",
    "KG_GRAPHS",
    "META_GRAPH",
    "META",
    "GRAPH_BASE",
    "CITY_GRAPH_BASE",
    "city_graph",
    "city_id_of",
    "check_city_id",
    "check_update",
    "DEFAULT_STORE_DIR",
]


def __getattr__(name: str) -> object:
    if name == "RemoteStore":  # httpx is imported only when a remote store is used
        from scra.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(name)


def open_store(
    store_dir: str | Path | None = None,
    endpoint: str | None = None,
    *,
    ensure_kg: bool = True,
    read_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Store:
    """Open the store: ``endpoint`` (or $SCRA_ENDPOINT) selects a remote SPARQL server by base URL,
    otherwise ``store_dir`` (or $SCRA_STORE, or ./data/store) the embedded one. Explicit arguments win
    over the environment; giving both is an error. With ``ensure_kg`` the knowledge graph is (re)loaded
    if the store holds another version. ``read_only`` (embedded) opens a store that another process
    holds open, for reading."""
    if store_dir is not None and endpoint is not None:
        raise ValueError("give either a store directory or an endpoint, not both")
    if store_dir is None and endpoint is None:
        endpoint = os.environ.get("SCRA_ENDPOINT") or None
        if endpoint is None:
            store_dir = os.environ.get("SCRA_STORE") or None
    if endpoint is not None:
        from scra.store.remote import RemoteStore

        store: Store = RemoteStore(endpoint)
    else:
        store = EmbeddedStore(store_dir if store_dir is not None else DEFAULT_STORE_DIR, read_only=read_only)
    if ensure_kg and not read_only:
        try:
            store.ensure_kg(progress=progress)
        except BaseException:
            store.close()
            raise
    return store
