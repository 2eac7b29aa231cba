"""The service in this process: `create_app(settings, store=...)` over one embedded store (a copy of the
store template, the knowledge graph loaded), spoken to with an httpx.Client over httpx.ASGITransport
(httpkit.asgi_client: no socket, no `scra serve` process).

- `client`: the normal settings (token `test-token`, generous time limit);
- `strict_client`: a tiny body limit and result limit over the same store, for the 413 and cap tests;
- `live_strict_client` (`strict_server`): a real `scra serve` with a tiny query time limit (live): a query
  past its limit is abandoned to finish in its thread, which must not happen inside the test process;
- `make_client(**settings)`: another app over the same store (e.g. without a token).

An exception that escapes the app fails the request's test (the transport re-raises it), and no request may
have hit a bug: an error logged by `scra.http` (a 500 with its traceback) fails the session.
"""
from __future__ import annotations

import logging

import pytest
from httpkit import Server, asgi_client, settings


class _ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter().format(record))


@pytest.fixture(scope="session")
def _errors_logged():
    handler, logger = _ErrorLog(), logging.getLogger("scra.http")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    assert not handler.lines, "\n".join(handler.lines)[-3000:]


@pytest.fixture(scope="session")
def http_store_dir(tmp_path_factory, copy_template):
    return copy_template(tmp_path_factory.mktemp("scra-http") / "store")


@pytest.fixture(scope="session")
def http_store(http_store_dir):
    from scra.store import EmbeddedStore

    store = EmbeddedStore(http_store_dir)
    store.ensure_kg()
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(request, http_store, http_store_dir, _errors_logged):
    """What `scra serve --store DIR --token test-token --query-timeout 60` serves.

    With SCRA_TEST_BACKEND=oxigraph or virtuoso, what `scra serve --endpoint URL` serves over that real server
    instead (an opt-in measurement, e.g. `SCRA_TEST_BACKEND=virtuoso pytest tests/http/test_protocol.py -n0`)."""
    import os

    from scra.http.app import create_app

    backend = os.environ.get("SCRA_TEST_BACKEND")
    if backend:
        from scra.http.settings import Settings
        from scra.store import RemoteStore

        server = request.getfixturevalue(f"{backend}_server")
        server.reset()
        return create_app(Settings(endpoint=server.url, token="test-token", query_timeout=60.0),
                          store=RemoteStore(server.url))
    return create_app(settings(http_store_dir, query_timeout=60.0), store=http_store)


@pytest.fixture(scope="session")
def strict_app(http_store, http_store_dir, _errors_logged):
    """What `scra serve ... --max-body 20000 --result-limit 5` serves (the time limit is `strict_server`'s)."""
    from scra.http.app import create_app

    return create_app(settings(http_store_dir, query_timeout=60.0, max_body=20000, result_limit=5), store=http_store)


@pytest.fixture()
def client(app):
    with asgi_client(app) as http:
        yield http


@pytest.fixture()
def strict_client(strict_app):
    with asgi_client(strict_app) as http:
        yield http


@pytest.fixture(scope="session")
def make_client(http_store, http_store_dir, _errors_logged):
    """make_client(**settings) -> an httpx.Client (a context manager) over the shared store with other settings."""
    from scra.http.app import create_app

    def make(**overrides):
        return asgi_client(create_app(settings(http_store_dir, **overrides), store=http_store))

    return make


@pytest.fixture(scope="session")
def strict_server(tmp_path_factory, copy_template):
    """A real `scra serve` with a 0.3 s query time limit (live tests only)."""
    store = copy_template(tmp_path_factory.mktemp("scra-serve") / "strict-store")
    server = Server(store, "--query-timeout", "0.3", "--max-body", "20000", "--result-limit", "5")
    try:
        yield server.wait()
    finally:
        server.stop()
    # No request may have hit a bug (a 500 with a traceback in the server log).
    assert not server.errors_logged(), server.errors_logged()[-3000:]


@pytest.fixture()
def live_strict_client(strict_server):
    import httpx

    with httpx.Client(base_url=strict_server.url, timeout=60) as http:
        yield http
