"""The knowledge graph (ontology + reference data) and its checks: this module loads, fingerprints and
counts it; :mod:`.closure` computes its OWL 2 RL closure and completes the types of city descriptions;
:mod:`.quality` runs its meta-shapes (SHACL); :mod:`.reasoning` checks its OWL 2 DL consistency (HermiT).

Everything is read from the Turtle modules shipped with scra; nothing is fetched.

    >>> stats = kg_stats()
    >>> stats["modules"] == len(kg_modules()) and stats["standards"] > 0
    True
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from scra.resources import ontology_dir
from scra.vocab import SCRA, SCRA_ONTOLOGY, is_scra_term

__all__ = ["SCRA", "SCRA_ONTOLOGY", "kg_fingerprint", "kg_modules", "kg_stats", "load_kg", "shared_kg"]


def kg_modules() -> list[Path]:
    """The Turtle modules of the knowledge graph, core first."""
    files = sorted(ontology_dir().glob("*.ttl"))
    return sorted(files, key=lambda p: (p.name != "core.ttl", p.name))


def kg_fingerprint() -> str:
    """A hash of all module contents: changes whenever the knowledge graph changes."""
    digest = hashlib.sha256()
    for path in kg_modules():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=2)
def _load_cached(fingerprint: str) -> Graph:
    graph = Graph()
    for path in kg_modules():
        graph.parse(path, format="turtle")
    graph.bind("scra", SCRA)
    return graph


def shared_kg() -> Graph:
    """The knowledge graph as loaded once per version: shared by every caller, never to be modified."""
    return _load_cached(kg_fingerprint())


def load_kg() -> Graph:
    """Return a fresh copy of the whole knowledge graph as an rdflib Graph."""
    cached = shared_kg()
    copy = Graph()
    for prefix, ns in cached.namespaces():
        copy.bind(prefix, ns)
    for triple in cached:
        copy.add(triple)
    return copy


def _instances(graph: Graph, cls: URIRef) -> set:
    """Instances of cls including its subclasses (rdfs:subClassOf* in the graph)."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def kg_stats(graph: Graph | None = None) -> dict:
    """Counts a user checks first: terms by kind, catalogue sizes, Japanese label coverage."""
    graph = graph if graph is not None else load_kg()
    defined = {s for s in graph.subjects(RDF.type, None) if is_scra_term(s)}
    classes = {s for s in defined if (s, RDF.type, OWL.Class) in graph}
    properties = {
        kind: {s for s in defined if (s, RDF.type, uri) in graph}
        for kind, uri in (
            ("object", OWL.ObjectProperty),
            ("datatype", OWL.DatatypeProperty),
            ("annotation", OWL.AnnotationProperty),
        )
    }
    schema = classes.union(*properties.values())
    individuals = defined - schema - {s for s in defined if (s, RDF.type, SKOS.ConceptScheme) in graph}
    per_class: Counter[str] = Counter()
    for ind in individuals:
        for cls in graph.objects(ind, RDF.type):
            if is_scra_term(cls):
                per_class[graph.qname(str(cls))] += 1

    def has_lang(term, lang):
        return any(isinstance(o, Literal) and o.language == lang for o in graph.objects(term, RDFS.label))

    with_ja = sum(1 for t in defined if has_lang(t, "ja"))
    return {
        "triples": len(graph),
        "modules": len(kg_modules()),
        "terms": len(defined),
        "classes": len(classes),
        "object_properties": len(properties["object"]),
        "datatype_properties": len(properties["datatype"]),
        "annotation_properties": len(properties["annotation"]),
        "individuals": len(individuals),
        "individuals_per_class": dict(sorted(per_class.items())),
        "standards": len(_instances(graph, SCRA.Standard)),
        "bodies": len(_instances(graph, SCRA.Body)),
        "indicators": len(_instances(graph, SCRA.Indicator)),
        "indicator_sets": len(_instances(graph, SCRA.IndicatorSet)),
        "labels_ja": with_ja,
        "ja_coverage_percent": round(100.0 * with_ja / len(defined), 1) if defined else 0.0,
    }
