"""The real service: `scra serve` on 127.0.0.1 in a subprocess, spoken to over HTTP with httpx.

Two servers per test session, started in parallel:
- `server`: the normal one (token `test-token`, generous time limit);
- `strict`: a tiny query time limit, body limit and result limit, for the 503, 413 and cap tests.
"""
from __future__ import annotations

import httpx
import pytest

from httpkit import Server


@pytest.fixture(scope="session")
def _servers(tmp_path_factory):
    base = tmp_path_factory.mktemp("scra-http")
    normal = Server(base / "store", "--query-timeout", "60")
    strict = Server(base / "strict-store", "--query-timeout", "0.3", "--max-body", "20000", "--result-limit", "5")
    try:
        yield normal.wait(), strict.wait()
    finally:
        normal.stop()
        strict.stop()
    # No request may have hit a bug (a 500 with a traceback in the server log).
    for server in (normal, strict):
        assert not server.errors_logged(), server.errors_logged()[-3000:]


@pytest.fixture(scope="session")
def server(_servers) -> Server:
    return _servers[0]


@pytest.fixture(scope="session")
def strict(_servers) -> Server:
    return _servers[1]


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


@pytest.fixture()
def strict_client(strict):
    with httpx.Client(base_url=strict.url, timeout=60) as http:
        yield http
