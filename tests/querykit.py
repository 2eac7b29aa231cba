"""Helpers for the named-query and report tests (tests/queries)."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ("jp-midsize-city", "megacity-low-cost", "smart-village", "ai-video-surveillance")


def example_path(city_id: str) -> Path:
    return REPO / "examples" / f"{city_id}.ttl"


def table(store, name, **params):
    """Rows of a named query as tuples of compact strings (CURIEs, local names of example IRIs), in order."""
    from scra.queries import compact, run_rows

    variables, rows = run_rows(store, name, params)
    return [tuple(_short(compact(r.get(v))) if v in r else None for v in variables) for r in rows]


def _short(text: str) -> str:
    # example IRIs https://example.org/city/<town>#<local> -> <town>:<local>
    if text.startswith("https://example.org/city/") and "#" in text:
        town, local = text[len("https://example.org/city/"):].split("#", 1)
        return f"{town}:{local}"
    return text
