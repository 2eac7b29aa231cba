"""The store suite: the same tests against the embedded store and a real Oxigraph server."""
from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from scra.store import KG_GRAPH, KG_INFERRED_GRAPH, META, META_GRAPH, ReadOnlyGraphError, StoreError, city_graph

SCRA = Namespace("https://w3id.org/scra#")
EX = Namespace("https://example.org/test/")
PREFIXES = "PREFIX scra: <https://w3id.org/scra#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def city(n: int = 3, version: str = "v1") -> Graph:
    g = Graph()
    g.add((EX.os, RDF.type, SCRA.CityOS))
    g.add((EX.os, RDFS.label, Literal("City OS", lang="en")))
    for i in range(n):
        g.add((EX[f"r{i}"], RDFS.label, Literal(f"{version} resource {i}")))
    return g


def count(store, graph_iri: str) -> int:
    rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"))
    return rows[0]["n"]


# ---------------------------------------------------------------- knowledge graph

def test_ensure_kg_loads_once_and_reloads_on_new_fingerprint(store_factory):
    import scra
    from scra.kg import kg_fingerprint

    store = store_factory(ensure_kg=False)
    if getattr(store, "dialect", None) is not None:  # Virtuoso 7.2 accepts DROP ALL and does nothing
        for g in (KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH):
            store._update(f"DROP SILENT GRAPH <{g}>")
    else:
        store._update("DROP ALL")
    assert store.kg_status() == {}
    assert store.ensure_kg() is True
    status = store.kg_status()
    assert status["fingerprint"] == kg_fingerprint()
    assert status["triples"] == len(scra.load_kg()) == count(store, KG_GRAPH)
    assert count(store, KG_INFERRED_GRAPH) == status["inferredTriples"] > 0
    assert store.ensure_kg() is False                      # unchanged: not reloaded
    # simulate an ontology change: the meta graph records another version
    store._update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{KG_GRAPH}> <{META}fingerprint> ?f }} }} ;"
                  f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{KG_GRAPH}> <{META}fingerprint> \"old\" }} }}")
    store._update(f"INSERT DATA {{ GRAPH <{KG_GRAPH}> {{ <urn:stale> <urn:p> <urn:o> }} }}")
    assert store.ensure_kg() is True
    assert store.kg_status()["fingerprint"] == kg_fingerprint()
    assert not store.query(f"ASK {{ GRAPH <{KG_GRAPH}> {{ <urn:stale> ?p ?o }} }}")   # replaced, not added to
    assert count(store, KG_GRAPH) == status["triples"]


def test_kg_closure_is_queryable(store):
    from scra.kg import load_kg
    from scra.kg.closure import owl_rl_closure

    kg = load_kg()
    s, p, o = next(t for t in owl_rl_closure(kg) if t[1] == URIRef("http://www.w3.org/2004/02/skos/core#hasTopConcept"))
    assert (s, p, o) not in kg
    assert store.query(f"ASK {{ GRAPH <{KG_INFERRED_GRAPH}> {{ <{s}> <{p}> <{o}> }} }}")
    assert store.query(f"ASK {{ <{s}> <{p}> <{o}> }}")            # union default graph
    assert not store.query(f"ASK {{ GRAPH <{KG_GRAPH}> {{ <{s}> <{p}> <{o}> }} }}")


# ---------------------------------------------------------------- cities

def test_city_types_are_completed(store):
    store.put_city("demo", city())
    rows = list(store.query(PREFIXES + "SELECT ?x WHERE { ?x a scra:System }"))
    assert {"x": str(EX.os)} in rows
    assert store.query(PREFIXES + f"ASK {{ GRAPH <{city_graph('demo')}> {{ <{EX.os}> a scra:System }} }}")
    assert store.cities()[0]["inferred_types"] >= 1


def test_put_get_cities_drop(store):
    info = store.put_city("demo", city(3), label="Demo City")
    assert info["id"] == "demo" and info["triples"] == 5 and info["label"] == "Demo City"
    store.put_city("other", city(1))
    listed = store.cities()
    assert [c["id"] for c in listed] == ["demo", "other"]
    assert listed[0]["graph"] == "https://w3id.org/scra/graph/city/demo"
    assert listed[1]["label"] == "other" and listed[0]["loaded_at"]
    got = store.get_city("demo")
    assert set(city(3)) <= set(got)
    assert (EX.os, RDF.type, SCRA.System) in got
    assert store.drop_city("demo") is True
    assert store.drop_city("demo") is False
    assert [c["id"] for c in store.cities()] == ["other"]
    with pytest.raises(KeyError):
        store.get_city("demo")


