"""Building the report: evidence from the store, verdicts by the rules of :mod:`scra.report`.

Each section is fetched with a fixed number of queries (the named queries of ``queries/`` and the
report's own in ``sparql/``), however many elements it has; the recommendations of a section's gaps come
from one query for all of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from scra import lang as langs
from scra.queries import run_rows
from scra.report import sparql
from scra.report.labels import Labels, clean, how, why
from scra.report.model import (
    COVERAGES,
    COVERED,
    MISSING,
    PARTIAL,
    SDG,
    Beneficiary,
    City,
    Contributor,
    CoverageRow,
    Entry,
    Evidence,
    Finding,
    Indicator,
    IndicatorCoverage,
    IndicatorSetUse,
    IndicatorView,
    KpiReport,
    KpiStatus,
    Report,
    Standard,
    Term,
    TopResult,
    ValidationSummary,
)
from scra.vocab import SCRA_NS, city_graph, city_node_query, compact

RETIRED = {SCRA_NS + "status-superseded", SCRA_NS + "status-withdrawn"}  # never recommended
ALL_FUNCTION_GROUPS = 8
U4SSC_KPIS_IN_SOURCE = 91  # "The U4SSC KPIs consist of 91 indicators" (scra:indset-u4ssc-kpis, its sources)
CLOSEST = 5  # KPIs shown as the closest to computable
CITY_OS, USER, STRATEGY = SCRA_NS + "jp-city-os", SCRA_NS + "jp-user", SCRA_NS + "jp-strategy"


def build_report(store, city_id: str, *, lang: str = "en", validation=None, description=None) -> Report:
    """The gap analysis of a stored city. ``validation`` is a ValidationReport (run on ``description``, or
    on the stored city graph, when not given)."""
    if validation is None and description is None:  # the result kept with the city, if still current
        from scra.validation import from_cache

        validation = from_cache(store.city_meta(city_id, "validation"), lang)
    if validation is None:
        from scra.validation import validate

        validation = validate(description if description is not None else store.get_city(city_id), lang=lang)
    return _Builder(store, city_id, lang, validation).report()


def build_indicator_view(store, city_id: str, *, lang: str = "en", labels: Labels | None = None) -> IndicatorView:
    """A stored city's indicator view, from the named query ``kpi-coverage`` and the city's KPI reports."""
    graph = city_graph(city_id)
    labels = labels or Labels(store, graph, lang)
    words = langs.section("report", lang)

    def term(iri: str | None) -> Term | None:
        return Term(iri, labels(iri)) if iri else None

    sources = {r["kpi"]: r["source"] for r in sparql.run(store, "kpi-sources")}
    kpis: dict[str, KpiStatus] = {}
    for r in run_rows(store, "kpi-coverage", {"city": city_id})[1]:
        k = kpis.get(r["kpi"])
        if k is None:
            k = kpis[r["kpi"]] = KpiStatus(
                r["kpi"],
                r.get("notation"),
                labels(r["kpi"]),
                r["coverage"],
                words[r["coverage"].replace("-", "_")],
                Term(r["dimension"], labels(r["dimension"])),
                term(r.get("category")),
                term(r.get("domain")),
                0,
                0,
                [],
                sources.get(r["kpi"]),
            )
        if r.get("requirement"):
            k.required += 1
            if r.get("provided"):
                k.provided += 1
            else:
                k.missing.append(Term(r["requirement"], labels(r["requirement"])))
    statuses = list(kpis.values())

    def rows(key) -> list[CoverageRow]:
        out: dict[str | None, CoverageRow] = {}
        for k in statuses:
            group = key(k)
            iri = group.iri if group else None
            row = out.get(iri)
            if row is None:
                row = out[iri] = CoverageRow(
                    iri, group.label if group else words["no_domain"], {c.replace("-", "_"): 0 for c in COVERAGES}, 0
                )
            row.counts[k.coverage.replace("-", "_")] += 1
            row.total += 1
        return list(out.values())

    closest = sorted(
        (k for k in statuses if k.coverage == "not-computable" and k.provided), key=lambda k: len(k.missing)
    )[:CLOSEST]  # stable: KPI order among equals
    reports = [
        KpiReport(
            r["r"],
            Term(r["kpi"], labels(r["kpi"])),
            None if r.get("period") is None else str(r["period"]),
            None if r.get("value") is None else str(r["value"]),
            r.get("unit"),
        )
        for r in sparql.run(store, "indicator-reports", city_graph=graph)
    ]
    counts = {c.replace("-", "_"): sum(1 for k in statuses if k.coverage == c) for c in COVERAGES}
    return IndicatorView(
        city_id,
        len(statuses),
        U4SSC_KPIS_IN_SOURCE,
        counts,
        rows(lambda k: k.dimension),
        rows(lambda k: k.category),
        rows(lambda k: k.domain),
        closest,
        reports,
        statuses,
    )


def _grouped(rows: list[dict], key: str) -> dict[str, list[dict]]:
    """Rows by the value of one variable, each group in query order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


