"""The report as one self-contained HTML page (the style sheet ``report.css`` inlined; no scripts, no
external assets), readable on a phone and printable."""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from scra.report.model import COVERED, MISSING, SECTIONS, VERDICTS, Entry, IndicatorView, Report, Standard
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


@lru_cache(maxsize=1)
def css() -> str:
    return (Path(__file__).resolve().parent / "report.css").read_text(encoding="utf-8")


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _standards(t: dict[str, str], standards: list[Standard]) -> str:
    items = []
    for why, group in std_groups(standards):
        names = "".join(
            f'<div class="sline"><span class="std">{h(s.identifier)}</span>'
            + (f' <span class="muted">{h(s.title)}</span>' if s.title and s.title != s.identifier else "")
            + f' <span class="stat{" unverified" if s.status == "scra:status-unknown" else ""}">'
            f"{h(status(s))}</span></div>"
            for s in group
        )
        items.append(f"<li>{names}" + (f'<div class="why">{h(why)}</div>' if why else "") + "</li>")
    return f'<details open><summary>{h(t["recommended"])}</summary><ul class="rec">{"".join(items)}</ul></details>'


def _details(t: dict[str, str], e: Entry) -> str:
    """The third cell of an entry's row: evidence, notes, findings, recommendations."""
    cell = []
    if e.evidence:
        cell.append(
            "<ul>"
            + "".join(
                f'<li>{h(x.label)}{h(more(x, t))} <span class="muted">({h(x.how)})</span></li>' for x in e.evidence
            )
            + "</ul>"
        )
    elif e.verdict == MISSING:
        cell.append(f'<div class="muted">{h(t["no_evidence"])}</div>')
    for n in e.notes:
        cell.append(f'<div class="note">⚠ {h(n)}</div>')
    for sev, focus, msgs in finding_groups(e.findings):
        if len(msgs) == 1:
            cell.append(
                f'<div class="finding">⚠ <b>{h(sev)}</b> · {h(focus)}{h(t["colon"])}'
                f'<span style="color:#1d2733">{h(msgs[0])}</span></div>'
            )
        else:
            cell.append(
                f'<div class="finding">⚠ <b>{h(sev)}</b> · {h(focus)}<ul>'
                + "".join(f"<li>{h(m)}</li>" for m in msgs)
                + "</ul></div>"
            )
    if e.recommended_standards:
        cell.append(_standards(t, e.recommended_standards))
    if e.indicators:
        cell.append(
            f'<div class="ind"><b>{h(t["indicators"])}:</b> {h(join(t, (i.label for i in e.indicators)))}</div>'
        )
    return "".join(cell)


