"""Helpers for the HTTP tests: the `scra serve` subprocess and JSON error checks."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scra() -> str:
    candidate = Path(sys.executable).with_name("scra")
    return str(candidate) if candidate.exists() else (shutil.which("scra") or "scra")


class Server:
    def __init__(self, store: Path, *extra: str, store_flag: bool = True):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = store.with_suffix(".log")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCRA_")}
        with open(self.log, "wb") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [_scra(), "serve", *(["--store", str(store)] if store_flag else []), "--port", str(self.port),
                 "--token", TOKEN, *extra],
                stdout=subprocess.DEVNULL, stderr=log, env=env)

    def wait(self, timeout: float = 180) -> "Server":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
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
