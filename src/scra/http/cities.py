"""/cities: the city descriptions kept in the store, one named graph each.

GET is open; PUT and DELETE need the token. PUT is scra.services.store_city: validated first, 422 with
the report when there are violations, unless ?force=true.
"""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from scra.formats import GRAPH_MEDIA_TYPES, rdf_format
from scra.http import conneg
from scra.http.bodies import OPENAPI_DESCRIPTION_BODY, read_description
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.querypool import writing
from scra.http.security import check_token
from scra.http.validate import Lang, SheetParam
from scra.report import render
from scra.services import indicator_view, store_city
from scra.vocab import CITY_ID_PATTERN, city_graph

router = APIRouter(tags=["Cities"])

CityId = Path(
    pattern=CITY_ID_PATTERN, description="the city's identifier: 1-64 of a-z, 0-9 and '-', e.g. jp-midsize-city"
)


async def _exists(request: Request, city_id: str) -> bool:
    store = request.app.state.store
    return await off_loop(lambda: store.has_graph(city_graph(city_id)), request.app.state.settings.query_timeout)


@router.get("/cities", summary="The cities in the store")
async def list_cities(request: Request) -> JSONResponse:
    store, settings = request.app.state.store, request.app.state.settings
    cities = await off_loop(store.cities, settings.query_timeout)
    return JSONResponse({"cities": cities, "count": len(cities)})


@router.get(
    "/cities/{city_id}",
    summary="A city's description (RDF by content negotiation)",
    responses={200: {"content": {t: {} for t in GRAPH_MEDIA_TYPES}}},
)
async def get_city(request: Request, city_id: str = CityId) -> Response:
    media = conneg.choose(request.headers.get("accept"), conneg.RDF_GRAPH)
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(request, city_id):
        raise ApiError(404, f"no city '{city_id}'")
    syntax = rdf_format(media).rdflib
    body = await off_loop(
        lambda: store.get_city(city_id).serialize(format=syntax, encoding="utf-8"), settings.query_timeout
    )
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


@router.put(
    "/cities/{city_id}",
    summary="Add or replace a city (needs the token); validated first",
    openapi_extra={"requestBody": OPENAPI_DESCRIPTION_BODY},
    responses={
        201: {"description": "created"},
        200: {"description": "replaced"},
        422: {"description": "the description has violations (the report is in the body)"},
    },
)
async def put_city(
    request: Request,
    city_id: str = CityId,
    force: bool = Query(False, description="store it even when it has violations"),
    label: str | None = Query(None, max_length=200, description="a display name"),
    lang: Lang = Lang.en,  # type: ignore[attr-defined]
    sheet: str | None = SheetParam,
) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    check_token(request.headers.get("authorization"), settings.token)
    imported = await read_description(request, settings.query_timeout, sheet)
    graph = imported.graph
    outcome = await off_loop(
        writing(request, lambda: store_city(store, city_id, graph, label=label, force=force, lang=lang.value)),
        settings.query_timeout,
        "validation and store write",
    )
    report = outcome.report
    if not outcome.stored:
        body = {
            "error": "violations",
            "message": f"the description has {outcome.violations} violation(s); fix them or PUT again with ?force=true",
            **report.to_dict(),
        }
        if imported.unmapped:
            body["unmapped"] = imported.unmapped
        return JSONResponse(body, status_code=422)
    extra = {"unmapped": imported.unmapped} if imported.unmapped else {}
    return JSONResponse(
        {
            **(outcome.city or {}),
            "conforms": report.conforms,
            "counts": report.counts,
            "forced": outcome.forced,
            **extra,
        },
        status_code=200 if outcome.existed else 201,
        headers={"Location": f"/cities/{city_id}"},
    )


@router.delete("/cities/{city_id}", summary="Remove a city (needs the token)", status_code=204)
async def delete_city(request: Request, city_id: str = CityId) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    check_token(request.headers.get("authorization"), settings.token)
    if not await off_loop(writing(request, lambda: store.drop_city(city_id)), settings.query_timeout, "store write"):
        raise ApiError(404, f"no city '{city_id}'")
    return Response(status_code=204)


class ReportFormat(str, Enum):
    json = "json"
    html = "html"


@router.get("/cities/{city_id}/report", summary="The city's assessment report (JSON or HTML)")
async def city_report(
    request: Request,
    city_id: str = CityId,
    lang: Lang = Lang.en,  # type: ignore[attr-defined]
    format: ReportFormat | None = None,
) -> Response:
    fmt = format.value if format else ("html" if conneg.wants_html(request.headers.get("accept")) else "json")
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(request, city_id):
        raise ApiError(404, f"no city '{city_id}'")
    result = await off_loop(lambda: render(store, city_id, lang=lang.value, fmt=fmt), settings.query_timeout, "report")
    if fmt == "html":
        return HTMLResponse(result)
    return JSONResponse(result)


@router.get("/cities/{city_id}/indicators", summary="The city's U4SSC KPI coverage (JSON)")
async def city_indicators(request: Request, city_id: str = CityId, lang: Lang = Lang.en) -> JSONResponse:  # type: ignore[attr-defined]
    store, settings = request.app.state.store, request.app.state.settings
    if not await _exists(request, city_id):
        raise ApiError(404, f"no city '{city_id}'")
    view = await off_loop(lambda: indicator_view(store, city_id, lang=lang.value), settings.query_timeout, "indicators")
    return JSONResponse(view.to_dict())
