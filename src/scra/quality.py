"""The knowledge graph's own quality gate: meta-shapes (SHACL) over the ontology and its data."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from scra.resources import shapes_dir


@dataclass
class MetaFinding:
    focus_node: str
    path: str | None
    message: str
    severity: str


def meta_shapes() -> Graph:
    return Graph().parse(shapes_dir() / "meta.ttl", format="turtle")


def check_meta(graph: Graph) -> list[MetaFinding]:
    """Validate the knowledge graph against shapes/meta.ttl; an empty list means it conforms."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=meta_shapes(), inference="none", advanced=True, allow_warnings=False
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = [m for m in report.objects(result, SH.resultMessage)]
        english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
        findings.append(
            MetaFinding(
                focus_node=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath)) if report.value(result, SH.resultPath) else None,
                message=str((english or messages or ["(no message)"])[0]),
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(findings, key=lambda f: (f.focus_node, f.path or "", f.message))
