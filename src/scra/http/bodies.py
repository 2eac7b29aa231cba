"""Reading RDF request bodies safely: syntax by Content-Type (or a multipart file's name), parsed off
the event loop by scra.validation.input (no remote JSON-LD contexts, no XML entities, no owl:imports)."""
from __future__ import annotations

import re

from fastapi import Request

from scra.formats import RDF_BODY_MEDIA_TYPES, find_body_format, media_type_of, rdf_format_for_path
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.validation.input import Triples, parse_triples

RDF_BODY_TYPES = sorted(RDF_BODY_MEDIA_TYPES)
MULTIPART = "multipart/form-data"
# the OpenAPI description of an RDF request body: one document, or files in a multipart form
OPENAPI_BODY = {"required": True, "content": {**{t: {"schema": {"type": "string"}} for t in RDF_BODY_TYPES},
                                              MULTIPART: {"schema": {"type": "object", "properties": {
                                                  "file": {"type": "string", "format": "binary"}}}}}}


def media_type(request: Request) -> str:
    return media_type_of(request.headers.get("content-type", ""))


def rdf_format(media: str, filename: str | None = None) -> str:
    """The rdflib parser for a body's media type, else (multipart) for the file's extension; 415 if none."""
    found = find_body_format(media) or (rdf_format_for_path(filename) if filename else None)
    if found is None:
        raise ApiError(415, f"unsupported RDF media type '{media or '(none)'}'; use one of: "
                            f"{', '.join(RDF_BODY_TYPES)}" + (" or multipart/form-data with a file"
                                                               if filename is not None else ""))
    return found.rdflib


async def parts(request: Request) -> list[tuple[str, str, bytes]]:
    """[(source name, rdflib parser name, bytes)] of the body: one document, or every file of a multipart form."""
    media = media_type(request)
    if media != MULTIPART:
        fmt = rdf_format(media)
        return [("request-body", fmt, await request.body())]
    try:
        form = await request.form(max_files=20, max_fields=50)
    except ApiError:
        raise
    except Exception as exc:  # malformed multipart (boundary, headers ...)
        raise ApiError(400, f"malformed multipart body: {exc}") from None
    found = []
    for _name, value in form.multi_items():
        if isinstance(value, str):
            continue
        filename = re.sub(r"[^\w.\-]", "_", value.filename or "upload")  # also the base IRI's last segment
        fmt = rdf_format(media_type_of(value.content_type or ""), filename)
        found.append((filename, fmt, await value.read()))
    if not found:
        raise ApiError(400, "the multipart form has no file: send the description as a file field")
    return found


async def read_graph(request: Request, timeout: float | None) -> Triples:
    """The merged triples of the body (one document or all uploaded files), parsed with pyoxigraph: literals
    as written, and no rdflib on the way to the engine or the store."""
    documents = await parts(request)

    def work() -> Triples:
        merged = Triples()
        for source, fmt, data in documents:
            merged += parse_triples(data, source, fmt)  # RDFInputError: 400 with line and column
        return merged

    return await off_loop(work, timeout, "parsing")
