"""From an engine's sh:ValidationReport to scra's explained results.

Engines differ in what they put in a report (languages of messages, filled templates, labels): this
module gives every result the same form whatever the engine: a message in the asked language with its
templates filled, the focus node's label, and from the shape's annotations why it matters, the aspect or
reference-architecture element it checks and the catalogue standards that help.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH
from rdflib.query import ResultRow

from scra.lang import pick
from scra.validation.engines import top_results
from scra.validation.result import SEVERITIES, ValidationReport, ValidationResult
from scra.validation.shapes import kg_closure
from scra.validation.terms import label, local, path_text, term
from scra.vocab import PREFIXES, SCRA

STATUS = URIRef(PREFIXES["adms"] + "status")  # a standard's publication status (ontology 0.2.0)

_SEVERITY_BY_IRI = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def build_report(
    report_graph: Graph, shapes_graph: Graph, lang: str = "en", data: Callable[[], Graph] | None = None
) -> ValidationReport:
    """Project an engine's sh:ValidationReport into scra's enriched, language-aware results.

    The report graph carries the focus nodes' labels (engines add them with labels=True). `data` (a
    callable giving the description graph) is read only when a message template names a fact that only
    the description holds (a standard of its own); the report graph's messages are filled in place.
    """
    closure = kg_closure()
    explain = _ShapeExplainer(shapes_graph, closure, lang)
    templates = _TemplateFiller(report_graph, shapes_graph, closure, data)
    results = []
    for node in top_results(report_graph):
        focus = report_graph.value(node, SH.focusNode)
        shape = report_graph.value(node, SH.sourceShape)
        severity = _SEVERITY_BY_IRI.get(report_graph.value(node, SH.resultSeverity), "violation")
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        info = explain(shape)
        reported = [m for m in report_graph.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        for m in reported:
            if "{?" in m or "{$" in m:  # the Turtle/JSON-LD report says what the results say
                report_graph.remove((node, SH.resultMessage, m))
                report_graph.add(
                    (node, SH.resultMessage, Literal(templates.fill(str(m), shape, focus, value), lang=m.language))
                )
        reported = [m for m in report_graph.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        message = next((str(m) for m in reported if m.language == lang), "")
        if not message or "{?" in message or "{$" in message:
            # Engines drop the language of filled templates or leave them unfilled: use the shape's own
            # message in the wanted language, filled here.
            message = templates.fill(info["message"], shape, focus, value) if info["message"] else pick(reported, lang)
        results.append(
            ValidationResult(
                focus_node=term(focus) or "",
                focus_label=label(report_graph, focus, lang) or label(closure, focus, lang) or local(focus),
                path=None
                if path is None
                else (term(path) if not isinstance(path, BNode) else path_text(report_graph, path)),
                severity=severity,
                message=message or "(no message)",
                shape=term(shape) if isinstance(shape, URIRef) else None,
                constraint=term(report_graph.value(node, SH.sourceConstraintComponent)),
                value=term(value) if value is not None else None,
                why=info["why"],
                aspect=info["aspect"],
                ra_element=info["ra_element"],
                recommended_standards=info["standards"],
            )
        )
    results.sort(key=lambda r: (SEVERITIES.index(r.severity), r.focus_node, r.shape or "", r.path or "", r.value or ""))
    return ValidationReport(results, report_graph, lang)


class _TemplateFiller:
    """Fills {?var}/{$this} in a shape's message when the engine left them unfilled.

    A Core shape names its values with a scra:messageQuery (run with ?value bound to the reported value);
    a SPARQL-based shape's own SELECT is re-run (Jena 4.5 leaves its templates unfilled, pySHACL fills only
    one language). Both run over the KG closure plus the reported triples (focus, path, value): enough for
    checks that look at the focus node's link to a catalogue term (see shapes/standards-hygiene.ttl).
    """

    def __init__(self, report: Graph, shapes: Graph, closure: Graph, data: Callable[[], Graph] | None = None):
        self.report, self.shapes, self.closure, self.data = report, shapes, closure, data
        self._graph: Graph | None = None
        self._with_data: Graph | None = None
        self._rows: dict = {}

    def _mini_graph(self) -> Graph:
        if self._graph is None:
            graph = Graph()
            graph += self.closure
            for node in top_results(self.report):
                s, p, o = (self.report.value(node, k) for k in (SH.focusNode, SH.resultPath, SH.value))
                if s is not None and isinstance(p, URIRef) and o is not None:
                    graph.add((s, p, o))
            self._graph = graph
        return self._graph

    def fill(self, template: str, shape, focus, value) -> str:
        if "{?" not in template and "{$" not in template:
            return template
        # a message query reads only the catalogue facts of the value: the closure alone is enough
        queries = [
            (str(q), {"value": value}, True) for q in self.shapes.objects(shape, SCRA.messageQuery) if value is not None
        ]
        for constraint in self.shapes.objects(shape, SH.sparql):
            select = self.shapes.value(constraint, SH.select)
            if select is not None:
                query = _sparql_prefixes(self.shapes, constraint) + str(select).replace("$this", "?this")
                queries.append((query, {"this": focus} if value is None else {"this": focus, "value": value}, False))
        for query, bindings, closure_only in queries:
            row = self._first_row(query, tuple(sorted(bindings.items())), closure_only)
            if row is not None:
                filled = template.replace("{$this}", str(focus))
                for var, val in row.items():
                    filled = filled.replace("{?" + var + "}", str(val))
                return _UNFILLED.sub("—", filled)
        return _UNFILLED.sub("—", template.replace("{$this}", str(focus)))

    def _first_row(self, query: str, bindings: tuple, closure_only: bool) -> dict | None:
        # Many results share a value (the same superseded standard used across a city): query once per value.
        key = (query, bindings)
        if key not in self._rows:
            graphs: list[Callable[[], Graph]] = [(lambda: self.closure) if closure_only else self._mini_graph]
            if self.data is not None:
                graphs.append(self._data_graph)  # then a fact only the description states (read when needed)
            row = None
            for graph in graphs:
                rows = graph().query(_prepared(query), initBindings=dict(bindings))
                row = next((r.asdict() for r in rows if isinstance(r, ResultRow)), None)
                if row is not None:
                    break
            self._rows[key] = row
        return self._rows[key]

    def _data_graph(self) -> Graph:
        if self._with_data is None:
            assert self.data is not None
            graph = Graph()
            graph += self._mini_graph()
            graph += self.data()
            self._with_data = graph
        return self._with_data


_UNFILLED = re.compile(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}")  # a value no query found: never shown as a placeholder


@lru_cache(maxsize=64)
def _prepared(query: str):
    """Parsing a SPARQL query costs ~0.1 s in rdflib: once per query text per process."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query)


