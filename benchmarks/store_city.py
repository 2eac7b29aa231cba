"""Storing one validated city: scra (parse with pyoxigraph, type completion, atomic replace) against the
anchor, pyoxigraph ``bulk_load`` of the same file into a fresh store, each in a fresh process.

    .venv/bin/python benchmarks/store_city.py [--sizes 10k 100k 1M] [--repeat 1]

The description files are benchmarks/validate.py's generated cities (benchmarks/out/city-*.ttl).
scra's figure is ``read_triples`` + ``put_city`` into a store that already holds the knowledge graph
(ensure_kg is done before the clock starts); peak RSS is the process's maximum resident set.
"""
from __future__ import annotations

import os as _os
import sys as _sys

_sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != _os.path.dirname(_os.path.abspath(__file__))]

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time
mode, path, store_dir = sys.argv[1:4]
import pyoxigraph as ox
if mode == "anchor":
    start = time.perf_counter()
    store = ox.Store(store_dir)
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/scra/graph/city/bench"))
    store.flush()
    seconds = time.perf_counter() - start
else:
    from scra.store import EmbeddedStore
    from scra.validation.input import read_triples
    store = EmbeddedStore(store_dir)
    store.ensure_kg()
    store.superclasses()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    store.put_city("bench", read_triples([path]))
    store.close()
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(mode: str, path: Path, template: Path | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="scra-bench-"))
    try:
        store_dir = work / "store"
        if template is not None and mode == "scra":
            shutil.copytree(template, store_dir)
        out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), str(store_dir)], capture_output=True,
                             text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1M"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import validate as generator  # benchmarks/validate.py: the generated descriptions

    template = Path(tempfile.mkdtemp(prefix="scra-bench-kg-")) / "store"
    from scra.store import EmbeddedStore
    with EmbeddedStore(template) as store:
        store.ensure_kg()
    print(f"{'size':>6} {'triples':>9} {'scra s':>8} {'anchor s':>9} {'ratio':>6} {'scra MB':>8} {'anchor MB':>9}")
    rows = []
    for size in args.sizes:
        path, count = generator.description_file(size)
        scra = [run("scra", path, template) for _ in range(args.repeat)]
        anchor = [run("anchor", path, None) for _ in range(args.repeat)]
        s = statistics.median(r["seconds"] for r in scra)
        a = statistics.median(r["seconds"] for r in anchor)
        row = {"size": size, "triples": count, "scra_s": s, "anchor_s": a, "ratio": s / a,
               "scra_peak_mb": max(r["peak_mb"] for r in scra), "anchor_peak_mb": max(r["peak_mb"] for r in anchor)}
        rows.append(row)
        print(f"{size:>6} {count:>9} {s:8.2f} {a:9.2f} {s / a:6.2f} {row['scra_peak_mb']:8.0f} {row['anchor_peak_mb']:9.0f}",
              flush=True)
    shutil.rmtree(template.parent, ignore_errors=True)
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
