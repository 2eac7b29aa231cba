"""Gap analysis of a city's architecture description against the reference architectures.

    >>> from scra.report import report_for_file, format_report
    >>> data = report_for_file("examples/smart-village.ttl", lang="ja")
    >>> print(format_report(data, "md"))

The evidence comes from the named queries (``queries/*.rq``) run on a store holding the knowledge graph
and the city; the verdicts from the rules below; the validation summary from :func:`scra.validation.validate`.

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
declare ``scra:addressesAspectInCity`` the aspect, plus the structural evidence of :data:`ASPECT_EVIDENCE`
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
"""
from __future__ import annotations

import functools
import html
import json
import re
from collections import defaultdict
from pathlib import Path

from scra.queries import SCRA_NS, compact, run_rows

KG_GRAPH = "https://w3id.org/scra/graph/kg"
COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
VERDICTS = (COVERED, PARTIAL, MISSING)
NON_RESIDENT = {SCRA_NS + n for n in ("beneficiary-worker", "beneficiary-commuter", "beneficiary-visitor",
                                      "beneficiary-tourist", "beneficiary-rural-population")}
RETIRED = {SCRA_NS + "status-superseded", SCRA_NS + "status-withdrawn"}
ALL_FUNCTION_GROUPS = 8

# aspect -> (SPARQL pattern on ?evidence inside the city graph, how it is shown)
ASPECT_EVIDENCE = {
    "aspect-resilience": ("?evidence a scra:ElectricityContinuityPlan ; scra:executedBy ?ecs .",
                          "an electricity continuity plan with its executing system"),
    "aspect-ai-bias": ("?evidence a scra:BiasAssessment .", "an AI bias assessment"),
    "aspect-ethics": ("?evidence a scra:EthicsReview .", "an ethics review"),
    "aspect-privacy": ("?evidence a scra:PrivacyImpactAssessment .", "a privacy impact assessment"),
    "aspect-security": ("?evidence a scra:Interface ; scra:authentication ?auth . "
                        "FILTER(!STRSTARTS(LCASE(STR(?auth)), \"none\"))", "an interface requiring authentication"),
    "aspect-interoperability": ("?evidence a scra:Interface ; scra:conformsTo ?std .",
                                "an interface conforming to a catalogue standard"),
    "aspect-inclusiveness": ("?evidence a scra:Service ; scra:serves ?group . VALUES ?group { "
                             + " ".join(f"<{g}>" for g in sorted(NON_RESIDENT)) + " }",
                             "a service serving non-residents"),
    "aspect-sustainability": ("?evidence a scra:StrategyGoal ; scra:contributesTo ?sdg .",
                              "a strategy goal contributing to an SDG"),
}

UI = {
    "en": {"title": "Gap analysis", "city": "City", "population": "Population", "types": "City types",
           "components": "Japan SCRA components", "function_groups": "City OS function groups",
           "aspects": "Cross-cutting aspects", "domains": "Domains", "evidence": "Evidence",
           "recommended": "Recommended standards", "indicators": "Indicators to measure progress",
           "indicator_coverage": "Indicator coverage", "sdgs": "SDG contribution",
           "validation": "Validation summary", "covered": "covered", "partial": "partial", "missing": "missing",
           "summary": "Summary", "why": "why", "status": "Status", "none": "none",
           "unmeasured": "Services measured by no indicator set", "sets_used": "Indicator sets used",
           "top_results": "Top results", "conforms": "conforms", "does_not_conform": "does not conform",
           "generated": "Generated by scra", "notes": "Notes", "contributors": "contributors",
           "col_components": "Component", "col_function_groups": "Function group", "col_aspects": "Aspect",
           "col_domains": "Domain", "details": "Evidence, findings and recommendations",
           "more": "and {n} more", "list_sep": ", ", "how_sep": "; ", "colon": ": ",
           "violation": "Violation", "warning": "Warning", "info": "Information",
           "fg_provided": "{n}/{total} City OS function groups provided",
           "no_non_resident": "no service serves a non-resident group",
           "no_goal_measured": "no goal is measured by an indicator set",
           "not_measured_by": "not measured by an indicator set: ",
           "findings_on": "validation findings on: ",
           "legend": "Covered: evidence found and nothing flagged. Partial: evidence found, but something is "
                     "missing or flagged. Missing: no evidence in the description.",
           "no_evidence": "No evidence in the description."},
    "ja": {"title": "ギャップ分析", "city": "都市", "population": "人口", "types": "都市類型",
           "components": "スマートシティリファレンスアーキテクチャの構成要素", "function_groups": "都市OSの機能群",
           "aspects": "横断的側面", "domains": "分野", "evidence": "根拠",
           "recommended": "推奨規格", "indicators": "進捗を測る指標",
           "indicator_coverage": "指標の網羅状況", "sdgs": "SDGsへの貢献",
           "validation": "検証結果の概要", "covered": "充足", "partial": "一部充足", "missing": "未充足",
           "summary": "概要", "why": "理由", "status": "状況", "none": "なし",
           "unmeasured": "指標セットで測定されていないサービス", "sets_used": "使用している指標セット",
           "top_results": "主な検出結果", "conforms": "適合", "does_not_conform": "不適合",
           "generated": "scra により作成", "notes": "注記", "contributors": "貢献要素",
           "col_components": "構成要素", "col_function_groups": "機能群", "col_aspects": "側面",
           "col_domains": "分野", "details": "根拠・指摘事項・推奨",
           "more": "、ほか{n}件", "list_sep": "、", "how_sep": "、", "colon": ":",
           "violation": "違反", "warning": "警告", "info": "情報",
           "fg_provided": "都市OSの機能群{total}のうち{n}を提供",
           "no_non_resident": "住民以外の利用者層に提供されるサービスがない",
           "no_goal_measured": "指標セットで測定されている目標がない",
           "not_measured_by": "指標セットで測定されていない:",
           "findings_on": "検証で指摘のあるサービス:",
           "legend": "充足:根拠があり、指摘事項なし。一部充足:根拠はあるが、不足または指摘事項がある。"
                     "未充足:記述に根拠がない。",
           "no_evidence": "記述に根拠がありません。"},
}

