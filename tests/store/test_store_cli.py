"""`scra load`, `scra cities`, `scra drop` as a user runs them (in-process, click's CliRunner)."""
from __future__ import annotations

import json

import pytest

from helpers import scra_cli
from storekit import DATA


def scra(*args, env=None):
    return scra_cli(*args, env=env, text=True)


@pytest.fixture
def store_dir(tmp_path, copy_template):
    return str(copy_template(tmp_path / "store"))


def test_load_cities_drop(store_dir):
    r = scra("load", str(DATA / "tiny-town.ttl"), "--city", "tiny-town", "--label", "Tiny Town", "--store", store_dir)
    assert r.returncode == 0, r.stderr
    assert "stored city 'tiny-town'" in r.stdout
    r = scra("cities", "--store", store_dir)
    assert r.returncode == 0, r.stderr
    assert "tiny-town" in r.stdout and "Tiny Town" in r.stdout
    r = scra("cities", "--format", "json", "--store", store_dir)
    (city,) = json.loads(r.stdout)
    assert city["id"] == "tiny-town" and city["triples"] == 9 and city["inferred_types"] >= 1
    r = scra("drop", "tiny-town", "--store", store_dir)
    assert r.returncode == 0 and "dropped" in r.stdout
    r = scra("drop", "tiny-town", "--store", store_dir)
    assert r.returncode == 1 and "no city 'tiny-town'" in r.stderr
    assert json.loads(scra("cities", "--format", "json", "--store", store_dir).stdout) == []


def test_store_from_environment(store_dir):
    r = scra("load", str(DATA / "tiny-town.ttl"), "--city", "env-town", env={"SCRA_STORE": store_dir})
    assert r.returncode == 0, r.stderr
    assert "env-town" in scra("cities", env={"SCRA_STORE": store_dir}).stdout


def test_violations_refuse_unless_forced(store_dir):
    r = scra("load", str(DATA / "tiny-town-violation.ttl"), "--city", "bad", "--store", store_dir)
    assert r.returncode == 1
    assert "VIOLATION" in r.stdout and "not stored" in r.stderr
    assert json.loads(scra("cities", "--format", "json", "--store", store_dir).stdout) == []
    r = scra("load", str(DATA / "tiny-town-violation.ttl"), "--city", "bad", "--force", "--store", store_dir)
    assert r.returncode == 0, r.stderr
    assert "--force" in r.stderr
    assert [c["id"] for c in json.loads(scra("cities", "--format", "json", "--store", store_dir).stdout)] == ["bad"]


def test_bad_input_exit_2(store_dir):
    r = scra("load", str(DATA / "tiny-town-bad-syntax.ttl"), "--city", "x", "--store", store_dir)
    assert r.returncode == 2
    assert r.stderr.startswith("error: ") and "tiny-town-bad-syntax.ttl" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = scra("load", str(DATA / "tiny-town.ttl"), "--city", "Not Valid", "--store", store_dir)
    assert r.returncode == 2 and "invalid city id" in r.stderr
    r = scra("load", str(DATA / "missing.ttl"), "--city", "x", "--store", store_dir)
    assert r.returncode == 2 and "missing.ttl" in r.stderr
    r = scra("cities", "--store", store_dir, "--endpoint", "http://127.0.0.1:9")
    assert r.returncode == 2 and "not both" in r.stderr


@pytest.mark.live
@pytest.mark.xdist_group("oxigraph")  # = storekit.OXIGRAPH
def test_endpoint(oxigraph_server):
    oxigraph_server.reset()
    url = oxigraph_server.url
    r = scra("load", str(DATA / "tiny-town.ttl"), "--city", "remote-town", "--endpoint", url)
    assert r.returncode == 0, r.stderr
    assert "remote-town" in scra("cities", env={"SCRA_ENDPOINT": url}).stdout
    assert scra("drop", "remote-town", "--endpoint", url).returncode == 0


def test_endpoint_down_is_one_clear_line():
    from storekit import free_port

    r = scra("cities", "--endpoint", f"http://127.0.0.1:{free_port()}")
    assert r.returncode == 1
    assert "cannot reach the SPARQL server" in r.stderr and len(r.stderr.strip().splitlines()) == 1
