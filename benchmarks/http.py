#!/usr/bin/env python3
"""Throughput and latency of `scra serve` against other SPARQL servers on the same data (loopback only).

    .venv/bin/python benchmarks/http.py [--triples 100000] [--clients 1,8,32] [--seconds 3] [--requests 3000]
                                        [--servers scra,minimal,oxigraph,rdflib-endpoint]

Needs the bench extra (`pip install -e '.[bench]'`: `oxigraph` for `oxigraph serve`, `rdflib-endpoint`).

Data: the knowledge graph (and its OWL 2 RL closure) plus one generated city of --triples triples,
loaded by scra into its store, then dumped as N-Quads and loaded unchanged into the others. All
servers query the union of the graphs as their default graph.

Servers, each started alone on 127.0.0.1 (so they never compete for the 2 cores), then stopped:
  scra             `scra serve --store DIR`
  minimal          benchmarks/minimal_endpoint.py: ~25 lines of FastAPI + pyoxigraph, the floor Python's
                   HTTP stack sets
  oxigraph         `oxigraph serve-read-only --union-default-graph` (Rust)
  rdflib-endpoint  rdflib-endpoint's SparqlEndpoint over an rdflib Dataset (default_union=True)

Queries: an IRI lookup, a GROUP BY over all typed resources, an ORDER BY … LIMIT (the first standards
of the catalogue by identifier).
The load generator is a small keep-alive HTTP/1.1 client on asyncio (no client library in the way):
each of N clients sends its next request when the previous answer is in. Each cell runs for at most
--seconds after a short warm-up and at most --requests requests; requests still out at the deadline
are dropped. Prints throughput (requests/s), p50 and p99 latency (ms), ratios and the issue's targets.
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file is named http.py: keep its folder off sys.path, or it would shadow the standard library's
# `http` package for everything imported below (uvicorn, httpx …).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import time
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SCRA = "https://w3id.org/scra#"
CITY = "https://example.org/bench-city#"

QUERIES = {
    "iri-lookup": f"SELECT ?p ?o WHERE {{ <{CITY}r42> ?p ?o }}",
    "group-by": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    "order-limit": (f"SELECT ?std ?id WHERE {{ ?std a <{SCRA}Standard> ; <http://purl.org/dc/terms/identifier> ?id }} "
                    "ORDER BY ?id LIMIT 10"),
}
LIGHT = ("iri-lookup", "order-limit")
HEAVY = ("group-by", "order-limit")


# ---------------------------------------------------------------- data

def generate_city(n_triples: int, seed: int = 7):
    """A city of typed resources with labels, numbers and links, using the KG's own classes."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    import scra

    kg = scra.load_kg()
    classes = sorted(c for c in kg.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(SCRA))
    links = sorted(p for p in kg.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(SCRA))
    rnd = random.Random(seed)
    graph = Graph()
    n_resources = max(1, n_triples // 5)
    size = URIRef(SCRA + "benchSize")
    for i in range(n_resources):
        r = URIRef(f"{CITY}r{i}")
        graph.add((r, RDF.type, rnd.choice(classes)))
        graph.add((r, RDFS.label, Literal(f"resource {rnd.randrange(10**6):06d} {i}", lang="en")))
        graph.add((r, RDFS.label, Literal(f"資源 {i}", lang="ja")))
        graph.add((r, size, Literal(rnd.randrange(1000))))
        graph.add((r, rnd.choice(links), URIRef(f"{CITY}r{rnd.randrange(n_resources)}")))
    return graph


def prepare(work: Path, n_triples: int) -> tuple[Path, Path, Path]:
    """(scra store dir, N-Quads dump, Oxigraph store dir), built once per size and reused."""
    scra_dir, dump, ox_dir = work / "scra-store", work / "data.nq", work / "oxigraph-store"
    if dump.exists() and scra_dir.exists() and ox_dir.exists():
        return scra_dir, dump, ox_dir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    from scra.store import open_store

    print(f"preparing data: knowledge graph + a generated city of {n_triples} triples …", file=sys.stderr)
    with open_store(store_dir=scra_dir) as store:
        store.put_city("bench-city", generate_city(n_triples), label="Benchmark City")
    import pyoxigraph as ox

    readonly = ox.Store.read_only(str(scra_dir))
    readonly.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    del readonly
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL)
    return scra_dir, dump, ox_dir


