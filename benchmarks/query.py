#!/usr/bin/env python3
"""Benchmark the named queries on the knowledge graph plus 100 generated cities (~1M triples).

    .venv/bin/python benchmarks/query.py [--cities 100] [--repeat 7] [--rdflib-timeout 30] [--no-rdflib]

1. Generates --cities city descriptions (deterministic, ~11k triples each: goals, organisations, services,
   systems, a City OS with some of the eight function groups, AI components with and without bias
   assessments, interfaces, data sets, data exchanges, devices, continuity plans, some silo systems and
   superseded standards) and stores them with the knowledge graph in an embedded store in a temporary
   directory: load time (KG + closure, then every city with type completion).
2. Runs every named query (`queries/*.rq`; city parameters bound to city-050 and city-051, and queries
   whose city is optional once more over all cities) on the embedded store: median of --repeat runs
   after one warm-up.
3. Runs the same query text (same VALUES binding) on plain rdflib: an in-memory rdflib Dataset holding the
   same quads. Each query runs in a forked child with --rdflib-timeout seconds for all its runs; a query
   that does not finish one run in time is reported as a timeout.
4. Opens the existing store in a fresh process and answers a first query: time from `open_store` to the
   first result (and the whole process including Python start and imports).

Prints a table; the targets are every named query < 100 ms median and open-and-first-query < 1 s.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# benchmarks/http.py would shadow the http package: drop this folder from the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO / "src"))

S = "https://w3id.org/scra#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

FUNCTION_GROUPS = ["service-collaboration", "authentication", "service-management", "data-management",
                   "asset-management", "external-data-collaboration", "security", "operation"]
DOMAINS = ["mobility", "parking", "energy", "water", "waste", "environment", "health", "public-safety",
           "video-surveillance", "disaster-prevention", "tourism", "education", "economy", "local-currency",
           "governance", "buildings"]
BENEFICIARIES = ["resident", "worker", "commuter", "visitor", "tourist", "rural-population", "business"]
SDGS = [f"sdg-{n}" for n in range(1, 18)]
STANDARDS = ["std-iso-37106-2021", "std-iso-37106-2018", "std-iso-37120-2018", "std-iso-37120-2014",
             "std-iec-63152-2020", "std-iso-iec-30182-2017", "std-bsi-pas-182-2014", "std-etsi-gs-cim-009",
             "std-iso-iec-5087-1-2023", "std-iso-iec-24039-2022", "std-iso-22301"]
TECHS = ["tech-lorawan", "tech-nb-iot", "tech-lte-m", "tech-5g", "tech-wifi", "tech-ble", "tech-zigbee",
         "tech-fibre-backhaul"]
INDSETS = ["indset-iso-37120", "indset-iso-37122", "indset-iso-37123", "indset-u4ssc-kpis"]
CITY_TYPES = ["citytype-megacity", "citytype-mid-size-city", "citytype-resource-constrained",
              "citytype-smart-village", "citytype-rural-community"]


def generate_city(n: int, scale: int = 1):
    """rdflib Graph of one synthetic city (~11k triples at scale 1)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    rnd = random.Random(n)
    g = Graph()
    base = f"https://example.org/gen/city-{n:03d}#"
    scra = lambda local: URIRef(S + local)  # noqa: E731
    me = lambda local: URIRef(base + local)  # noqa: E731
    city = me("city")

    def add(s, p, o):
        g.add((s, scra(p) if isinstance(p, str) else p, o))

    def thing(local, cls, label):
        node = me(local)
        g.add((node, RDF.type, scra(cls)))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        add(node, "ofCity", city)
        return node

    g.add((city, RDF.type, scra("City")))
    g.add((city, RDFS.label, Literal(f"Generated city {n}", lang="en")))
    add(city, "population", Literal(rnd.randint(2000, 20_000_000)))
    add(city, "cityType", scra(rnd.choice(CITY_TYPES)))
    for std in rnd.sample(STANDARDS, 4):
        add(city, "usesStandard", scra(std))
    for i in range(10 * scale):
        goal = thing(f"goal-{i}", "StrategyGoal", f"Goal {i}")
        add(goal, "realisesElement", scra("jp-strategy"))
        add(goal, "contributesTo", scra(rnd.choice(SDGS)))
        if rnd.random() < 0.7:
            add(goal, "measuredBy", scra(rnd.choice(INDSETS)))
        add(city, "hasGoal", goal)
    orgs = []
    for i in range(20 * scale):
        org = thing(f"org-{i}", "Organisation", f"Organisation {i}")
        add(org, "hasRole", scra(rnd.choice(["role-service-provider", "role-city-os-operator",
                                             "role-promotion-organization"])))
        if rnd.random() < 0.4:
            plan = thing(f"plan-bcp-{i}", "BusinessContinuityPlan", f"BCP {i}")
            add(plan, "usesStandard", scra("std-iso-22301"))
            add(org, "hasContinuityPlan", plan)
        orgs.append(org)
    os_node = None
    if n % 5 != 0:  # every fifth city has no City OS
        os_node = thing("city-os", "CityOS", "City OS")
        add(os_node, "realisesElement", scra("jp-city-os"))
        for fg in rnd.sample(FUNCTION_GROUPS, rnd.randint(2, 8)):
            add(os_node, "providesFunctionGroup", scra(f"cityos-fg-{fg}"))
    systems = []
    for i in range(200 * scale):
        cls = "AIComponent" if i % 25 == 0 else "System"
        sys_node = thing(f"sys-{i}", cls, f"System {i}")
        if os_node is not None and rnd.random() < 0.8:
            add(sys_node, "managedBy", os_node)
        if cls == "AIComponent" and rnd.random() < 0.5:
            assessment = thing(f"bias-{i}", "BiasAssessment", f"Bias assessment {i}")
            add(assessment, "assesses", sys_node)
            add(assessment, "followsStandard", scra("std-iso-iec-tr-24027-2021"))
        systems.append(sys_node)
    interfaces = []
    for i in range(100 * scale):
        api = thing(f"api-{i}", "Interface", f"API {i}")
        add(api, "authentication", Literal("OAuth 2.0"))
        add(api, "isOpenAPI", Literal(rnd.random() < 0.3))
        if rnd.random() < 0.8:
            add(api, "conformsTo", scra(rnd.choice(STANDARDS)))
        if rnd.random() < 0.05:
            add(api, "connectsTo", me(f"sys-{rnd.randrange(len(systems))}"))
            add(api, "supportsCharacteristic", scra("cityos-char-interoperability"))
        add(systems[i % len(systems)], "hasInterface", api)
        interfaces.append(api)
    for i in range(200 * scale):
        svc = thing(f"svc-{i}", "Service", f"Service {i}")
        add(svc, "inDomain", scra("domain-" + rnd.choice(DOMAINS)))
        for b in rnd.sample(BENEFICIARIES, rnd.randint(1, 3)):
            add(svc, "serves", scra("beneficiary-" + b))
        add(svc, "realisedBy", rnd.choice(systems))
        add(svc, "providedBy", rnd.choice(orgs))
        add(svc, "contributesTo", scra(rnd.choice(SDGS)))
        if rnd.random() < 0.5:
            add(svc, "measuredBy", scra(rnd.choice(INDSETS)))
        if rnd.random() < 0.3:
            add(svc, "dependsOnElectricity", Literal(True))
            if rnd.random() < 0.5:
                ecp = thing(f"ecp-{i}", "ElectricityContinuityPlan", f"ECP {i}")
                add(ecp, "usesStandard", scra("std-iec-63152-2020"))
                if rnd.random() < 0.7:
                    ecs = thing(f"ecs-{i}", "ElectricityContinuitySystem", f"ECS {i}")
                    add(ecp, "executedBy", ecs)
                add(svc, "hasContinuityPlan", ecp)
    datasets = []
    for i in range(300 * scale):
        ds = thing(f"ds-{i}", "DataSet", f"Data set {i}")
        add(ds, "heldBy", rnd.choice(systems))
        personal = rnd.random() < 0.3
        add(ds, "containsPersonalData", Literal(personal))
        add(ds, "isOpenData", Literal(not personal and rnd.random() < 0.5))
        if personal:
            add(ds, "legalBasis", Literal("consent", lang="en"))
        datasets.append(ds)
    connected = systems[: int(len(systems) * 0.9)]  # the last 10 % of systems exchange nothing
    for i in range(300 * scale):
        dx = thing(f"dx-{i}", "DataExchange", f"Data exchange {i}")
        add(dx, "fromSystem", rnd.choice(connected))
        add(dx, "toSystem", os_node if os_node is not None and rnd.random() < 0.5 else rnd.choice(connected))
        add(dx, "viaInterface", rnd.choice(interfaces))
        add(dx, "exchanges", rnd.choice(datasets))
    for i in range(800 * scale):
        dev = thing(f"dev-{i}", "Device", f"Device {i}")
        add(dev, "assetComponentType", scra("asset-device"))
        add(dev, "connectedBy", scra(rnd.choice(TECHS)))
        if os_node is not None:
            add(dev, "managedBy", os_node)
    rule = thing("rule-data", "Rule", "Data rule")
    add(rule, "realisesElement", scra("jp-rules"))
    add(rule, "addressesAspectInCity", scra("aspect-privacy"))
    return g


