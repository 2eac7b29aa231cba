"""The report as Markdown (GitHub-flavoured tables), e.g. for an issue or a wiki page."""

from __future__ import annotations

from scra.report.model import COVERED, MISSING, PARTIAL, SECTIONS, IndicatorView, Report
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
    std_groups,
    words,
)


def esc(text: object) -> str:
    """Text that cannot break a table row."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    t = words(report)
    city = report.city
    out = [f"# {t['title']}: {esc(city.label)}", ""]
    if city.population is not None:
        out.append(f"- {t['population']}: {city.population:,}")
    if city.types:
        out.append(f"- {t['types']}: {esc(join(t, (x.label for x in city.types)))}")
    out += [
        "",
        f"## {t['summary']}",
        "",
        f"| | {t['covered']} | {t['partial']} | {t['missing']} |",
        "|---|---|---|---|",
    ]
    summary = report.summary
    for name in SECTIONS:
        s = summary[name]
        out.append(f"| {t[name]} | {s[COVERED]} | {s[PARTIAL]} | {s[MISSING]} |")
    out += ["", f"_{t['legend']}_"]
    for name in SECTIONS:
        out += ["", f"## {t[name]}", ""]
        for e in report.section(name):
            out.append(f"### {MARK[e.verdict]} {esc(cap(e.label))} — {t[e.verdict]}")
            out.append("")
            for x in e.evidence:
                out.append(f"- {t['evidence']}: {esc(x.label)}{more(x, t)} ({esc(x.how)})")
            for n in e.notes:
                out.append(f"- ⚠ {esc(n)}")
            for sev, focus, msgs in finding_groups(e.findings):
                out.append(f"- ⚠ **{esc(sev)}**: {esc(focus)}")
                out += [f"  - {esc(m)}" for m in msgs]
            if e.recommended_standards:
                out += ["", f"**{t['recommended']}**", ""]
                for why, group in std_groups(e.recommended_standards):
                    names = t["list_sep"].join(f"**{esc(s.identifier)}** ({esc(status(s))})" for s in group)
                    out.append(f"- {names}" + (f" — {esc(why)}" if why else ""))
            if e.indicators:
                out += ["", f"**{t['indicators']}**: " + esc(join(t, (i.label for i in e.indicators)))]
            out.append("")
    ic = report.indicator_coverage
    out += [f"## {t['indicator_coverage']}", ""]
    for use in ic.sets:
        out.append(f"- {'✔' if use.used else '✘'} {esc(use.label)}")
    out.append(f"- {t['unmeasured']}: " + (esc(join(t, (x.label for x in ic.services_unmeasured))) or t["none"]))
    if report.indicators is not None:
        out += [""] + _indicators(report.indicators, t)
    out += ["", f"## {t['sdgs']}", ""]
    for sdg in report.sdgs:
        out.append(f"- SDG {sdg.number} {esc(sdg.label)}: " + esc(join(t, (c.label for c in sdg.contributors))))
    v = report.validation
    out += [
        "",
        f"## {t['validation']}",
        "",
        f"{t['conforms'] if v.conforms else t['does_not_conform']}: " + counts(t, v.counts),
        "",
    ]
    for r in v.top_results:
        out.append(f"- **{esc(r.severity_label)}** {esc(r.focus_label)}: {esc(r.message)}")
    return "\n".join(out) + "\n"


def _indicators(view: IndicatorView, t: dict[str, str]) -> list[str]:
    source = {k.iri: k.source for k in view.kpis}

    def kpi(iri: str, name: str) -> str:  # linked to a page of the KPI's source
        url = source.get(iri)
        return f"[{esc(name)}]({url})" if url else esc(name)

    out = [f"## {t['kpi_section']}", "", t["kpis_in_kg"].format(n=view.kpis_in_kg, total=view.kpis_in_source), ""]
    for key, rows in (
        ("by_dimension", view.by_dimension),
        ("by_category", view.by_category),
        ("by_domain", view.by_domain),
    ):
        out += [
            f"### {t[key]}",
            "",
            f"| {t['col_group']} | " + " | ".join(t[k] for k in COVERAGE_KEYS) + f" | {t['total']} |",
            "|---" * (len(COVERAGE_KEYS) + 2) + "|",
        ]
        out += [
            f"| {esc(cap(r.label))} | " + " | ".join(str(r.counts[k]) for k in COVERAGE_KEYS) + f" | {r.total} |"
            for r in rows
        ]
        out.append("")
    out += [f"### {t['closest']}", ""]
    out += [
        f"- {kpi(k.iri, kpi_name(k.notation, k.label))} ({k.provided}/{k.required}) — {t['missing_data']}: "
        + esc(t["list_sep"].join(m.label for m in k.missing))
        for k in view.closest
    ] or [f"- {t['none']}"]
    out += ["", f"### {t['kpi_reports']}", ""]
    out += [
        f"- {kpi(r.kpi.iri, r.kpi.label)} ({t['period']} {esc(r.period or '?')})"
        + (f": {esc(r.value)}{' ' + esc(r.unit) if r.unit else ''}" if r.value is not None else "")
        for r in view.reports
    ] or [f"- {t['none']}"]
    return out
