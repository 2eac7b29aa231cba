"""Helpers for the HTTP tests: JSON error checks, the settings of the in-process service, and the
`scra serve` subprocess for the few tests that need a real process (marked live)."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from storekit import free_port

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def settings(store_dir, *, token: str | None = TOKEN, **limits):
    """The Settings `scra serve --store STORE_DIR --token TOKEN [limits]` builds in a clean environment."""
    from scra.http.settings import Settings

    return Settings(store_dir=str(store_dir), token=token, **limits)


class SyncASGITransport(httpx.BaseTransport):
    """httpx.ASGITransport (async only) for a plain httpx.Client: the app runs on one event loop in a thread
    of its own, as under uvicorn; each request waits for its whole response. The request body is read first
    and sent as it came (a streamed body keeps its missing Content-Length). An exception that escapes the
    app is raised in the caller (raise_app_exceptions)."""

    def __init__(self, app):
        self._asgi = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="asgi-loop", daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a generator body becomes a ByteStream, readable by the async transport

        async def call() -> tuple[httpx.Response, bytes]:
            response = await self._asgi.handle_async_request(request)
            return response, await response.aread()

        response, body = asyncio.run_coroutine_threadsafe(call(), self._loop).result()
        return httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(body),
                              extensions=response.extensions, request=request)

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()


def asgi_client(app, **kwargs) -> httpx.Client:
    """An httpx.Client that speaks to the ASGI `app` in this process (no socket, no server process)."""
    return httpx.Client(transport=SyncASGITransport(app), base_url="http://testserver", timeout=60, **kwargs)


def _scra() -> str:
    candidate = Path(sys.executable).with_name("scra")
    return str(candidate) if candidate.exists() else (shutil.which("scra") or "scra")


class Server:
    """`scra serve` in a subprocess on a free port of 127.0.0.1, its stderr in STORE.log."""

    def __init__(self, store: Path, *extra: str, store_flag: bool = True):
        self.store, self.extra, self.store_flag = store, extra, store_flag
        self.log = store.with_suffix(".log")
        self._start()

    def _start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCRA_")}
        with open(self.log, "wb") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [_scra(), "serve", *(["--store", str(self.store)] if self.store_flag else []), "--port", str(self.port),
                 "--token", TOKEN, *self.extra],
                stdout=subprocess.DEVNULL, stderr=log, env=env)

    def wait(self, timeout: float = 180) -> Server:
        deadline = time.monotonic() + timeout
        retried = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if not retried and "address already in use" in self.log.read_text(errors="replace").lower():
                    retried = True  # another process took the free port first
                    self._start()
                    continue
                raise RuntimeError(f"scra serve exited ({self.proc.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"scra serve did not answer within {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def errors_logged(self) -> str:
        text = self.log.read_text(errors="replace")
        return text if ("Traceback" in text or "internal error" in text) else ""


def assert_json_error(response: httpx.Response, status: int | tuple[int, ...]) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    body = response.json()
    assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str), body
    return body