def _sparql_prefixes(shapes: Graph, constraint) -> str:
    lines = []
    for decl_holder in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_holder, SH.declare):
            prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines) + "\n"


class _ShapeExplainer:
    """Why a shape matters and what to do: annotations on the shape or on the node shape holding it."""

    def __init__(self, shapes: Graph, closure: Graph, lang: str):
        self.shapes, self.closure, self.lang = shapes, closure, lang
        self.cache: dict = {}

    def __call__(self, shape) -> dict:
        if shape not in self.cache:
            self.cache[shape] = self._explain(shape)
        return self.cache[shape]

    def _lineage(self, shape):
        yield shape
        yield from self.shapes.subjects(SH.property, shape)

    def _first(self, shape, prop):
        for s in self._lineage(shape):
            values = list(self.shapes.objects(s, prop))
            if values:
                return values
        return []

    def _explain(self, shape) -> dict:
        if shape is None:  # never from a conforming engine; guards the lookups below from matching everything
            return {"message": "", "why": "", "aspect": [], "ra_element": [], "standards": []}
        standards = []
        for std in sorted(self._first(shape, SCRA.recommendedStandard), key=str):
            standards.append(
                {
                    "iri": str(std),
                    "identifier": str(self.closure.value(std, DCTERMS.identifier) or local(std)),
                    "title": pick(list(self.closure.objects(std, DCTERMS.title)), self.lang) or "",
                    "status": local(self.closure.value(std, STATUS)) if self.closure.value(std, STATUS) else "",
                }
            )
        return {
            "message": pick(self._first(shape, SH.message), self.lang),
            "why": pick(self._first(shape, RDFS.comment), self.lang) or "",
            "aspect": sorted(term(a) for a in self._first(shape, SCRA.checksAspect)),
            "ra_element": sorted(term(e) for e in self._first(shape, SCRA.checksElement)),
            "standards": standards,
        }
