"""Bearer-token check for writes, and refusal of SPARQL that reaches the network or files.

pyoxigraph ships an HTTP client: `SERVICE <…>` in a query and `LOAD <…>` in an update would fetch.
A remote store may do the same, and Virtuoso's `DEFINE` pragmas can make it fetch for `FROM`.
So the text is tokenised exactly as the SPARQL grammar does for strings, IRIs and comments, and any
bare keyword SERVICE, LOAD or DEFINE left over is refused. Outside strings, IRIs, comments, prefixed
names and variables these words can only be those keywords, so there are no false negatives, and
no false positives on valid queries that merely mention them (`?service`, `ex:load`, "SERVICE").
"""
from __future__ import annotations

import hmac
import re
from functools import lru_cache

from scra.http.errors import ApiError

FORBIDDEN = {"service": "SERVICE (federated query) is not allowed: this endpoint never calls out to other servers",
             "load": "LOAD is not allowed: this endpoint never reads from the network or files",
             "define": "DEFINE pragmas are not allowed"}

# The grammar's own terminals (SPARQL 1.1 §19.8), longest alternatives first.
_TOKEN = re.compile(r'''
    (?P<skip>
        \#[^\r\n]*                                   # comment
      | """(?:[^"\\]|\\.|"(?!""))*"""                # STRING_LITERAL_LONG2
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'          # STRING_LITERAL_LONG1
      | "(?:[^"\\\n\r]|\\.)*"                        # STRING_LITERAL2
      | '(?:[^'\\\n\r]|\\.)*'                        # STRING_LITERAL1
      | <[^<>"{}|^`\\\x00-\x20]*>                    # IRIREF
      | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+    # VAR1 / VAR2
      | [^\W\d][\w.\-]*:[\w.\-:%\\]*                 # prefixed name
      | :[\w.\-:%\\]*                                # prefixed name with empty prefix
      | _:[\w.\-]+                                   # blank node label
      | @[a-zA-Z]+(?:-[a-zA-Z0-9]+)*                 # language tag
    )
  | (?P<word>[^\W\d]\w*)
  | (?P<brace>[{}])
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)


@lru_cache(maxsize=4096)
def keywords(text: str) -> tuple[tuple[str, int, int], ...]:
    """Bare words (upper-cased) with their brace depth and offset, strings/IRIs/comments removed."""
    found, depth = [], 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            found.append((match.group().upper(), depth, match.start()))
        elif kind == "brace":
            depth += 1 if match.group() == "{" else -1
            found.append((match.group(), depth, match.start()))
    return tuple(found)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def refuse_external_access(text: str) -> None:
    """Raise ApiError(400) when the query or update could reach the network or the file system."""
    for word, _depth, offset in keywords(text):
        reason = FORBIDDEN.get(word.lower())
        if reason:
            line, column = _position(text, offset)
            raise ApiError(400, reason, "forbidden_operation", line=line, column=column)


def check_token(authorization: str | None, expected: str | None) -> None:
    """Writes need `Authorization: Bearer <token>`; without a configured token they are disabled."""
    if not expected:
        raise ApiError(403, "writes are disabled: start the server with --token or SCRA_TOKEN to enable them",
                       "writes_disabled")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "this operation needs 'Authorization: Bearer <token>'", "unauthorized",
                       headers={"WWW-Authenticate": 'Bearer realm="scra"'})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(403, "the bearer token is not valid", "forbidden",
                       headers={"WWW-Authenticate": 'Bearer realm="scra", error="invalid_token"'})