# how a piece of evidence counts (the machine key, as the queries and the rules above name it) -> wording
HOW = {
    "declared (scra:realisesElement)": ("declared in the description", "記述で宣言"),
    "a strategy goal": ("a strategy goal", "戦略目標"),
    "a rule or policy": ("a rule or policy", "ルール・方針"),
    "a service": ("a service", "サービス"),
    "a City OS": ("a City OS", "都市OS"),
    "an asset": ("an asset", "アセット"),
    "an organisation in the City OS operator role": ("an organisation in the City OS operator role",
                                                     "都市OS運営者の役割を担う組織"),
    "an organisation in the promotion organisation role": ("an organisation in the promotion organisation role",
                                                           "推進組織の役割を担う組織"),
    "an organisation in the service provider role": ("an organisation in the service provider role",
                                                     "サービス提供者の役割を担う組織"),
    "a service serving a beneficiary group": ("a service serving a beneficiary group", "利用者層に提供されるサービス"),
    "supports the City OS interoperability characteristic": ("supports the City OS interoperability characteristic",
                                                             "都市OSの相互運用性を支える"),
    "another city or system an interface connects to": ("another city or system an interface connects to",
                                                        "インターフェースで接続する他の都市・システム"),
    "provides the function group (scra:providesFunctionGroup)": ("provides the function group", "この機能群を提供"),
    "declares it (scra:addressesAspectInCity)": ("addressed by a goal, rule or assessment",
                                                 "目標・ルール・評価で取り組みを宣言"),
    "an electricity continuity plan with its executing system": (
        "an electricity continuity plan with its executing system", "実行システムのある電力継続計画"),
    "an AI bias assessment": ("an AI bias assessment", "AIバイアス評価"),
    "an ethics review": ("an ethics review", "倫理審査"),
    "a privacy impact assessment": ("a privacy impact assessment", "プライバシー影響評価"),
    "an interface requiring authentication": ("an interface requiring authentication", "認証を要するインターフェース"),
    "an interface conforming to a catalogue standard": ("an interface conforming to a catalogue standard",
                                                        "カタログの規格に準拠したインターフェース"),
    "a service serving non-residents": ("a service serving non-residents", "住民以外にも提供されるサービス"),
    "a strategy goal contributing to an SDG": ("a strategy goal contributing to an SDG", "SDGsに貢献する戦略目標"),
    "a service in the domain": ("a service in the domain", "この分野のサービス"),
    "a service in the domain (not measured)": ("a service in the domain, not measured by an indicator set",
                                               "この分野のサービス(指標で未測定)"),
}

# parenthesised vocabulary terms in shape messages, e.g. "(scra:cityos-fg-operation)"
_CURIE_ASIDE = re.compile(r"\s*[(（][^()（）]*\b(?:scra|scrash|sh|rdf|rdfs|owl|skos|dcterms):[^()（）]*[)）]")
# sentences meant for developers: they name the validation machinery or the vocabulary
_DEV_SENTENCE = re.compile(r"SHACL|SPARQL|\b(?:scra|scrash|sh):|\bnode shape|\bproperty shape|シェイプ", re.I)


@functools.lru_cache(maxsize=4096)  # the same shape texts come back for every finding
def _clean(text) -> str:
    """A message for people: parenthesised vocabulary terms removed."""
    text = _CURIE_ASIDE.sub("", str(text or ""))
    return re.sub(r"\s+([.。,、])", r"\1", text).strip()


