#!/usr/bin/env python3
"""Benchmark SHACL validation of generated city descriptions.

    .venv/bin/python benchmarks/validate.py [--sizes 1k,10k,100k,1M] [--engines jena,jena-worker,pyrudof,pyshacl,plain]
                                            [--timeout 600] [--repeat 3] [--shapes FILE ...]

For each size it generates (once, cached in benchmarks/out/) a city description in Turtle with services,
systems, City OS, AI components, data sets, interfaces, data exchanges, devices, organisations and
continuity plans using core.ttl terms and registry IRIs, with a realistic mix of defects, and prints per
engine: parse time, validation time, end-to-end time, peak memory (RSS of the measuring Python process and of
its child JVM), result counts by severity, and the ratio to the plain pySHACL call that the issue names:
`pyshacl.validate(data, shacl_graph=shapes, ont_graph=kg, inference="rdfs")` ("plain").

Engines
  plain        the plain pySHACL call above (RDFS inference over description + whole KG)
  pyshacl      scra's reference: pySHACL, description + KG closure, no inference, advanced=True
  jena         Apache Jena SHACL, one JVM per call (JVM start included in end-to-end)
  jena-worker  Apache Jena SHACL in a warm long-lived JVM (start paid once, warmed on the 1k description)
  pyrudof      rudof (Rust) through pyrudof (0.3.35 runs the sh:sparql constraints too)
  scra         scra.validate([file]) end to end with its default engine, in a fresh process (JVM start included),
               including building the enriched, labelled results

Every measurement runs in a fresh child process (peak RSS is per measurement; --timeout kills it). Times are
medians of --repeat runs (default 3; 1 at 1M, and 1 for plain/pyshacl from 100k on). Shapes: shapes/*.ttl except meta.ttl, or the
files given with --shapes, or the built-in typical shapes in benchmarks/typical-shapes.ttl when shapes/ has none.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# benchmarks/ holds other scripts (http.py ...) whose names shadow the standard library: not on sys.path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
REPO = HERE.parent
OUT = HERE / "out"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
ALL_ENGINES = ["plain", "pyshacl", "jena", "jena-worker", "pyrudof", "scra"]


# ---------------------------------------------------------------------------------------------- generator

def _catalogue():
    """Reference individuals the generator may use, read from the KG (never invented)."""
    from rdflib import Namespace
    from rdflib.namespace import RDF

    import scra

    S = Namespace("https://w3id.org/scra#")
    kg = scra.load_kg()

    def members(cls):
        return sorted(str(s).rsplit("#", 1)[1] for s in kg.subjects(RDF.type, S[cls]) if str(s).startswith(str(S)))

    standards = members("Standard")
    status = {str(s).rsplit("#", 1)[1]: str(o).rsplit("#", 1)[1] for s, o in kg.subject_objects(S.status)}
    return {
        "domains": members("Domain"),
        "beneficiaries": members("BeneficiaryGroup"),
        "techs": members("CommunicationTechnology"),
        "fgs": members("CityOSFunctionGroup"),
        "current": [s for s in standards if status.get(s) == "status-published"] or standards,
        "old": [s for s in standards if status.get(s) in ("status-superseded", "status-withdrawn")],
    }


CRITICAL = {"domain-energy", "domain-water", "domain-health", "domain-disaster-prevention", "domain-communications"}


def generate(triples: int, seed: int = 1) -> tuple[str, int]:
    """A Turtle city description of at least `triples` triples, and its exact count; deterministic per seed."""
    cat = _catalogue()
    rng = random.Random(seed)
    lines = ["@prefix scra: <https://w3id.org/scra#> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", "@prefix c: <https://example.org/bench-city#> .", ""]
    count = 0

    def node(subject, pairs):
        nonlocal count
        count += len(pairs)
        lines.append(subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in pairs) + " .")

    def p(x):  # probability
        return rng.random() < x

    node("c:city", [("a", "scra:City"), ("rdfs:label", '"Bench City"@en'), ("scra:population", '"250000"^^xsd:integer'),
                    ("scra:surroundingArea", "c:region")])
    node("c:region", [("a", "scra:Area"), ("rdfs:label", '"Bench region"@en')])
    k = 0
    previous_system = None
    while count < triples:
        k += 1
        org, sys_, itf, svc, ds, dx, plan = (f"c:{x}{k}" for x in ("org", "sys", "if", "svc", "ds", "dx", "plan"))
        # organisation
        kind = rng.random()
        role = "scra:role-city-os-operator" if kind < 0.05 and p(0.95) else "scra:role-service-provider"
        node(org, [("a", "scra:Organisation"), ("rdfs:label", f'"Provider {k}"@en'),
                   ("scra:hasRole", role), ("scra:operates", sys_)])
        # system (some City OS, AI components, video surveillance)
        pairs = [("rdfs:label", f'"System {k}"@en'), ("scra:hasInterface", itf)]
        if kind < 0.05:
            pairs.insert(0, ("a", "scra:CityOS"))
            pairs += [("scra:providesFunctionGroup", f"scra:{fg}") for fg in cat["fgs"] if p(0.97)]
        elif kind < 0.10:
            pairs.insert(0, ("a", "scra:AIComponent"))
            if p(0.9):
                pairs.append(("scra:humanOversight", '"operator review of every alert"@en'))
            if p(0.9):
                pairs.append(("scra:hasAssessment", f"c:bias{k}"))
                node(f"c:bias{k}", [("a", "scra:BiasAssessment"), ("rdfs:label", f'"Bias assessment {k}"@en'),
                                    ("scra:assessmentDate", '"2024-03-01"^^xsd:date')])
        elif kind < 0.13:
            pairs.insert(0, ("a", "scra:VideoSurveillanceSystem"))
            pairs.append(("scra:purpose", '"crowd safety at events"@en'))
            if p(0.9):
                pairs.append(("scra:retentionPeriod", '"P30D"^^xsd:duration'))
        else:
            pairs.insert(0, ("a", "scra:System"))
        node(sys_, pairs)
        # interface
        pairs = [("a", "scra:Interface"), ("rdfs:label", f'"API {k}"@en'), ("scra:isOpenAPI", '"true"^^xsd:boolean')]
        if previous_system is not None and (kind < 0.05 or p(0.2)) and p(0.95):
            pairs.append(("scra:connectsTo", previous_system))
        r = rng.random()
        if r < 0.93:
            pairs.append(("scra:conformsTo", f"scra:{rng.choice(cat['current'])}"))
        elif r < 0.96 and cat["old"]:
            pairs.append(("scra:conformsTo", f"scra:{rng.choice(cat['old'])}"))        # superseded standard
        if p(0.95):
            pairs.append(("scra:authentication", '"OAuth 2.0"'))
        node(itf, pairs)
        # service
        domain = rng.choice(cat["domains"])
        pairs = [("a", "scra:Service"), ("rdfs:label", f'"Service {k}"@en'), ("scra:providedBy", org)]
        if p(0.99):
            pairs.append(("scra:ofCity", "c:city"))
        r = rng.random()
        if r < 0.97:
            pairs.append(("scra:inDomain", f"scra:{domain}"))
        elif r < 0.98:
            pairs.append(("scra:inDomain", "scra:domain-atlantis"))                 # not in the catalogue
        elif r < 0.99:
            pairs.append(("scra:inDomain", "scra:beneficiary-worker"))              # wrong kind of term
        served = ["beneficiary-resident"] if p(0.3) else rng.sample(cat["beneficiaries"], 2)
        pairs += [("scra:serves", f"scra:{b}") for b in served]
        if p(0.99):
            pairs.append(("scra:realisedBy", sys_))
        electric = p(0.4)
        pairs.append(("scra:dependsOnElectricity", '"yes"^^xsd:boolean' if p(0.01) else f'"{str(electric).lower()}"^^xsd:boolean'))
        if (domain in CRITICAL or electric) and p(0.9):
            pairs.append(("scra:hasContinuityPlan", plan))
            cls = "scra:ElectricityContinuityPlan" if electric and p(0.9) else "scra:BusinessContinuityPlan"
            plan_pairs = [("a", cls), ("rdfs:label", f'"Continuity plan {k}"@en')]
            if cls == "scra:ElectricityContinuityPlan" and p(0.95):
                plan_pairs.append(("scra:executedBy", f"c:ecs{k}"))
                node(f"c:ecs{k}", [("a", "scra:ElectricityContinuitySystem"), ("rdfs:label", f'"Battery and PV {k}"@en')])
            node(plan, plan_pairs)
        node(svc, pairs)
        # data set
        personal = p(0.3)
        pairs = [("a", "scra:DataSet"), ("rdfs:label", f'"Data set {k}"@en'), ("scra:heldBy", sys_),
                 ("scra:containsPersonalData", f'"{str(personal).lower()}"^^xsd:boolean'),
                 ("scra:isOpenData", f'"{str(not personal).lower()}"^^xsd:boolean')]
        if personal:
            if p(0.95):
                pairs.append(("scra:legalBasis", '"consent (APPI art. 27)"@en'))
            if p(0.95):
                pairs.append(("scra:retentionPeriod", '"P1Y"^^xsd:duration'))
            if p(0.9):
                pairs.append(("scra:anonymisation", '"k-anonymity, k=10"@en'))
        node(ds, pairs)
        # data exchange with the previous system (a few systems are silos)
        if previous_system is not None and p(0.97):
            pairs = [("a", "scra:DataExchange"), ("scra:fromSystem", sys_), ("scra:toSystem", previous_system),
                     ("scra:exchanges", ds)]
            r = rng.random()
            if r < 0.96:
                pairs.append(("scra:viaInterface", itf))
            elif r < 0.98 and k > 3:
                pairs.append(("scra:viaInterface", f"c:if{k - 3}"))                 # interface of neither system
            node(dx, pairs)
        previous_system = sys_
        # devices
        for j in range(3):
            tech = "scra:tech-smoke-signals" if p(0.01) else f"scra:{rng.choice(cat['techs'])}"
            node(f"c:dev{k}-{j}", [("a", "scra:Device"), ("rdfs:label", f'"Sensor {k}-{j}"@en'), ("scra:connectedBy", tech)])
    return "\n".join(lines) + "\n", count


def description_file(size: str) -> tuple[Path, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    path, count_file = OUT / f"city-{size}.ttl", OUT / f"city-{size}.count"
    if not (path.is_file() and count_file.is_file()):
        text, count = generate(SIZES[size])
        path.write_text(text, encoding="utf-8")
        count_file.write_text(str(count))
    return path, int(count_file.read_text())


# ---------------------------------------------------------------------------------------------- shapes

def shape_files(given: list[str] | None) -> list[Path]:
    if given:
        return [Path(g) for g in given]
    found = sorted(p for p in (REPO / "shapes").glob("*.ttl") if p.name != "meta.ttl")
    return found or [HERE / "typical-shapes.ttl"]


def _shapes_and_closure(shapes: list[Path]):
    """Write shapes + closure once as N-Triples next to the descriptions; return their paths."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from scra.validation import kg_closure

    shapes_graph = Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    core_only = Graph()
    sparql_nodes = set(shapes_graph.subjects(SH.sparql, None))
    for s, p, o in shapes_graph:
        if s not in sparql_nodes:
            core_only.add((s, p, o))
    OUT.mkdir(parents=True, exist_ok=True)
    shapes_graph.serialize(OUT / "shapes.nt", format="nt", encoding="utf-8")
    core_only.serialize(OUT / "shapes-core.nt", format="nt", encoding="utf-8")
    kg_closure().serialize(OUT / "closure.nt", format="nt", encoding="utf-8")
    return len(sparql_nodes)


