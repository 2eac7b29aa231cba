"""Helpers for tests that need a store: free ports and a real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1.

The server itself is one session fixture, `oxigraph_server` in tests/conftest.py; tests that use it carry
`OXIGRAPH` (as `pytestmark = OXIGRAPH`, or `pytest.param(..., marks=OXIGRAPH)`).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

DATA = Path(__file__).resolve().parent / "store" / "data"
# live: a real server process; xdist_group: `--dist loadgroup` runs all its users on one worker (one server per run)
OXIGRAPH = [pytest.mark.live, pytest.mark.xdist_group("oxigraph")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


OXIGRAPH_EXE = Path(sys.executable).parent / "oxigraph"


class OxigraphServer:
    def __init__(self, location: Path):
        self.location = location
        self.process = None
        self.url = None

    def start(self, attempts: int = 3) -> None:
        exe = shutil.which("oxigraph") if not OXIGRAPH_EXE.exists() else str(OXIGRAPH_EXE)
        if exe is None:
            pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
        for attempt in range(attempts):  # another process may take the free port before the server binds it
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            self.process = subprocess.Popen([exe, "serve", "--location", str(self.location), "--bind",
                                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    message = self.process.stderr.read().decode()[-500:]
                    if "in use" in message.lower() and attempt + 1 < attempts:
                        break
                    pytest.fail(f"oxigraph server exited: {message}")
                try:
                    httpx.post(self.url + "/query", data={"query": "ASK {}"}, timeout=1.0)
                    return
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
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
        """Back to the knowledge graph and nothing else: remove the rest, load the KG if it is not there (once per
        server: reloading it for every test would double the suite's time). Loading it here, from one process,
        also keeps several `scra serve --workers` from loading it at once, which duplicates its blank nodes."""
        from scra.store import KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH, RemoteStore

        update = (f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                  f"FILTER(?g NOT IN (<{KG_GRAPH}>, <{KG_INFERRED_GRAPH}>, <{META_GRAPH}>)) }} ;"
                  f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} "
                  f"FILTER(?s != <{KG_GRAPH}>) }} ; DROP DEFAULT")
        httpx.post(self.url + "/update", data={"update": update}, timeout=60).raise_for_status()
        store = RemoteStore(self.url)
        try:
            store.ensure_kg()
        finally:
            store.close()
