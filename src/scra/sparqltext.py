"""The one SPARQL text scanner: the grammar's terminals for strings, IRIs, comments, variables and
prefixed names, so that words and braces inside them are never mistaken for syntax.

Used by the security check (bare SERVICE / LOAD / DEFINE keywords), the update guard (INSERT/DELETE
DATA blocks reduced to their GRAPH headers before parsing) and the named-query binder (finding the
WHERE group and GRAPH clauses outside comments and strings).

    >>> [w for w, _depth, _at in keywords('SELECT ?service WHERE { ?s ex:load "SERVICE" } # LOAD')]
    ['SELECT', 'WHERE', '{', '}']
    >>> mask('ASK { "{" } # }')
    'ASK { " " }    '
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# SPARQL 1.1 §19.8 terminals, longest alternatives first.
_TOKEN = re.compile(
    r'''
    (?P<comment>\#[^\r\n]*)
  | (?P<string>
        """(?:[^"\\]|\\.|"(?!""))*"""                # STRING_LITERAL_LONG2
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'          # STRING_LITERAL_LONG1
      | "(?:[^"\\\n\r]|\\.)*"                        # STRING_LITERAL2
      | '(?:[^'\\\n\r]|\\.)*'                        # STRING_LITERAL1
    )
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)               # IRIREF
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)  # VAR1 / VAR2
  | (?P<name>
        [^\W\d][\w.\-]*:[\w.\-:%\\]*                 # prefixed name
      | :[\w.\-:%\\]*                                # prefixed name with empty prefix
      | _:[\w.\-]+                                   # blank node label
      | @[a-zA-Z]+(?:-[a-zA-Z0-9]+)*                 # language tag
    )
  | (?P<word>[^\W\d]\w*)
  | (?P<brace>[{}])
  | (?P<space>\s+)
  | (?P<other>.)
''',
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) for every token; kinds: comment, string, iri, var, name, word, brace, space,
    other. An unterminated string or IRI falls through to ``other`` one character at a time."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup or "other", match.group(), match.start()


@lru_cache(maxsize=4096)
def keywords(text: str) -> tuple[tuple[str, int, int], ...]:
    """Bare words (upper-cased) and braces with their brace depth and offset."""
    found, depth = [], 0
    for kind, value, at in tokens(text):
        if kind == "word":
            found.append((value.upper(), depth, at))
        elif kind == "brace":
            depth += 1 if value == "{" else -1
            found.append((value, depth, at))
    return tuple(found)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def mask(text: str) -> str:
    """The text with comments and the insides of strings blanked (same length and line breaks), so that
    regular expressions for syntax match only syntax."""
    out = []
    for kind, value, _at in tokens(text):
        if kind == "comment":
            out.append(" " * len(value))
        elif kind == "string":
            quote = 3 if value[:3] in ('"""', "'''") else 1
            inner = re.sub(r"[^\n]", " ", value[quote:-quote])
            out.append(value[:quote] + inner + value[-quote:])
        else:
            out.append(value)
    return "".join(out)


_PLACEHOLDER = "<urn:scra:check> <urn:scra:check> <urn:scra:check>"


def strip_data_blocks(text: str) -> str:
    """The update with the triples of INSERT DATA / DELETE DATA blocks dropped, keeping each
    ``GRAPH name { <placeholder triple> }``: enough for the update guard to see which graphs are written,
    without making rdflib's slow parser read thousands of triples. Anything misread makes the reduced text
    unparsable, so the update is refused, never let through."""
    out: list[str] = []
    stream = list(tokens(text))
    i, n = 0, len(stream)

    def next_significant(j: int) -> int:
        while j < n and stream[j][0] in ("space", "comment"):
            j += 1
        return j

    while i < n:
        kind, value, _ = stream[i]
        if kind == "word" and value.upper() in ("INSERT", "DELETE"):
            j = next_significant(i + 1)
            k = next_significant(j + 1) if j < n else n
            if j < n and stream[j][0] == "word" and stream[j][1].upper() == "DATA" and k < n and stream[k][1] == "{":
                out.append(f"{value} DATA {{")
                i, depth = k + 1, 1
                while i < n and depth:
                    kind, value, _ = stream[i]
                    if depth == 1 and kind == "word" and value.upper() == "GRAPH":
                        g = next_significant(i + 1)
                        b = next_significant(g + 1) if g < n else n
                        if g < n and stream[g][0] in ("iri", "name") and b < n and stream[b][1] == "{":
                            out.append(f" GRAPH {stream[g][1]} {{")
                            depth, i = 2, b + 1
                            continue
                    if kind == "brace":
                        depth += 1 if value == "{" else -1
                        if value == "}" and depth == 1:
                            out.append(f" {_PLACEHOLDER} }} ")
                    i += 1
                out.append("}")
                continue
        out.append(value)
        i += 1
    return "".join(out)


# Deeper nesting than this is refused before a SPARQL parser sees it: pyoxigraph's recursive-descent parser
# overflows its stack (the process dies) on ~3,000 nested braces, and takes time that grows with about the
# fourth power of the depth of nested [ ] or ( ) (measured: depth 100 ~1 s, 200 ~15 s, 400 > 60 s).
MAX_NESTING = 64
_OPEN, _CLOSE = {"{": "}", "(": ")", "[": "]"}, {"}", ")", "]"}


def nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of { } ( ) [ ] outside strings, IRIs and comments, offset where it was reached)."""
    depth = deepest = 0
    at = 0
    for kind, value, offset in tokens(text):
        if kind not in ("brace", "other"):
            continue
        if value in _OPEN:
            depth += 1
            if depth > deepest:
                deepest, at = depth, offset
        elif value in _CLOSE:
            depth = max(0, depth - 1)
    return deepest, at


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """InputError when brackets nest deeper than `limit` (see MAX_NESTING).

    >>> check_nesting("ASK { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }")
    Traceback (most recent call last):
    ...
    scra.errors.InputError: query:1:113: the query nests brackets 102 deep; at most 64 are allowed
    """
    deepest, at = nesting(text)
    if deepest > limit:
        from scra.errors import InputError

        line, column = position(text, at)
        raise InputError(
            f"the query nests brackets {deepest} deep; at most {limit} are allowed",
            source="query",
            line=line,
            column=column,
        )
