"""`scra queries`, `scra query`, `scra report` as a user runs them (in-process, click's CliRunner)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import scra_cli

REPO = Path(__file__).resolve().parents[2]


def run(*args, env_store=None):
    return scra_cli(*args, env={"SCRA_STORE": str(env_store)} if env_store else None, text=True)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from rdflib import Graph

    from scra.store import open_store

    path = tmp_path_factory.mktemp("store")
    with open_store(path) as store:
        for city in ("smart-village", "megacity-low-cost"):
            store.put_city(city, Graph().parse(REPO / "examples" / f"{city}.ttl"))
    return path


def test_queries_lists_titles():
    out = run("queries")
    assert out.returncode == 0
    assert "standards-for-domain" in out.stdout and "Standards for a domain" in out.stdout
    listed = json.loads(run("queries", "--format", "json").stdout)
    assert len(listed) >= 15 and all(q["title"] for q in listed)


def test_query_table(store_dir):
    out = run("query", "silo-systems", "--store", str(store_dir))
    assert out.returncode == 0, out.stderr
    assert "vila-serrana#sys-ledger" in out.stdout and "(1 row)" in out.stdout


def test_query_json_csv_tsv(store_dir):
    args = ("query", "function-group-coverage", "--param", "city=megacity-low-cost", "--store", str(store_dir))
    data = json.loads(run(*args, "--format", "json").stdout)
    assert len(data["results"]["bindings"]) == 8
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [r["covered"] for r in rows].count("true") == 3
    tsv = run(*args, "--format", "tsv").stdout.splitlines()
    assert tsv[0].startswith("?city_id\t") and len(tsv) == 9


def test_query_env_store_and_param(store_dir):
    out = run("query", "standards-for-domain", "-p", "domain=scra:domain-health", env_store=store_dir)
    assert out.returncode == 0 and "IEC SRD 63233-4:2024" in out.stdout


def test_query_file(store_dir, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("# title: Services of a city\n# param: city (city) — the city\n"
                 "PREFIX scra: <https://w3id.org/scra#>\n"
                 "SELECT ?s WHERE { GRAPH ?city_graph { ?s a scra:Service } } ORDER BY ?s\n")
    out = run("query", "--file", str(q), "-p", "city=smart-village", "--store", str(store_dir), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1:] == [f"https://example.org/city/vila-serrana#{s}" for s in
                                           ("svc-dr-transport", "svc-local-currency", "svc-teleconsult")]


def test_query_errors(store_dir):
    out = run("query", "no-such-query", "--store", str(store_dir))
    assert out.returncode == 2 and "no named query 'no-such-query'" in out.stderr
    out = run("query", "city-sdgs", "-p", "city=atlantis", "--store", str(store_dir))
    assert out.returncode == 2 and "no city 'atlantis'" in out.stderr
    out = run("query", "city-sdgs", "-p", "town=x", "--store", str(store_dir))
    assert out.returncode == 2 and "no parameter 'town'" in out.stderr


def test_report_file_html(tmp_path):
    target = tmp_path / "village.html"
    out = run("report", "examples/smart-village.ttl", "--format", "html", "--lang", "ja", "-o", str(target))
    assert out.returncode == 0, out.stderr
    page = target.read_text(encoding="utf-8")
    assert "ギャップ分析" in page and "<style>" in page and "http" not in page.split("<body>")[0]


def test_report_city_id_json(store_dir):
    out = run("report", "megacity-low-cost", "--format", "json", "--store", str(store_dir))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["city"]["label"] == "Kirembo"
    assert data["summary"]["function_groups"] == {"covered": 3, "partial": 0, "missing": 5}


def test_report_unknown_target(store_dir):
    out = run("report", "atlantis", "--store", str(store_dir))
    assert out.returncode == 2 and "no city 'atlantis'" in out.stderr
