"""The report as plain text for a terminal: each list cut after a few items."""

from __future__ import annotations

from scra import lang as langs
from scra.report.model import SECTIONS, VERDICTS, IndicatorView, Report
from scra.report.renderers.common import (
    COVERAGE_KEYS,
    MARK,
    cap,
    counts,
    finding_groups,
    join,
    kpi_name,
    more,
    status,
    uniq,
    words,
)

LIMIT = 6  # evidence and standards shown per entry
INDICATOR_LIMIT = 8


def _more(t: dict[str, str], n: int) -> str:
    return t["more"].format(n=n).lstrip("、")


def render(report: Report) -> str:
    t = words(report)
    city = report.city
    out = [f"{t['title']}: {city.label} ({city.id})"]
    if city.population is not None:
        out.append(f"  {t['population']}: {city.population:,}")
    if city.types:
        out.append(f"  {t['types']}: {join(t, (x.label for x in city.types))}")
    out.append("")
    out.append(t["summary"])
    summary = report.summary
    for name in SECTIONS:
        s = summary[name]
        out.append(f"  {t[name]}: " + t["list_sep"].join(f"{t[v]} {s[v]}" for v in VERDICTS))
    for name in SECTIONS:
        out.append("")
        out.append(t[name])
        for e in report.section(name):
            out.append(f"  {MARK[e.verdict]} {cap(e.label)} [{t[e.verdict]}]")
            for x in e.evidence[:LIMIT]:
                out.append(f"      {t['evidence']}: {x.label}{more(x, t)} — {x.how}")
            if len(e.evidence) > LIMIT:
                out.append(f"      … {_more(t, len(e.evidence) - LIMIT)}")
            for n in e.notes:
                out.append(f"      ! {n}")
            for sev, focus, msgs in finding_groups(e.findings):
                out.append(f"      ! {sev}: {focus}")
                out += [f"          - {m}" for m in msgs]
            standards = e.recommended_standards or []
            for std in standards[:LIMIT]:
                out.append(f"      → {std.identifier} ({status(std)})")
            if len(standards) > LIMIT:
                out.append(f"      → … {_more(t, len(standards) - LIMIT)}")
            if e.indicators:
                labels = uniq(i.label for i in e.indicators)
                out.append(
                    f"      {t['indicators']}: "
                    + t["list_sep"].join(labels[:INDICATOR_LIMIT])
                    + (f" … {_more(t, len(labels) - INDICATOR_LIMIT)}" if len(labels) > INDICATOR_LIMIT else "")
                )
    out.append("")
    out.append(t["indicator_coverage"])
    ic = report.indicator_coverage
    out.append(f"  {t['sets_used']}: " + (join(t, (u.label for u in ic.sets if u.used)) or t["none"]))
    out.append(f"  {t['unmeasured']}: " + (join(t, (x.label for x in ic.services_unmeasured)) or t["none"]))
    if report.indicators is not None:
        out.append("")
        out += indicator_lines(report.indicators, t)
    out.append("")
    out.append(t["sdgs"])
    for sdg in report.sdgs:
        out.append(f"  SDG {sdg.number} {sdg.label}: {len(uniq(c.iri for c in sdg.contributors))} {t['contributors']}")
    if not report.sdgs:
        out.append(f"  {t['none']}")
    out.append("")
    v = report.validation
    out.append(f"{t['validation']}: {t['conforms'] if v.conforms else t['does_not_conform']} ({counts(t, v.counts)})")
    for r in v.top_results:
        out.append(f"  {r.severity_label}: {r.focus_label}: {r.message}")
    return "\n".join(out) + "\n"


def indicator_lines(view: IndicatorView, t: dict[str, str]) -> list[str]:
    """The indicator view as lines: totals, the coverage tables, the closest KPIs, the reports."""
    out = [
        t["kpi_section"],
        "  " + t["kpis_in_kg"].format(n=view.kpis_in_kg, total=view.kpis_in_source),
        "  " + t["list_sep"].join(f"{t[k]} {view.counts[k]}" for k in COVERAGE_KEYS),
    ]
    for key, rows in (
        ("by_dimension", view.by_dimension),
        ("by_category", view.by_category),
        ("by_domain", view.by_domain),
    ):
        out.append(f"  {t[key]}")
        width = max(len(cap(r.label)) for r in rows) if rows else 0
        for r in rows:
            out.append(
                f"    {cap(r.label):<{width}}  "
                + t["list_sep"].join(f"{t[k]} {r.counts[k]}" for k in COVERAGE_KEYS if r.counts[k])
                + f" ({t['total']} {r.total})"
            )
    out.append(f"  {t['closest']}")
    for k in view.closest:
        out.append(
            f"    {kpi_name(k.notation, k.label)}: {k.provided}/{k.required}, {t['missing_data']}: "
            + t["list_sep"].join(m.label for m in k.missing)
        )
    if not view.closest:
        out.append(f"    {t['none']}")
    out.append(f"  {t['kpi_reports']}")
    for rep in view.reports:
        value = f" = {rep.value}{' ' + rep.unit if rep.unit else ''}" if rep.value is not None else ""
        out.append(f"    {rep.kpi.label} ({t['period']} {rep.period or '?'}){value}")
    if not view.reports:
        out.append(f"    {t['none']}")
    return out


def render_indicators(view: IndicatorView, lang: str) -> str:
    """The indicator view alone (``scra indicators``)."""
    return "\n".join(indicator_lines(view, langs.section("report", lang))) + "\n"
