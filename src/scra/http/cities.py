"""/cities: the city descriptions kept in the store, one named graph each.

GET is open; PUT and DELETE need the token. PUT validates first and answers 422 with the report when
there are violations, unless ?force=true.
"""
from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from scra.http import conneg
from scra.http.bodies import MULTIPART, RDF_BODY_TYPES, read_graph
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.results import RDFLIB_FORMATS
from scra.http.security import check_token
from scra.http.validate import Lang, run_validation

router = APIRouter(tags=["Cities"])

CITY_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"  # as scra.store.base.CITY_ID
CityId = Path(pattern=CITY_ID, description="the city's identifier: 1-64 of a-z, 0-9 and '-', e.g. jp-midsize-city")
_BODY = {"required": True, "content": {**{t: {"schema": {"type": "string"}} for t in RDF_BODY_TYPES},
                                       MULTIPART: {"schema": {"type": "object", "properties": {
                                           "file": {"type": "string", "format": "binary"}}}}}}


async def _exists(request: Request, city_id: str) -> bool:
    from scra.store.base import city_graph

    store = request.app.state.store
    return await off_loop(lambda: store.has_graph(city_graph(city_id)), request.app.state.settings.query_timeout)


@router.get("/cities", summary="The cities in the store")
async def list_cities(request: Request) -> JSONResponse:
    store, settings = request.app.state.store, request.app.state.settings
    cities = await off_loop(store.cities, settings.query_timeout)
    return JSONResponse({"cities": cities, "count": len(cities)})


@router.get("/cities/{city_id}", summary="A city's description (RDF by content negotiation)",
            responses={200: {"content": {t: {} for t in RDFLIB_FORMATS}}})
async def get_city(request: Request, city_id: str = CityId) -> Response:
    media = conneg.choose(request.headers.get("accept"), conneg.RDF_GRAPH)
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(request, city_id):
        raise ApiError(404, f"no city '{city_id}'")
    body = await off_loop(lambda: store.get_city(city_id).serialize(format=RDFLIB_FORMATS[media], encoding="utf-8"),
                          settings.query_timeout)
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


@router.put("/cities/{city_id}", summary="Add or replace a city (needs the token); validated first",
            openapi_extra={"requestBody": _BODY},
            responses={201: {"description": "created"}, 200: {"description": "replaced"},
                       422: {"description": "the description has violations (the report is in the body)"}})
async def put_city(request: Request, city_id: str = CityId,
                   force: bool = Query(False, description="store it even when it has violations"),
                   label: str | None = Query(None, max_length=200, description="a display name"),
                   lang: Lang = Lang.en) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    check_token(request.headers.get("authorization"), settings.token)
    graph = await read_graph(request, settings.query_timeout)
    if len(graph) == 0:
        raise ApiError(400, "the description is empty")
    report = await run_validation(request, graph, lang.value)
    if not report.conforms and not force:
        body = {"error": "violations", "message": f"the description has {report.counts['violation']} violation(s); "
                                                   "fix them or PUT again with ?force=true", **report.to_dict()}
        return JSONResponse(body, status_code=422)
    existed = await _exists(request, city_id)
    city = await off_loop(lambda: store.put_city(city_id, graph, label=label), settings.query_timeout, "store write")
    return JSONResponse({**city, "conforms": report.conforms, "counts": report.counts,
                         "forced": bool(force and not report.conforms)}, status_code=200 if existed else 201,
                        headers={"Location": f"/cities/{city_id}"})


@router.delete("/cities/{city_id}", summary="Remove a city (needs the token)", status_code=204)
async def delete_city(request: Request, city_id: str = CityId) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    check_token(request.headers.get("authorization"), settings.token)
    if not await off_loop(lambda: store.drop_city(city_id), settings.query_timeout, "store write"):
        raise ApiError(404, f"no city '{city_id}'")
    return Response(status_code=204)


# ---------------------------------------------------------------- adapter: the city report (scra.report)
# The call below is the only place that knows scra.report's API:
# render(store, city_id, lang=…, fmt="json"|"html") -> dict | str (501 should the module be missing).

class ReportFormat(str, Enum):
    json = "json"
    html = "html"


@router.get("/cities/{city_id}/report", summary="The city's assessment report (JSON or HTML)")
async def city_report(request: Request, city_id: str = CityId, lang: Lang = Lang.en,
                      format: ReportFormat | None = None) -> Response:
    try:
        from scra import report as report_module
    except ImportError:
        raise ApiError(501, "the city report is not available in this version of scra") from None
    fmt = format.value if format else ("html" if conneg.wants_html(request.headers.get("accept")) else "json")
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(request, city_id):
        raise ApiError(404, f"no city '{city_id}'")
    result = await off_loop(lambda: report_module.render(store, city_id, lang=lang.value, fmt=fmt),
                            settings.query_timeout, "report")
    if result is None:
        raise ApiError(404, f"no report for city '{city_id}'")
    if fmt == "html":
        return HTMLResponse(result)
    return JSONResponse(result)
