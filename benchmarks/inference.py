"""Measure OWL 2 RL closure candidates on the knowledge graph and on generated city data.

    .venv/bin/python benchmarks/inference.py [--sizes 10000 100000] [--owlrl-limit 300]

Each candidate runs in a fresh subprocess (so one slow or crashing engine cannot skew the others) on
the knowledge graph plus N generated triples that use the KG's own classes and object properties
(typed individuals linked by random object properties, with labels), i.e. what a city looks like to
a reasoner. Prints a Markdown table: seconds, input triples, inferred triples.
"""
from __future__ import annotations

import os as _os
import sys as _sys

# benchmarks/http.py (the HTTP benchmark) would shadow the standard library's `http` for scripts run from here
_sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != _os.path.dirname(_os.path.abspath(__file__))]

import argparse
import json
import random
import subprocess
import sys
import time

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS


def generated(n: int, seed: int = 42) -> Graph:
    import scra

    kg = scra.load_kg()
    classes = sorted(c for c in kg.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    props = sorted(p for p in kg.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef))
    rnd = random.Random(seed)
    g = Graph()
    base = "https://example.org/bench/"
    individuals = max(1, n // 6)
    nodes = [URIRef(f"{base}r{i}") for i in range(individuals)]
    for i, node in enumerate(nodes):
        g.add((node, RDF.type, rnd.choice(classes)))
        g.add((node, RDFS.label, Literal(f"resource {i}")))
    while len(g) < n:
        g.add((rnd.choice(nodes), rnd.choice(props), rnd.choice(nodes)))
    return g


def run_one(engine: str, size: int) -> dict:
    import scra
    from scra.kg.closure import owl_rl_closure

    data = scra.load_kg()
    if size:
        data += generated(size)
    start = time.perf_counter()
    inferred = owl_rl_closure(data, engine=engine)
    seconds = time.perf_counter() - start
    return {"engine": engine, "size": size, "input": len(data), "inferred": len(inferred), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 10_000, 100_000])
    parser.add_argument("--engines", nargs="*", default=["reasonable", "owlrl"])
    parser.add_argument("--owlrl-limit", type=float, default=300, help="seconds before owlrl is given up")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return
    print("| engine | data | input triples | inferred triples | seconds |")
    print("|---|---|---:|---:|---:|")
    for size in args.sizes:
        for engine in args.engines:
            label = "KG only" if size == 0 else f"KG + {size:,} generated"
            limit = args.owlrl_limit if engine == "owlrl" else 3600
            try:
                out = subprocess.run([sys.executable, __file__, "--one", engine, str(size)],
                                     capture_output=True, text=True, timeout=limit, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(f"| {engine} | {label} | {r['input']:,} | {r['inferred']:,} | {r['seconds']:.2f} |", flush=True)
            except subprocess.TimeoutExpired:
                print(f"| {engine} | {label} | | | > {limit:.0f} (stopped) |", flush=True)
            except subprocess.CalledProcessError as exc:
                print(f"| {engine} | {label} | | | failed: {exc.stderr.strip().splitlines()[-1][:80]} |", flush=True)


if __name__ == "__main__":
    main()
