"""No request reaches the network on a client's behalf through a remote backend: a local listener stands for
"the network" and must see nothing, whatever the query names (FROM / FROM NAMED / USING of its URL,
default-graph-uri / named-graph-uri, Virtuoso's `define get:soft`, SERVICE, LOAD). Pragmas, SERVICE and LOAD
are refused (HTTP 400, CLI exit 2); a dataset graph the store does not hold is sent as a urn: stand-in (an
absent graph is empty either way)."""
from __future__ import annotations

import http.server
import threading

import pytest

from scra.errors import InputError, ReadOnlyGraphError
from storekit import OXIGRAPH, VIRTUOSO


@pytest.fixture()
def listener():
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://example.org/fetched> <http://example.org/p> 1 .")

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data.ttl", seen
    server.shutdown()


@pytest.fixture(params=[pytest.param("oxigraph", marks=OXIGRAPH), pytest.param("virtuoso", marks=VIRTUOSO)])
def remote(request):
    from scra.store import RemoteStore

    server = request.getfixturevalue(f"{request.param}_server")
    server.reset()
    store = RemoteStore(server.url)
    yield store
    store.close()


def test_nothing_is_fetched(remote, listener):
    url, seen = listener
    # a graph the store does not hold is an empty graph, and is not fetched
    assert list(remote.query(f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}")) == []
    assert list(remote.query(f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")) == []
    assert list(remote.query("SELECT * WHERE { ?s ?p ?o }", default_graph_uris=[url])) == []
    assert list(remote.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[url])) == []
    remote.update(f"INSERT {{ GRAPH <http://example.org/g> {{ ?s ?p ?o }} }} USING <{url}> WHERE {{ ?s ?p ?o }}")
    queries = [
        f"define get:soft \"replace\" SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"DEFINE input:grab-all \"yes\" SELECT * WHERE {{ <{url}> ?p ?o }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]
    for q in queries:
        with pytest.raises(InputError):
            list(remote.query(q))
    for update in (f"LOAD <{url}>", f"LOAD <{url}> INTO GRAPH <http://example.org/g>"):
        with pytest.raises((InputError, ReadOnlyGraphError)):  # the update guard refuses LOAD first
            remote.update(update)
    assert seen == [], f"the server fetched {seen}"
    # graphs the store holds may still be named
    assert remote.query("ASK FROM <https://w3id.org/scra/graph/kg> { ?s ?p ?o }")
