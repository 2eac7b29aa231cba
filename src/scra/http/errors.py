"""Every error is a JSON body `{"error": code, "message": text, "line"?, "column"?}`.

Handlers turn known failures into 4xx/503; anything else is a bug: logged with its traceback and
answered with a JSON 500 (the tests assert none happen).
"""
from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("scra.http")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          406: "not_acceptable", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
          422: "unprocessable", 501: "not_implemented", 503: "timeout"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, error: str | None = None, *, line: int | None = None,
                 column: int | None = None, headers: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status, self.message = status, message
        self.error = error or _CODES.get(status, "error")
        self.line, self.column, self.headers, self.extra = line, column, headers, extra

    def body(self) -> dict:
        body = {"error": self.error, "message": self.message}
        if self.line is not None:
            body["line"] = self.line
        if self.column is not None:
            body["column"] = self.column
        if self.extra:
            body.update(self.extra)
        return body


def error_response(status: int, message: str, error: str | None = None, **kw) -> JSONResponse:
    exc = ApiError(status, message, error, **kw)
    return JSONResponse(exc.body(), status_code=status, headers=exc.headers)


_POSITION = re.compile(r"(?:error at |line )(\d+)[:,]\s*(?:column )?(\d+)")


def syntax_error(exc: Exception, what: str = "query", shift: int = 0) -> ApiError:
    """400 for a SPARQL syntax error, with line and column when the parser gave them.

    `shift`: characters the server put in front of the user's first line (a BASE declaration)."""
    message = " ".join(str(exc).split()) or exc.__class__.__name__
    match = _POSITION.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    if line == 1 and column is not None and shift:
        column = max(1, column - shift)
        message = _POSITION.sub(f"error at 1:{column}", message, count=1)
    message = message.split(" expected one of ")[0] + (" (unexpected input)" if " expected one of " in message else "")
    return ApiError(400, f"{what} syntax error: {message[:600]}", "syntax_error", line=line, column=column)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse({"error": _CODES.get(exc.status_code, "error"), "message": message},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return JSONResponse({"error": "bad_request", "message": problems or "invalid request"}, status_code=400)

    try:
        from scra.store.base import QueryTimeout, ReadOnlyGraphError, StoreError
    except ImportError:  # pragma: no cover - the store package is part of scra
        pass
    else:
        @app.exception_handler(ReadOnlyGraphError)
        async def _read_only(_request: Request, exc: ReadOnlyGraphError):
            return JSONResponse({"error": "read_only_graph", "message": str(exc)}, status_code=403)

        @app.exception_handler(QueryTimeout)
        async def _store_timeout(_request: Request, exc: QueryTimeout):
            return JSONResponse({"error": "timeout", "message": str(exc) or "the query exceeded its time limit"},
                                status_code=503, headers={"Retry-After": "10"})

        @app.exception_handler(StoreError)
        async def _store_down(_request: Request, exc: StoreError):
            return JSONResponse({"error": "store_unavailable", "message": str(exc)}, status_code=503,
                                headers={"Retry-After": "10"})

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal_error", "message": f"internal error: {exc.__class__.__name__}"},
                            status_code=500)
