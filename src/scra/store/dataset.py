"""What scra keeps in a store and how: the knowledge-graph load policy and the storing of cities.

Layout of the dataset (every graph is a named graph; the default graph is left empty; IRIs in
:mod:`scra.vocab`):

=====================================================  ==============================================
``https://w3id.org/scra/graph/kg``                      the knowledge graph, exactly as in ontology/*.ttl
``https://w3id.org/scra/graph/kg-inferred``             its OWL 2 RL closure, inferred triples only
``https://w3id.org/scra/graph/city/<id>``               one city: its description **plus** the rdf:type
                                                        triples implied by the KG's subclass hierarchy
``https://w3id.org/scra/graph/meta``                    bookkeeping (KG fingerprint, per-city label,
                                                        triple counts, load time), vocabulary ``scrameta:``
=====================================================  ==============================================

City type completion lives in the city graph itself (not a sibling graph) so that
``GRAPH <…/city/x> { ?r a scra:System }`` works without listing two graphs, and so that replacing a city
is one write of one graph (one GSP PUT on a remote server). The meta graph records how many of the city
graph's triples were added by completion (``scrameta:inferredTypes``).

The meta graph uses only ``scrameta:`` predicates and never rdf:type, so queries over the union default
graph see no meta resources as instances of anything.

These functions work on any backend through the primitives of :class:`scra.store.base.Store`
(``query``, ``_update``, ``_replace_graphs``, ``graph_triples``, ``has_graph``); the Store methods of the
same names call them.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from scra.vocab import KG_GRAPH, KG_GRAPHS, KG_INFERRED_GRAPH, META_GRAPH, OWL_NS, RDF_NS, RDFS_NS, SCRA_NS, city_graph
from scra.vocab import META_NS as META

if TYPE_CHECKING:
    from collections.abc import Callable

    from rdflib import Graph

    from scra.store.base import Store

    Progress = Callable[[str], None]


# meta properties of a city that listing the cities does not fetch
BULKY_META = ("validation",)


def now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def kg_status(store: Store) -> dict:
    rows = store.query(
        f"SELECT ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ <{KG_GRAPH}> ?p ?o }} }}", use_default_graph_as_union=False
    )
    return {row["p"][len(META) :]: row["o"] for row in rows if row["p"].startswith(META)}


def ensure_kg(store: Store, force: bool = False, progress: Progress | None = None) -> bool:
    from scra.kg import kg_fingerprint

    fingerprint = kg_fingerprint()
    if not force and kg_status(store).get("fingerprint") == fingerprint:
        return False
    from scra import __version__
    from scra.kg import load_kg
    from scra.kg.closure import owl_rl_closure

    if progress:
        progress("loading the knowledge graph")
    kg = load_kg()
    if progress:
        progress("computing its OWL 2 RL closure")
    inferred = owl_rl_closure(kg)
    if progress:
        progress("storing the knowledge graph")
    meta = {
        "fingerprint": fingerprint,
        "version": __version__,
        "loadedAt": now(),
        "triples": len(kg),
        "inferredTriples": len(inferred),
    }
    store._replace_graphs({KG_GRAPH: kg, KG_INFERRED_GRAPH: inferred}, KG_GRAPH, meta)
    store._supers = None
    return True


def city_triples(data: Any) -> list:
    """A description as a list of pyoxigraph Triples: :class:`scra.validation.input.Triples` as they are
    (literals as written), an rdflib Graph or (s, p, o) tuples converted."""
    from scra.store.convert import TermConverter

    triples = getattr(data, "triples", None)
    if isinstance(triples, list):
        return triples
    return list(TermConverter().triples(data))


def put_city(
    store: Store,
    city_id: str,
    data: Any,
    label: str | None = None,
    progress: Progress | None = None,
    validation: str | None = None,
) -> dict:
    from scra.kg.closure import complete_types_ox

    graph_iri = city_graph(city_id)
    triples = city_triples(data)
    if progress:
        progress("completing types")
    extra = complete_types_ox(triples, superclasses(store))
    meta = {
        "cityId": city_id,
        "label": label if label is not None else city_label(triples, city_id),
        "loadedAt": now(),
        "triples": len(triples),
        "inferredTypes": len(extra),
    }
    if validation is not None:  # the validation result kept with the city (opaque here; scra.validation.from_cache)
        meta["validation"] = validation
    if progress:
        progress(f"storing {len(triples) + len(extra):,} triples")
    # Triples (scra.validation.input) keep the N-Triples made for the engine: written as they are
    description = data if callable(getattr(data, "ntriples", None)) else triples
    store._replace_graphs({graph_iri: (description, extra)}, graph_iri, meta)
    return city_dict(city_id, meta)


def get_city(store: Store, city_id: str) -> Graph:
    from scra.store.convert import ox_triples_to_rdflib

    graph_iri = city_graph(city_id)
    if not store.has_graph(graph_iri):
        raise KeyError(f"no city '{city_id}' in the store")
    graph = ox_triples_to_rdflib(store.graph_triples(graph_iri))
    graph.bind("scra", SCRA_NS)
    return graph


def drop_city(store: Store, city_id: str) -> bool:
    graph_iri = city_graph(city_id)
    existed = store.has_graph(graph_iri)
    store._update(
        f"DROP SILENT GRAPH <{graph_iri}> ;\nDELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph_iri}> ?p ?o }} }}"
    )
    return existed


def cities(store: Store) -> list[dict]:
    rows = store.query(
        f"SELECT ?g ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{META}cityId> ?id ; ?p ?o "
        f"FILTER(?p NOT IN (<{META}{'>, <'.join(BULKY_META)}>)) }} }}",
        use_default_graph_as_union=False,
    )
    by_graph: dict[str, dict] = {}
    for row in rows:
        if row["p"].startswith(META):
            by_graph.setdefault(row["g"], {})[row["p"][len(META) :]] = row["o"]
    return sorted((city_dict(m["cityId"], m) for m in by_graph.values()), key=lambda c: c["id"])


def city_meta(store: Store, city_id: str, key: str) -> str | None:
    """One meta property of a stored city (e.g. ``validation``), None when it has none."""
    rows = store.query(
        f"SELECT ?o WHERE {{ GRAPH <{META_GRAPH}> {{ <{city_graph(city_id)}> <{META}{key}> ?o }} }}",
        use_default_graph_as_union=False,
    )
    for row in rows:
        return row["o"]
    return None


def city_dict(city_id: str, meta: dict) -> dict:
    """A city as ``cities()`` lists it, from its meta properties."""
    loaded = meta.get("loadedAt")
    return {
        "id": city_id,
        "label": meta.get("label", city_id),
        "graph": city_graph(city_id),
        "triples": int(meta.get("triples", 0)),
        "inferred_types": int(meta.get("inferredTypes", 0)),
        "loaded_at": loaded.isoformat() if isinstance(loaded, _dt.date) else loaded,
    }


def superclasses(store: Store) -> dict:
    if store._supers is None:
        from rdflib import URIRef

        from scra.kg.closure import superclass_map

        rows = store.query(
            f"SELECT ?c ?p ?s WHERE {{ VALUES ?p {{ <{RDFS_NS}subClassOf> <{OWL_NS}equivalentClass> }} ?c ?p ?s "
            "FILTER(isIRI(?c) && isIRI(?s)) }",
            default_graph_uris=KG_GRAPHS,
        )
        store._supers = superclass_map((URIRef(r["c"]), URIRef(r["p"]), URIRef(r["s"])) for r in rows)
    return store._supers


def meta_update(subject: str, meta: dict) -> str:
    """SPARQL update text replacing the meta properties of ``subject``.

    >>> print(meta_update("urn:x", {"triples": 3}))
    DELETE WHERE { GRAPH <https://w3id.org/scra/graph/meta> { <urn:x> ?p ?o } } ;
    INSERT DATA { GRAPH <https://w3id.org/scra/graph/meta> {
        <urn:x> <https://w3id.org/scra/meta#triples> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
    } }
    """
    from scra.store.convert import literal_nt

    lines = "\n".join(f"    <{subject}> <{META}{key}> {literal_nt(value)} ." for key, value in meta.items())
    return (
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{subject}> ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n{lines}\n}} }}"
    )


def city_label(data: Any, default: str) -> str:
    """The English (else untagged, else any) rdfs:label of the city the description is about
    (the rule of :func:`scra.vocab.city_node`), else ``default``. ``data``: an rdflib Graph or a list of
    pyoxigraph Triples."""
    from collections import Counter

    from scra.lang import pick
    from scra.vocab import city_node

    if not isinstance(data, list):
        from rdflib import Literal
        from rdflib.namespace import RDFS

        city = city_node(data)
        if city is None:
            return default
        return pick((o for o in data.objects(city, RDFS.label) if isinstance(o, Literal)), "en") or default
    import pyoxigraph as ox

    rdf_type, city_class = ox.NamedNode(RDF_NS + "type"), ox.NamedNode(SCRA_NS + "City")
    of_city, label = ox.NamedNode(SCRA_NS + "ofCity"), ox.NamedNode(RDFS_NS + "label")
    cities = {t.subject for t in data if t.predicate == rdf_type and t.object == city_class}
    if not cities:
        return default
    members = Counter(t.object for t in data if t.predicate == of_city)
    chosen = min(cities, key=lambda c: (-members[c], str(c.value) if hasattr(c, "value") else str(c)))
    return (
        pick(
            (
                t.object
                for t in data
                if t.subject == chosen and t.predicate == label and isinstance(t.object, ox.Literal)
            ),
            "en",
        )
        or default
    )
