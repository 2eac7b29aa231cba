"""Fixtures of the web tests: the application in-process (httpx ASGITransport over create_app) over an
embedded store holding one example city, and a browser-like client."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from webkit import BROWSER, CITY, ROOT


class Client:
    """A synchronous face on an async httpx client (one event loop for the whole session)."""

    def __init__(self, app):
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://scra.test")

    def request(self, method: str, url: str, browser: bool = True, **kw) -> httpx.Response:
        headers = {**(BROWSER if browser else {}), **kw.pop("headers", {})}
        self.http.cookies.clear()  # each request on its own: no language remembered from an earlier test
        return self.loop.run_until_complete(self.http.request(method, url, headers=headers, **kw))

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture(scope="session")
def web_app(tmp_path_factory):
    from scra.http.app import create_app
    from scra.http.settings import Settings
    from scra.store import open_store
    from scra.validation.input import read_rdf_file

    store = open_store(store_dir=tmp_path_factory.mktemp("web-store"))
    store.put_city(CITY, read_rdf_file(ROOT / "examples" / f"{CITY}.ttl"))
    app = create_app(Settings(), store=store)
    yield app
    store.close()


@pytest.fixture(scope="session")
def web(web_app) -> Client:
    client = Client(web_app)
    yield client
    client.close()