class _Builder:
    """One report being built: the store, the city, the labels and the validation findings it draws on."""

    def __init__(self, store, city_id: str, lang: str, validation):
        self.store, self.city_id, self.lang, self.validation = store, city_id, lang, validation
        self.graph = city_graph(city_id)
        self.labels = Labels(store, self.graph, lang)
        self.words = langs.section("report", lang)
        self.findings = [r for r in validation.results if r.severity in ("violation", "warning")]
        # what several sections use
        self.all_sets = [r["s"] for r in self.query("indicator-sets")]
        self.beneficiary_rows = self.named("beneficiary-coverage", city=city_id)
        self.service_rows = self.query("city-services")
        self.measured: dict[str, bool] = {}  # service -> measured by an indicator set
        for r in self.service_rows:
            self.measured[r["s"]] = self.measured.get(r["s"], False) or "m" in r

    def named(self, name: str, **params) -> list[dict]:
        return run_rows(self.store, name, params)[1]

    def query(self, name: str, **values) -> list[dict]:
        """Rows of one of the report's own queries (``sparql/NAME.rq``) on this city."""
        return sparql.run(self.store, name, city_graph=self.graph, **values)

    # -- pieces
    def evidence(self, iri: str, key: str, count: int | None = None) -> Evidence:
        return Evidence(iri, self.labels(iri), how(key, self.lang), [key], count)

    def merged(self, items: list[Evidence]) -> list[Evidence]:
        """One line per part (and count): the ways it counts as evidence joined."""
        sep = self.words["how_sep"]
        out: dict[tuple, Evidence] = {}
        for item in items:
            key = (item.iri, 1 if item.count is None else item.count)
            if key in out:
                if item.how not in out[key].how.split(sep):
                    out[key].how += sep + item.how
                out[key].via += [v for v in item.via if v not in out[key].via]
            else:
                out[key] = replace(item, via=list(item.via))
        return list(out.values())

    def finding(self, f) -> Finding:
        return Finding(
            f.severity, self.words.get(f.severity, f.severity), f.focus_node, f.focus_label, clean(f.message)
        )

    def standard(self, iri: str, status: str | None, reason: str, source: str) -> Standard:
        return Standard(
            iri,
            self.labels.identifiers.get(iri, compact(iri)),
            self.labels(iri),
            self.labels.title(iri),
            compact(status) if status else "",
            self.labels(status) if status else "",
            reason,
            source,
        )

    def indicator(self, iri: str, kind: str | None = None) -> Indicator:
        return Indicator(iri, self.labels(iri), compact(kind) if kind else None)

    def recommend(self, catalogue_rows: list[dict], keys: set[str], finding_key: str) -> list[Standard]:
        """The standards for a gap: from the shapes that reported on it (a finding whose ``finding_key``
        names one of ``keys``), then from the catalogue; retired editions left out."""
        found: dict[str, Standard] = {}
        for f in self.findings:
            if keys & set(getattr(f, finding_key)):
                for s in f.recommended_standards:
                    status = s.get("status", "")
                    if SCRA_NS + status in RETIRED:
                        continue
                    found.setdefault(
                        s["iri"],
                        self.standard(
                            s["iri"],
                            SCRA_NS + status if status else None,
                            why(f.why) or clean(f.message),
                            compact(f.shape) if f.shape else "",
                        ),
                    )
        for r in catalogue_rows:
            if r.get("status") in RETIRED:
                continue
            found.setdefault(
                r["standard"], self.standard(r["standard"], r.get("status"), why(r.get("rationale")), "catalogue")
            )
        return sorted(found.values(), key=lambda s: s.identifier)

    # -- sections
    def city(self) -> City:
        node = next((r["c"] for r in self.store.query(city_node_query(self.graph)).rows() if "c" in r), None)
        city = City(self.city_id, node, self.labels(node) if node else self.city_id)
        if node:
            for r in self.query("city-facts", city=node):
                city.population = r.get("p")
                if r.get("t") and r["t"] not in [t.iri for t in city.types]:
                    city.types.append(Term(r["t"], self.labels(r["t"])))
            city.types.sort(key=lambda t: t.iri)
        return city

    def components_and_function_groups(self) -> tuple[list[Entry], list[Entry]]:
        fg_rows = self.named("function-group-coverage", city=self.city_id, lang=self.lang)
        city_os = {r["os"] for r in self.query("city-os")}
        provided_by_os = {r["function_group"] for r in fg_rows if r.get("covered") and r.get("provider") in city_os}
        provided_any = {r["function_group"] for r in fg_rows if r.get("covered")}
        components = self.components(provided_by_os)

        function_groups: dict[str, Entry] = {}
        for r in fg_rows:
            entry = function_groups.setdefault(r["function_group"], Entry(r["function_group"], r["label"], []))
            if r.get("provider"):
                entry.evidence.append(
                    self.evidence(r["provider"], "provides the function group (scra:providesFunctionGroup)")
                )
        for entry in function_groups.values():
            entry.evidence = self.merged(entry.evidence)
            entry.verdict = (
                COVERED if entry.iri in provided_by_os else PARTIAL if entry.iri in provided_any else MISSING
            )
            if entry.verdict != COVERED:
                entry.indicators = []

        gaps = [e for e in components + list(function_groups.values()) if e.verdict != COVERED]
        by_element = _grouped(self.query("standards-for-elements", elements=[e.iri for e in gaps]), "element")
        for entry in gaps:
            entry.recommended_standards = self.recommend(by_element.get(entry.iri, []), {entry.iri}, "ra_element")
        return components, list(function_groups.values())

    def components(self, provided_by_os: set[str]) -> list[Entry]:
        served_non_residents = [
            r["beneficiary"] for r in self.beneficiary_rows if r["non_resident"] and r["services"] > 0
        ]
        conditions = {  # component -> (condition holds, note when it does not)
            CITY_OS: (
                len(provided_by_os) == ALL_FUNCTION_GROUPS,
                self.words["fg_provided"].format(n=len(provided_by_os), total=ALL_FUNCTION_GROUPS),
            ),
            USER: (bool(served_non_residents), self.words["no_non_resident"]),
            STRATEGY: (sparql.ask(self.store, "measured-goals", city_graph=self.graph), self.words["no_goal_measured"]),
        }
        entries: dict[str, Entry] = {}
        for r in self.named("component-coverage", city=self.city_id, lang=self.lang):
            entry = entries.setdefault(r["component"], Entry(r["component"], r["label"], []))
            if r.get("how") and r.get("example"):
                entry.evidence.append(self.evidence(r["example"], r["how"], int(r.get("evidence_count", 1))))
        for entry in entries.values():
            entry.evidence = self.merged(entry.evidence)
            related = [f for f in self.findings if entry.iri in f.ra_element]
            condition_ok, note = conditions.get(entry.iri, (True, ""))
            if entry.evidence and not condition_ok:
                entry.notes.append(note)
            entry.findings = [self.finding(f) for f in related]
            entry.verdict = MISSING if not entry.evidence else PARTIAL if related or not condition_ok else COVERED
            if entry.verdict != COVERED:
                entry.indicators = (
                    [self.indicator(s, SCRA_NS + "IndicatorSet") for s in self.all_sets]
                    if entry.iri == STRATEGY
                    else []
                )
        return list(entries.values())

    def aspects(self) -> list[Entry]:
        evidence = _grouped(self.query("aspect-evidence"), "aspect")
        sets_by_aspect: dict[str, list[str]] = defaultdict(list)
        for r in self.query("indicator-sets-by-aspect"):
            if r["x"] not in sets_by_aspect[r["aspect"]]:
                sets_by_aspect[r["aspect"]].append(r["x"])
        entries = []
        for r in self.query("aspects"):
            iri = r["a"]
            found = [self.evidence(x["evidence"], x["how"]) for x in evidence.get(iri, [])]
            related = [f for f in self.findings if iri in f.aspect]
            entry = Entry(iri, self.labels(iri), self.merged(found), findings=[self.finding(f) for f in related])
            entry.verdict = MISSING if not found else PARTIAL if related else COVERED
            if entry.verdict != COVERED:
                entry.indicators = [self.indicator(x) for x in sets_by_aspect.get(iri, [])]
            entries.append(entry)
        gaps = [e for e in entries if e.verdict != COVERED]
        by_aspect = _grouped(self.query("standards-for-aspects", aspects=[e.iri for e in gaps]), "aspect")
        for entry in gaps:
            rows = [{"standard": x["standard"], "status": x["status"]} for x in by_aspect.get(entry.iri, [])]
            entry.recommended_standards = self.recommend(rows, {entry.iri}, "aspect")
        return entries

    def domains(self) -> list[Entry]:
        top_domains = [r["d"] for r in self.query("top-domains")]
        services_in: dict[str, set] = defaultdict(set)
        city_domains = set()
        for r in self.service_rows:
            services_in[r["top"]].add(r["s"])
            city_domains.add(r["d"])
        finding_nodes = {f.focus_node for f in self.findings}
        measured, sep = self.measured, self.words["list_sep"]
        entries = []
        for iri in top_domains + sorted(d for d in city_domains if d not in top_domains):
            services = sorted(services_in.get(iri, ()))
            entry = Entry(
                iri,
                self.labels(iri),
                [
                    self.evidence(s, "a service in the domain" + ("" if measured.get(s) else " (not measured)"))
                    for s in services
                ],
            )
            unmeasured = [s for s in services if not measured.get(s)]
            flagged = [s for s in services if s in finding_nodes]
            if unmeasured:
                entry.notes.append(self.words["not_measured_by"] + sep.join(self.labels(s) for s in unmeasured))
            if flagged:
                entry.notes.append(self.words["findings_on"] + sep.join(self.labels(s) for s in flagged))
            entry.verdict = MISSING if not services else PARTIAL if unmeasured or flagged else COVERED
            entries.append(entry)
        gaps = [e.iri for e in entries if e.verdict != COVERED]
        standards = _grouped(self.query("standards-for-domains", domains=gaps), "domain")
        indicators = _grouped(self.query("indicators-for-domains", domains=gaps), "about")
        for entry in entries:
            if entry.verdict != COVERED:
                entry.recommended_standards = self.recommend(standards.get(entry.iri, []), set(), "aspect")
                entry.indicators = self.domain_indicators(indicators.get(entry.iri, []))
        return entries

    def domain_indicators(self, rows: list[dict]) -> list[Indicator]:
        out: dict[str, Indicator] = {}
        for r in rows:
            if r["indicator"] not in out:
                item = self.indicator(r["indicator"], r["kind"])
                item.sets = sorted(
                    {x["indicator_set"] for x in rows if x["indicator"] == r["indicator"] and "indicator_set" in x}
                )
                out[r["indicator"]] = item
        return list(out.values())

    def indicator_coverage(self) -> IndicatorCoverage:
        used: dict[str, list[str]] = defaultdict(list)
        for r in self.query("measured-by"):
            used[r["i"]].append(r["x"])
        measured_parts = {x for xs in used.values() for x in xs}
        services = sorted({r["s"] for r in self.query("services")})
        return IndicatorCoverage(
            [
                IndicatorSetUse(s, self.labels(s), s in used, [Term(x, self.labels(x)) for x in used.get(s, [])])
                for s in self.all_sets
            ],
            [Term(s, self.labels(s)) for s in services if not self.measured.get(s) and s not in measured_parts],
            len(services),
        )

    def sdgs(self) -> list[SDG]:
        found: dict[str, SDG] = {}
        for r in self.named("city-sdgs", city=self.city_id):
            sdg = found.setdefault(r["sdg"], SDG(r["sdg"], int(r["number"]), self.labels(r["sdg"]), []))
            sdg.contributors.append(Contributor(r["contributor"], self.labels(r["contributor"]), compact(r["kind"])))
        return sorted(found.values(), key=lambda s: s.number)

    def validation_summary(self) -> ValidationSummary:
        v = self.validation
        return ValidationSummary(
            v.conforms,
            v.counts,
            [
                TopResult(
                    r.severity,
                    self.words.get(r.severity, r.severity),
                    r.focus_node,
                    r.focus_label,
                    clean(r.message),
                    r.shape,
                    list(r.aspect),
                    list(r.ra_element),
                    [s.get("identifier") for s in r.recommended_standards],
                )
                for r in v.results[:10]
            ],
        )

    def report(self) -> Report:
        city = self.city()
        components, function_groups = self.components_and_function_groups()
        return Report(
            city,
            self.lang,
            components,
            function_groups,
            self.aspects(),
            self.domains(),
            [
                Beneficiary(r["beneficiary"], self.labels(r["beneficiary"]), r["non_resident"], r["services"])
                for r in self.beneficiary_rows
            ],
            self.indicator_coverage(),
            self.sdgs(),
            self.validation_summary(),
            self.indicators(),
        )

    def indicators(self) -> IndicatorView | None:
        view = build_indicator_view(self.store, self.city_id, lang=self.lang, labels=self.labels)
        return view if view.has_data else None
