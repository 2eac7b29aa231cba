"""The named queries give the same rows on a remote SPARQL server (a real Oxigraph server on 127.0.0.1)."""
from __future__ import annotations

import pytest

from querykit import EXAMPLES, example_path, table
from storekit import OxigraphServer

from scra.queries import list_queries


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("ox"))
    server.start()
    try:
        from rdflib import Graph

        from scra.store import open_store

        store = open_store(endpoint=server.url)
        for city in EXAMPLES:
            store.put_city(city, Graph().parse(example_path(city)))
        yield store
        store.close()
    finally:
        server.stop()


def _calls():
    for q in list_queries():
        params = {}
        for p in q.params:
            if p.type == "city":
                params[p.name] = "megacity-low-cost" if p.name == "other" else "smart-village"
        yield q.name, params


@pytest.mark.parametrize("name,params", list(_calls()), ids=[n for n, _ in _calls()])
def test_same_rows_remote_and_embedded(remote, store, name, params):
    assert table(remote, name, **params) == table(store, name, **params)