# ---------------------------------------------------------------------------------------------- one measurement (child)

def _counts(report) -> dict:
    from rdflib.namespace import SH
    sev = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
    counts = {"violation": 0, "warning": 0, "info": 0}
    for node in report.objects(None, SH.result):  # top-level results only (not pySHACL's sh:detail)
        counts[sev.get(report.value(node, SH.resultSeverity), "violation")] += 1
    return counts


def measure_one(engine: str, data: Path, repeat: int) -> dict:
    """Runs in a child process; prints one JSON line."""
    from rdflib import Graph

    from scra import load_kg
    from scra.validation import engines
    from scra.validation.engines import jena
    from scra.validation.input import Description

    shapes_nt, closure_nt = OUT / "shapes.nt", OUT / "closure.nt"
    runs = []
    counts = {}
    if engine == "jena-worker":
        engines.validate_with("jena", description_file("1k")[0], shapes_nt, closure_nt, jena_mode="worker")
    for _ in range(repeat):
        t0 = time.perf_counter()
        if engine in ("plain", "pyshacl"):
            import pyshacl
            graph = Graph().parse(data, format="turtle")
            shapes = Graph().parse(shapes_nt, format="nt")
            if engine == "plain":
                kg = load_kg()
                t1 = time.perf_counter()
                _c, report, _t = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=kg, inference="rdfs")
            else:
                closure = Graph().parse(closure_nt, format="nt")
                t1 = time.perf_counter()
                report = engines.validate_with("pyshacl", graph, shapes, closure)
            t2 = time.perf_counter()
            parse, validate = t1 - t0, t2 - t1
        elif engine in ("jena", "jena-worker"):
            report, detail = jena.run(Description.of(data), shapes_nt, closure_nt,
                                      mode="oneshot" if engine == "jena" else "worker")
            t2 = time.perf_counter()
            fields = dict(f.split("=", 1) for f in detail.split() if "=" in f)
            parse, validate = int(fields["parse_ms"]) / 1000, int(fields["validate_ms"]) / 1000
        elif engine == "scra":
            import scra.validation as validation
            t1 = time.perf_counter()
            result = validation.validate([data])
            t2 = time.perf_counter()
            parse, validate = 0.0, t2 - t1
            counts = result.counts
            runs.append((parse, validate, time.perf_counter() - t0))
            continue
        elif engine == "pyrudof":
            import pyrudof
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            rudof.read_data(str(closure_nt), format=pyrudof.RDFFormat.NTriples, merge=True)
            rudof.read_data(str(data), format=pyrudof.RDFFormat.Turtle, merge=True)
            rudof.read_shacl(str(OUT / "shapes.nt"), format=pyrudof.ShaclFormat.NTriples)
            t1 = time.perf_counter()
            rudof.validate_shacl()
            t2 = time.perf_counter()
            report = Graph().parse(data=rudof.serialize_shacl_validation_results(
                format=pyrudof.ResultShaclValidationFormat.NTriples), format="nt")
            parse, validate = t1 - t0, t2 - t1
        else:
            raise SystemExit(f"unknown engine {engine}")
        total = time.perf_counter() - t0
        counts = _counts(report)
        runs.append((parse, validate, total))
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if jena.WORKER.proc is not None:  # a JVM worker is still alive: read its peak RSS from /proc
        proc = jena.WORKER.proc
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            child_rss = max(child_rss, int(status.split("VmHWM:")[1].split()[0]) / 1024)
        except (OSError, IndexError, AttributeError):
            pass
    med = [statistics.median(x) for x in zip(*runs, strict=False)]
    return {"engine": engine, "parse_s": med[0], "validate_s": med[1], "total_s": med[2], "runs": len(runs),
            "py_rss_mb": self_rss, "jvm_rss_mb": child_rss, "counts": counts}


