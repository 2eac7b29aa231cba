"""Shared fixtures: the real knowledge graph, a store with the knowledge graph loaded, and the one real
Oxigraph server of the run.

Session fixtures are per process: under pytest-xdist (`make test`) each worker has its own. Every test that
uses `oxigraph_server` is marked `OXIGRAPH` (live, xdist group "oxigraph"), so `--dist loadgroup` sends them
all to one worker and a run starts one Oxigraph server, which loads the knowledge graph once.
"""
from __future__ import annotations

import shutil

import pytest

from storekit import OxigraphServer


@pytest.fixture(scope="session")
def kg():
    import scra

    return scra.load_kg()


@pytest.fixture(scope="session")
def embedded_template(tmp_path_factory):
    """An embedded store with the knowledge graph loaded; tests copy it (`copy_template`) rather than load it."""
    from scra.store import EmbeddedStore

    path = tmp_path_factory.mktemp("template") / "store"
    store = EmbeddedStore(path)
    store.ensure_kg()
    store.close()
    del store
    return path


@pytest.fixture(scope="session")
def copy_template(embedded_template):
    """copy_template(dest) -> dest: a fresh embedded store directory holding the knowledge graph and nothing else."""

    def copy(dest):
        shutil.copytree(embedded_template, dest)
        return dest

    return copy


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The real SPARQL server (`oxigraph serve`, PyPI `oxigraph`) on 127.0.0.1, shared by the store, query and
    HTTP suites. Users call `reset()` first: it keeps the knowledge graph (loaded once) and removes the rest."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Virtuoso Open Source 7 (Debian's virtuoso-opensource) on 127.0.0.1, for the tests marked `VIRTUOSO`
    (live, xdist group "virtuoso": one server per run). Users call `reset()` first."""
    from storekit import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()
