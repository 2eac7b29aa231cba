"""Bearer-token check for writes, and refusal of SPARQL that reaches the network or files.

pyoxigraph ships an HTTP client: `SERVICE <…>` in a query and `LOAD <…>` in an update would fetch.
A remote store may do the same, and Virtuoso's `DEFINE` pragmas can make it fetch for `FROM`.
So the text is tokenised by scra.sparqltext, as the SPARQL grammar does for strings, IRIs and comments, and any
bare keyword SERVICE, LOAD or DEFINE left over is refused. Outside strings, IRIs, comments, prefixed
names and variables these words can only be those keywords, so there are no false negatives, and
no false positives on valid queries that merely mention them (`?service`, `ex:load`, "SERVICE").
"""

from __future__ import annotations

import hmac

from scra.http.errors import ApiError
from scra.sparqltext import check_nesting, keywords, position

FORBIDDEN = {
    "service": "SERVICE (federated query) is not allowed: this endpoint never calls out to other servers",
    "load": "LOAD is not allowed: this endpoint never reads from the network or files",
    "define": "DEFINE pragmas are not allowed",
}


def refuse_external_access(text: str) -> None:
    """Raise ApiError(400) when the query or update could reach the network or the file system, and
    InputError (400) when it nests brackets too deep for the SPARQL parser (scra.sparqltext.MAX_NESTING)."""
    check_nesting(text)
    for word, _depth, offset in keywords(text):
        reason = FORBIDDEN.get(word.lower())
        if reason:
            line, column = position(text, offset)
            raise ApiError(400, reason, "forbidden_operation", line=line, column=column)


def check_token(authorization: str | None, expected: str | None) -> None:
    """Writes need `Authorization: Bearer <token>`; without a configured token they are disabled."""
    if not expected:
        raise ApiError(
            403, "writes are disabled: start the server with --token or SCRA_TOKEN to enable them", "writes_disabled"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "this operation needs 'Authorization: Bearer <token>'",
            "unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="scra"'},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(
            403,
            "the bearer token is not valid",
            "forbidden",
            headers={"WWW-Authenticate": 'Bearer realm="scra", error="invalid_token"'},
        )
