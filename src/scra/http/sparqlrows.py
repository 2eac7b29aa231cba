"""Small helper for the service's own SELECTs (term pages, search): rows as plain Python values."""
from __future__ import annotations

import pyoxigraph as ox


def literal(text: str) -> str:
    """`text` as a SPARQL string literal, every special character escaped."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def _value(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        return {"type": "literal", "value": term.value, "lang": term.language or None}
    return {"type": "literal", "value": str(term), "lang": None}


def rows(result) -> list[dict[str, dict]]:
    """SELECT solutions of a store QueryResult as [{var: {"type", "value", "lang"}}] (unbound left out)."""
    return [{name: _value(term) for name, term in row.items()} for row in result.rows(terms=True)]
