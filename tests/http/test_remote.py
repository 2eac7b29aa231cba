"""`scra serve --endpoint URL --workers 2` in front of an Oxigraph server (PyPI `oxigraph`, bench extra)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from httpkit import AUTH, Server, _free_port

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    binary = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[bench]')")
    port = _free_port()
    store = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([binary, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        server = Server(tmp_path_factory.mktemp("unused") / "store", "--endpoint", f"http://127.0.0.1:{port}",
                        "--workers", "2", store_flag=False)
        try:
            yield server.wait()
        finally:
            server.stop()
    finally:
        proc.terminate()
        proc.wait(10)


def test_remote_store_with_two_workers(remote):
    with httpx.Client(base_url=remote.url, timeout=60) as http:
        r = http.get("/sparql", params={"query": "ASK { GRAPH <https://w3id.org/scra/graph/kg> { ?s ?p ?o } }"})
        assert r.json()["boolean"] is True
        r = http.put("/cities/remote-town", content="<https://example.org/r#c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                             "<https://w3id.org/scra#City> .",
                     headers={"Content-Type": "application/n-triples", **AUTH})
        assert r.status_code in (201, 422), r.text
        assert http.get("/terms/City", headers={"Accept": "text/turtle"}).status_code == 200
        body = http.get("/sparql", params={"query": "ASK {"}).json()
        assert body["error"] == "syntax_error"
        assert http.get("/sparql", params={"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}).status_code == 400
