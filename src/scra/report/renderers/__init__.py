"""Rendering a report: one module per output format (text, markdown, html); JSON is the report's own
``to_dict()``. Shared rules are in :mod:`scra.report.renderers.common`."""

from __future__ import annotations

import json

from scra.report.model import Report
from scra.report.renderers import html, markdown, text

FORMATS = ("text", "json", "md", "html")
_RENDER = {"text": text.render, "md": markdown.render, "html": html.render}


def format_report(data: Report, fmt: str = "text") -> str:
    """Render a report as text, json, md or html."""
    if fmt == "json":
        return json.dumps(data.to_dict(), indent=2, ensure_ascii=False, default=str)
    if fmt not in _RENDER:
        raise ValueError(f"unknown report format '{fmt}' (one of: {', '.join(FORMATS)})")
    return _RENDER[fmt](data)
