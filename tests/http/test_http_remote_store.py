"""`scra serve --endpoint URL --workers 2` in front of the Oxigraph server of the run (PyPI `oxigraph`, test
extra). Live: several worker processes are what is tested."""
from __future__ import annotations

import httpx
import pytest
from httpkit import AUTH, Server

from storekit import OXIGRAPH

pytestmark = OXIGRAPH


@pytest.fixture(scope="module")
def remote(tmp_path_factory, oxigraph_server):
    oxigraph_server.reset()
    server = Server(tmp_path_factory.mktemp("unused") / "store", "--endpoint", oxigraph_server.url,
                    "--workers", "2", store_flag=False)
    try:
        yield server.wait()
    finally:
        server.stop()


def test_remote_store_with_two_workers(remote):
    with httpx.Client(base_url=remote.url, timeout=60) as http:
        r = http.get("/sparql", params={"query": "ASK { GRAPH <https://w3id.org/scra/graph/kg> { ?s ?p ?o } }"})
        assert r.json()["boolean"] is True
        r = http.put("/cities/remote-town", content="<https://example.org/r#c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                             "<https://w3id.org/scra#City> .",
                     headers={"Content-Type": "application/n-triples", **AUTH})
        assert r.status_code == 422, r.text  # a city with no label is a broken description
        assert r.json()["counts"]["violation"] == 1
        assert http.get("/terms/City", headers={"Accept": "text/turtle"}).status_code == 200
        body = http.get("/sparql", params={"query": "ASK {"}).json()
        assert body["error"] == "syntax_error"
        assert http.get("/sparql", params={"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}).status_code == 400


def test_two_workers_on_an_empty_server_load_the_kg_once(tmp_path, oxigraph_server):
    """Both workers start at once on a server without the KG: one loads it, the other finds it (no blank node
    triples twice)."""
    from scra.store import KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH, RemoteStore

    httpx.post(oxigraph_server.url + "/update", timeout=60, data={"update": " ; ".join(
        f"DROP SILENT GRAPH <{g}>" for g in (KG_GRAPH, KG_INFERRED_GRAPH, META_GRAPH))}).raise_for_status()
    server = Server(tmp_path / "store", "--endpoint", oxigraph_server.url, "--workers", "2", store_flag=False)
    try:
        server.wait()
        store = RemoteStore(oxigraph_server.url)
        try:
            status = store.kg_status()
            rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{KG_GRAPH}> {{ ?s ?p ?o }} }}",
                                    use_default_graph_as_union=False))
            assert rows[0]["n"] == status["triples"], (rows, status)
        finally:
            store.close()
    finally:
        server.stop()
        oxigraph_server.reset()