# ---------------------------------------------------------------------------------------------- driver

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1M")
    parser.add_argument("--engines", default=",".join(ALL_ENGINES))
    parser.add_argument("--timeout", type=float, default=600, help="seconds per measurement (default 600)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement below 1M (median; default 3)")
    parser.add_argument("--skip-pyshacl-at", default="1M", help="sizes where plain/pyshacl are skipped (default 1M)")
    parser.add_argument("--shapes", nargs="*")
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    parser.add_argument("--measure", nargs=3, metavar=("ENGINE", "FILE", "REPEAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure_one(args.measure[0], Path(args.measure[1]), int(args.measure[2]))))
        return 0

    from scra.validation.engines import available_engines
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    have = available_engines()
    if importlib.util.find_spec("pyrudof") is not None:  # measured here only: not one of scra's engines
        have.append("pyrudof")
    for engine in list(engines):
        base = "jena" if engine.startswith("jena") else ("pyshacl" if engine in ("plain", "scra") else engine)
        if base not in have:
            print(f"# engine {engine}: not available here, skipped", file=sys.stderr)
            engines.remove(engine)
    shapes = shape_files(args.shapes)
    sparql = _shapes_and_closure(shapes)
    print(f"# shapes: {', '.join(str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in shapes)}"
          f" ({sparql} node(s) with sh:sparql)")
    print(f"# machine: {os.cpu_count()} cores; times are medians; parse = reading description+KG/closure+shapes"
          f" (JVM start is inside jena's parse and total); total = end to end in the measuring process")
    skip = {s.strip() for s in args.skip_pyshacl_at.split(",") if s.strip()}
    header = f"{'size':>5} {'triples':>8} {'engine':<12} {'parse s':>8} {'valid. s':>8} {'total s':>8} {'py MB':>7} {'JVM MB':>7}  {'V/W/I':<16} {'x plain':>8}"
    print(header)
    print("-" * len(header))
    for size in sizes:
        data, triples = description_file(size)
        plain_total = None
        for engine in engines:
            if engine in ("plain", "pyshacl") and size in skip:
                print(f"{size:>5} {triples:>8} {engine:<12} {'skipped (use --skip-pyshacl-at none to run it)':>40}")
                continue
            slow = engine in ("plain", "pyshacl") and SIZES[size] >= 100_000
            repeat = 1 if SIZES[size] >= 1_000_000 or slow else args.repeat
            cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", engine, str(data), str(repeat)]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout * repeat)
            except subprocess.TimeoutExpired:
                print(f"{size:>5} {triples:>8} {engine:<12} {'timeout after ' + str(int(args.timeout * repeat)) + ' s':>26}")
                continue
            if proc.returncode != 0:
                print(f"{size:>5} {triples:>8} {engine:<12} FAILED: {' '.join(proc.stderr.split()[-30:])}")
                continue
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            if engine == "plain":
                plain_total = row["total_s"]
            ratio = f"{plain_total / row['total_s']:.1f}" if plain_total else "-"
            c = row["counts"]
            if args.json:
                print(json.dumps({"size": size, "triples": triples, **row}))
            else:
                print(f"{size:>5} {triples:>8} {engine:<12} {row['parse_s']:>8.2f} {row['validate_s']:>8.2f} {row['total_s']:>8.2f}"
                      f" {row['py_rss_mb']:>7.0f} {row['jvm_rss_mb']:>7.0f}  {c['violation']}/{c['warning']}/{c['info']:<8}"
                      f" {ratio:>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
