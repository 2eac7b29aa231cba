"""The edge of the service, one pure ASGI middleware: the request body limit (413, by Content-Length up
front and by counting while the body streams in) and CORS (only when the request has an Origin).

A body over the limit is read and thrown away, up to DISCARD_BOUND bytes, before the 413 is sent (as
Fuseki and Oxigraph do): a client that writes its whole body before it reads would otherwise see the
connection reset and never the answer. Past that bound the server answers at once and closes.

Both are skipped at no cost for the common case, a GET without Origin, which is most SPARQL traffic.
"""

from __future__ import annotations

import json

from scra.http.errors import ApiError


class BodyTooLarge(ApiError):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than the server's limit of {limit} bytes")


BODY_METHODS = {"POST", "PUT", "PATCH"}
DISCARD_MIN = 64 * 1024 * 1024  # read and discard at least this much of a body over the limit


async def _drain(receive, seen: int, bound: int) -> bool:
    """Read and discard the rest of the body while no more than `bound` bytes came in; True if it all came."""
    while seen <= bound:
        message = await receive()
        if message["type"] != "http.request":
            return False
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


class EdgeMiddleware:
    def __init__(self, app, max_body: int, cors_origins: tuple[str, ...] = ()):
        self.app, self.max_body = app, max_body
        self.bound = max(DISCARD_MIN, 2 * max_body)
        self.cors = None
        if cors_origins:
            from starlette.middleware.cors import CORSMiddleware

            # Reads only: no Authorization header and no PUT/DELETE cross-origin, so browsers cannot write.
            self.cors = CORSMiddleware(
                self._limited,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["Content-Type", "Vary"],
                max_age=3600,
            )

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.cors is not None:
            for name, _value in scope["headers"]:
                if name == b"origin":
                    return await self.cors(scope, receive, send)
        return await self._limited(scope, receive, send)

    async def _limited(self, scope, receive, send):
        if not self.max_body or scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_body
                except ValueError:
                    return await _reject(send, 400, "bad_request", "Content-Length is not a number")
                if too_big:
                    await _drain(receive, 0, self.bound)
                    return await _reject(send, 413, "payload_too_large", self._message())
        seen = 0
        started = False

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    if message.get("more_body", False):
                        await _drain(receive, seen, self.bound)
                    raise BodyTooLarge(self.max_body)
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _reject(send, 413, "payload_too_large", self._message())

    def _message(self) -> str:
        return f"the request body is larger than the server's limit of {self.max_body} bytes"


async def _reject(send, status: int, error: str, message: str) -> None:
    body = json.dumps({"error": error, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
