"""A city's indicator view (``scra indicators`` and ``GET /cities/{id}/indicators``): the coverage of the U4SSC
KPIs by what the city reports and the data its data sets provide, built by :func:`scra.report.build_indicator_view`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scra.errors import InputError
from scra.report import IndicatorView, build_indicator_view, render_indicators
from scra.store import Store

FORMATS = ("text", "json")


def indicator_view(store: Store, city_id: str, *, lang: str = "en") -> IndicatorView:
    """The indicator view of a city in ``store`` (the caller checks that the city exists)."""
    return build_indicator_view(store, city_id, lang=lang)


def indicator_view_for_file(paths: str | Path | list, *, lang: str = "en") -> IndicatorView:
    """The indicator view of a description file (or files), in an in-memory store with the knowledge graph."""
    from scra.queries import memory_store
    from scra.validation.input import read_rdf_files

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    city_id = (re.sub(r"[^a-z0-9-]+", "-", Path(paths[0]).stem.lower()).strip("-") or "city")[:64]
    store = memory_store({city_id: read_rdf_files(paths)})
    try:
        return build_indicator_view(store, city_id, lang=lang)
    finally:
        store.close()


def format_view(view: IndicatorView, fmt: str, *, lang: str = "en") -> str:
    """``view`` as text for people or as JSON (the HTTP body)."""
    if fmt == "json":
        return json.dumps(view.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        return render_indicators(view, lang)
    raise InputError(f"unknown format '{fmt}' (one of: {', '.join(FORMATS)})")