def test_put_replaces(store):
    store.put_city("demo", city(10, "v1"))
    store.put_city("demo", city(2, "v2"), label="second")
    labels = {r["l"] for r in store.query(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{city_graph('demo')}> {{ ?x rdfs:label ?l }} }}")}
    assert labels == {"City OS", "v2 resource 0", "v2 resource 1"}
    (c,) = store.cities()
    assert c["triples"] == 4 and c["label"] == "second"


def test_blank_nodes_survive(store):
    g = Graph().parse(data="@prefix scra: <https://w3id.org/scra#> . [] a scra:CityOS ; scra:hasInterface [ a scra:Interface ] .",
                      format="turtle")
    store.put_city("bn", g)
    got = store.get_city("bn")
    assert len(got) == len(g) + 1  # one completed type: CityOS -> System
    assert len(set(got.subjects(RDF.type, SCRA.System))) == 1


@pytest.mark.parametrize("bad", ["", "Demo", "-x", "a/b", "a" * 65, "x y", "é"])
def test_invalid_city_id(store, bad):
    with pytest.raises(ValueError, match="invalid city id"):
        store.put_city(bad, city())


def test_failed_put_leaves_previous_version(store, monkeypatch):
    store.put_city("demo", city(3, "v1"), label="first")
    before = set(store.get_city("demo"))
    # a failure in the middle of the write: the request the backend sends is cut and ends in garbage
    from scra.store import convert

    real = convert.to_ntriples
    calls = {"n": 0}

    def broken(triples, converter=None):
        calls["n"] += 1
        return real(triples, converter) + b"<https://example.org/half> <https://example.org/p> \"unterminated .\n"

    import scra.store.embedded as embedded
    import scra.store.remote as remote

    monkeypatch.setattr(embedded, "to_ntriples", broken)
    monkeypatch.setattr(remote, "to_ntriples", broken)
    with pytest.raises((SyntaxError, StoreError, OSError, ValueError)):
        store.put_city("demo", city(50, "v2"), label="second")
    assert calls["n"] >= 1
    assert set(store.get_city("demo")) == before
    (c,) = store.cities()
    assert c["label"] == "first" and c["triples"] == 5


def test_concurrent_reader_never_sees_half_a_city(store):
    sizes = {}
    versions = [city(300 * (i + 1), f"v{i}") for i in range(4)]
    for g in versions:
        sizes[len(g)] = True
    store.put_city("demo", versions[0])
    seen, errors, done = set(), [], threading.Event()

    def reader():
        try:
            while not done.is_set():
                n = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{city_graph('demo')}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }} }}"))[0]["n"]
                seen.add(n)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(3):
            for g in versions:
                store.put_city("demo", g)
    finally:
        done.set()
        thread.join()
    assert not errors
    complete = {len(list(g.triples((None, RDFS.label, None)))) for g in versions}
    assert seen and seen <= complete, f"saw partial cities: {seen - complete}"


# ---------------------------------------------------------------- write protection

@pytest.mark.parametrize("update", [
    f"INSERT DATA {{ GRAPH <{KG_GRAPH}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    "PREFIX g: <https://w3id.org/scra/graph/> INSERT DATA { GRAPH g:kg-inferred { <urn:a> <urn:b> <urn:c> } }",
    "BASE <https://w3id.org/scra/graph/> DROP GRAPH <kg>",
    f"DROP GRAPH <{META_GRAPH}>",
    "DROP ALL", "CLEAR ALL", "CLEAR NAMED", "DROP SILENT NAMED",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"WITH <{KG_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"MOVE <{KG_GRAPH}> TO <urn:elsewhere>",
    f"COPY <urn:x> TO <{KG_INFERRED_GRAPH}>",
    f"DELETE DATA {{ GRAPH <{KG_GRAPH}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    "LOAD <http://example.org/data.ttl> INTO GRAPH <urn:x>",
    "this is not SPARQL",
])
def test_updates_cannot_touch_kg_or_meta(store, update):
    before = count(store, KG_GRAPH), count(store, KG_INFERRED_GRAPH), count(store, META_GRAPH)
    with pytest.raises(ReadOnlyGraphError):
        store.update(update)
    assert (count(store, KG_GRAPH), count(store, KG_INFERRED_GRAPH), count(store, META_GRAPH)) == before


