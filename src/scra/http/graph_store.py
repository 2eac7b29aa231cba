"""SPARQL 1.1 Graph Store HTTP Protocol at /graph-store.

Indirect identification: ``/graph-store?default`` or ``/graph-store?graph=IRI``. Direct identification:
a graph whose IRI is under the service's own ``/graph-store/`` (``http://host/graph-store/people/1``) is
addressed by that URL itself. A POST to ``/graph-store`` itself (neither parameter) creates a new graph
under ``/graph-store/`` and answers 201 with its IRI in ``Location`` (GSP §5.5).

GET/HEAD are open. PUT (replace), POST (merge) and DELETE need the bearer token. The knowledge graph
and every other graph scra manages (https://w3id.org/scra/graph/…) cannot be written here: cities go
through /cities/{id}, which validates them and keeps their metadata.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scra.http import conneg
from scra.http.bodies import RDF_BODY_TYPES, read_graph
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.querypool import writing
from scra.http.results import serialize_triples
from scra.http.security import check_token
from scra.http.sparql import check_iri
from scra.store.convert import sorted_ntriples
from scra.vocab import GRAPH_BASE as MANAGED

router = APIRouter(tags=["Graph Store"])

_PARAMS = [
    {
        "name": "graph",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "IRI of the named graph",
    },
    {
        "name": "default",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "allowEmptyValue": True,
        "description": "present (no value) to address the default graph",
    },
]
_BODY = {"content": {t: {"schema": {"type": "string"}} for t in RDF_BODY_TYPES}}


PREFIX = "/graph-store"
NEW_GRAPH = object()  # _target's answer for a POST to the graph store itself


def store_base(request: Request) -> str:
    """The IRI prefix of graphs identified directly: ``<service base>/graph-store/``."""
    return str(request.base_url).rstrip("/") + PREFIX + "/"


def _target(request: Request, allow_new: bool = False):
    """The graph IRI, or None for the default graph (or NEW_GRAPH: a POST to the store, ``allow_new``)."""
    params = request.query_params
    direct = request.path_params.get("path")
    if direct:
        if "graph" in params or "default" in params:
            raise ApiError(400, "a graph identified by its URL takes neither ?graph nor ?default")
        return check_iri(store_base(request) + direct, "graph")
    graphs = params.getlist("graph")
    has_default = "default" in params
    if has_default and graphs:
        raise ApiError(400, "use either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise ApiError(400, "more than one 'graph' parameter")
    if graphs:
        return check_iri(graphs[0], "graph")
    if has_default:
        return None
    if allow_new:
        return NEW_GRAPH
    raise ApiError(400, "say which graph: ?default or ?graph=IRI (or its URL under /graph-store/)")


def _refused_by_server(fn):
    """The graph store's own update, which a remote server may refuse (Virtuoso has no default graph of its own
    for CLEAR DEFAULT): a clear 400, not a 500."""

    def work():
        try:
            return fn()
        except SyntaxError as exc:
            raise ApiError(
                400, f"the store server cannot do this graph store operation: {exc}"[:600], "not_supported_by_store"
            ) from None

    return work


async def _exists(store, graph: str | None, timeout) -> bool:
    return True if graph is None else await off_loop(lambda: store.has_graph(graph), timeout)


def _writable(request: Request, graph: str | None) -> None:
    check_token(request.headers.get("authorization"), request.app.state.settings.token)
    if graph is not None and graph.startswith(MANAGED):
        raise ApiError(
            403,
            f"<{graph}> is managed by scra and read-only here "
            "(the knowledge graph is read-only; cities are written through /cities/{id})",
            "read_only_graph",
        )


@router.get("/graph-store", summary="Read a graph (Graph Store Protocol)", openapi_extra={"parameters": _PARAMS})
async def gsp_get(request: Request) -> Response:
    return await _read(request)


@router.head(
    "/graph-store", summary="Headers of a graph read (Graph Store Protocol)", openapi_extra={"parameters": _PARAMS}
)
async def gsp_head(request: Request) -> Response:
    return await _read(request)


@router.get("/graph-store/{path:path}", summary="Read a graph identified by its URL (Graph Store Protocol)")
async def gsp_direct_get(request: Request, path: str) -> Response:
    return await _read(request)


@router.head("/graph-store/{path:path}", summary="Headers of a graph read, by its URL (Graph Store Protocol)")
async def gsp_direct_head(request: Request, path: str) -> Response:
    return await _read(request)


async def _read(request: Request) -> Response:
    graph = _target(request)
    accept = request.headers.get("accept")
    media = conneg.choose(accept, conneg.RDF_GRAPH)
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(store, graph, settings.query_timeout):
        raise ApiError(404, f"no graph <{graph}> in the store")

    def work() -> bytes:
        if graph is None:  # the store's real default graph, not the union its queries see by default
            result = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=False)
            return result.serialize(media)
        return serialize_triples(store.graph_triples(graph), media)

    body = await off_loop(work, settings.query_timeout)
    headers = {"Vary": "Accept", "Content-Length": str(len(body))}
    if request.method == "HEAD":
        return Response(status_code=200, media_type=f"{media}; charset=utf-8", headers=headers)
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


async def _write(request: Request, replace: bool) -> Response:
    graph = _target(request, allow_new=not replace)
    created = None
    if graph is NEW_GRAPH:  # POST to the graph store itself: a new graph, named here
        graph = created = store_base(request) + uuid.uuid4().hex
    _writable(request, graph)
    store, settings = request.app.state.store, request.app.state.settings
    data = await read_graph(request, settings.query_timeout)
    existed = False if created else await _exists(store, graph, settings.query_timeout)
    triples = sorted_ntriples(data.ntriples())  # RocksDB takes a sorted batch much faster
    target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    statements = [f"CLEAR SILENT {target}"] if replace else []
    if triples.strip():
        statements.append("INSERT DATA { " + (triples if graph is None else f"GRAPH <{graph}> {{ {triples} }}") + " }")
    if statements:
        await off_loop(
            writing(request, _refused_by_server(lambda: store.update(" ;\n".join(statements)))),
            settings.query_timeout,
            "update",
        )
    if created:
        return Response(status_code=201, headers={"Location": created})
    return Response(status_code=204 if existed else 201)


@router.put(
    "/graph-store",
    summary="Replace a graph (needs the token)",
    status_code=204,
    openapi_extra={"parameters": _PARAMS, "requestBody": _BODY},
)
async def gsp_put(request: Request) -> Response:
    return await _write(request, replace=True)


@router.post(
    "/graph-store",
    summary="Add to a graph (needs the token)",
    status_code=204,
    openapi_extra={"parameters": _PARAMS, "requestBody": _BODY},
)
async def gsp_post(request: Request) -> Response:
    return await _write(request, replace=False)


@router.put(
    "/graph-store/{path:path}",
    summary="Replace a graph identified by its URL (needs the token)",
    status_code=204,
    openapi_extra={"requestBody": _BODY},
)
async def gsp_direct_put(request: Request, path: str) -> Response:
    return await _write(request, replace=True)


@router.post(
    "/graph-store/{path:path}",
    summary="Add to a graph identified by its URL (needs the token)",
    status_code=204,
    openapi_extra={"requestBody": _BODY},
)
async def gsp_direct_post(request: Request, path: str) -> Response:
    return await _write(request, replace=False)


@router.delete(
    "/graph-store/{path:path}", summary="Delete a graph identified by its URL (needs the token)", status_code=204
)
async def gsp_direct_delete(request: Request, path: str) -> Response:
    return await _delete(request)


@router.delete(
    "/graph-store", summary="Delete a graph (needs the token)", status_code=204, openapi_extra={"parameters": _PARAMS}
)
async def gsp_delete(request: Request) -> Response:
    return await _delete(request)


async def _delete(request: Request) -> Response:
    graph = _target(request)
    _writable(request, graph)
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(store, graph, settings.query_timeout):
        raise ApiError(404, f"no graph <{graph}> in the store")
    target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    await off_loop(
        writing(request, _refused_by_server(lambda: store.update(f"DROP SILENT {target}"))),
        settings.query_timeout,
        "update",
    )
    return Response(status_code=204)
