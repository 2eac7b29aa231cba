"""The remote store: any SPARQL 1.1 server with Query, Update and Graph Store Protocol endpoints.

Configured by a base URL, which gives Oxigraph server's layout (``<url>/query``, ``<url>/update``,
``<url>/store``); each endpoint can be given on its own for other servers, e.g. Apache Jena Fuseki::

    RemoteStore(query_url="http://host:3030/ds/sparql", update_url="http://host:3030/ds/update",
                store_url="http://host:3030/ds/data", union="server")

The union default graph: Oxigraph takes a ``union-default-graph`` request parameter (``union="oxigraph"``,
the default); ``union="server"`` relies on the server's own configuration (Fuseki: tdb2:unionDefaultGraph,
GraphDB and Virtuoso: by default); ``union="list"`` names every scra graph as a ``default-graph-uri``,
which works anywhere but grows with the number of cities.

A city is replaced with one Graph Store Protocol PUT of its graph (description and completed types
together), which servers apply atomically; the meta graph is updated right after. A knowledge graph
reload (two graphs plus metadata) is one SPARQL Update request, which SPARQL 1.1 servers apply as one
transaction.
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from scra.errors import QueryTimeout, StoreError
from scra.formats import find_rdf_format, rdf_format, results_format
from scra.store.base import Store
from scra.store.convert import TermConverter, to_ntriples
from scra.store.dataset import meta_update
from scra.sparqltext import check_nesting
from scra.store.results import QueryResult
from scra.vocab import KG_GRAPHS, META_GRAPH
from scra.vocab import META_NS as META

# What a query answer may come back as, best first (SELECT/ASK results, then CONSTRUCT/DESCRIBE graphs).
ACCEPT = (f"{results_format('json').media_type}, {rdf_format('nt').media_type};q=0.9, "
          f"{rdf_format('turtle').media_type};q=0.8, {results_format('xml').media_type};q=0.5")
UNION_MODES = ("oxigraph", "server", "list")


class RemoteStore(Store):
    def __init__(self, url: str | None = None, *, query_url: str | None = None, update_url: str | None = None,
                 store_url: str | None = None, union: str = "oxigraph", timeout: float = 60.0,
                 auth: tuple[str, str] | None = None, headers: dict | None = None):
        base = url.rstrip("/") if url else None
        query_url = query_url or (base and base + "/query")
        update_url = update_url or (base and base + "/update")
        store_url = store_url or (base and base + "/store")
        if not (query_url and update_url and store_url):
            raise ValueError("give the server's base URL, or all of query_url, update_url and store_url")
        self.query_url, self.update_url, self.store_url = query_url, update_url, store_url
        if union not in UNION_MODES:
            raise ValueError(f"union must be one of {', '.join(UNION_MODES)}")
        self.url = base or self.query_url
        self.union = union
        self.timeout = timeout
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)), auth=auth,
                                    headers=headers, follow_redirects=True)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # -- HTTP
    def _send(self, method: str, url: str, *, timeout: float | None = None, **kwargs) -> httpx.Response:
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=min(timeout, 5.0))
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.ConnectError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: is it running? ({exc})") from None
        except httpx.TimeoutException:
            raise QueryTimeout(f"the SPARQL server at {url} did not answer within the time limit") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"request to {url} failed: {exc}") from None
        if response.status_code == 400:
            raise SyntaxError(f"the server rejected the request: {response.text.strip()[:500]}")
        if response.status_code in (401, 403):
            raise StoreError(f"the SPARQL server at {url} refused access (HTTP {response.status_code})")
        if response.status_code >= 400 and not (method in ("GET", "HEAD") and response.status_code == 404):
            raise StoreError(f"the SPARQL server at {url} answered HTTP {response.status_code}: "
                             f"{response.text.strip()[:500]}")
        return response

    def _union_graphs(self) -> list[str]:
        rows = self.query(f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{META}cityId> ?id }} }}",
                          use_default_graph_as_union=False)
        return [*KG_GRAPHS, *(row["g"] for row in rows)]

    # -- SPARQL
    def query(self, sparql, *, default_graph_uris=None, named_graph_uris=None, use_default_graph_as_union=True,
              timeout=None) -> QueryResult:
        check_nesting(sparql)
        params: list[tuple[str, str]] = [("query", sparql)]
        if default_graph_uris is not None:
            params += [("default-graph-uri", str(u)) for u in default_graph_uris]
        elif use_default_graph_as_union:
            if self.union == "oxigraph" and named_graph_uris is not None:
                # Oxigraph refuses union-default-graph together with named-graph-uri: name the graphs
                params += [("default-graph-uri", g) for g in self._union_graphs()]
            elif self.union == "oxigraph":
                params.append(("union-default-graph", ""))
            elif self.union == "list":
                params += [("default-graph-uri", g) for g in self._union_graphs()]
        if named_graph_uris is not None:
            params += [("named-graph-uri", str(u)) for u in named_graph_uris]
        response = self._send("POST", self.query_url, content=urlencode(params).encode("ascii"), timeout=timeout,
                              headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
        media = response.headers.get("content-type", "application/sparql-results+json")
        return QueryResult.from_bytes(response.content, media)

    def _update(self, sparql: str, *, timeout=None) -> None:
        self._send("POST", self.update_url, data={"update": sparql}, timeout=timeout)

    # -- graphs
    def graph_triples(self, graph_iri: str) -> Iterator[ox.Triple]:
        response = self._send("GET", self.store_url, params={"graph": graph_iri},
                              headers={"Accept": "application/n-triples"})
        if response.status_code == 404:
            return iter(())
        found = find_rdf_format(response.headers.get("content-type", ""))
        fmt = found.oxigraph if found is not None else ox.RdfFormat.N_TRIPLES
        return (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt))

    def has_graph(self, graph_iri: str) -> bool:
        # not a GSP HEAD: Oxigraph server 0.5 sends a body with its 404 to HEAD, which corrupts the
        # next response on a kept-alive connection
        return bool(self.query(f"ASK {{ {{ GRAPH <{META_GRAPH}> {{ <{graph_iri}> ?p ?o }} }} UNION "
                               f"{{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }} }}", use_default_graph_as_union=False))

    def _replace_graphs(self, graphs: dict, meta_subject: str, meta: dict) -> None:
        converter = TermConverter()
        bodies = {}
        for graph_iri, content in graphs.items():
            bodies[graph_iri] = b"".join(to_ntriples(piece, converter)
                                         for piece in (content if isinstance(content, tuple) else (content,)))
        if len(bodies) == 1:
            (graph_iri, body), = bodies.items()
            self._send("PUT", self.store_url, params={"graph": graph_iri}, content=body,
                       headers={"Content-Type": "application/n-triples"})
            self._update(meta_update(meta_subject, meta))
            return
        parts = [f"DROP SILENT GRAPH <{g}> ;\n" for g in bodies]
        parts.append("INSERT DATA {\n")
        for graph_iri, body in bodies.items():
            parts.append(f"GRAPH <{graph_iri}> {{\n{body.decode('utf-8')}}}\n")
        parts.append("} ;\n")
        parts.append(meta_update(meta_subject, meta))
        self._update("".join(parts))

    def close(self) -> None:
        self._client.close()
