"""POST /validate: a city description in → the SHACL validation report out.

The body is one RDF document (syntax by Content-Type) or a multipart form with one or more files.
200 with the report whether or not the description conforms (as Fuseki, ITB and pySHACL do); 4xx only
when the input cannot be read. JSON by default; `text/turtle` (and the other RDF types) for the
sh:ValidationReport; `text/csv` for a table. `?lang=ja` for Japanese messages.
"""
from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scra.http import conneg
from scra.http.bodies import MULTIPART, RDF_BODY_TYPES, read_graph
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.results import RDFLIB_FORMATS

router = APIRouter(tags=["Validation"])

REPORT_TYPES = ("application/json", "text/turtle", "application/ld+json", "application/rdf+xml",
                "application/n-triples", "text/csv")


class Lang(str, Enum):
    en = "en"
    ja = "ja"


_BODY = {"required": True, "content": {**{t: {"schema": {"type": "string"}} for t in RDF_BODY_TYPES},
                                       MULTIPART: {"schema": {"type": "object", "properties": {
                                           "file": {"type": "string", "format": "binary"}}}}}}
_RESPONSES = {"200": {"description": "the validation report (also when the description does not conform)",
                      "content": {t: {} for t in REPORT_TYPES}},
              "400": {"description": "the description cannot be parsed"}}


async def run_validation(request: Request, graph, lang: str):
    """The ValidationReport for `graph`, computed off the event loop within the time limit."""
    from scra.validation.engines import EngineError
    from scra.validation.input import RDFInputError
    from scra.validation import validate

    def work():
        try:
            return validate(graph, lang=lang)
        except RDFInputError as exc:
            raise ApiError(400, str(exc), "rdf_syntax_error", line=exc.line, column=exc.column) from None
        except EngineError as exc:
            raise ApiError(503, f"the validation engine is not available: {exc}", "engine_unavailable") from None

    return await off_loop(work, request.app.state.settings.query_timeout, "validation")


def report_response(report, media: str, status: int = 200) -> Response:
    if media == "text/csv":
        return Response(report.to_csv(), status_code=status, media_type="text/csv; charset=utf-8")
    if media in RDFLIB_FORMATS:
        return Response(report.to_rdf(RDFLIB_FORMATS[media]), status_code=status, media_type=f"{media}; charset=utf-8")
    return Response(report.to_json(), status_code=status, media_type="application/json")


@router.post("/validate", summary="Validate a city description against the reference architectures",
             openapi_extra={"requestBody": _BODY, "responses": _RESPONSES})
async def validate_endpoint(request: Request, lang: Lang = Lang.en) -> Response:
    media = conneg.choose(request.headers.get("accept"), REPORT_TYPES)
    graph = await read_graph(request, request.app.state.settings.query_timeout)
    report = await run_validation(request, graph, lang.value)
    return report_response(report, media)