def params_for(query, city: str, other: str) -> dict:
    params = {}
    for p in query.params:
        if p.type == "city":
            params[p.name] = other if p.name == "other" else city
    return params


def median_ms(samples):
    return statistics.median(samples) * 1000


# ---------------------------------------------------------------- rdflib side (forked children)

_DATASET = None


def _rdflib_child(text: str, reps: int, conn) -> None:
    try:
        for _ in range(reps):
            start = time.perf_counter()
            rows = len(list(_DATASET.query(text)))
            conn.send(("ok", time.perf_counter() - start, rows))
    except Exception as exc:  # noqa: BLE001
        conn.send(("error", repr(exc)[:200], 0))
    conn.close()


def rdflib_time(text: str, reps: int, timeout: float):
    parent, child = mp.Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_rdflib_child, args=(text, reps, child))
    proc.start()
    child.close()
    samples, rows, error = [], None, None
    deadline = time.monotonic() + timeout
    while len(samples) < reps:
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            break
        try:
            kind, value, n = parent.recv()
        except EOFError:
            break
        if kind == "error":
            error = value
            break
        samples.append(value)
        rows = n
    if proc.is_alive():
        proc.kill()
    proc.join()
    return samples, rows, error


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cities", type=int, default=100)
    ap.add_argument("--scale", type=int, default=1, help="multiply the size of each city")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--rdflib-timeout", type=float, default=30.0)
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the store directory")
    args = ap.parse_args()

    from scra.queries import bind_values, bound_text, list_queries
    from scra.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="scra-query-bench-"))
    store_dir = tmp / "store"
    print(f"generating {args.cities} cities …", file=sys.stderr)
    t0 = time.perf_counter()
    graphs = [generate_city(n, args.scale) for n in range(args.cities)]
    gen_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    store = open_store(store_dir)  # loads the KG and materialises its closure
    kg_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n, g in enumerate(graphs):
        store.put_city(f"city-{n:03d}", g, label=f"Generated city {n}")
    cities_s = time.perf_counter() - t0
    total = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows()))["n"]
    print(f"\nstore: {total:,} quads ({args.cities} cities + KG + closure + meta) in {store_dir}")
    print(f"generate {gen_s:.1f} s · load KG + closure {kg_s:.2f} s · store {args.cities} cities "
          f"{cities_s:.1f} s ({cities_s / args.cities * 1000:.0f} ms/city) · total load {kg_s + cities_s:.1f} s\n")

    mid = f"city-{args.cities // 2:03d}"
    other = f"city-{args.cities // 2 + 1:03d}"
    texts = {}
    ox_results = {}
    variants = []
    for q in list_queries():
        variants.append((q.name, q, params_for(q, mid, other)))
        city = q.param("city")
        if city is not None and city.optional:  # the same query over every stored city
            variants.append((f"{q.name} (all cities)", q, {}))
    for name, q, params in variants:
        text = bound_text(q, bind_values(q, params, store))
        texts[name] = text
        rows = len(list(store.query(text).rows()))  # warm-up
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            list(store.query(text).rows())
            samples.append(time.perf_counter() - start)
        ox_results[name] = (median_ms(samples), rows)

    rd_results = {}
    rd_load = None
    if not args.no_rdflib:
        global _DATASET
        from rdflib import Dataset

        print("loading the same quads into rdflib …", file=sys.stderr)
        dump = tmp / "all.nq"
        import pyoxigraph as ox

        with open(dump, "wb") as fh:
            store._store.dump(fh, ox.RdfFormat.N_QUADS)
        t0 = time.perf_counter()
        _DATASET = Dataset()
        _DATASET.parse(str(dump), format="nquads")
        rd_load = time.perf_counter() - t0
        for name, text in texts.items():
            print(f"  rdflib: {name}", file=sys.stderr)
            samples, rows, error = rdflib_time(text, min(args.repeat, 3), args.rdflib_timeout)
            rd_results[name] = (median_ms(samples) if samples else None, rows, error)
    store.close()

    # open an existing store and answer a first query, in a fresh process
    probe = ("import time,sys; t0=time.perf_counter(); from scra.store import open_store; "
             "from scra.queries import run_rows; t1=time.perf_counter(); "
             f"s=open_store({str(store_dir)!r}); r=run_rows(s, 'city-sdgs', {{'city': {mid!r}}}); "
             "t2=time.perf_counter(); print(f'{t1-t0:.3f} {t2-t1:.3f} {len(r[1])}')")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    wall = time.perf_counter() - t0
    imports_s, open_first_s, first_rows = out.stdout.split()

    print(f"{'named query':<46} {'rows':>6} {'oxigraph ms':>12} {'rdflib ms':>12} {'ratio':>9}  target")
    print("-" * 98)
    for name, (ms, rows) in ox_results.items():
        rd = rd_results.get(name)
        if rd is None:
            rd_text, ratio = "—", ""
        elif rd[0] is None:
            rd_text, ratio = (f"error" if rd[2] else f">{args.rdflib_timeout:.0f} s"), ""
        else:
            rd_text, ratio = f"{rd[0]:.1f}", f"{rd[0] / ms:.0f}×" if ms > 0 else ""
            if rd[1] != rows:
                rd_text += f" ({rd[1]} rows)"
        print(f"{name:<46} {rows:>6} {ms:>12.2f} {rd_text:>12} {ratio:>9}  {'ok' if ms < 100 else 'SLOW'}")
    print("-" * 98)
    print(f"open existing store + first query: {float(open_first_s) * 1000:.0f} ms "
          f"({'ok' if float(open_first_s) < 1 else 'SLOW'}; imports {float(imports_s) * 1000:.0f} ms; whole "
          f"process incl. Python start {wall:.2f} s; {first_rows} rows)")
    if rd_load is not None:
        print(f"rdflib: parsing the same {total:,} quads took {rd_load:.1f} s")
    errors = {n: r[2] for n, r in rd_results.items() if r[2]}
    for name, error in errors.items():
        print(f"rdflib error on {name}: {error}")
    if args.keep:
        print(f"store kept in {store_dir}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