def render(report: Report) -> str:
    t = words(report)
    city = report.city
    parts = [
        f'<!DOCTYPE html><html lang="{h(report.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(t['title'])}: {h(city.label)}</title><style>\n{css()}</style></head><body>",
        f'<h1>{h(t["title"])}: {h(city.label)}</h1><p class="muted">',
    ]
    facts = []
    if city.population is not None:
        facts.append(f"{h(t['population'])}: {city.population:,}")
    if city.types:
        facts.append(f"{h(t['types'])}: {h(join(t, (x.label for x in city.types)))}")
    parts.append(" · ".join(facts) + "</p>")
    parts.append(
        f"<h2>{h(t['summary'])}</h2><table><thead><tr><th></th>"
        + "".join(f'<th class="num {v}">{MARK[v]} {h(t[v])}</th>' for v in VERDICTS)
        + "</tr></thead><tbody>"
    )
    summary = report.summary
    for name in SECTIONS:
        s = summary[name]
        parts.append(f"<tr><td>{h(t[name])}</td>" + "".join(f'<td class="num">{s[v]}</td>' for v in VERDICTS) + "</tr>")
    parts.append(f'</tbody></table><p class="legend">{h(t["legend"])}</p>')
    for name in SECTIONS:
        parts.append(
            f'<h2>{h(t[name])}</h2><table class="gaps"><thead><tr class="head">'
            f'<th class="name">{h(t["col_" + name])}</th><th class="verdict">{h(t["status"])}</th>'
            f"<th>{h(t['details'])}</th></tr></thead><tbody>"
        )
        for e in report.section(name):
            parts.append(
                f'<tr><td class="name">{h(cap(e.label))}</td><td class="verdict">'
                f'<span class="badge {e.verdict}">{MARK[e.verdict]}&nbsp;{h(t[e.verdict])}</span>'
                f"</td><td>{_details(t, e)}</td></tr>"
            )
        parts.append("</tbody></table>")
    ic = report.indicator_coverage
    parts.append(f"<h2>{h(t['indicator_coverage'])}</h2><ul>")
    for use in ic.sets:
        cls = COVERED if use.used else MISSING
        parts.append(
            f'<li class="{cls}">{MARK[cls]} {h(use.label)}'
            + (f' <span class="muted">({h(join(t, (m.label for m in use.measures)))})</span>' if use.measures else "")
            + "</li>"
        )
    parts.append("</ul>")
    parts.append(f"<p>{h(t['unmeasured'])}: {h(join(t, (x.label for x in ic.services_unmeasured)) or t['none'])}</p>")
    if report.indicators is not None:
        parts += _indicators(report.indicators, t)
    parts.append(f"<h2>{h(t['sdgs'])}</h2><ul>")
    for sdg in report.sdgs:
        parts.append(f"<li>SDG {sdg.number} {h(sdg.label)}: {h(join(t, (c.label for c in sdg.contributors)))}</li>")
    if not report.sdgs:
        parts.append(f"<li>{h(t['none'])}</li>")
    parts.append("</ul>")
    v = report.validation
    parts.append(
        f"<h2>{h(t['validation'])}</h2><p>{h(t['conforms'] if v.conforms else t['does_not_conform'])}"
        f"{h(t['colon'])}" + h(counts(t, v.counts)) + "</p><ul>"
    )
    for r in v.top_results:
        parts.append(f"<li><b>{h(r.severity_label)}</b> {h(r.focus_label)}{h(t['colon'])}{h(r.message)}</li>")
    parts.append(f"</ul><footer>{h(t['generated'])}</footer></body></html>")
    return "\n".join(parts) + "\n"


def _indicators(view: IndicatorView, t: dict[str, str]) -> list[str]:
    """The indicator section: totals, one coverage table per grouping, the closest KPIs, the reports; KPI names
    link to a page of their source (the ITU publication page the KPI was read from)."""
    source = {k.iri: k.source for k in view.kpis}

    def kpi(iri: str, name: str) -> str:
        url = source.get(iri)
        return f'<a href="{h(url)}">{h(name)}</a>' if url else h(name)

    parts = [
        f"<h2>{h(t['kpi_section'])}</h2>",
        f'<p class="muted">{h(t["kpis_in_kg"].format(n=view.kpis_in_kg, total=view.kpis_in_source))}</p>',
    ]
    for key, rows in (
        ("by_dimension", view.by_dimension),
        ("by_category", view.by_category),
        ("by_domain", view.by_domain),
    ):
        parts.append(
            f"<h3>{h(t[key])}</h3><table><thead><tr><th>{h(t['col_group'])}</th>"
            + "".join(f'<th class="num">{h(t[k])}</th>' for k in COVERAGE_KEYS)
            + f'<th class="num">{h(t["total"])}</th></tr></thead><tbody>'
        )
        parts += [
            f"<tr><td>{h(cap(r.label))}</td>"
            + "".join(f'<td class="num">{r.counts[k]}</td>' for k in COVERAGE_KEYS)
            + f'<td class="num">{r.total}</td></tr>'
            for r in rows
        ]
        parts.append("</tbody></table>")
    parts.append(f"<h3>{h(t['closest'])}</h3><ul>")
    parts += [
        f'<li>{kpi(k.iri, kpi_name(k.notation, k.label))} <span class="muted">({k.provided}/{k.required})</span>'
        f" — {h(t['missing_data'])}{h(t['colon'])}{h(t['list_sep'].join(m.label for m in k.missing))}</li>"
        for k in view.closest
    ] or [f"<li>{h(t['none'])}</li>"]
    parts.append(f"</ul><h3>{h(t['kpi_reports'])}</h3><ul>")
    parts += [
        f'<li>{kpi(r.kpi.iri, r.kpi.label)} <span class="muted">({h(t["period"])} {h(r.period or "?")})</span>'
        + (f"{h(t['colon'])}{h(r.value)}{' ' + h(r.unit) if r.unit else ''}" if r.value is not None else "")
        + "</li>"
        for r in view.reports
    ] or [f"<li>{h(t['none'])}</li>"]
    parts.append("</ul>")
    return parts
