"""The knowledge-graph lists that supply a column's choices (domains, beneficiary groups, standards …):
each term's CURIE and its label in a language, read once from the shipped knowledge graph."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from scra.authoring.mapping import LISTS
from scra.lang import pick
from scra.vocab import SCRA_NS, compact


@dataclass(frozen=True)
class Term:
    iri: str
    curie: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return pick(self.labels, lang)


def _instances(kg: Graph, cls: URIRef) -> set[URIRef]:
    classes = {cls} | {c for c in kg.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)}
    return {s for c in classes for s in kg.subjects(RDF.type, c) if isinstance(s, URIRef)}


@cache
def kg_lists() -> dict[str, tuple[Term, ...]]:
    """LISTS key -> its terms, sorted by CURIE."""
    from scra.kg import shared_kg

    kg = shared_kg()
    found: dict[str, tuple[Term, ...]] = {}
    for key, classes in LISTS.items():
        members: set[URIRef] = set()
        for local in classes:
            members |= _instances(kg, URIRef(SCRA_NS + local))
        terms = []
        for iri in sorted(members, key=str):
            labels = {(getattr(lit, "language", None) or ""): str(lit) for lit in kg.objects(iri, RDFS.label)}
            terms.append(Term(str(iri), compact(str(iri)), labels))
        found[key] = tuple(terms)
    return found


@cache
def list_members(key: str) -> frozenset[str]:
    return frozenset(t.iri for t in kg_lists()[key])


@cache
def property_comment(prop: str, lang: str) -> str:
    """The definition the knowledge graph gives a property (skos:definition, else rdfs:comment)."""
    from rdflib.namespace import SKOS

    from scra.kg import shared_kg

    kg = shared_kg()
    for predicate in (SKOS.definition, RDFS.comment):
        text = pick(list(kg.objects(URIRef(prop), predicate)), lang)
        if text:
            return " ".join(text.split())
    return ""
