"""The vocabulary scra speaks: namespaces, prefixes, graph IRIs, the city-id rule, CURIEs.

This is the one home of every IRI constant; no other module spells a namespace or a graph IRI.

    >>> compact(SCRA_NS + "domain-energy")
    'scra:domain-energy'
    >>> expand("scra:domain-energy") == SCRA_NS + "domain-energy"
    True
    >>> city_graph("jp-midsize-city")
    'https://w3id.org/scra/graph/city/jp-midsize-city'
    >>> city_id_of(city_graph("x1"))
    'x1'
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

SCRA_NS = "https://w3id.org/scra#"
SCRA = Namespace(SCRA_NS)
SCRA_ONTOLOGY = URIRef("https://w3id.org/scra")
SCRASH_NS = "https://w3id.org/scra/shapes#"
META_NS = "https://w3id.org/scra/meta#"  # bookkeeping predicates of the store's meta graph

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SH_NS = "http://www.w3.org/ns/shacl#"

# Prefixes people may type (query parameters, CURIEs in output) and that SPARQL examples declare.
PREFIXES = {
    "scra": SCRA_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "xsd": XSD_NS,
    "sh": SH_NS,
    # standard vocabularies the ontology reuses (docs/modelling.md)
    "adms": "http://www.w3.org/ns/adms#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sosa": "http://www.w3.org/ns/sosa/",
    "time": "http://www.w3.org/2006/time#",
}

# ---------------------------------------------------------------- graphs of a scra store
GRAPH_BASE = "https://w3id.org/scra/graph/"
KG_GRAPH = GRAPH_BASE + "kg"
KG_INFERRED_GRAPH = GRAPH_BASE + "kg-inferred"
META_GRAPH = GRAPH_BASE + "meta"
CITY_GRAPH_BASE = GRAPH_BASE + "city/"
KG_GRAPHS = (KG_GRAPH, KG_INFERRED_GRAPH)
RESERVED_GRAPHS = (KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH)

# ---------------------------------------------------------------- city ids
CITY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
CITY_ID = re.compile(CITY_ID_PATTERN)
_CITY_GRAPH = re.compile("^" + re.escape(CITY_GRAPH_BASE) + CITY_ID_PATTERN[1:])


def check_city_id(city_id: str) -> str:
    """The id itself, or ValueError saying what a city id may contain."""
    if not isinstance(city_id, str) or not CITY_ID.match(city_id):
        raise ValueError(
            f"invalid city id {city_id!r}: use 1-64 characters a-z, 0-9 and '-', "
            "starting with a letter or digit (e.g. 'jp-midsize-city')"
        )
    return city_id


def city_graph(city_id: str) -> str:
    """The named graph IRI of a city."""
    return CITY_GRAPH_BASE + check_city_id(city_id)


def city_id_of(graph_iri: str) -> str | None:
    """The city id of a city graph IRI, else None."""
    return graph_iri[len(CITY_GRAPH_BASE) :] if _CITY_GRAPH.match(str(graph_iri)) else None


def is_scra_term(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(SCRA_NS)


# ---------------------------------------------------------------- CURIEs
_LOCAL = re.compile(r"^[A-Za-z0-9_.\-]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def compact(iri: str) -> str:
    """``scra:x`` (or another known prefix) for an IRI that has one, else the IRI unchanged."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def expand(value: str) -> str:
    """A CURIE with a known prefix, ``<IRI>`` or a full IRI -> the IRI (ValueError naming what is wrong).

    >>> expand("nope:x")
    Traceback (most recent call last):
    ValueError: unknown prefix 'nope:' (known: adms, bibo, dcat, dcterms, org, owl, prov, rdf, rdfs, schema, scra, sh, skos, sosa, time, xsd; or give the full IRI)
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if _SCHEME.match(value) or value.startswith("urn:"):
        return value
    if ":" in value:
        prefix, local = value.split(":", 1)
        if prefix not in PREFIXES:
            raise ValueError(f"unknown prefix '{prefix}:' (known: {', '.join(sorted(PREFIXES))}; or give the full IRI)")
        if not _LOCAL.match(local):
            raise ValueError(f"'{value}' is not a valid prefixed name")
        return PREFIXES[prefix] + local
    raise ValueError(f"'{value}' is not an IRI (use e.g. scra:domain-energy or <https://…>)")


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for the given prefixes (all known ones when none is named)."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in (names or PREFIXES))


# The city a description is about: of the resources typed scra:City, the one most resources point to
# with scra:ofCity (a description may also declare neighbouring cities), ties broken by IRI.
CITY_NODE_QUERY = (
    f"SELECT ?c (COUNT(?x) AS ?n) WHERE {{ GRAPH ?g {{ ?c a <{SCRA_NS}City> OPTIONAL {{ ?x <{SCRA_NS}ofCity> ?c }} }} }} "
    "GROUP BY ?c ORDER BY DESC(?n) STR(?c) LIMIT 1"
)


def city_node_query(graph_iri: str) -> str:
    """SPARQL selecting ``?c``, the city node of the given city graph (see CITY_NODE_QUERY)."""
    return CITY_NODE_QUERY.replace("GRAPH ?g", f"GRAPH <{graph_iri}>")


def city_node(graph) -> URIRef | None:
    """The city node of an rdflib graph, by the same rule as CITY_NODE_QUERY."""
    from collections import Counter

    from rdflib.namespace import RDF

    cities = list(graph.subjects(RDF.type, SCRA.City))
    if not cities:
        return None
    members = Counter(graph.objects(None, SCRA.ofCity))
    return min(cities, key=lambda c: (-members[c], str(c)))