@functools.lru_cache(maxsize=4096)
def _why(text) -> str:
    """Why a recommendation matters: the sentences of a shape comment or rationale that speak to people;
    sentences about the validation machinery or naming vocabulary terms are dropped."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=。)", str(text or "").strip()):
        sentence = sentence.strip()
        if sentence and not _DEV_SENTENCE.search(sentence):
            kept.append(sentence)
    return _clean(" ".join(kept)) if kept else ""


def _words(lang: str) -> dict:
    return UI.get(lang, UI["en"])


def _how(key: str, lang: str) -> str:
    found = HOW.get(key)
    return (found[1] if lang == "ja" else found[0]) if found else _clean(key)


# ---------------------------------------------------------------- labels

class Labels:
    """Labels of KG terms and city resources in the report language, falling back to English."""

    def __init__(self, store, city_graph: str, lang: str):
        self.lang = lang
        self._labels: dict[str, dict[str, str]] = defaultdict(dict)
        query = ("SELECT ?s ?l WHERE { GRAPH <%s> { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
        for graph in (KG_GRAPH, city_graph):
            for row in store.query(query % graph).rows(terms=True):
                lit = row["l"]
                self._labels[row["s"].value][lit.language or ""] = lit.value
        ids = ("SELECT ?s ?i WHERE { GRAPH <%s> { ?s <http://purl.org/dc/terms/identifier> ?i } }" % KG_GRAPH)
        self.identifiers = {r["s"]: r["i"] for r in store.query(ids).rows()}
        self._titles: dict[str, dict[str, str]] = defaultdict(dict)
        titles = ("SELECT ?s ?t WHERE { GRAPH <%s> { ?s <http://purl.org/dc/terms/title> ?t } }" % KG_GRAPH)
        for row in store.query(titles).rows(terms=True):
            self._titles[row["s"].value][row["t"].language or ""] = row["t"].value

    def title(self, iri) -> str:
        found = self._titles.get(str(iri), {})
        return found.get(self.lang) or found.get("en") or found.get("") or ""

    def __call__(self, iri) -> str:
        if iri is None:
            return ""
        found = self._labels.get(str(iri), {})
        return found.get(self.lang) or found.get("en") or found.get("") or compact(iri)


# ---------------------------------------------------------------- building the report

def build_report(store, city_id: str, *, lang: str = "en", validation=None, description=None) -> dict:
    """The gap analysis of a stored city as a JSON-ready dict. ``validation`` is a ValidationReport (run
    on ``description`` or the stored city graph when not given)."""
    from scra.store.base import city_graph as graph_of

    graph_iri = graph_of(city_id)
    labels = Labels(store, graph_iri, lang)
    if validation is None and description is None:  # the result kept with the city, if still current
        from scra.validation import from_cache

        validation = from_cache(store.city_meta(city_id, "validation"), lang)
    if validation is None:
        from scra.validation import validate

        if description is None:
            description = store.get_city(city_id)
        validation = validate(description, lang=lang)
    findings = [r for r in validation.results if r.severity in ("violation", "warning")]
    words = _words(lang)

    def rows(name, **params):
        return run_rows(store, name, params)[1]

    city_node = _city_node(store, graph_iri)
    city = {"id": city_id, "iri": city_node, "label": labels(city_node) if city_node else city_id,
            "population": None, "types": []}
    if city_node:
        for r in store.query("SELECT ?p ?t WHERE { GRAPH <%s> { <%s> <%spopulation> ?p OPTIONAL { <%s> <%scityType> ?t } } }"
                             % (graph_iri, city_node, SCRA_NS, city_node, SCRA_NS)).rows():
            city["population"] = r.get("p")
            if r.get("t") and r["t"] not in [t["iri"] for t in city["types"]]:
                city["types"].append({"iri": r["t"], "label": labels(r["t"])})
        city["types"].sort(key=lambda x: x["iri"])

    def ev(iri, how):
        return {"iri": iri, "label": labels(iri), "how": _how(how, lang), "via": [how]}

    def merged(items):
        """One line per part (and count): the ways it counts as evidence joined."""
        out: dict[tuple, dict] = {}
        for item in items:
            key = (item["iri"], item.get("count", 1))
            if key in out:
                if item["how"] not in out[key]["how"].split(words["how_sep"]):
                    out[key]["how"] += words["how_sep"] + item["how"]
                out[key]["via"] += [v for v in item["via"] if v not in out[key]["via"]]
            else:
                out[key] = dict(item, via=list(item["via"]))
        return list(out.values())

    def finding(f):
        return {"severity": f.severity, "severity_label": words.get(f.severity, f.severity),
                "focus_node": f.focus_node, "focus_label": f.focus_label, "message": _clean(f.message)}

    def standard(iri, status, why, source):
        return {"iri": iri, "identifier": labels.identifiers.get(iri, compact(iri)), "label": labels(iri),
                "title": labels.title(iri), "status": compact(status),
                "status_label": labels(status) if status else "", "why": why, "source": source}

    def recommend(kg_rows, key_rationale, element_keys: set[str], finding_key: str) -> list[dict]:
        found: dict[str, dict] = {}
        for f in findings:  # shapes that reported on this city
            if element_keys & set(getattr(f, finding_key)):
                for s in f.recommended_standards:
                    status = s.get("status", "")
                    if SCRA_NS + status in RETIRED:
                        continue
                    found.setdefault(s["iri"], standard(s["iri"], SCRA_NS + status if status else None,
                                                        _why(f.why) or _clean(f.message), compact(f.shape)))
        for r in kg_rows:
            if r.get("status") in RETIRED:
                continue
            found.setdefault(r["standard"], standard(r["standard"], r.get("status"), _why(r.get(key_rationale)),
                                                     "catalogue"))
        return sorted(found.values(), key=lambda s: s["identifier"])

    # -- indicators
    indicator_sets_by_aspect = defaultdict(list)
    for r in store.query("""SELECT ?aspect ?x WHERE { GRAPH <%s> { ?x <%saddressesAspect> ?aspect .
                             { ?x a <%sIndicatorSet> } UNION { ?x a <%sFramework> } UNION { ?x a <%sMaturityModel> } } }"""
                         % (KG_GRAPH, SCRA_NS, SCRA_NS, SCRA_NS, SCRA_NS)).rows():
        if r["x"] not in indicator_sets_by_aspect[r["aspect"]]:
            indicator_sets_by_aspect[r["aspect"]].append(r["x"])
    all_sets = [r["s"] for r in store.query(
        "SELECT ?s WHERE { GRAPH <%s> { ?s a <%sIndicatorSet> } } ORDER BY ?s" % (KG_GRAPH, SCRA_NS)).rows()]

    def indicator(iri, kind=None):
        return {"iri": iri, "label": labels(iri), "kind": compact(kind) if kind else None}

    def indicators_for_domain(domain):
        out, seen = [], set()
        for r in rows("indicators-for", about=domain):
            if r["indicator"] not in seen:
                seen.add(r["indicator"])
                item = indicator(r["indicator"], r["kind"])
                item["sets"] = sorted({x["indicator_set"] for x in rows("indicators-for", about=domain)
                                       if x["indicator"] == r["indicator"] and "indicator_set" in x})
                out.append(item)
        return out

    # -- components
    component_rows = rows("component-coverage", city=city_id, lang=lang)
    fg_rows = rows("function-group-coverage", city=city_id, lang=lang)
    provided_by_os = {r["function_group"] for r in fg_rows if r.get("covered")
                      and _is_a(store, graph_iri, r["provider"], "CityOS")}
    provided_any = {r["function_group"] for r in fg_rows if r.get("covered")}
    beneficiaries = rows("beneficiary-coverage", city=city_id)
    served_non_residents = [r["beneficiary"] for r in beneficiaries if r["non_resident"] and r["services"] > 0]
    measured_goals = _ask(store, "ASK { GRAPH <%s> { ?g a <%sStrategyGoal> ; <%smeasuredBy> ?i } }"
                          % (graph_iri, SCRA_NS, SCRA_NS))

    components = []
    by_component: dict[str, dict] = {}
    for r in component_rows:
        entry = by_component.get(r["component"])
        if entry is None:
            entry = {"iri": r["component"], "label": r["label"], "evidence": [], "notes": [], "findings": []}
            by_component[r["component"]] = entry
            components.append(entry)
        if r.get("how") and r.get("example"):
            item = ev(r["example"], r["how"])
            item["count"] = int(r.get("evidence_count", 1))
            entry["evidence"].append(item)
    for entry in components:
        entry["evidence"] = merged(entry["evidence"])
        iri = entry["iri"]
        related = [f for f in findings if iri in f.ra_element]
        condition_ok = True
        if iri == SCRA_NS + "jp-city-os" and entry["evidence"]:
            condition_ok = len(provided_by_os) == ALL_FUNCTION_GROUPS
            if not condition_ok:
                entry["notes"].append(words["fg_provided"].format(n=len(provided_by_os), total=ALL_FUNCTION_GROUPS))
        if iri == SCRA_NS + "jp-user" and entry["evidence"]:
            condition_ok = bool(served_non_residents)
            if not condition_ok:
                entry["notes"].append(words["no_non_resident"])
        if iri == SCRA_NS + "jp-strategy" and entry["evidence"]:
            condition_ok = measured_goals
            if not condition_ok:
                entry["notes"].append(words["no_goal_measured"])
        entry["findings"] = [finding(f) for f in related]
        entry["verdict"] = (MISSING if not entry["evidence"]
                            else PARTIAL if related or not condition_ok else COVERED)
        if entry["verdict"] != COVERED:
            entry["recommended_standards"] = recommend(rows("standards-for-element", element=iri), "rationale",
                                                       {iri}, "ra_element")
            entry["indicators"] = ([indicator(s, SCRA_NS + "IndicatorSet") for s in all_sets]
                                   if iri == SCRA_NS + "jp-strategy" else [])

    # -- function groups
    function_groups = []
    seen_fg: dict[str, dict] = {}
    for r in fg_rows:
        entry = seen_fg.get(r["function_group"])
        if entry is None:
            entry = {"iri": r["function_group"], "label": r["label"], "evidence": [], "notes": [], "findings": []}
            seen_fg[r["function_group"]] = entry
            function_groups.append(entry)
        if r.get("provider"):
            entry["evidence"].append(ev(r["provider"], "provides the function group (scra:providesFunctionGroup)"))
    for entry in function_groups:
        entry["evidence"] = merged(entry["evidence"])
        iri = entry["iri"]
        entry["verdict"] = (COVERED if iri in provided_by_os else PARTIAL if iri in provided_any else MISSING)
        if entry["verdict"] != COVERED:
            entry["recommended_standards"] = recommend(rows("standards-for-element", element=iri), "rationale",
                                                       {iri}, "ra_element")
            entry["indicators"] = []

    # -- aspects
    aspects = []
    aspect_rows = store.query("""SELECT ?a ?o WHERE { GRAPH <%s> { ?a a <%sAspect> OPTIONAL { ?a <%sorderIndex> ?o } } }
                                 ORDER BY ?o ?a""" % (KG_GRAPH, SCRA_NS, SCRA_NS)).rows()
    for r in aspect_rows:
        iri = r["a"]
        evidence = [ev(x["e"], "declares it (scra:addressesAspectInCity)") for x in store.query(
            "SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?e <%saddressesAspectInCity> <%s> } } ORDER BY ?e"
            % (graph_iri, SCRA_NS, iri)).rows()]
        local = iri[len(SCRA_NS):]
        if local in ASPECT_EVIDENCE:
            pattern, how = ASPECT_EVIDENCE[local]
            q = ("PREFIX scra: <%s> SELECT DISTINCT ?evidence WHERE { GRAPH <%s> { %s } } ORDER BY ?evidence"
                 % (SCRA_NS, graph_iri, pattern))
            evidence += [ev(x["evidence"], how) for x in store.query(q).rows()]
        related = [f for f in findings if iri in f.aspect]
        entry = {"iri": iri, "label": labels(iri), "evidence": merged(evidence), "notes": [],
                 "findings": [finding(f) for f in related]}
        entry["verdict"] = MISSING if not evidence else PARTIAL if related else COVERED
        if entry["verdict"] != COVERED:
            std_rows = [{"standard": x["standard"], "status": x["status"], "rationale": ""}
                        for x in rows("standards-for-aspect", aspect=iri)]
            entry["recommended_standards"] = recommend(std_rows, "rationale", {iri}, "aspect")
            entry["indicators"] = [indicator(x) for x in indicator_sets_by_aspect.get(iri, [])]
        aspects.append(entry)

    # -- domains
    top_domains = [r["d"] for r in store.query(
        """SELECT ?d WHERE { GRAPH <%s> { ?d a <%sDomain> FILTER NOT EXISTS { ?d <http://www.w3.org/2004/02/skos/core#broader> ?b } } }
           ORDER BY ?d""" % (KG_GRAPH, SCRA_NS)).rows()]
    service_rows = store.query("""SELECT ?s ?d ?top ?m WHERE { GRAPH <%s> { ?s a <%sService> ; <%sinDomain> ?d
                                   OPTIONAL { ?s <%smeasuredBy> ?m } }
                                   GRAPH <%s> { ?d <http://www.w3.org/2004/02/skos/core#broader>* ?top } }"""
                               % (graph_iri, SCRA_NS, SCRA_NS, SCRA_NS, KG_GRAPH)).rows()
    services_in: dict[str, set] = defaultdict(set)
    measured: dict[str, bool] = {}
    city_domains = set()
    for r in service_rows:
        services_in[r["top"]].add(r["s"])
        city_domains.add(r["d"])
        measured[r["s"]] = measured.get(r["s"], False) or "m" in r
    finding_nodes = {f.focus_node for f in findings}
    domains = []
    for iri in top_domains + sorted(d for d in city_domains if d not in top_domains):
        services = sorted(services_in.get(iri, ()))
        entry = {"iri": iri, "label": labels(iri),
                 "evidence": [ev(s, "a service in the domain" + ("" if measured.get(s) else " (not measured)"))
                              for s in services], "notes": [], "findings": []}
        unmeasured = [s for s in services if not measured.get(s)]
        flagged = [s for s in services if s in finding_nodes]
        if unmeasured:
            entry["notes"].append(words["not_measured_by"] + words["list_sep"].join(labels(s) for s in unmeasured))
        if flagged:
            entry["notes"].append(words["findings_on"] + words["list_sep"].join(labels(s) for s in flagged))
        entry["verdict"] = MISSING if not services else PARTIAL if unmeasured or flagged else COVERED
        if entry["verdict"] != COVERED:
            entry["recommended_standards"] = recommend(rows("standards-for-domain", domain=iri), "rationale",
                                                       set(), "aspect")
            entry["indicators"] = indicators_for_domain(iri)
        domains.append(entry)

    # -- indicator coverage and SDGs
    used_sets = defaultdict(list)
    for r in store.query("SELECT ?x ?i WHERE { GRAPH <%s> { ?x <%smeasuredBy> ?i } } ORDER BY ?i ?x"
                         % (graph_iri, SCRA_NS)).rows():
        used_sets[r["i"]].append(r["x"])
    services_all = sorted({r["s"] for r in store.query("SELECT ?s WHERE { GRAPH <%s> { ?s a <%sService> } }"
                                                       % (graph_iri, SCRA_NS)).rows()})
    indicator_coverage = {
        "sets": [{"iri": s, "label": labels(s), "used": s in used_sets,
                  "measures": [{"iri": x, "label": labels(x)} for x in used_sets.get(s, [])]} for s in all_sets],
        "services_unmeasured": [{"iri": s, "label": labels(s)} for s in services_all if not measured.get(s)
                                and s not in {x for xs in used_sets.values() for x in xs}],
        "services_total": len(services_all),
    }
    sdg_map: dict[str, dict] = {}
    for r in rows("city-sdgs", city=city_id):
        entry = sdg_map.setdefault(r["sdg"], {"iri": r["sdg"], "number": int(r["number"]), "label": labels(r["sdg"]),
                                              "contributors": []})
        entry["contributors"].append({"iri": r["contributor"], "label": labels(r["contributor"]),
                                      "kind": compact(r["kind"])})
    sdgs = sorted(sdg_map.values(), key=lambda s: s["number"])

    validation_summary = {"conforms": validation.conforms, "counts": validation.counts,
                          "top_results": [_result_dict(r, words) for r in validation.results[:10]]}

    sections = {"components": components, "function_groups": function_groups, "aspects": aspects,
                "domains": domains}
    summary = {name: {v: sum(1 for e in entries if e["verdict"] == v) for v in VERDICTS}
               for name, entries in sections.items()}
    return {"city": city, "lang": lang, "summary": summary, **sections,
            "beneficiaries": [{"iri": r["beneficiary"], "label": labels(r["beneficiary"]),
                               "non_resident": r["non_resident"], "services": r["services"]} for r in beneficiaries],
            "indicator_coverage": indicator_coverage, "sdgs": sdgs, "validation": validation_summary}


def _result_dict(r, words) -> dict:
    return {"severity": r.severity, "severity_label": words.get(r.severity, r.severity), "focus_node": r.focus_node,
            "focus_label": r.focus_label, "message": _clean(r.message), "shape": r.shape, "aspect": r.aspect, "ra_element": r.ra_element,
            "recommended_standards": [s.get("identifier") for s in r.recommended_standards]}


def _ask(store, query: str) -> bool:
    return bool(store.query(query).boolean)


def _is_a(store, graph_iri: str, iri: str | None, cls: str) -> bool:
    if not iri:
        return False
    return _ask(store, "ASK { GRAPH <%s> { <%s> a <%s%s> } }" % (graph_iri, iri, SCRA_NS, cls))


def _city_node(store, graph_iri: str) -> str | None:
    from scra.queries import _city_node as find

    return find(store, graph_iri)


# ---------------------------------------------------------------- entry points

def report_for_city(store, city_id: str, *, lang: str = "en") -> dict:
    return build_report(store, city_id, lang=lang)


def report_for_file(paths, *, lang: str = "en", city_id: str | None = None) -> dict:
    """Gap analysis of a description file (or files) without a store on disk: the KG, its closure and the
    city go into an in-memory pyoxigraph store."""
    from scra.queries import _as_graph, memory_store
    from scra.validation import validate

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    description = _as_graph(paths)
    city_id = city_id or _id_from_path(paths[0])
    store = memory_store({city_id: description})
    try:
        return build_report(store, city_id, lang=lang, validation=validate(description, lang=lang))
    finally:
        store.close()


def _id_from_path(path) -> str:
    import re

    stem = re.sub(r"[^a-z0-9-]+", "-", Path(path).stem.lower()).strip("-")
    return (stem or "city")[:64]


# ---------------------------------------------------------------- rendering

FORMATS = ("text", "json", "md", "html")


def render(store, city_id: str, *, lang: str = "en", fmt: str = "json"):
    """The report of a stored city: a dict for ``fmt="json"``, else the rendered text (HTTP service API)."""
    data = build_report(store, city_id, lang=lang)
    return data if fmt == "json" else format_report(data, fmt)


def format_report(data: dict, fmt: str = "text") -> str:
    """Render a report dict as text, json, md or html."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=str)
    if fmt == "md":
        return _markdown(data)
    if fmt == "html":
        return _html(data)
    if fmt == "text":
        return _text(data)
    raise ValueError(f"unknown report format '{fmt}' (one of: {', '.join(FORMATS)})")


_SECTIONS = ("components", "function_groups", "aspects", "domains")
_MARK = {COVERED: "✔", PARTIAL: "◐", MISSING: "✘"}
_TEXT_LIMIT = 6


def _t(data):
    return _words(data.get("lang"))


def _cap(text) -> str:
    """Labels in the KG are lower case on purpose; a name standing alone starts with a capital."""
    text = str(text)
    return text[:1].upper() + text[1:]


def _uniq(items) -> list:
    """Labels without repeats ("Safety, Safety" from two indicator sets; also differing only in case)."""
    seen, out = set(), []
    for x in items:
        key = str(x).casefold()
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _join(t, labels) -> str:
    return t["list_sep"].join(_uniq(labels))


def _more(x, t) -> str:
    """' and 2 more' when a kind of evidence has more parts than the one shown."""
    n = x.get("count", 1)
    more = t["more"].format(n=n - 1)
    return ("" if more.startswith("、") else " ") + more if n > 1 else ""


def _status(s) -> str:
    return s.get("status_label") or compact(s.get("status")) or ""


def _std_name(s) -> str:
    return s["identifier"] + (f" — {s['title']}" if s.get("title") and s["title"] != s["identifier"] else "")


def _std_groups(standards) -> list[tuple[str, list[dict]]]:
    """Recommended standards grouped by their explanation, so that one reason is said once."""
    groups: dict[str, list[dict]] = {}
    for s in standards:
        groups.setdefault(s.get("why") or "", []).append(s)
    return sorted(groups.items(), key=lambda g: not g[0])  # the standards given without a reason last


def _finding_groups(findings) -> list[tuple[str, str, list[str]]]:
    """Validation findings grouped by severity and the part they are about."""
    groups: dict[tuple, list[str]] = {}
    for f in findings:
        groups.setdefault((f["severity_label"], f["focus_label"]), [])
        if f["message"] not in groups[(f["severity_label"], f["focus_label"])]:
            groups[(f["severity_label"], f["focus_label"])].append(f["message"])
    return [(sev, focus, msgs) for (sev, focus), msgs in groups.items()]


def _counts(t, counts) -> str:
    return t["list_sep"].join(f"{t.get(k, k)} {n}" for k, n in counts.items())


def _text(data: dict) -> str:
    t = _t(data)
    city = data["city"]
    out = [f"{t['title']}: {city['label']} ({city['id']})"]
    if city.get("population") is not None:
        out.append(f"  {t['population']}: {city['population']:,}")
    if city.get("types"):
        out.append(f"  {t['types']}: {_join(t, (x['label'] for x in city['types']))}")
    out.append("")
    out.append(t["summary"])
    for name in _SECTIONS:
        s = data["summary"][name]
        out.append(f"  {t[name]}: " + t["list_sep"].join(f"{t[v]} {s[v]}" for v in VERDICTS))
    for name in _SECTIONS:
        out.append("")
        out.append(t[name])
        for e in data[name]:
            out.append(f"  {_MARK[e['verdict']]} {_cap(e['label'])} [{t[e['verdict']]}]")
            for x in e["evidence"][:_TEXT_LIMIT]:
                out.append(f"      {t['evidence']}: {x['label']}{_more(x, t)} — {x['how']}")
            if len(e["evidence"]) > _TEXT_LIMIT:
                out.append(f"      … {t['more'].format(n=len(e['evidence']) - _TEXT_LIMIT).lstrip('、')}")
            for n in e.get("notes", []):
                out.append(f"      ! {n}")
            for sev, focus, msgs in _finding_groups(e.get("findings", [])):
                out.append(f"      ! {sev}: {focus}")
                out += [f"          - {m}" for m in msgs]
            standards = e.get("recommended_standards", [])
            for s in standards[:_TEXT_LIMIT]:
                out.append(f"      → {s['identifier']} ({_status(s)})")
            if len(standards) > _TEXT_LIMIT:
                out.append(f"      → … {t['more'].format(n=len(standards) - _TEXT_LIMIT).lstrip('、')}")
            if e.get("indicators"):
                labels = _uniq(i["label"] for i in e["indicators"])
                out.append(f"      {t['indicators']}: " + t["list_sep"].join(labels[:8])
                           + (f" … {t['more'].format(n=len(labels) - 8).lstrip('、')}" if len(labels) > 8 else ""))
    out.append("")
    out.append(t["indicator_coverage"])
    ic = data["indicator_coverage"]
    out.append(f"  {t['sets_used']}: " + (_join(t, (s["label"] for s in ic["sets"] if s["used"])) or t["none"]))
    out.append(f"  {t['unmeasured']}: " + (_join(t, (s["label"] for s in ic["services_unmeasured"])) or t["none"]))
    out.append("")
    out.append(t["sdgs"])
    for s in data["sdgs"]:
        out.append(f"  SDG {s['number']} {s['label']}: {len(_uniq(c['iri'] for c in s['contributors']))} {t['contributors']}")
    if not data["sdgs"]:
        out.append(f"  {t['none']}")
    out.append("")
    v = data["validation"]
    out.append(f"{t['validation']}: {t['conforms'] if v['conforms'] else t['does_not_conform']} "
               f"({_counts(t, v['counts'])})")
    for r in v["top_results"]:
        out.append(f"  {r.get('severity_label', r['severity'])}: {r['focus_label']}: {r['message']}")
    return "\n".join(out) + "\n"


def _md_escape(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(data: dict) -> str:
    t = _t(data)
    city = data["city"]
    out = [f"# {t['title']}: {_md_escape(city['label'])}", ""]
    if city.get("population") is not None:
        out.append(f"- {t['population']}: {city['population']:,}")
    if city.get("types"):
        out.append(f"- {t['types']}: {_md_escape(_join(t, (x['label'] for x in city['types'])))}")
    out += ["", f"## {t['summary']}", "", f"| | {t['covered']} | {t['partial']} | {t['missing']} |", "|---|---|---|---|"]
    for name in _SECTIONS:
        s = data["summary"][name]
        out.append(f"| {t[name]} | {s[COVERED]} | {s[PARTIAL]} | {s[MISSING]} |")
    out += ["", f"_{t['legend']}_"]
    for name in _SECTIONS:
        out += ["", f"## {t[name]}", ""]
        for e in data[name]:
            out.append(f"### {_MARK[e['verdict']]} {_md_escape(_cap(e['label']))} — {t[e['verdict']]}")
            out.append("")
            for x in e["evidence"]:
                out.append(f"- {t['evidence']}: {_md_escape(x['label'])}{_more(x, t)} ({_md_escape(x['how'])})")
            for n in e.get("notes", []):
                out.append(f"- ⚠ {_md_escape(n)}")
            for sev, focus, msgs in _finding_groups(e.get("findings", [])):
                out.append(f"- ⚠ **{_md_escape(sev)}**: {_md_escape(focus)}")
                out += [f"  - {_md_escape(m)}" for m in msgs]
            if e.get("recommended_standards"):
                out += ["", f"**{t['recommended']}**", ""]
                for why, group in _std_groups(e["recommended_standards"]):
                    names = t["list_sep"].join(f"**{_md_escape(s['identifier'])}** ({_md_escape(_status(s))})"
                                               for s in group)
                    out.append(f"- {names}" + (f" — {_md_escape(why)}" if why else ""))
            if e.get("indicators"):
                out += ["", f"**{t['indicators']}**: " + _md_escape(_join(t, (i["label"] for i in e["indicators"])))]
            out.append("")
    ic = data["indicator_coverage"]
    out += [f"## {t['indicator_coverage']}", ""]
    for s in ic["sets"]:
        out.append(f"- {'✔' if s['used'] else '✘'} {_md_escape(s['label'])}")
    out.append(f"- {t['unmeasured']}: " + (_md_escape(_join(t, (s["label"] for s in ic["services_unmeasured"])))
                                           or t["none"]))
    out += ["", f"## {t['sdgs']}", ""]
    for s in data["sdgs"]:
        out.append(f"- SDG {s['number']} {_md_escape(s['label'])}: "
                   + _md_escape(_join(t, (c["label"] for c in s["contributors"]))))
    v = data["validation"]
    out += ["", f"## {t['validation']}", "",
            f"{t['conforms'] if v['conforms'] else t['does_not_conform']}: " + _counts(t, v["counts"]), ""]
    for r in v["top_results"]:
        out.append(f"- **{_md_escape(r.get('severity_label', r['severity']))}** {_md_escape(r['focus_label'])}: "
                   f"{_md_escape(r['message'])}")
    return "\n".join(out) + "\n"


_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;max-width:62rem;
margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5;overflow-wrap:break-word}
h1{border-bottom:3px solid #1d6fb8;padding-bottom:.3rem;font-size:1.8rem}
h2{margin-top:2.2rem;color:#1d6fb8;font-size:1.35rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ccd5df;padding:.4rem .55rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.num,th.num{text-align:center;font-variant-numeric:tabular-nums}th.num{white-space:nowrap}
.gaps th.name{width:24%}.gaps th.verdict,.gaps td.verdict{min-width:8rem;width:9rem}
.covered{color:#1a7f37}.partial{color:#8a5a00}.missing{color:#cf222e}
.badge{display:inline-block;white-space:nowrap;border-radius:.8rem;padding:.05rem .6rem;font-size:.85em;
font-weight:600;border:1px solid}
.badge.covered{background:#e6f6ea}.badge.partial{background:#fff5cc}.badge.missing{background:#ffebe9}
.legend{font-size:.9em;color:#57606a}
ul{margin:.2rem 0;padding-left:1.2rem}.muted{color:#57606a;font-size:.9em}
.note,.finding{color:#8a5a00;margin:.3rem 0}.finding ul{color:#1d2733}
details{margin:.4rem 0 .2rem 0}summary{cursor:pointer;font-weight:600}
.rec li{margin:.15rem 0 .5rem 0}.sline+.sline{margin-top:.1rem}.std{font-weight:600}
.stat{display:inline-block;white-space:nowrap;font-size:.8em;border:1px solid #ccd5df;border-radius:.3rem;
padding:0 .35rem;color:#57606a}.stat.unverified{border-color:#d4a72c;color:#8a5a00}
.why{color:#3d4752;font-size:.92em;margin-top:.15rem}
.ind{margin-top:.4rem}
footer{margin-top:3rem;color:#57606a;font-size:.85em}
@media (max-width:40rem){
body{margin:1rem auto;font-size:15px}h1{font-size:1.45rem}th.num{font-size:.8em;padding:.3rem .25rem}
.gaps,.gaps tbody,.gaps tr,.gaps td{display:block;width:auto}.gaps tr.head{display:none}
.gaps tr{border:1px solid #ccd5df;border-radius:.4rem;margin:.7rem 0;padding:.3rem .2rem}
.gaps td{border:none;padding:.2rem .5rem}.gaps td.name{font-weight:600;font-size:1.05em}
.gaps td.verdict{width:auto;min-width:0}}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}
h1{font-size:16pt}h2{font-size:13pt;break-after:avoid;page-break-after:avoid}
tr,li,.finding{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
summary{list-style:none}summary::-webkit-details-marker{display:none}
.badge,.stat{-webkit-print-color-adjust:exact;print-color-adjust:exact}
footer{margin-top:1rem}}
"""


def _h(text) -> str:
    return html.escape(str(text), quote=True)


def _html_standards(t, standards) -> str:
    items = []
    for why, group in _std_groups(standards):
        names = "".join(
            f"<div class=\"sline\"><span class=\"std\">{_h(s['identifier'])}</span>"
            + (f" <span class=\"muted\">{_h(s['title'])}</span>" if s.get("title") and s["title"] != s["identifier"] else "")
            + f" <span class=\"stat{' unverified' if s.get('status') == 'scra:status-unknown' else ''}\">"
              f"{_h(_status(s))}</span></div>"
            for s in group)
        items.append(f"<li>{names}" + (f"<div class=\"why\">{_h(why)}</div>" if why else "") + "</li>")
    return (f"<details open><summary>{_h(t['recommended'])}</summary>"
            f"<ul class=\"rec\">{''.join(items)}</ul></details>")


def _html(data: dict) -> str:
    t = _t(data)
    city = data["city"]
    lang = data.get("lang", "en")
    parts = [f"<!DOCTYPE html><html lang=\"{_h(lang)}\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             f"<title>{_h(t['title'])}: {_h(city['label'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_h(t['title'])}: {_h(city['label'])}</h1><p class=\"muted\">"]
    facts = []
    if city.get("population") is not None:
        facts.append(f"{_h(t['population'])}: {city['population']:,}")
    if city.get("types"):
        facts.append(f"{_h(t['types'])}: {_h(_join(t, (x['label'] for x in city['types'])))}")
    parts.append(" · ".join(facts) + "</p>")
    parts.append(f"<h2>{_h(t['summary'])}</h2><table><thead><tr><th></th>"
                 + "".join(f"<th class=\"num {v}\">{_MARK[v]} {_h(t[v])}</th>" for v in VERDICTS) + "</tr></thead><tbody>")
    for name in _SECTIONS:
        s = data["summary"][name]
        parts.append(f"<tr><td>{_h(t[name])}</td>"
                     + "".join(f"<td class=\"num\">{s[v]}</td>" for v in VERDICTS) + "</tr>")
    parts.append(f"</tbody></table><p class=\"legend\">{_h(t['legend'])}</p>")
    for name in _SECTIONS:
        parts.append(f"<h2>{_h(t[name])}</h2><table class=\"gaps\"><thead><tr class=\"head\">"
                     f"<th class=\"name\">{_h(t['col_' + name])}</th><th class=\"verdict\">{_h(t['status'])}</th>"
                     f"<th>{_h(t['details'])}</th></tr></thead><tbody>")
        for e in data[name]:
            cell = []
            if e["evidence"]:
                cell.append("<ul>" + "".join(f"<li>{_h(x['label'])}{_h(_more(x, t))} "
                                             f"<span class=\"muted\">({_h(x['how'])})</span></li>"
                                             for x in e["evidence"]) + "</ul>")
            elif e["verdict"] == MISSING:
                cell.append(f"<div class=\"muted\">{_h(t['no_evidence'])}</div>")
            for n in e.get("notes", []):
                cell.append(f"<div class=\"note\">⚠ {_h(n)}</div>")
            for sev, focus, msgs in _finding_groups(e.get("findings", [])):
                if len(msgs) == 1:
                    cell.append(f"<div class=\"finding\">⚠ <b>{_h(sev)}</b> · {_h(focus)}{_h(t['colon'])}"
                                f"<span style=\"color:#1d2733\">{_h(msgs[0])}</span></div>")
                else:
                    cell.append(f"<div class=\"finding\">⚠ <b>{_h(sev)}</b> · {_h(focus)}<ul>"
                                + "".join(f"<li>{_h(m)}</li>" for m in msgs) + "</ul></div>")
            if e.get("recommended_standards"):
                cell.append(_html_standards(t, e["recommended_standards"]))
            if e.get("indicators"):
                cell.append(f"<div class=\"ind\"><b>{_h(t['indicators'])}:</b> "
                            f"{_h(_join(t, (i['label'] for i in e['indicators'])))}</div>")
            parts.append(f"<tr><td class=\"name\">{_h(_cap(e['label']))}</td><td class=\"verdict\">"
                         f"<span class=\"badge {e['verdict']}\">{_MARK[e['verdict']]}&nbsp;{_h(t[e['verdict']])}</span>"
                         f"</td><td>{''.join(cell)}</td></tr>")
        parts.append("</tbody></table>")
    ic = data["indicator_coverage"]
    parts.append(f"<h2>{_h(t['indicator_coverage'])}</h2><ul>")
    for s in ic["sets"]:
        cls = COVERED if s["used"] else MISSING
        parts.append(f"<li class=\"{cls}\">{_MARK[cls]} {_h(s['label'])}"
                     + (f" <span class=\"muted\">({_h(_join(t, (m['label'] for m in s['measures'])))})</span>"
                        if s["measures"] else "") + "</li>")
    parts.append("</ul>")
    parts.append(f"<p>{_h(t['unmeasured'])}: {_h(_join(t, (s['label'] for s in ic['services_unmeasured'])) or t['none'])}</p>")
    parts.append(f"<h2>{_h(t['sdgs'])}</h2><ul>")
    for s in data["sdgs"]:
        parts.append(f"<li>SDG {s['number']} {_h(s['label'])}: "
                     f"{_h(_join(t, (c['label'] for c in s['contributors'])))}</li>")
    if not data["sdgs"]:
        parts.append(f"<li>{_h(t['none'])}</li>")
    parts.append("</ul>")
    v = data["validation"]
    parts.append(f"<h2>{_h(t['validation'])}</h2><p>{_h(t['conforms'] if v['conforms'] else t['does_not_conform'])}"
                 f"{_h(t['colon'])}" + _h(_counts(t, v["counts"])) + "</p><ul>")
    for r in v["top_results"]:
        parts.append(f"<li><b>{_h(r.get('severity_label', r['severity']))}</b> {_h(r['focus_label'])}"
                     f"{_h(t['colon'])}{_h(r['message'])}</li>")
    parts.append(f"</ul><footer>{_h(t['generated'])}</footer></body></html>")
    return "\n".join(parts) + "\n"
