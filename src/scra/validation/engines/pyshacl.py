"""pySHACL, the reference for correctness: data graph = description + closure, no inference, advanced=True."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH, SKOS

from scra.errors import EngineError
from scra.validation.input import Description, read_rdf_files


def run(data: Description, shapes, closure, *, labels: bool = False) -> Graph:
    """Validate; return the sh:ValidationReport graph. Shapes and closure: rdflib Graphs or paths."""
    import pyshacl  # imported on use: it takes about a second

    graph = Graph()
    graph += data.read()
    graph += closure if isinstance(closure, Graph) else read_rdf_files([closure])
    shapes_graph = shapes if isinstance(shapes, Graph) else read_rdf_files([shapes])
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", advanced=True, inplace=True, allow_warnings=True
    )
    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure for shapes it cannot run
        raise EngineError(f"engine 'pyshacl' failed: {' '.join(str(getattr(report, 'message', report)).split())[:800]}")
    if labels:
        _add_labels(report, graph)
    return report


def _add_labels(report: Graph, data: Graph) -> None:
    """The rdfs:label / skos:prefLabel of every focus node, as Jena's --labels adds them."""
    for focus in set(report.objects(None, SH.focusNode)):
        for prop in (RDFS.label, SKOS.prefLabel):
            for label in data.objects(focus, prop):
                if isinstance(label, Literal):
                    report.add((focus, prop, label))