def test_allowed_updates(store):
    store.put_city("demo", city(1))
    store.update(f"INSERT DATA {{ GRAPH <{city_graph('demo')}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    store.update("INSERT DATA { GRAPH <urn:scratch> { <urn:a> <urn:b> <urn:c> } }")
    store.update(f"COPY <{KG_GRAPH}> TO <urn:kg-copy>")      # reading the KG is fine
    store.update(f"DELETE {{ GRAPH <urn:scratch> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{KG_GRAPH}> {{ ?s ?p ?o }} }}")
    assert store.query(f"ASK {{ GRAPH <{city_graph('demo')}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert count(store, "urn:kg-copy") == count(store, KG_GRAPH)


# ---------------------------------------------------------------- dataset overrides

def test_dataset_overrides(store):
    store.put_city("a", city(2, "a"))
    store.put_city("b", city(3, "b"))
    q = PREFIXES + "SELECT ?l WHERE { ?x rdfs:label ?l FILTER(STRSTARTS(?l, 'a ') || STRSTARTS(?l, 'b ')) }"
    assert {r["l"] for r in store.query(q, default_graph_uris=[city_graph("a")])} == {"a resource 0", "a resource 1"}
    assert len(list(store.query(q))) == 5                                   # union of everything
    if getattr(store, "dialect", None) is None:  # Virtuoso has no default graph apart from its named graphs
        assert list(store.query(q, use_default_graph_as_union=False)) == []    # the real default graph is empty
    g = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert {r["g"] for r in store.query(g, named_graph_uris=[city_graph("b")])} == {city_graph("b")}
    assert {city_graph("a"), city_graph("b"), KG_GRAPH, KG_INFERRED_GRAPH} <= {r["g"] for r in store.query(g)}
    # the union default graph sees the KG and its closure: a city resource and a KG class in one pattern
    assert store.query(PREFIXES + f"ASK {{ <{EX.os}> a ?c . ?c rdfs:subClassOf* scra:System }}")


# ---------------------------------------------------------------- results and serialization

def test_rows_plain_and_terms(store):
    store.put_city("demo", city(1))
    q = PREFIXES + f"SELECT ?x ?l (1 AS ?one) ?unbound WHERE {{ GRAPH <{city_graph('demo')}> {{ ?x a scra:CityOS ; rdfs:label ?l }} }}"
    (row,) = list(store.query(q))
    assert row == {"x": str(EX.os), "l": "City OS", "one": 1}
    (row,) = list(store.query(q).rows(terms=True))
    assert row["l"] == ox.Literal("City OS", language="en") and isinstance(row["x"], ox.NamedNode)
    result = store.query(q)
    list(result)
    with pytest.raises(RuntimeError, match="consumed"):
        list(result)


@pytest.mark.parametrize("fmt", ["application/sparql-results+json", "application/sparql-results+xml",
                                 "text/tab-separated-values", "text/csv", "json", "xml", "tsv", "csv"])
def test_select_and_ask_serialization(store, fmt):
    store.put_city("demo", city(4))
    q = PREFIXES + f"SELECT ?x ?l WHERE {{ GRAPH <{city_graph('demo')}> {{ ?x rdfs:label ?l }} }} ORDER BY ?l"
    expected = list(store.query(q).rows(terms=True))
    data = store.query(q).serialize(fmt)
    name = fmt.split("/")[-1].replace("sparql-results+", "").replace("tab-separated-values", "tsv")
    if name == "csv":  # CSV is lossy (no datatypes/languages): compare the text
        lines = data.decode().splitlines()
        assert lines[0] == "x,l" and len(lines) == 1 + len(expected)
    else:
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(name))
        assert [{v: s[v] for v in ("x", "l")} for s in parsed] == expected
    ask = store.query(PREFIXES + "ASK { ?x a scra:System }").serialize(fmt)
    assert b"true" in ask


@pytest.mark.parametrize("fmt,rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                               ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
                                               ("application/trig", "trig"), ("application/n-quads", "nquads"),
                                               ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_construct_serialization_round_trip(store, fmt, rdflib_format):
    from rdflib import Dataset

    store.put_city("demo", city(4))
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{city_graph('demo')}> {{ ?s ?p ?o }} }}"
    result = store.query(q)
    assert result.kind == "graph"
    assert result.media_type(fmt).split(";")[0] == (fmt if "/" in fmt else result.media_type(fmt))
    data = store.query(q).serialize(fmt)
    if rdflib_format in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        got = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            got.add((s, p, o))
    else:
        got = Graph().parse(data=data, format=rdflib_format)
    assert isomorphic(got, store.get_city("demo"))


