"""The CLI next to a running `scra serve` on the same embedded store (issue 15): read commands open the
store read-only; write commands exit 3 ("store busy", scra.errors.StoreBusy) and print the request that
does the write through the server."""
from __future__ import annotations

import json

import httpx
import pytest
from httpkit import AUTH, Server

from helpers import scra_cli
from storekit import DATA


@pytest.mark.live  # a real `scra serve` process holding the store's lock
def test_read_commands_work_and_writes_say_what_to_do(tmp_path, copy_template):
    store = copy_template(tmp_path / "store")
    city = DATA / "tiny-town.ttl"
    server = Server(store, "--query-timeout", "120").wait()  # a cold JVM on a loaded machine
    try:
        put = httpx.put(f"{server.url}/cities/served?force=true", content=city.read_bytes(),
                        headers={**AUTH, "Content-Type": "text/turtle"}, timeout=120)
        assert put.status_code in (200, 201), put.text  # the server validated and stored it
        listed = scra_cli("cities", "--format", "json", "--store", str(store), text=True)
        assert listed.returncode == 0, listed.stderr
        assert [c["id"] for c in json.loads(listed.stdout)] == ["served"]
        asked = scra_cli("query", "--file", str(_count_query(tmp_path)), "--store", str(store), text=True)
        assert asked.returncode == 0, asked.stderr
        loaded = scra_cli("load", str(city), "--city", "other", "--force", "--store", str(store), text=True)
        assert loaded.returncode == 3, (loaded.stdout, loaded.stderr)
        assert "in use by a running `scra serve`" in loaded.stderr
        assert "curl -X PUT" in loaded.stderr and f"{server.url}/cities/other?force=true" in loaded.stderr
        dropped = scra_cli("drop", "served", "--store", str(store), text=True)
        assert dropped.returncode == 3 and "curl -X DELETE" in dropped.stderr
    finally:
        server.stop()


def _count_query(tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return path
