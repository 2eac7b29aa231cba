"""The knowledge graph's own quality gate: meta-shapes (SHACL) over the ontology and its data."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import SH

from scra.lang import pick
from scra.resources import shapes_dir


@dataclass
class MetaFinding:
    focus_node: str
    path: str | None
    message: str
    severity: str


def meta_shapes() -> Graph:
    """shapes/meta.ttl: what every term of the knowledge graph must have (labels, definitions, sources ...)."""
    return Graph().parse(shapes_dir() / "meta.ttl", format="turtle")


def check_meta(graph: Graph) -> list[MetaFinding]:
    """Validate the knowledge graph against shapes/meta.ttl; an empty list means it conforms."""
    import pyshacl

    shapes = meta_shapes()
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    findings = []
    for result in report.objects(None, SH.result):
        findings.append(
            MetaFinding(
                focus_node=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath)) if report.value(result, SH.resultPath) else None,
                message=_english_message(report, shapes, result),
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(findings, key=lambda f: (f.focus_node, f.path or "", f.message))


def _english_message(report: Graph, shapes: Graph, result) -> str:
    """The English message of a result. pySHACL gives SPARQL-constraint results one *untagged* message picked
    from the shape's languages, so the shape's own @en message is looked up first."""
    for source in (report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape)):
        if source is None:
            continue
        for graph in (report, shapes):
            for message in graph.objects(source, SH.message):
                if isinstance(message, Literal) and message.language == "en":
                    return str(message)
    return pick(report.objects(result, SH.resultMessage), "en") or "(no message)"
