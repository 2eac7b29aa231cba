"""Validate a city's architecture description against the reference architectures (SHACL).

    >>> import scra
    >>> report = scra.validate(["examples/jp-midsize-city.ttl"], lang="ja")   # from the repository root
    >>> report.conforms, report.counts
    (True, {'violation': 0, 'warning': 1, 'info': 1})
    >>> report.results[0].severity, report.results[0].message.endswith("後継: ISO 37106:2021。")
    ('warning', True)

The data graph is the description plus a *closure* of the knowledge graph (:mod:`.shapes`). No RDFS
inference is run on the description: a rdfs:range would type a wrong value as the expected class and
hide exactly the sh:class violations users need to see.

Modules: :mod:`.input` (safe reading; the :class:`~.input.Description` handed to engines),
:mod:`.shapes` (shapes and closure), :mod:`.engines` (one module per SHACL engine), :mod:`.explain`
(engine report -> explained results), :mod:`.result` (the result model and its JSON / CSV / RDF forms),
:mod:`.text` (the text for people).
"""
from __future__ import annotations

from rdflib import Graph

from scra.errors import EngineError, RDFInputError
from scra.validation.engines import default_engine, validate_with
from scra.validation.explain import build_report
from scra.validation.input import Description
from scra.validation.result import SEVERITIES, ValidationReport, ValidationResult
from scra.validation.shapes import city_shape_files, city_shapes, kg_closure
from scra.validation.text import render_text

__all__ = ["SEVERITIES", "EngineError", "RDFInputError", "ValidationReport", "ValidationResult", "build_report",
           "city_shape_files", "city_shapes", "kg_closure", "render_text", "validate"]


def validate(data, *, input_format: str | None = None, lang: str = "en", engine: str | None = None,
             shapes: Graph | None = None) -> ValidationReport:
    """Validate a city description.

    `data` is an rdflib Graph, or one path / a list of paths (syntax by extension or `input_format`).
    Files go to the engine as they are (Jena parses Turtle/N-Triples itself, the fast path for big
    descriptions). Raises RDFInputError for unreadable input, EngineError when the engine cannot run.
    """
    description = Description.of(data, input_format)  # unknown syntax, missing file: before any engine starts
    shapes_graph = shapes if shapes is not None else city_shapes()
    report_graph = validate_with(engine or default_engine(), description, shapes_graph, kg_closure(), labels=True)
    return build_report(report_graph, shapes_graph, lang, data=description.read)
