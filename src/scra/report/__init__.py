"""Gap analysis of a city's architecture description against the reference architectures.

    >>> from scra.report import report_for_file, format_report
    >>> data = report_for_file("examples/smart-village.ttl", lang="ja")   # run from the repository root
    >>> data.city.label, data.summary["function_groups"]
    ('Vila Serrana', {'covered': 0, 'partial': 0, 'missing': 8})
    >>> format_report(data, "md").splitlines()[0]
    '# ギャップ分析: Vila Serrana'

A :class:`~scra.report.model.Report` also reads as its JSON form (``data["components"][0]["verdict"]``).
Modules: :mod:`~scra.report.build` (evidence and verdicts), :mod:`~scra.report.model` (the typed results),
:mod:`~scra.report.labels` (words for people), :mod:`~scra.report.sparql` (the report's own queries),
:mod:`~scra.report.renderers` (one module per output format).

The evidence comes from the named queries (``queries/*.rq``) and the report's own (``report/sparql/*.rq``)
run on a store holding the knowledge graph and the city; the verdicts from the rules below; the validation
summary from :func:`scra.validation.validate`.

Coverage rules (the only place they are defined)
------------------------------------------------
Every verdict is ``covered``, ``partial`` or ``missing``.

**Japan SCRA components** (evidence: ``component-coverage.rq``: parts declared with ``scra:realisesElement``
and parts that realise the component by their kind; per kind of evidence the report shows the first part and
how many there are):

* missing: no evidence;
* partial: evidence, but a validation result (violation or warning) names the component as its
  reference architecture element, or the component-specific condition below fails;
* covered: otherwise.

Component-specific conditions: City OS — it provides all eight City OS function groups; User — the city's
services serve at least one non-resident group (worker, commuter, visitor, tourist, rural population),
since the IEC RA counts people working in or visiting the city among its primary beneficiaries; Smart City
strategy — at least one goal is measured by an indicator set (``scra:measuredBy``).

**City OS function groups** (evidence: ``function-group-coverage.rq``): covered when a ``scra:CityOS``
provides it; partial when only another system provides it; missing otherwise.

**Cross-cutting aspects** (all members of the aspects scheme). Evidence: goals, rules and assessments that
declare ``scra:addressesAspectInCity`` the aspect, plus the structural evidence of ``sparql/aspect-evidence.rq``
(e.g. an AI bias assessment for AI bias, an executed electricity continuity plan for resilience):

* missing: no evidence at all;
* partial: evidence, but validation reports a violation or warning for the aspect;
* covered: otherwise.

**Domains** (the top-level domains of the domain scheme, plus any domain the city's services are in):
covered when a service is in the domain (or a narrower one) and every such service is measured by an
indicator set (``scra:measuredBy``); partial when a service is in it but one is not measured, or a
validation violation/warning concerns one of its services; missing when no service is in it.

For each gap (partial or missing) the report lists the recommended catalogue standards with why — from
the shapes that reported on the city (``scra:recommendedStandard`` and the shape's explanation) and from the
catalogue links ``scra:servesElement`` / ``scra:addressesAspect`` / ``scra:servesDomain`` (with their
``scra:rationale``) — and their status (superseded and withdrawn editions are never recommended), and the
indicator sets, themes and categories that would measure progress.

**U4SSC KPIs** (only when the city declares indicator data — a ``scra:IndicatorReport`` or a data set that
``scra:providesData`` a data requirement; otherwise the section is absent, so the report of a city without
indicator data is unchanged): the coverage of each KPI by ``queries/kpi-coverage.rq`` — reported, computable
(every data requirement provided), not computable, or unknown (no data requirement sourced) — counted per
dimension, category and domain; the KPIs closest to computable are the not computable ones with at least one
data requirement provided, fewest missing first (at most five).
"""

from __future__ import annotations

import re
from pathlib import Path

from scra.report.build import build_indicator_view, build_report
from scra.report.model import COVERED, MISSING, PARTIAL, SECTIONS, VERDICTS, IndicatorView, Report
from scra.report.renderers import FORMATS, format_report
from scra.report.renderers.text import render_indicators

__all__ = [
    "build_report",
    "build_indicator_view",
    "report_for_city",
    "report_for_file",
    "render",
    "format_report",
    "render_indicators",
    "FORMATS",
    "Report",
    "IndicatorView",
    "COVERED",
    "PARTIAL",
    "MISSING",
    "VERDICTS",
    "SECTIONS",
]


def report_for_city(store, city_id: str, *, lang: str = "en") -> Report:
    """The report of a city in the store (validated as stored)."""
    return build_report(store, city_id, lang=lang)


def report_for_file(paths, *, lang: str = "en", city_id: str | None = None) -> Report:
    """The report of a description file (or files) without a store on disk: the KG, its closure and the
    city go into an in-memory pyoxigraph store. The description is parsed once, for the store and for
    validation."""
    from scra.queries import memory_store
    from scra.validation import validate
    from scra.validation.input import read_rdf_files

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    description = read_rdf_files(paths)
    city_id = city_id or _id_from_path(paths[0])
    store = memory_store({city_id: description})
    try:
        return build_report(store, city_id, lang=lang, validation=validate(description, lang=lang))
    finally:
        store.close()


def _id_from_path(path) -> str:
    stem = re.sub(r"[^a-z0-9-]+", "-", Path(path).stem.lower()).strip("-")
    return (stem or "city")[:64]


def render(store, city_id: str, *, lang: str = "en", fmt: str = "json"):
    """The report of a stored city: its JSON form (a dict) for ``fmt="json"``, else the rendered text
    (the HTTP service's API)."""
    data = build_report(store, city_id, lang=lang)
    return data.to_dict() if fmt == "json" else format_report(data, fmt)
