"""Store benchmarks: atomic city replacement cost, and open-and-first-query time on a ~1M-triple store.

    .venv/bin/python benchmarks/store.py [--cities 100] [--city-size 10000] [--replace 100000 1000000]

1. Builds an embedded store with the KG and --cities generated cities of --city-size triples each
   (default 100 x 10k = ~1M triples) and reports the time per put_city.
2. Closes it and measures, in a fresh process, open + ensure_kg + first query (a join over the union).
3. For each --replace size: put_city of a city of that size into an empty graph, then a replacement
   (the atomic DELETE + INSERT DATA in one transaction), with peak RSS.
"""
from __future__ import annotations

import os as _os
import sys as _sys

# benchmarks/http.py (the HTTP benchmark) would shadow the standard library's `http` for scripts run from here
_sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != _os.path.dirname(_os.path.abspath(__file__))]

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

SCRA = "https://w3id.org/scra#"
# a typical first question: one city's systems (with completed types) and their interfaces' labels
FIRST_QUERY = """PREFIX scra: <https://w3id.org/scra#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?l ?i WHERE { GRAPH <https://w3id.org/scra/graph/city/city-42> {
  ?s a scra:System ; rdfs:label ?l ; scra:hasInterface ?i } } LIMIT 100"""
# a heavy one: an aggregate over every city graph (~1M triples)
HEAVY_QUERY = """PREFIX scra: <https://w3id.org/scra#>
SELECT ?city (COUNT(DISTINCT ?s) AS ?systems) WHERE { GRAPH ?city { ?s a scra:System ; scra:hasInterface ?i } }
GROUP BY ?city ORDER BY DESC(?systems) LIMIT 5"""


def generated_city(name: str, size: int, seed: int) -> Graph:
    rnd = random.Random(seed)
    classes = [URIRef(SCRA + c) for c in ("CityOS", "System", "Service", "DataSet", "Interface", "Device")]
    props = [URIRef(SCRA + p) for p in ("hasInterface", "usesStandard", "providesService", "operates")]
    g = Graph()
    base = f"https://example.org/{name}/"
    n = max(1, size // 5)
    nodes = [URIRef(f"{base}r{i}") for i in range(n)]
    for i, node in enumerate(nodes):
        g.add((node, RDF.type, rnd.choice(classes)))
        g.add((node, RDFS.label, Literal(f"{name} resource {i}", lang="en")))
    while len(g) < size:
        g.add((rnd.choice(nodes), rnd.choice(props), rnd.choice(nodes)))
    return g


def first_query(path: str) -> None:
    start = time.perf_counter()
    from scra.store import EmbeddedStore

    store = EmbeddedStore(path)
    opened = time.perf_counter()
    reloaded = store.ensure_kg()
    checked = time.perf_counter()
    rows = list(store.query(FIRST_QUERY))
    done = time.perf_counter()
    list(store.query(HEAVY_QUERY))
    heavy = time.perf_counter() - done
    print(json.dumps({"open": opened - start, "ensure_kg": checked - opened, "reloaded": reloaded,
                      "first_query": done - checked, "total": done - start, "rows": len(rows), "heavy": heavy}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cities", type=int, default=100)
    parser.add_argument("--city-size", type=int, default=10_000)
    parser.add_argument("--replace", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--dir", help="work directory (default: a temporary one, removed at the end)")
    parser.add_argument("--first-query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_query:
        first_query(args.first_query)
        return
    work = Path(args.dir or tempfile.mkdtemp(prefix="scra-bench-"))
    try:
        from scra.store import EmbeddedStore

        path = work / "store"
        store = EmbeddedStore(path)
        t = time.perf_counter()
        store.ensure_kg()
        print(f"KG + OWL RL closure loaded in {time.perf_counter() - t:.2f} s")
        times = []
        for i in range(args.cities):
            g = generated_city(f"city{i}", args.city_size, i)
            t = time.perf_counter()
            store.put_city(f"city-{i}", g)
            times.append(time.perf_counter() - t)
        total = sum(len(list(store.graph_triples(c["graph"]))) for c in store.cities()) if args.cities else 0
        if times:
            times.sort()
            print(f"{args.cities} cities of {args.city_size:,} triples: put_city median {times[len(times)//2]:.2f} s, "
                  f"max {times[-1]:.2f} s, total {sum(times):.1f} s; {total:,} city triples stored")
        store.close()
        del store
        for attempt in range(3):
            out = subprocess.run([sys.executable, __file__, "--first-query", str(path)], capture_output=True,
                                 text=True, check=True)
            r = json.loads(out.stdout)
            print(f"open + ensure_kg + first query (fresh process, run {attempt + 1}): open {r['open']*1000:.0f} ms, "
                  f"ensure_kg {r['ensure_kg']*1000:.0f} ms (reloaded: {r['reloaded']}), "
                  f"first query {r['first_query']*1000:.0f} ms ({r['rows']} rows), total {r['total']*1000:.0f} ms; "
                  f"then an aggregate over all cities {r['heavy']*1000:.0f} ms")
        for size in args.replace:
            store = EmbeddedStore(path)
            g1, g2 = generated_city("big-a", size, 1), generated_city("big-b", size, 2)
            t = time.perf_counter()
            store.put_city("big", g1)
            first = time.perf_counter() - t
            t = time.perf_counter()
            store.put_city("big", g2)
            replace = time.perf_counter() - t
            store.drop_city("big")
            store.close()
            del store
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"city of {size:,} triples: first put {first:.1f} s, atomic replace {replace:.1f} s "
                  f"(peak RSS so far {rss:.0f} MB)", flush=True)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
