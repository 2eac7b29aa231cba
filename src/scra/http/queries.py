"""/queries: the named queries shipped with scra (queries/*.rq), with their parameters; running one is
scra.services.run_query (unknown name: 404, bad parameter: 400)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response

from scra.http import conneg
from scra.http.offload import off_loop
from scra.http.results import negotiated
from scra.queries import list_queries
from scra.services import run_query

router = APIRouter(tags=["Named queries"])


@router.get("/queries", summary="The named queries and their parameters")
async def list_named() -> JSONResponse:
    catalogue = [q.to_dict() for q in list_queries()]
    return JSONResponse({"queries": catalogue, "count": len(catalogue)})


@router.get("/queries/{name}", summary="Run a named query (?param=value …); JSON or CSV")
async def run_named(request: Request, name: str = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")) -> Response:
    accept = request.headers.get("accept")
    media = conneg.choose(accept, conneg.SPARQL_RESULTS)
    params = dict(request.query_params)
    store, settings = request.app.state.store, request.app.state.settings

    def work():
        result = run_query(store, name, params, timeout=settings.query_timeout)
        return negotiated(result, media, accept, settings.result_limit)

    out = await off_loop(work, settings.query_timeout)
    return Response(out.body, media_type=f"{out.media_type}; charset=utf-8", headers={"Vary": "Accept"})
