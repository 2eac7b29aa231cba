"""Every error is a JSON body `{"error": code, "message": text, "line"?, "column"?}`.

`install` is the one place that maps the errors of scra.errors to HTTP (SCRA_ERRORS): bad input 400,
unknown names 404, read-only graphs 403, unavailable services and time limits 503. ApiError carries
what only HTTP knows (401, 406, 413, 415 …). Anything else is a bug: logged with its traceback and
answered with a JSON 500 (the tests assert none happen).
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from scra.errors import (
    EngineError,
    InputError,
    NotFound,
    RDFInputError,
    ReadOnlyGraphError,
    ScraError,
    StoreError,
    TableInputError,
    Timeout,
    Unavailable,
)

log = logging.getLogger("scra.http")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    503: "timeout",
}
RETRY = {"Retry-After": "10"}
# scra's error classes, most specific first: (class, status, error code, message prefix)
SCRA_ERRORS: tuple[tuple[type[ScraError], int, str, str], ...] = (
    (RDFInputError, 400, "rdf_syntax_error", ""),
    (TableInputError, 400, "table_input_error", ""),
    (InputError, 400, "bad_request", ""),
    (NotFound, 404, "not_found", ""),
    (ReadOnlyGraphError, 403, "read_only_graph", ""),
    (Timeout, 503, "timeout", ""),
    (StoreError, 503, "store_unavailable", ""),
    (EngineError, 503, "engine_unavailable", "the validation engine is not available: "),
    (Unavailable, 503, "unavailable", ""),
)


def api_error(exc: ScraError) -> ApiError:
    """The HTTP form of one of scra's errors (see SCRA_ERRORS)."""
    for cls, status, code, prefix in SCRA_ERRORS:
        if isinstance(exc, cls):
            message = prefix + (str(exc) or ("the query exceeded its time limit" if status == 503 else code))
            line = column = None
            if isinstance(exc, InputError):
                line, column = exc.line, exc.column
            extra = {"problems": [p.to_dict() for p in exc.problems]} if isinstance(exc, TableInputError) else None
            return ApiError(
                status, message, code, line=line, column=column, headers=RETRY if status == 503 else None, extra=extra
            )
    return ApiError(500, f"internal error: {exc.__class__.__name__}", "internal_error")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        error: str | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
        headers: dict | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.status, self.message = status, message
        self.error = error or _CODES.get(status, "error")
        self.line, self.column, self.headers, self.extra = line, column, headers, extra

    def body(self) -> dict:
        body: dict[str, object] = {"error": self.error, "message": self.message}
        if self.line is not None:
            body["line"] = self.line
        if self.column is not None:
            body["column"] = self.column
        if self.extra:
            body.update(self.extra)
        return body


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
        return JSONResponse(
            {"error": _CODES.get(exc.status_code, "error"), "message": message},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return JSONResponse({"error": "bad_request", "message": problems or "invalid request"}, status_code=400)

    @app.exception_handler(ScraError)
    async def _scra_error(_request: Request, exc: ScraError):
        error = api_error(exc)
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": "internal_error", "message": f"internal error: {exc.__class__.__name__}"}, status_code=500
        )
