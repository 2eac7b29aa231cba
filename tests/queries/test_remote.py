"""The named queries give the same rows on a remote SPARQL server (a real Oxigraph server on 127.0.0.1)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from querykit import EXAMPLES, example_path, table

from scra.queries import list_queries

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    exe = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not exe:
        pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("ox")), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        from rdflib import Graph

        from scra.store import open_store

        store = open_store(endpoint=f"http://127.0.0.1:{port}")
        for city in EXAMPLES:
            store.put_city(city, Graph().parse(example_path(city)))
        yield store
        store.close()
    finally:
        proc.terminate()
        proc.wait(10)


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
