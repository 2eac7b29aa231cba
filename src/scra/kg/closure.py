"""OWL 2 RL closure of the knowledge graph, and type completion of city descriptions.

The closure is materialised **once**, when the store loads a new version of the knowledge graph, into
its own named graph (``…/graph/kg-inferred``, inferred triples only); it is never computed per request.

Engine: `reasonable` (a Rust OWL 2 RL reasoner, Datalog-style, PyPI ``reasonable``), chosen by
measurement over `owlrl` (pure Python): see ``benchmarks/inference.md``. owlrl stays available as
``engine="owlrl"`` (it is installed anyway, pyshacl depends on it) for cross-checking.

City descriptions get no OWL RL reasoning: domain/range rules would type a wrong value as the
expected class (hiding exactly the errors validation must report). They get *type completion* only:
every ``?x rdf:type C`` is completed with every superclass of C (rdfs:subClassOf* and
owl:equivalentClass, from the KG's TBox plus its closure plus the city's own subclass axioms), so that
``?x a scra:System`` finds a resource typed ``scra:CityOS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

ENGINES = ("reasonable", "owlrl")

# Reflexive triples OWL RL derives for every resource (x owl:sameAs x, C rdfs:subClassOf C, …): true, useless
# to queries, and they bloat the store.
_REFLEXIVE_NOISE = {OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}
_TOP = {OWL.Thing, RDFS.Resource}


def _keep(triple, base) -> bool:
    s, p, o = triple
    if triple in base or isinstance(s, Literal) or not isinstance(p, URIRef):
        return False
    if isinstance(o, Literal) and o.datatype == XSD.string and (s, p, Literal(str(o))) in base:
        return False  # "x"^^xsd:string is "x" in RDF 1.1 (reasonable types plain literals explicitly)
    if s == o and p in _REFLEXIVE_NOISE:
        return False
    if p == RDF.type and o in _TOP:  # everything is an owl:Thing
        return False
    if p == RDFS.subClassOf and o in _TOP:
        return False
    return True


def owl_rl_closure(graph: Graph, engine: str = "reasonable") -> Graph:
    """The OWL 2 RL consequences of ``graph`` that are not already in it (trivial reflexive facts left out)."""
    if engine == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        triples = reasoner.reason()
    elif engine == "owlrl":
        import owlrl

        expanded = Graph()
        for t in graph:
            expanded.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(expanded)
        triples = expanded
    else:
        raise ValueError(f"unknown inference engine '{engine}' (use one of: {', '.join(ENGINES)})")
    inferred = Graph()
    for triple in triples:
        if _keep(triple, graph):
            inferred.add(triple)
    return inferred


def superclass_map(triples: Iterable[tuple]) -> dict[URIRef, set[URIRef]]:
    """class -> all its strict superclasses (transitive), from subClassOf / equivalentClass triples."""
    direct: dict = {}
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, (BNode, Literal)):
            continue  # restrictions and anonymous classes are not types a query asks for
        if p == RDFS.subClassOf:
            direct.setdefault(s, set()).add(o)
        elif p == OWL.equivalentClass:
            direct.setdefault(s, set()).add(o)
            direct.setdefault(o, set()).add(s)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in direct:
        seen: set = set()
        stack = list(direct[cls])
        while stack:
            sup = stack.pop()
            if sup in seen or sup == cls:
                continue
            seen.add(sup)
            stack.extend(direct.get(sup, ()))
        seen -= _TOP
        if seen:
            closure[cls] = seen
    return closure


def complete_types(triples: Iterable[tuple], supers: Mapping[URIRef, set[URIRef]]) -> Graph:
    """The rdf:type triples implied by the subclass closure that ``triples`` does not already state."""
    triples = list(triples)
    asserted = {(s, o) for s, p, o in triples if p == RDF.type}
    local = superclass_map(t for t in triples if t[1] in (RDFS.subClassOf, OWL.equivalentClass))
    if local:  # the city's own subclass axioms extend the KG's
        merged = {k: set(v) for k, v in supers.items()}
        for k, v in local.items():
            merged.setdefault(k, set()).update(v)
        supers = superclass_map((c, RDFS.subClassOf, s) for c, ss in merged.items() for s in ss)
    inferred = Graph()
    for subject, cls in asserted:
        for sup in supers.get(cls, ()):
            if (subject, sup) not in asserted:
                inferred.add((subject, RDF.type, sup))
    return inferred


def complete_types_ox(triples: list, supers: Mapping) -> list:
    """:func:`complete_types` on pyoxigraph triples (the storing path; no rdflib): the implied rdf:type
    triples not already stated, as pyoxigraph Triples. ``supers`` maps class IRIs (str or URIRef) to
    superclass IRIs."""
    import pyoxigraph as ox

    rdf_type = ox.NamedNode(str(RDF.type))
    axioms = (ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(OWL.equivalentClass)))
    asserted = {
        (t.subject, t.object.value) for t in triples if t.predicate == rdf_type and isinstance(t.object, ox.NamedNode)
    }
    local = [
        (URIRef(t.subject.value), URIRef(t.predicate.value), URIRef(t.object.value))
        for t in triples
        if t.predicate in axioms and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
    ]
    if local:  # the city's own subclass axioms extend the KG's
        merged = {URIRef(k): set(v) for k, v in supers.items()}
        for k, v in superclass_map(local).items():
            merged.setdefault(k, set()).update(v)
        supers = superclass_map((c, RDFS.subClassOf, s) for c, ss in merged.items() for s in ss)
    supers = {str(k): v for k, v in supers.items()}  # URIRef never equals a str key
    nodes: dict = {}
    inferred = []
    for subject, cls in asserted:
        for sup in supers.get(cls, ()):
            if (subject, str(sup)) not in asserted:
                node = nodes.get(sup)
                if node is None:
                    node = nodes[sup] = ox.NamedNode(str(sup))
                inferred.append(ox.Triple(subject, rdf_type, node))
    return inferred