def test_describe_and_to_rdflib(store):
    store.put_city("demo", city(1))
    g = store.query(f"DESCRIBE <{EX.os}>").to_rdflib()
    assert (EX.os, RDFS.label, Literal("City OS", lang="en")) in g


def test_graph_triples_and_missing_graph(store):
    store.put_city("demo", city(2))
    assert len(list(store.graph_triples(city_graph("demo")))) == len(store.get_city("demo"))
    assert list(store.graph_triples(city_graph("nowhere"))) == []
    assert store.has_graph(city_graph("demo")) and not store.has_graph(city_graph("nowhere"))


def test_bad_query_is_a_syntax_error(store):
    with pytest.raises(SyntaxError):
        store.query("SELEKT * WHERE { ?s ?p ?o }")


# ---------------------------------------------------------------- persistence

def test_survives_restart(store_factory, backend):
    first = store_factory()
    first.put_city("demo", city(3), label="Demo")
    first.close()
    import gc

    gc.collect()
    second = store_factory(ensure_kg=False)
    assert second.ensure_kg() is False                     # same KG version: not reloaded
    assert [c["id"] for c in second.cities()] == ["demo"]
    assert (EX.os, RDF.type, SCRA.System) in second.get_city("demo")


def test_remote_server_down_is_a_clear_error():
    from scra.store import RemoteStore
    from storekit import free_port

    store = RemoteStore(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        store.cities()
    store.close()


def test_embedded_store_in_use_is_a_clear_error(tmp_path):
    from scra.store import EmbeddedStore

    first = EmbeddedStore(tmp_path / "s")
    with pytest.raises(StoreError, match="in use"):
        EmbeddedStore(tmp_path / "s")
    first.close()


def test_open_store_honours_environment(tmp_path, monkeypatch):
    from scra.store import EmbeddedStore, RemoteStore, open_store

    monkeypatch.setenv("SCRA_STORE", str(tmp_path / "env-store"))
    monkeypatch.delenv("SCRA_ENDPOINT", raising=False)
    with open_store(ensure_kg=False) as store:
        assert isinstance(store, EmbeddedStore) and store.path == tmp_path / "env-store"
    monkeypatch.setenv("SCRA_ENDPOINT", "http://127.0.0.1:9")
    store = open_store(ensure_kg=False)
    assert isinstance(store, RemoteStore) and store.query_url == "http://127.0.0.1:9/query"
    store.close()
    with open_store(tmp_path / "explicit", ensure_kg=False) as store:   # an explicit argument wins
        assert isinstance(store, EmbeddedStore)
    with pytest.raises(ValueError):
        open_store(tmp_path, "http://x")


def _big_block(n: int = 3000) -> str:
    # strings with braces, GRAPH keywords and '#' must not confuse the fast pre-scan of large DATA blocks
    return "\n".join(f'<https://example.org/s{i}> <https://example.org/p> "v{i} }} GRAPH <{KG_GRAPH}> {{ # x" .'
                     for i in range(n))


def test_large_data_updates_are_checked_fast(store):
    import time

    store.put_city("demo", city(1))
    allowed = f"INSERT DATA {{ GRAPH <{city_graph('demo')}> {{ {_big_block()} }} }}"
    start = time.perf_counter()
    store.update(allowed)
    assert time.perf_counter() - start < 10
    assert count(store, city_graph("demo")) >= 3000
    hidden = ("PREFIX g: <https://w3id.org/scra/graph/>\n"
              f"INSERT DATA {{ GRAPH <urn:ok> {{ {_big_block()} }} GRAPH g:kg {{ <urn:a> <urn:b> <urn:c> }} }}")
    with pytest.raises(ReadOnlyGraphError):
        store.update(hidden)
    with pytest.raises(ReadOnlyGraphError):
        store.update(f"INSERT DATA {{ GRAPH <urn:ok> {{ {_big_block()} }} }} ; DELETE DATA {{ GRAPH <{META_GRAPH}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert not store.query("ASK { GRAPH <urn:ok> { ?s ?p ?o } }")
