"""Where the knowledge graph and city descriptions live: one interface, two backends.

    >>> from scra.store import open_store
    >>> with open_store() as store:                 # ./data/store, or $SCRA_STORE, or $SCRA_ENDPOINT
    ...     store.put_city("demo", graph, label="Demo City")
    ...     for row in store.query("SELECT ?x WHERE { ?x a scra:System }"): ...

See :mod:`scra.store.base` for the graph layout and :class:`scra.store.base.Store` for the API.
"""
from __future__ import annotations

import os
from pathlib import Path

from scra.store.base import (CITY_GRAPH_BASE, GRAPH_BASE, KG_GRAPH, KG_GRAPHS, KG_INFERRED_GRAPH, META,
                             META_GRAPH, QueryResult, QueryTimeout, ReadOnlyGraphError, Store, StoreError,
                             check_city_id, check_update, city_graph, city_id_of)
from scra.store.embedded import DEFAULT_STORE_DIR, EmbeddedStore

__all__ = ["open_store", "Store", "EmbeddedStore", "RemoteStore", "QueryResult", "StoreError", "QueryTimeout",
           "ReadOnlyGraphError", "KG_GRAPH", "KG_INFERRED_GRAPH", "KG_GRAPHS", "META_GRAPH", "META",
           "GRAPH_BASE", "CITY_GRAPH_BASE", "city_graph", "city_id_of", "check_city_id", "check_update",
           "DEFAULT_STORE_DIR"]


def __getattr__(name):
    if name == "RemoteStore":  # httpx is imported only when a remote store is used
        from scra.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(name)


def open_store(store_dir: str | Path | None = None, endpoint: str | None = None, *, ensure_kg: bool = True,
               read_only: bool = False, progress=None) -> Store:
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
