"""Small helper for the service's own SELECTs (term pages, search): rows as plain Python values."""

from __future__ import annotations

from scra.store.results import json_term


def literal(text: str) -> str:
    """`text` as a SPARQL string literal, every special character escaped."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def rows(result) -> list[dict[str, dict]]:
    """SELECT solutions of a store QueryResult as SPARQL JSON terms [{var: {"type", "value", "xml:lang"?}}]
    (unbound left out)."""
    return [{name: json_term(term) for name, term in row.items()} for row in result.rows(terms=True)]
