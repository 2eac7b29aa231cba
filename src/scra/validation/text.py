"""The validation report as text for people, in English or Japanese (strings: messages/*.json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from scra.lang import section
from scra.validation.shapes import kg_closure
from scra.validation.terms import label, local

if TYPE_CHECKING:
    from scra.validation.result import ValidationReport, ValidationResult

_COLOURS = {"violation": "red", "warning": "yellow", "info": "cyan"}


def render_text(report: ValidationReport, color: bool = False) -> str:
    """Results grouped by the reference-architecture element or aspect they concern, then the verdict."""
    import click

    words = section("validation", report.lang)
    closure = kg_closure()

    def style(text, **kw):
        return click.style(text, **kw) if color else text

    groups: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        keys = r.ra_element or r.aspect
        title = (
            " / ".join(label(closure, URIRef(k), report.lang) or local(k) for k in keys) if keys else words["general"]
        )
        groups.setdefault(title, []).append(r)
    lines = []
    for title, results in groups.items():
        lines.append(style(f"== {title} ({len(results)})", bold=True))
        for r in results:
            tag = style(words[r.severity], fg=_COLOURS[r.severity], bold=True)
            lines.append(f"  {tag} {r.focus_label}: {r.message}")
            if r.value:
                lines.append(f"      {words['value']}: {label(closure, URIRef(r.value), report.lang) or r.value}")
            if r.why:
                lines.append(f"      {words['why']}: {r.why}")
            if r.recommended_standards:
                stds = ", ".join(
                    f"{s['identifier']}"
                    + (f" ({s['status']})" if s["status"] and s["status"] != "status-published" else "")
                    for s in r.recommended_standards
                )
                lines.append(f"      {words['fix']}: {stds}")
        lines.append("")
    counts = report.counts
    verdict = (
        style(words["ok"], fg="green", bold=True) if report.conforms else style(words["notok"], fg="red", bold=True)
    )
    lines.append(
        f"{verdict} — {counts['violation']} {words['violation'].lower()}, "
        f"{counts['warning']} {words['warning'].lower()}, {counts['info']} {words['info'].lower()}"
    )
    return "\n".join(lines)
