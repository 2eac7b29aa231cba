"""The named queries give the same rows on a remote SPARQL server (the Oxigraph server of the run)."""
from __future__ import annotations

import pytest

from querykit import EXAMPLES, example_path, table
from storekit import OXIGRAPH

from scra.queries import list_queries

pytestmark = OXIGRAPH


@pytest.fixture(scope="module")
def remote(oxigraph_server):
    from rdflib import Graph

    from scra.store import open_store

    oxigraph_server.reset()
    store = open_store(endpoint=oxigraph_server.url)
    for city in EXAMPLES:
        store.put_city(city, Graph().parse(example_path(city)))
    yield store
    store.close()


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
