"""Fixtures for the store suite: every test using `store` runs against the embedded store (a temporary
directory) and against the real Oxigraph server of the run (`oxigraph_server`, tests/conftest.py)."""
from __future__ import annotations

import pytest

from storekit import OXIGRAPH, VIRTUOSO


@pytest.fixture(params=["embedded", pytest.param("remote", marks=OXIGRAPH), pytest.param("virtuoso", marks=VIRTUOSO)])
def backend(request):
    return request.param


@pytest.fixture
def store_factory(backend, tmp_path, request):
    """A function opening (or re-opening) the store under test; every store it opens is closed at teardown."""
    from scra.store import EmbeddedStore, RemoteStore

    opened = []
    if backend == "embedded":
        request.getfixturevalue("copy_template")(tmp_path / "store")
    else:
        server = request.getfixturevalue("oxigraph_server" if backend == "remote" else "virtuoso_server")
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
