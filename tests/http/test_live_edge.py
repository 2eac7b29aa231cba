"""Against a real `scra serve` (live): what only a socket shows. A body far over the limit gets a readable 413
(the server reads and discards it before answering), with and without Content-Length, from a client that
writes its whole body before reading (httpx, like curl and most libraries)."""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from httpkit import AUTH, assert_json_error

pytestmark = pytest.mark.live
BIG = 20 * 1024 * 1024  # 20 MB, as reported; the strict server's limit is 20,000 bytes


@pytest.mark.parametrize("path, headers", [
    ("/validate", {"Content-Type": "text/turtle"}),
    ("/sparql", {"Content-Type": "application/sparql-query"}),
    ("/graph-store?graph=http://example.org/big", {"Content-Type": "application/n-triples", **AUTH}),
])
def test_20mb_body_gets_a_readable_413(live_strict_client, path, headers):
    body = b"# " + b"x" * (BIG - 3) + b"\n"
    r = live_strict_client.post(path, content=body, headers=headers)
    assert "20000 bytes" in assert_json_error(r, 413)["message"]


def test_20mb_chunked_body_gets_a_readable_413(live_strict_client):
    def chunks():  # no Content-Length: the server counts while reading
        for _ in range(BIG // 65536):
            yield b"#" * 65535 + b"\n"

    r = live_strict_client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert_json_error(r, 413)


def test_raw_client_writes_all_then_reads(strict_server):
    """A bare socket that sends headers and the 20 MB body, and only then reads: it sees the 413."""
    url = urlsplit(strict_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(f"POST /validate HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: text/turtle\r\n"
                     f"Content-Length: {BIG}\r\n\r\n".encode())
        chunk = b"#" * 65535 + b"\n"
        sent = 0
        while sent < BIG:
            piece = chunk[: BIG - sent]
            sock.sendall(piece)
            sent += len(piece)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"payload_too_large"' in answer
