"""POST /validate: a city description in → the SHACL validation report out.

The body is one RDF document (syntax by Content-Type) or a multipart form with one or more files; or a
workbook, a CSV sheet or an ArchiMate model (scra.authoring: `?sheet=` names a CSV body's sheet). What an
ArchiMate model holds that does not map is listed in the JSON report's `unmapped`.
200 with the report whether or not the description conforms (as Fuseki, ITB and pySHACL do); 4xx only
when the input cannot be read. JSON by default; `text/turtle` (and the other RDF types) for the
sh:ValidationReport; `text/csv` for a table. `?lang=ja` for Japanese messages.
"""

from __future__ import annotations

import json
from enum import Enum

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from scra.formats import find_rdf_format
from scra.http import conneg
from scra.http.bodies import OPENAPI_DESCRIPTION_BODY, read_description
from scra.http.offload import off_loop
from scra.lang import LANGUAGES
from scra.validation import validate

router = APIRouter(tags=["Validation"])

Lang = Enum("Lang", {code: code for code in LANGUAGES}, type=str)  # type: ignore[misc]
Lang.__doc__ = "A language scra speaks (scra.lang.LANGUAGES)."

_RESPONSES = {
    "200": {
        "description": "the validation report (also when the description does not conform)",
        "content": {t: {} for t in conneg.REPORT},
    },
    "400": {"description": "the description cannot be parsed"},
}


SheetParam = Query(
    None, max_length=64, description="the sheet a CSV body holds (e.g. services), when its header does not tell"
)


def report_response(report, media: str, status: int = 200, unmapped: list[str] | None = None) -> Response:
    if media == "text/csv":
        return Response(report.to_csv(), status_code=status, media_type="text/csv; charset=utf-8")
    rdf = find_rdf_format(media) if media != "application/json" else None
    if rdf is not None:
        return Response(report.to_rdf(rdf.rdflib), status_code=status, media_type=f"{media}; charset=utf-8")
    if unmapped:
        body = json.loads(report.to_json())
        body["unmapped"] = unmapped
        return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type="application/json")
    return Response(report.to_json(), status_code=status, media_type="application/json")


@router.post(
    "/validate",
    summary="Validate a city description against the reference architectures",
    openapi_extra={"requestBody": OPENAPI_DESCRIPTION_BODY, "responses": _RESPONSES},
)
async def validate_endpoint(
    request: Request,
    lang: Lang = Lang.en,  # type: ignore[attr-defined]
    sheet: str | None = SheetParam,
) -> Response:
    media = conneg.choose(request.headers.get("accept"), conneg.REPORT)
    timeout = request.app.state.settings.query_timeout
    imported = await read_description(request, timeout, sheet)
    report = await off_loop(lambda: validate(imported.graph, lang=lang.value), timeout, "validation")
    return report_response(report, media, unmapped=imported.unmapped)
