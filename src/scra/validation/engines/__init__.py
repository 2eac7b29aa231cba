"""SHACL engines behind one small API; one module per engine.

    >>> "pyshacl" in available_engines()
    True
    >>> default_engine() in ENGINES
    True

- ``pyshacl`` (:mod:`.pyshacl`): the reference for correctness, always installed.
- ``jena`` (:mod:`.jena`): Apache Jena SHACL in a JVM worker, identical results, much faster; used by
  default when ``make install`` has built it.

:func:`validate_with` takes the description as a :class:`scra.validation.input.Description` (or an
rdflib Graph, a path or a list of paths), shapes and closure as rdflib Graphs or paths, and returns the
sh:ValidationReport as an rdflib Graph. Bad input raises ``RDFInputError`` (file, line, column); an
engine that is missing or fails, ``EngineError``.
"""

from __future__ import annotations

import os

from rdflib import BNode, Graph
from rdflib.namespace import SH

from scra.errors import EngineError
from scra.validation.engines import jena, pyshacl
from scra.validation.input import Description

__all__ = [
    "ENGINES",
    "EngineError",
    "available_engines",
    "default_engine",
    "result_key_set",
    "top_results",
    "validate_with",
]

ENGINES = ("pyshacl", "jena")


def default_engine() -> str:
    """$SCRA_ENGINE if set; else 'jena' when build/java is built (identical results, much faster); else 'pyshacl'."""
    chosen = os.environ.get("SCRA_ENGINE")
    if chosen:
        if chosen not in ENGINES:
            raise EngineError(f"SCRA_ENGINE={chosen!r} is not an engine (use one of: {', '.join(ENGINES)})")
        return chosen
    return "jena" if jena.available() else "pyshacl"


def available_engines() -> list[str]:
    """Engines usable here, reference first."""
    return ["pyshacl", "jena"] if jena.available() else ["pyshacl"]


def validate_with(
    engine: str,
    data,
    shapes_graph,
    closure_graph,
    *,
    input_format: str | None = None,
    labels: bool = False,
    jena_mode: str | None = None,
) -> Graph:
    """Validate `data` against `shapes_graph` with `engine`; the data graph is data + `closure_graph`.

    No inference is run. With `labels=True` the rdfs:label and skos:prefLabel of every focus node are
    added to the report graph (so callers that passed paths need not parse big descriptions again just to
    name the focus nodes).
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown SHACL engine '{engine}' (use one of: {', '.join(ENGINES)})")
    description = Description.of(data, input_format)
    if engine == "jena":
        return jena.run(description, shapes_graph, closure_graph, labels=labels, mode=jena_mode)[0]
    return pyshacl.run(description, shapes_graph, closure_graph, labels=labels)


def top_results(report: Graph) -> list:
    """The report's top-level result nodes (objects of sh:result; nested sh:detail results excluded)."""
    return list(report.objects(None, SH.result))


def result_key_set(report: Graph) -> set[tuple]:
    """Comparable result set: (focusNode, sourceShape, severity, resultPath, value) for every result.

    Only top-level results (objects of sh:result) count: pySHACL also types the nested results it puts
    under sh:detail as sh:ValidationResult, Jena does not emit sh:detail. Blank nodes (complex paths,
    blank-node shapes or values) become the marker '_:'.
    """

    def norm(term):
        if term is None:
            return None
        return "_:" if isinstance(term, BNode) else term.n3()

    return {
        tuple(
            norm(report.value(node, p))
            for p in (SH.focusNode, SH.sourceShape, SH.resultSeverity, SH.resultPath, SH.value)
        )
        for node in top_results(report)
    }
