"""What a description is validated against: the city shapes and the closure of the knowledge graph.

Both are read once per version of their files and shared (treat them as immutable). The closure is the
knowledge graph without its prose: reference individuals with their types, SKOS hierarchy and catalogue
facts, and the class hierarchy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS, SKOS

from scra.kg import kg_fingerprint, shared_kg
from scra.resources import shapes_dir
from scra.vocab import SCRA

# Prose that validation never needs: left out of the closure to keep the data graph small.
_PROSE = {
    SKOS.definition,
    SKOS.editorialNote,
    SKOS.scopeNote,
    SKOS.note,
    SKOS.historyNote,
    SKOS.example,
    DCTERMS.source,
    DCTERMS.description,
    RDFS.comment,
    SCRA.rationale,
    SCRA.evidence,
}


def city_shape_files() -> list[Path]:
    """Shape files for city descriptions: every shapes/*.ttl except the KG's own meta-shapes."""
    return sorted(p for p in shapes_dir().glob("*.ttl") if p.name != "meta.ttl")


@lru_cache(maxsize=2)
def _city_shapes(_fingerprint: str) -> Graph:
    graph = Graph()
    for path in city_shape_files():
        graph.parse(path, format="turtle")
    return graph


def shapes_fingerprint() -> str:
    """A hash of the city shape files' names and contents: changes whenever a shape changes."""
    import hashlib

    digest = hashlib.sha256()
    for path in city_shape_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def city_shapes() -> Graph:
    """All city shapes in one graph."""
    return _city_shapes("|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in city_shape_files()))


@lru_cache(maxsize=2)
def _closure(_fingerprint: str) -> Graph:
    closure = Graph()
    closure.addN((s, p, o, closure) for s, p, o in shared_kg() if p not in _PROSE)
    return closure


def kg_closure() -> Graph:
    """The part of the knowledge graph that validation needs (see the module docstring)."""
    return _closure(kg_fingerprint())
