"""How the results name RDF terms: IRIs as text, labels in a language, readable SHACL paths.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> g = Graph().add((URIRef("urn:x"), RDFS.label, Literal("Energy", lang="en")))
>>> label(g, URIRef("urn:x"), "ja"), local("https://w3id.org/scra#domain-energy")
('Energy', 'domain-energy')
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, SKOS

from scra.lang import pick


def term(node) -> str | None:
    """An IRI or literal as its text, a blank node as ``_:id``."""
    if node is None:
        return None
    return str(node) if not isinstance(node, BNode) else f"_:{node}"


def local(node) -> str:
    """The last segment of an IRI (after # or /)."""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if text else text


def label(graph: Graph, node, lang: str) -> str:
    """rdfs:label or skos:prefLabel of `node` in `lang` (scra.lang.pick's fallbacks); '' when none."""
    if node is None:
        return ""
    labels = [*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.prefLabel)]
    return pick([lit for lit in labels if isinstance(lit, Literal)], lang)


def path_text(graph: Graph, path) -> str:
    """A readable form of a complex SHACL path (inverse, sequence ...)."""
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_text(graph, i) if isinstance(i, BNode) else str(i) for i in graph.items(alternatives))
    items = list(graph.items(path)) if graph.value(path, RDF.first) is not None else []
    if items:
        return "/".join(path_text(graph, i) if isinstance(i, BNode) else str(i) for i in items)
    for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, key)
        if inner is not None:
            return f"{inner}{suffix}"
    return f"_:{path}"
