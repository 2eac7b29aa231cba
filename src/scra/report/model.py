"""The report as typed results: what :func:`scra.report.build.build_report` returns and the renderers read.

``to_dict()`` is the JSON form (the ``--format json`` output and the HTTP JSON body): field order is key
order, and a field marked ``optional`` is left out when it is None (e.g. an evidence ``count`` outside the
components section, ``recommended_standards`` of a covered entry).

    >>> Evidence("https://example.org/a", "a", "a service", ["a service"]).to_dict()
    {'iri': 'https://example.org/a', 'label': 'a', 'how': 'a service', 'via': ['a service']}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
VERDICTS = (COVERED, PARTIAL, MISSING)
SECTIONS = ("components", "function_groups", "aspects", "domains")


def optional(default: Any = None) -> Any:
    """A field left out of the JSON form while it is None."""
    return field(default=default, metadata={"optional": True})


def plain(value: Any) -> Any:
    """Dataclasses (recursively) as dicts in field order, optional None fields left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("optional") and getattr(value, f.name) is None)
        }
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


class _Plain:
    def to_dict(self) -> dict:
        return plain(self)


@dataclass
class Term(_Plain):
    iri: str
    label: str


@dataclass
class Evidence(_Plain):
    """A part of the description that counts as evidence; ``how`` in words, ``via`` the machine keys."""

    iri: str
    label: str
    how: str
    via: list[str]
    count: int | None = optional()  # components: how many parts of this kind (the first is shown)


@dataclass
class Finding(_Plain):
    """A validation result (violation or warning) about an entry."""

    severity: str
    severity_label: str
    focus_node: str
    focus_label: str
    message: str


@dataclass
class Standard(_Plain):
    """A recommended catalogue standard; ``source`` is the reporting shape (CURIE) or ``catalogue``."""

    iri: str
    identifier: str
    label: str
    title: str
    status: str
    status_label: str
    why: str
    source: str


@dataclass
class Indicator(_Plain):
    """An indicator set, theme or category that would measure progress."""

    iri: str
    label: str
    kind: str | None
    sets: list[str] | None = optional()  # domains: the indicator sets that use a theme or category


@dataclass
class Entry(_Plain):
    """One assessed element: a component, function group, aspect or domain, with its verdict."""

    iri: str
    label: str
    evidence: list[Evidence]
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    verdict: str = MISSING
    recommended_standards: list[Standard] | None = optional()  # gaps only (partial or missing)
    indicators: list[Indicator] | None = optional()


@dataclass
class City(_Plain):
    id: str
    iri: str | None
    label: str
    population: int | None = None
    types: list[Term] = field(default_factory=list)


@dataclass
class Beneficiary(_Plain):
    iri: str
    label: str
    non_resident: bool
    services: int


@dataclass
class IndicatorSetUse(_Plain):
    """An indicator set of the catalogue and what in the description it measures."""

    iri: str
    label: str
    used: bool
    measures: list[Term]


@dataclass
class IndicatorCoverage(_Plain):
    sets: list[IndicatorSetUse]
    services_unmeasured: list[Term]
    services_total: int


@dataclass
class Contributor(_Plain):
    iri: str
    label: str
    kind: str


@dataclass
class SDG(_Plain):
    iri: str
    number: int
    label: str
    contributors: list[Contributor]


@dataclass
class TopResult(_Plain):
    """One of the first validation results, as the validation summary shows it."""

    severity: str
    severity_label: str
    focus_node: str
    focus_label: str
    message: str
    shape: str | None
    aspect: list[str]
    ra_element: list[str]
    recommended_standards: list[str | None]  # identifiers


@dataclass
class ValidationSummary(_Plain):
    conforms: bool
    counts: dict[str, int]
    top_results: list[TopResult]


COVERAGES = ("reported", "computable", "not-computable", "unknown")  # of a KPI for a city (queries/kpi-coverage.rq)


@dataclass
class KpiStatus(_Plain):
    """One U4SSC KPI for a city: its coverage and the data requirements its data sets do not provide."""

    iri: str
    notation: str | None
    label: str
    coverage: str  # one of COVERAGES
    coverage_label: str
    dimension: Term
    category: Term | None
    domain: Term | None
    required: int
    provided: int
    missing: list[Term]
    source: str | None = None  # a page of the KPI's source (dcterms:source), for links


@dataclass
class CoverageRow(_Plain):
    """How many KPIs of a dimension, category or domain have each coverage (keys of COVERAGES, '-' as '_')."""

    iri: str | None
    label: str
    counts: dict[str, int]
    total: int


@dataclass
class KpiReport(_Plain):
    """A KPI the city reports (scra:IndicatorReport)."""

    iri: str
    kpi: Term
    period: str | None
    value: str | None
    unit: str | None


@dataclass
class IndicatorView(_Plain):
    """A city's indicator view: the coverage of the U4SSC KPIs in the knowledge graph (``kpis_in_kg`` of the
    ``kpis_in_source`` the sources name), per dimension, category and domain; the KPIs closest to computable
    (not computable, fewest missing data requirements, at least one provided); the city's KPI reports."""

    city_id: str
    kpis_in_kg: int
    kpis_in_source: int
    counts: dict[str, int]
    by_dimension: list[CoverageRow]
    by_category: list[CoverageRow]
    by_domain: list[CoverageRow]
    closest: list[KpiStatus]
    reports: list[KpiReport]
    kpis: list[KpiStatus]

    @property
    def has_data(self) -> bool:
        """Whether the city declares any indicator data (a report, or a data set providing a requirement)."""
        return bool(self.reports) or any(k.provided for k in self.kpis)


@dataclass
class Report(Mapping):
    """The gap analysis of one city. It also reads as its JSON form (``report["components"][0]["iri"]``),
    so callers written against the dict keep working."""

    city: City
    lang: str
    components: list[Entry]
    function_groups: list[Entry]
    aspects: list[Entry]
    domains: list[Entry]
    beneficiaries: list[Beneficiary]
    indicator_coverage: IndicatorCoverage
    sdgs: list[SDG]
    validation: ValidationSummary
    indicators: IndicatorView | None = optional()  # only when the city declares indicator data

    def section(self, name: str) -> list[Entry]:
        """The entries of one of :data:`SECTIONS`."""
        entries: list[Entry] = getattr(self, name)
        return entries

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Per section, how many entries have each verdict."""
        return {name: {v: sum(1 for e in self.section(name) if e.verdict == v) for v in VERDICTS} for name in SECTIONS}

    def to_dict(self) -> dict:
        data = plain(self)
        return {"city": data.pop("city"), "lang": data.pop("lang"), "summary": self.summary, **data}

    # -- the Mapping view over the JSON form
    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())
