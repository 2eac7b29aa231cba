"""Validate a city's architecture description against the reference architectures (SHACL).

    >>> import scra
    >>> report = scra.validate(["examples/jp-midsize-city.ttl"])
    >>> report.conforms, report.counts
    >>> report.to_json(lang="ja")

The data graph is the description plus a *closure* of the knowledge graph: reference individuals with
their types, SKOS hierarchy and catalogue facts, and the class hierarchy, but no prose. No RDFS
inference is run on the description: a rdfs:range would type a wrong value as the expected class and
hide exactly the sh:class violations users need to see.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from scra.engines import default_engine, top_results, validate_with
from scra.kg import SCRA, kg_fingerprint, load_kg
from scra.rdfio import RDFInputError, format_for, read_rdf_file
from scra.resources import shapes_dir

ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")  # ontology 0.2.0: was scra:status
SEVERITIES = ("violation", "warning", "info")
_SEVERITY_BY_IRI = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}

# Prose that validation never needs: left out of the closure to keep the data graph small.
_PROSE = {SKOS.definition, SKOS.editorialNote, SKOS.scopeNote, SKOS.note, SKOS.historyNote, SKOS.example,
          DCTERMS.source, DCTERMS.description, RDFS.comment, SCRA.rationale, SCRA.evidence}


# ---------------------------------------------------------------- shapes and closure (cached per KG version)

def city_shape_files() -> list[Path]:
    """Shape files for city descriptions: every shapes/*.ttl except the KG's own meta-shapes."""
    return sorted(p for p in shapes_dir().glob("*.ttl") if p.name != "meta.ttl")


def _shapes_fingerprint() -> str:
    return "|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in city_shape_files())


@lru_cache(maxsize=2)
def _city_shapes(_fingerprint: str) -> Graph:
    graph = Graph()
    for path in city_shape_files():
        graph.parse(path, format="turtle")
    return graph


def city_shapes() -> Graph:
    return _city_shapes(_shapes_fingerprint())


@lru_cache(maxsize=2)
def _closure(_fingerprint: str) -> Graph:
    kg = load_kg()
    closure = Graph()
    for s, p, o in kg:
        if p not in _PROSE:
            closure.add((s, p, o))
    return closure


def kg_closure() -> Graph:
    """The part of the knowledge graph that validation needs (see module docstring)."""
    return _closure(kg_fingerprint())


# ---------------------------------------------------------------- results

@dataclass
class ValidationResult:
    focus_node: str
    focus_label: str
    path: str | None
    severity: str
    message: str
    shape: str | None
    constraint: str | None
    value: str | None
    why: str
    aspect: list[str] = field(default_factory=list)
    ra_element: list[str] = field(default_factory=list)
    recommended_standards: list[dict] = field(default_factory=list)

    def json(self) -> dict:
        data = asdict(self)
        return data

    def key(self) -> tuple:
        return (self.focus_node, self.shape or "", self.severity)


@dataclass
class ValidationReport:
    results: list[ValidationResult]
    report_graph: Graph
    lang: str = "en"

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.severity for r in self.results)
        return {s: found.get(s, 0) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True when there is no Violation. Warnings and Infos are departures and advice, not breakage."""
        return self.counts["violation"] == 0

    def fails_at(self, level: str) -> bool:
        """Whether anything at or above `level` (violation > warning > info) was found."""
        order = SEVERITIES[: SEVERITIES.index(level) + 1]
        return any(self.counts[s] for s in order)

    # -- projections
    def to_dict(self) -> dict:
        return {"conforms": self.conforms, "counts": self.counts, "results": [r.json() for r in self.results]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_rdf(self, fmt: str = "turtle") -> str:
        return self.report_graph.serialize(format=fmt)

    def to_text(self, color: bool = False) -> str:
        """For people: results grouped by reference-architecture element or aspect, then counts."""
        return render_text(self, color)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        columns = ["severity", "focus_node", "focus_label", "path", "message", "value", "shape", "constraint",
                   "aspect", "ra_element", "recommended_standards"]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in self.results:
            row = {c: getattr(r, c) for c in columns}
            row["aspect"] = " ".join(r.aspect)
            row["ra_element"] = " ".join(r.ra_element)
            row["recommended_standards"] = "; ".join(s["identifier"] for s in r.recommended_standards)
            writer.writerow(row)
        return buffer.getvalue()


# ---------------------------------------------------------------- the API

def validate(data, *, input_format: str | None = None, lang: str = "en", engine: str | None = None,
             shapes: Graph | None = None) -> ValidationReport:
    """Validate a city description.

    `data` is an rdflib Graph, or one path / a list of paths (syntax by extension or `input_format`).
    Files go to the engine as they are (Jena parses Turtle/N-Triples itself, the fast path for big
    descriptions). Raises scra.rdfio.RDFInputError for unreadable input, scra.engines.EngineError when the
    engine cannot run.
    """
    if isinstance(data, Graph):
        source = data
    else:
        source = [Path(p) for p in ([data] if isinstance(data, (str, Path)) else data)]
        for path in source:
            format_for(path, input_format)  # unknown syntax: a clear error before any engine starts
            _refuse_imports(path, input_format)
    shapes_graph = shapes if shapes is not None else city_shapes()
    report_graph = validate_with(engine or default_engine(), source, shapes_graph, kg_closure(),
                                 input_format=input_format, labels=True)
    return build_report(report_graph, shapes_graph, lang)


def _refuse_imports(path: Path, input_format: str | None) -> None:
    """owl:imports is never enacted: a file that has one is read by the safe reader, which refuses it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RDFInputError(str(path), exc.strerror or str(exc)) from None
    if b"imports" in raw:
        read_rdf_file(path, input_format)


def build_report(report_graph: Graph, shapes_graph: Graph, lang: str = "en") -> ValidationReport:
    """Project an engine's sh:ValidationReport into scra's enriched, language-aware results.

    The report graph carries the focus nodes' labels (engines add them with labels=True).
    """
    closure = kg_closure()
    explain = _ShapeExplainer(shapes_graph, closure, lang)
    templates = _TemplateFiller(report_graph, shapes_graph, closure)
    results = []
    for node in top_results(report_graph):
        focus = report_graph.value(node, SH.focusNode)
        shape = report_graph.value(node, SH.sourceShape)
        severity = _SEVERITY_BY_IRI.get(report_graph.value(node, SH.resultSeverity), "violation")
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        info = explain(shape)
        reported = [m for m in report_graph.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        message = next((str(m) for m in reported if m.language == lang), "")
        if not message or "{?" in message or "{$" in message:
            # Engines drop the language of filled templates or leave them unfilled: use the shape's own
            # message in the wanted language, filled here.
            message = templates.fill(info["message"], shape, focus, value) if info["message"] else \
                _pick_lang(reported, lang)
        results.append(ValidationResult(
            focus_node=_term(focus),
            focus_label=_label(report_graph, focus, lang) or _label(closure, focus, lang) or _local(focus),
            path=None if path is None else (_term(path) if not isinstance(path, BNode) else _path_text(report_graph, path)),
            severity=severity,
            message=message or "(no message)",
            shape=_term(shape) if isinstance(shape, URIRef) else None,
            constraint=_term(report_graph.value(node, SH.sourceConstraintComponent)),
            value=_term(value) if value is not None else None,
            why=info["why"],
            aspect=info["aspect"],
            ra_element=info["ra_element"],
            recommended_standards=info["standards"],
        ))
    results.sort(key=lambda r: (SEVERITIES.index(r.severity), r.focus_node, r.shape or "", r.path or "", r.value or ""))
    return ValidationReport(results, report_graph, lang)


class _TemplateFiller:
    """Fills {?var}/{$this} in a shape's message when the engine left them unfilled.

    A Core shape names its values with a scra:messageQuery (run with ?value bound to the reported value);
    a SPARQL-based shape's own SELECT is re-run (Jena 4.5 leaves its templates unfilled, pySHACL fills only
    one language). Both run over the KG closure plus the reported triples (focus, path, value): enough for
    checks that look at the focus node's link to a catalogue term (see shapes/standards-hygiene.ttl).
    """

    def __init__(self, report: Graph, shapes: Graph, closure: Graph):
        self.report, self.shapes, self.closure = report, shapes, closure
        self._graph: Graph | None = None
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
        queries = [(str(q), {"value": value}, True) for q in self.shapes.objects(shape, SCRA.messageQuery)
                   if value is not None]
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
                return filled
        return template

    def _first_row(self, query: str, bindings: tuple, closure_only: bool) -> dict | None:
        # Many results share a value (the same superseded standard used across a city): query once per value.
        key = (query, bindings)
        if key not in self._rows:
            graph = self.closure if closure_only else self._mini_graph()
            rows = graph.query(_prepared(query), initBindings=dict(bindings))
            self._rows[key] = next((row.asdict() for row in rows), None)
        return self._rows[key]


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
        for parent in self.shapes.subjects(SH.property, shape):
            yield parent

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
            standards.append({
                "iri": str(std),
                "identifier": str(self.closure.value(std, DCTERMS.identifier) or _local(std)),
                "title": _pick_lang(list(self.closure.objects(std, DCTERMS.title)), self.lang) or "",
                "status": _local(self.closure.value(std, ADMS_STATUS)) if self.closure.value(std, ADMS_STATUS) else "",
            })
        return {
            "message": _pick_lang(self._first(shape, SH.message), self.lang),
            "why": _pick_lang(self._first(shape, RDFS.comment), self.lang) or "",
            "aspect": sorted(_term(a) for a in self._first(shape, SCRA.checksAspect)),
            "ra_element": sorted(_term(e) for e in self._first(shape, SCRA.checksElement)),
            "standards": standards,
        }


# ---------------------------------------------------------------- small helpers

def _term(node) -> str | None:
    if node is None:
        return None
    return str(node) if not isinstance(node, BNode) else f"_:{node}"


def _local(node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if text else text


def _pick_lang(literals, lang: str) -> str:
    """The literal in `lang`, else English, else untagged, else any."""
    literals = [l for l in literals if isinstance(l, Literal)]
    for wanted in (lang, "en", None):
        for lit in literals:
            if lit.language == wanted:
                return str(lit)
    return str(literals[0]) if literals else ""


def _label(graph: Graph, node, lang: str) -> str:
    if node is None:
        return ""
    return _pick_lang(list(graph.objects(node, RDFS.label)) + list(graph.objects(node, SKOS.prefLabel)), lang)


def _path_text(graph: Graph, path) -> str:
    """A readable form of a complex SHACL path (inverse, sequence ...)."""
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(graph, i) if isinstance(i, BNode) else str(i) for i in graph.items(alternatives))
    items = list(graph.items(path)) if graph.value(path, RDF.first) is not None else []
    if items:
        return "/".join(_path_text(graph, i) if isinstance(i, BNode) else str(i) for i in items)
    for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, key)
        if inner is not None:
            return f"{inner}{suffix}"
    return f"_:{path}"


# ---------------------------------------------------------------- text rendering

_TEXT = {
    "en": {"violation": "VIOLATION", "warning": "WARNING", "info": "INFO", "why": "why", "fix": "standards",
           "general": "Structure of the description", "ok": "conforms: no violations",
           "notok": "does not conform", "value": "value"},
    "ja": {"violation": "違反", "warning": "警告", "info": "情報", "why": "理由", "fix": "推奨規格",
           "general": "記述の構造", "ok": "適合: 違反なし", "notok": "不適合", "value": "値"},
}
_COLOURS = {"violation": "red", "warning": "yellow", "info": "cyan"}


def render_text(report: ValidationReport, color: bool = False) -> str:
    import click

    words = _TEXT.get(report.lang, _TEXT["en"])
    closure = kg_closure()

    def style(text, **kw):
        return click.style(text, **kw) if color else text

    groups: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        keys = r.ra_element or r.aspect
        title = " / ".join(_label(closure, URIRef(k), report.lang) or _local(k) for k in keys) if keys else words["general"]
        groups.setdefault(title, []).append(r)
    lines = []
    for title, results in groups.items():
        lines.append(style(f"== {title} ({len(results)})", bold=True))
        for r in results:
            tag = style(words[r.severity], fg=_COLOURS[r.severity], bold=True)
            lines.append(f"  {tag} {r.focus_label}: {r.message}")
            if r.value:
                lines.append(f"      {words['value']}: {_label(closure, URIRef(r.value), report.lang) or r.value}")
            if r.why:
                lines.append(f"      {words['why']}: {r.why}")
            if r.recommended_standards:
                stds = ", ".join(f"{s['identifier']}" + (f" ({s['status']})" if s["status"] and s["status"] != "status-published" else "")
                                 for s in r.recommended_standards)
                lines.append(f"      {words['fix']}: {stds}")
        lines.append("")
    counts = report.counts
    verdict = style(words["ok"], fg="green", bold=True) if report.conforms else style(words["notok"], fg="red", bold=True)
    lines.append(f"{verdict} — {counts['violation']} {words['violation'].lower()}, "
                 f"{counts['warning']} {words['warning'].lower()}, {counts['info']} {words['info'].lower()}")
    return "\n".join(lines)
