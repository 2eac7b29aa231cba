"""Versions of the ontology: the shipped releases, what changed between two of them, and which statements
of a city description a change affects.

Releases ship under ``ontology/releases/<version>/`` so that a diff runs offline; ``current`` is
``ontology/*.ttl``. A term's facts are its own triples plus the annotations of owl:Axioms about it
(per-statement evidence), so a fact that became unsure shows as changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from scra.errors import InputError
from scra.resources import ontology_dir
from scra.vocab import SCRA_NS, compact

CURRENT = "current"
SUPERSEDED_BY = URIRef("https://schema.org/supersededBy")  # deprecated term -> its replacement(s)


def releases() -> list[str]:
    """The versions shipped under ontology/releases/, oldest first."""
    folder = ontology_dir() / "releases"
    found = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else x for x in v.split(".")))


@lru_cache(maxsize=4)
def load_version(version: str) -> Graph:
    """The whole ontology of a release (or ``current``) as an rdflib Graph; InputError for an unknown one."""
    if version == CURRENT:
        folder = ontology_dir()
    else:
        folder = ontology_dir() / "releases" / version
        if not folder.is_dir():
            known = ", ".join([*releases(), CURRENT])
            raise InputError(f"no ontology release '{version}' (shipped: {known})")
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def deprecations(graph: Graph) -> dict[str, list[str]]:
    """Deprecated scra terms -> their replacements (possibly none, possibly several)."""
    found: dict[str, list[str]] = {}
    for term in graph.subjects(OWL.deprecated, Literal(True)):
        if isinstance(term, URIRef) and str(term).startswith(SCRA_NS):
            found[str(term)] = sorted(str(r) for r in graph.objects(term, SUPERSEDED_BY))
    return found


def _facts(graph: Graph) -> dict[str, set[tuple[str, str]]]:
    """scra term -> its facts as (predicate, object) text; axiom annotations fold into the annotated fact."""
    facts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, p, o in graph:
        if isinstance(s, URIRef) and str(s).startswith(SCRA_NS) and not isinstance(o, BNode):
            facts[str(s)].add((compact(str(p)), o.n3() if isinstance(o, Literal) else compact(str(o))))
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        source = graph.value(axiom, OWL.annotatedSource)
        if not (isinstance(source, URIRef) and str(source).startswith(SCRA_NS)):
            continue
        prop, target = graph.value(axiom, OWL.annotatedProperty), graph.value(axiom, OWL.annotatedTarget)
        about = f"{compact(str(prop))} {target.n3() if isinstance(target, Literal) else compact(str(target))}"
        for p, o in graph.predicate_objects(axiom):
            if p not in (RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget):
                value = o.n3() if isinstance(o, Literal) else compact(str(o))
                facts[str(source)].add((f"[{about}] {compact(str(p))}", value))
    return facts


def _defined(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(SCRA_NS)}


@dataclass
class TermChange:
    term: str
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "term": compact(self.term),
            "added": [list(f) for f in self.added],
            "removed": [list(f) for f in self.removed],
        }


@dataclass
class OntologyDiff:
    from_version: str
    to_version: str
    added: list[str]
    removed: list[str]
    deprecated: dict[str, list[str]]  # newly deprecated term -> replacements
    changed: list[TermChange]

    def to_dict(self) -> dict:
        return {
            "from": self.from_version,
            "to": self.to_version,
            "added": [compact(t) for t in self.added],
            "removed": [compact(t) for t in self.removed],
            "deprecated": {compact(t): [compact(r) for r in rs] for t, rs in self.deprecated.items()},
            "changed": [c.to_dict() for c in self.changed],
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "deprecated": len(self.deprecated),
                "changed": len(self.changed),
            },
        }


def diff(from_version: str, to_version: str = CURRENT) -> OntologyDiff:
    """What changed between two versions of the ontology."""
    old, new = load_version(from_version), load_version(to_version)
    old_terms, new_terms = _defined(old), _defined(new)
    old_deprecated, new_deprecated = deprecations(old), deprecations(new)
    old_facts, new_facts = _facts(old), _facts(new)
    changed = []
    for term in sorted(old_terms & new_terms):
        before, after = old_facts.get(term, set()), new_facts.get(term, set())
        if before != after:
            changed.append(TermChange(term, sorted(after - before), sorted(before - after)))
    return OntologyDiff(
        from_version,
        to_version,
        added=sorted(new_terms - old_terms),
        removed=sorted(old_terms - new_terms),
        deprecated={t: r for t, r in sorted(new_deprecated.items()) if t not in old_deprecated},
        changed=changed,
    )


def affected_statements(description: Graph, change: OntologyDiff) -> list[dict]:
    """The statements of a description that use a term the diff removed or deprecated, with the
    replacement where the new version names one."""
    gone: dict[str, list[str]] = {t: [] for t in change.removed}
    gone.update(change.deprecated)
    found = []
    for s, p, o in sorted(description, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        for position, node in (("predicate", p), ("object", o)):
            if isinstance(node, URIRef) and str(node) in gone:
                found.append(
                    {
                        "subject": compact(str(s)),
                        "predicate": compact(str(p)),
                        "object": o.n3() if isinstance(o, Literal) else compact(str(o)),
                        "term": compact(str(node)),
                        "position": position,
                        "status": "removed" if str(node) in change.removed else "deprecated",
                        "replacements": [compact(r) for r in gone[str(node)]],
                    }
                )
    return found
