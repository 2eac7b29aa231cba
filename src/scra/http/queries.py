"""/queries: the named queries shipped with scra (queries/*.rq), with their parameters.

A thin adapter over scra.queries: `_catalogue` and `_run` are the only places that know its API (and
answer 501 should the module be missing from a build).
"""
from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response

from scra.http import conneg
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.results import serialize

router = APIRouter(tags=["Named queries"])
OFFERS = ("application/json", "application/sparql-results+json", "text/csv", "text/tab-separated-values",
          "application/sparql-results+xml")


def _module():
    try:
        from scra import queries
    except ImportError:
        raise ApiError(501, "named queries are not available in this version of scra") from None
    return queries


def _catalogue() -> list[dict]:
    """[{name, title, description, parameters: [{name, ...}]}] from scra.queries."""
    queries = _module()
    return [q if isinstance(q, dict) else q.to_dict() for q in queries.list_queries()]


def _run(store, name: str, params: dict[str, str], timeout: float | None):
    """A store result for the named query with its parameters bound (KeyError: no such query)."""
    queries = _module()
    return queries.run_query(store, name, params, timeout=timeout)


@router.get("/queries", summary="The named queries and their parameters")
async def list_queries() -> JSONResponse:
    catalogue = _catalogue()
    return JSONResponse({"queries": catalogue, "count": len(catalogue)})


@router.get("/queries/{name}", summary="Run a named query (?param=value …); JSON or CSV")
async def run_named(request: Request, name: str = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")) -> Response:
    accept = request.headers.get("accept")
    media = conneg.choose(accept, OFFERS)
    media = "application/sparql-results+json" if media == "application/json" else media
    params = dict(request.query_params)
    store, settings = request.app.state.store, request.app.state.settings

    def work():
        try:
            result = _run(store, name, params, settings.query_timeout)
        except KeyError:
            raise ApiError(404, f"no named query '{name}'") from None
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
        return serialize(result, media, accept, settings.result_limit)

    _module()
    body, media = await off_loop(work, settings.query_timeout)
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})
