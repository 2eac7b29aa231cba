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


# ---------------------------------------------------------------- Virtuoso (Debian's virtuoso-opensource)

VIRTUOSO = [pytest.mark.live, pytest.mark.xdist_group("virtuoso")]
VIRTUOSO_EXE = "/usr/bin/virtuoso-t"
ISQL_EXE = "/usr/bin/isql-vt"
_VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {db}
ThreadCleanupInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
MaxSortedTopRows = 100000
"""
# The anonymous SPARQL user may update and write through the graph store endpoint (loopback only, tests only).
_VIRTUOSO_GRANTS = ('grant SPARQL_UPDATE to "SPARQL"; '
                    'grant execute on DB.DBA.SPARQL_INSERT_DICT_CONTENT to "SPARQL"; '
                    'grant execute on DB.DBA.SPARQL_DELETE_DICT_CONTENT to "SPARQL"; '
                    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


class VirtuosoServer:
    """Virtuoso Open Source 7 (`virtuoso-t` from Debian's virtuoso-opensource, installed by `make install`) in a
    temporary database directory, its SQL and HTTP ports on 127.0.0.1. `url` is its SPARQL endpoint."""

    def __init__(self, location: Path):
        self.location = location
        self.process = None
        self.url = None

    def start(self) -> None:
        if not Path(VIRTUOSO_EXE).exists():
            pytest.fail("Virtuoso is not installed: `make install` (as root) installs Debian's virtuoso-opensource")
        self.sql_port, http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{http_port}/sparql"
        ini = self.location / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(db=self.location, sql_port=self.sql_port, http_port=http_port))
        self.process = subprocess.Popen([VIRTUOSO_EXE, "+foreground", "+configfile", str(ini)], cwd=self.location,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.location / "virtuoso.log").read_text(errors="replace")[-1500:]
                pytest.fail(f"virtuoso exited: {log}")
            try:
                httpx.get(self.url, params={"query": "ASK {}"}, timeout=2.0).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            self.stop()
            pytest.fail("virtuoso did not start within 60 s")
        self.isql(_VIRTUOSO_GRANTS)

    def isql(self, statements: str) -> None:
        subprocess.run([ISQL_EXE, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def reset(self) -> None:
        """Back to the knowledge graph and nothing else (loaded once per server)."""
        from scra.store import KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH, RemoteStore

        store = RemoteStore(self.url)
        try:
            keep = {KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH}
            rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=False)
            for row in rows:
                if row["g"] not in keep and not row["g"].startswith("http://www.openlinksw.com/") \
                        and not row["g"].startswith("http://www.w3.org/") and "virtrdf" not in row["g"] \
                        and not row["g"].startswith("http://localhost"):
                    store._update(f"CLEAR SILENT GRAPH <{row['g']}>")
            store._update(f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> "
                          f"{{ ?s ?p ?o }} FILTER(?s != <{KG_GRAPH}>) }}")
            store.ensure_kg()
        finally:
            store.close()
