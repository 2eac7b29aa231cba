"""OWL 2 DL consistency of the knowledge graph with HermiT (bundled with owlready2, runs on Java).

DL reasoning is for the ontology and its reference content only: real city descriptions are
often OWL-inconsistent, and their quality is checked with SHACL instead.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable_classes: list[str] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable_classes


def check_consistency(graph: Graph) -> ReasonerResult:
    """Run HermiT over the graph; report inconsistency and unsatisfiable classes."""
    import owlready2  # imported lazily: it starts a SQLite world and is slow to import

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scra-hermit-") as tmp:
        path = Path(tmp) / "kg.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load()
        try:
            # HermiT rejects datatypes outside the OWL 2 datatype map (xsd:date, xsd:gYear)
            # unless told to ignore them; they carry no logical content here.
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            detail = str(exc).strip() or "HermiT found the ontology and its reference data inconsistent"
            return ReasonerResult(False, [], detail, time.perf_counter() - started)
        nothing = "http://www.w3.org/2002/07/owl#Nothing"
        unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if str(c.iri) != nothing)
        world.close()
    return ReasonerResult(True, unsat, "", time.perf_counter() - started)
