"""Fixtures for the store suite: every test using `store` runs against the embedded store (a temporary
directory) and against a real Oxigraph server started here (PyPI `oxigraph`, on 127.0.0.1)."""
from __future__ import annotations

import shutil

import pytest

from storekit import OxigraphServer

@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def embedded_template(tmp_path_factory):
    """An embedded store with the knowledge graph loaded, copied for each test."""
    from scra.store import EmbeddedStore

    path = tmp_path_factory.mktemp("template") / "store"
    store = EmbeddedStore(path)
    store.ensure_kg()
    store.close()
    del store
    return path


@pytest.fixture(params=["embedded", "remote"])
def backend(request):
    return request.param


@pytest.fixture
def store_factory(backend, tmp_path, request):
    """A function opening (or re-opening) the store under test; every store it opens is closed at teardown."""
    from scra.store import EmbeddedStore, RemoteStore

    opened = []
    if backend == "embedded":
        shutil.copytree(request.getfixturevalue("embedded_template"), tmp_path / "store")
    else:
        server = request.getfixturevalue("oxigraph_server")
        server.reset()

    def open_(ensure_kg: bool = True):
        store = EmbeddedStore(tmp_path / "store") if backend == "embedded" else RemoteStore(server.url)
        opened.append(store)
        if ensure_kg:
            store.ensure_kg()
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory):
    return store_factory()
