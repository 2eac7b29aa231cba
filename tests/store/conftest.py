"""Fixtures for the store suite: every test using `store` runs against the embedded store (a temporary
directory) and against a real Oxigraph server started here (PyPI `oxigraph`, on 127.0.0.1)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from storekit import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


class OxigraphServer:
    def __init__(self, location: Path):
        self.location = location
        self.process = None
        self.url = None

    def start(self) -> None:
        exe = shutil.which("oxigraph") if not OXIGRAPH.exists() else str(OXIGRAPH)
        if exe is None:
            pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([exe, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"oxigraph server exited: {self.process.stderr.read().decode()[-500:]}")
            try:
                httpx.post(self.url + "/query", data={"query": "ASK {}"}, timeout=1.0)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("oxigraph server did not start within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def reset(self) -> None:
        """Remove everything but the knowledge graph (reloading it for every test would double the suite's time)."""
        from scra.store import KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH

        update = (f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                  f"FILTER(?g NOT IN (<{KG_GRAPH}>, <{KG_INFERRED_GRAPH}>, <{META_GRAPH}>)) }} ;"
                  f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} "
                  f"FILTER(?s != <{KG_GRAPH}>) }} ; DROP DEFAULT")
        httpx.post(self.url + "/update", data={"update": update}, timeout=60).raise_for_status()


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
