"""Reading RDF request bodies safely: syntax by Content-Type (or a multipart file's name), parsed off
the event loop by scra.validation.input (no remote JSON-LD contexts, no XML entities, no owl:imports).

``read_description`` (POST /validate, PUT /cities/{id}) also takes the authoring formats of
scra.formats.AUTHORING_FORMATS: a workbook, a CSV sheet, an ArchiMate exchange file (its own media type,
or application/xml / text/xml with the ArchiMate root), turned into RDF by scra.services.authoring."""

from __future__ import annotations

import re

from fastapi import Request
from rdflib import Graph

from scra.formats import (
    AUTHORING_MEDIA_TYPES,
    RDF_BODY_MEDIA_TYPES,
    XML_MEDIA_TYPES,
    find_body_format,
    media_type_of,
    rdf_format_for_path,
)
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.services.authoring import Document, Imported, kind_of, read_documents
from scra.validation.input import Triples, parse_rdf, parse_triples

RDF_BODY_TYPES = sorted(RDF_BODY_MEDIA_TYPES)
MULTIPART = "multipart/form-data"
# the OpenAPI description of an RDF request body: one document, or files in a multipart form
OPENAPI_BODY = {
    "required": True,
    "content": {
        **{t: {"schema": {"type": "string"}} for t in RDF_BODY_TYPES},
        MULTIPART: {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
    },
}
DESCRIPTION_BODY_TYPES = sorted({*RDF_BODY_MEDIA_TYPES, *AUTHORING_MEDIA_TYPES, *XML_MEDIA_TYPES})
# the OpenAPI description of a city description body: RDF, or a workbook, CSV sheet or ArchiMate model
_FORM = {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}
OPENAPI_DESCRIPTION_BODY = {
    "required": True,
    "content": {
        **{
            t: {"schema": {"type": "string", "format": "binary"} if "spreadsheet" in t else {"type": "string"}}
            for t in DESCRIPTION_BODY_TYPES
        },
        MULTIPART: _FORM,
    },
}


def media_type(request: Request) -> str:
    return media_type_of(request.headers.get("content-type", ""))


def rdf_format(media: str, filename: str | None = None) -> str:
    """The rdflib parser for a body's media type, else (multipart) for the file's extension; 415 if none."""
    found = find_body_format(media) or (rdf_format_for_path(filename) if filename else None)
    if found is None:
        raise ApiError(
            415,
            f"unsupported RDF media type '{media or '(none)'}'; use one of: "
            f"{', '.join(RDF_BODY_TYPES)}" + (" or multipart/form-data with a file" if filename is not None else ""),
        )
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


def _unsupported(media: str, multipart: bool) -> ApiError:
    return ApiError(
        415,
        f"unsupported media type '{media or '(none)'}' for a city description; use one of: "
        f"{', '.join(DESCRIPTION_BODY_TYPES)}" + (" or multipart/form-data with files" if not multipart else ""),
    )


async def description_documents(request: Request) -> list[Document]:
    """The documents of a city-description body: one (kind by Content-Type), or every file of a form."""
    media = media_type(request)
    if media != MULTIPART:
        data = await request.body()
        found = kind_of("request-body", data, media, body=True)
        if found is None:
            raise _unsupported(media, False)
        return [Document("request-body", found[0], data, found[1])]
    try:
        form = await request.form(max_files=20, max_fields=50)
    except ApiError:
        raise
    except Exception as exc:  # malformed multipart (boundary, headers ...)
        raise ApiError(400, f"malformed multipart body: {exc}") from None
    found_docs = []
    for _name, value in form.multi_items():
        if isinstance(value, str):
            continue
        filename = re.sub(r"[^\w.\-]", "_", value.filename or "upload")
        data = await value.read()
        found = kind_of(filename, data, value.content_type or None)
        if found is None:
            raise _unsupported(media_type_of(value.content_type or ""), True)
        found_docs.append(Document(filename, found[0], data, found[1]))
    if not found_docs:
        raise ApiError(400, "the multipart form has no file: send the description as a file field")
    return found_docs


async def read_description(request: Request, timeout: float | None, sheet: str | None = None) -> Imported:
    """The merged description of the body, and what an ArchiMate model held that does not map.
    RDF alone goes through exactly the path of read_graph."""
    documents = await description_documents(request)

    def work() -> Imported:
        if all(d.kind == "rdf" for d in documents):
            merged = Graph()
            for d in documents:
                merged += parse_rdf(d.data, d.source, d.rdf or "turtle")
            return Imported(merged)
        return read_documents(documents, sheet=sheet)

    return await off_loop(work, timeout, "parsing")
