"""Helpers for the store tests (tests/store)."""
from __future__ import annotations

import socket
from pathlib import Path

DATA = Path(__file__).resolve().parent / "store" / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