# ---------------------------------------------------------------- servers

RDFLIB_ENDPOINT = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, path="/sparql")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(name: str, port: int, scra_dir: Path, dump: Path, ox_dir: Path, work: Path) -> tuple[list, str]:
    """(command, query path) of a server."""
    if name == "scra":
        return [str(BIN / "scra"), "serve", "--store", str(scra_dir), "--port", str(port)], "/sparql"
    if name == "minimal":
        return [sys.executable, str(HERE / "minimal_endpoint.py"), str(ox_dir), str(port)], "/sparql"
    if name == "oxigraph":
        return [str(BIN / "oxigraph"), "serve-read-only", "--location", str(ox_dir), "--bind", f"127.0.0.1:{port}",
                "--union-default-graph"], "/query"
    if name == "rdflib-endpoint":
        script = work / "rdflib_endpoint_server.py"
        script.write_text(RDFLIB_ENDPOINT)
        return [sys.executable, str(script), str(dump), str(port)], "/sparql"
    raise ValueError(name)


def wait_ready(proc, port: int, path: str, timeout: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}{path}", params={"query": "ASK {}"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=5)
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("server did not become ready")


# ---------------------------------------------------------------- load generator

async def _read_response(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length, chunked = None, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _client(port: int, request: bytes, stop_at: float, budget: list, latencies: list, errors: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(request)
            remaining = stop_at - time.perf_counter()
            if remaining <= 0:
                break
            try:
                status = await asyncio.wait_for(_read_response(reader), remaining)
            except asyncio.TimeoutError:
                break
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors.append(status)
    finally:
        writer.close()


async def _measure(port: int, path: str, query: str, clients: int, seconds: float, max_requests: int) -> dict:
    request = (f"GET {path}?query={quote(query, safe='')} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Accept: application/sparql-results+json\r\nConnection: keep-alive\r\n\r\n").encode()
    warm: list = []
    await _client(port, request, time.perf_counter() + 2, [min(10, max_requests)], warm, [])
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    stop_at = started + seconds
    budget = [max_requests]
    await asyncio.gather(*(_client(port, request, stop_at, budget, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")  # noqa: E731
    return {"rps": len(latencies) / elapsed, "p50": pick(0.50), "p99": pick(0.99), "n": len(latencies),
            "errors": len(errors)}


def measure(*args) -> dict:
    try:
        import uvloop

        return uvloop.run(_measure(*args))
    except ImportError:
        return asyncio.run(_measure(*args))


# ---------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="size of the generated city")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per cell (after warm-up)")
    parser.add_argument("--requests", type=int, default=3000, help="most requests per cell")
    parser.add_argument("--servers", default="scra,minimal,oxigraph,rdflib-endpoint")
    parser.add_argument("--queries", default=",".join(QUERIES), help="which of: " + ", ".join(QUERIES))
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat the whole sequence; each cell reports its median round (for a busy machine)")
    parser.add_argument("--work", default=None, help="folder for the stores (default: benchmarks/out/http-N)")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    for unknown in set(args.queries.split(",")) - set(QUERIES):
        parser.error(f"unknown query {unknown}")
    for name in set(QUERIES) - set(args.queries.split(",")):
        del QUERIES[name]
    work = Path(args.work) if args.work else HERE / "out" / f"http-{args.triples}"
    scra_dir, dump, ox_dir = prepare(work, args.triples)

    rounds: dict[tuple, list] = {}
    for round_no in range(args.rounds):
        for name in servers:
            run_server(name, clients, args, (scra_dir, dump, ox_dir, work), rounds, round_no)
    results = {key: sorted(cells, key=lambda c: c["rps"])[len(cells) // 2] for key, cells in rounds.items()}
    report(results, servers, clients, args)


def run_server(name: str, clients: list, args, data: tuple, rounds: dict, round_no: int) -> None:
    """Start one server alone, measure every query at every client count, stop it."""
    scra_dir, dump, ox_dir, work = data
    port = free_port()
    command, path = server_command(name, port, scra_dir, dump, ox_dir, work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRA_")}
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_ready(proc, port, path)
        for qname, query in QUERIES.items():
            for n in clients:
                cell = measure(port, path, query, n, args.seconds, args.requests)
                rounds.setdefault((name, qname, n), []).append(cell)
                print(f"  [{round_no + 1}] {name:16} {qname:12} {n:>3} clients: {cell['rps']:9.1f} req/s  "
                      f"p50 {cell['p50']:8.2f} ms  p99 {cell['p99']:8.2f} ms  ({cell['n']} ok, {cell['errors']} errors)",
                      file=sys.stderr)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def report(results: dict, servers: list, clients: list, args) -> None:
    print(f"\n## HTTP benchmark: knowledge graph + {args.triples} generated triples, loopback, "
          f"{os.cpu_count()} cores, {args.seconds:g} s or {args.requests} requests per cell, "
          f"median of {args.rounds} round(s)\n")
    print("| query | clients | " + " | ".join(f"{s} req/s (p50 / p99 ms)" for s in servers) + " |")
    print("|---|---:|" + "---:|" * len(servers))
    for qname in QUERIES:
        for n in clients:
            cells = []
            for s in servers:
                c = results.get((s, qname, n))
                cells.append(f"{c['rps']:.0f} ({c['p50']:.1f} / {c['p99']:.1f})" if c else "—")
            print(f"| {qname} | {n} | " + " | ".join(cells) + " |")
    if "scra" not in servers:
        return
    print("\nRatios (scra throughput ÷ other):\n")
    others = [s for s in servers if s != "scra"]
    print("| query | clients | " + " | ".join(f"÷ {s}" for s in others) + " |")
    print("|---|---:|" + "---:|" * len(others))
    for qname in QUERIES:
        for n in clients:
            mine = results.get(("scra", qname, n))
            ratios = []
            for s in others:
                other = results.get((s, qname, n))
                ratios.append(f"{mine['rps'] / other['rps']:.2f}" if mine and other and other["rps"] else "—")
            print(f"| {qname} | {n} | " + " | ".join(ratios) + " |")
    print("\nTargets:")
    checks = []
    if "minimal" in servers:
        for qname in QUERIES:
            for n in clients:
                mine, floor = results.get(("scra", qname, n)), results.get(("minimal", qname, n))
                if mine and floor and floor["rps"]:
                    checks.append((f"{qname} @ {n}: ≥ 70% of minimal FastAPI+pyoxigraph", mine["rps"] / floor["rps"] >= 0.7,
                                   f"{100 * mine['rps'] / floor['rps']:.0f}%"))
    if "rdflib-endpoint" in servers:
        for qname in HEAVY:
            for n in clients:
                mine, slow = results.get(("scra", qname, n)), results.get(("rdflib-endpoint", qname, n))
                if mine and slow:
                    ratio = mine["rps"] / slow["rps"] if slow["rps"] else float("inf")
                    checks.append((f"{qname} @ {n}: ≥ 10× rdflib-endpoint", ratio >= 10, f"{ratio:.1f}×"))
    for qname in LIGHT:
        mine = results.get(("scra", qname, 8))
        if mine:
            checks.append((f"{qname} @ 8: p99 < 100 ms", mine["p99"] < 100, f"{mine['p99']:.1f} ms"))
    for text, ok, value in checks:
        print(f"- [{'x' if ok else ' '}] {text}: {value}")


if __name__ == "__main__":
    main()
