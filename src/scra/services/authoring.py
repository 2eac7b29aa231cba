"""Descriptions written outside RDF: read workbooks, CSV sheets and ArchiMate models (with RDF files
alongside), and write a description back as a workbook or an ArchiMate model. ``scra import``,
``scra export``, ``POST /validate`` and ``PUT /cities/{id}`` all come here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from scra.errors import InputError, NotFound, TableInputError
from scra.formats import (
    XML_MEDIA_TYPES,
    authoring_format_for_path,
    find_authoring_format,
    find_body_format,
    is_archimate,
    media_type_of,
    rdf_format_for_path,
)
from scra.services.stores import StoreChoice
from scra.validation.input import parse_rdf

KINDS = ("xlsx", "csv", "archimate", "rdf")
EXPORT_KINDS = ("xlsx", "archimate")


@dataclass(frozen=True)
class Document:
    """One input: its name (for messages), its kind (one of KINDS), its bytes; rdf: the rdflib parser."""

    source: str
    kind: str
    data: bytes
    rdf: str | None = None


@dataclass
class Imported:
    graph: Graph
    unmapped: list[str] = field(default_factory=list)  # what an ArchiMate model held that does not map


def kind_of(source: str, data: bytes, media: str | None = None, *, body: bool = False) -> tuple[str, str | None] | None:
    """(kind, rdflib parser) of a document, else None. By media type first (``application/xml`` and
    ``text/xml`` only for an ArchiMate model: they never meant RDF to scra); a request ``body`` is judged by
    its media type alone; a file or a multipart part then by its name, then by content (a zip file is a
    workbook, an ArchiMate <model> root is ArchiMate)."""
    bare = media_type_of(media) if media else ""
    if bare:
        found = find_authoring_format(bare)
        if found is not None:
            return found.name, None
        if bare in XML_MEDIA_TYPES and is_archimate(data):
            return "archimate", None
        rdf = find_body_format(bare)
        if rdf is not None:
            return "rdf", rdf.rdflib
        if body:
            return None
    named = authoring_format_for_path(source)
    if named is not None:
        return named.name, None
    if is_archimate(data):
        return "archimate", None
    rdf = rdf_format_for_path(source)
    if rdf is not None:
        return "rdf", rdf.rdflib
    if data[:4] == b"PK\x03\x04":
        return "xlsx", None
    return None


def read_documents(documents: Sequence[Document], *, sheet: str | None = None) -> Imported:
    """Merge the documents into one description: all sheets (workbooks and CSV files together, so their
    ids refer to each other), each ArchiMate model, each RDF file. Problems of every sheet are reported
    together (TableInputError); InputError for an unreadable document."""
    from scra.authoring import import_tables
    from scra.authoring.archimate import import_archimate

    merged = Graph()
    unmapped: list[str] = []
    parts: list[Graph] = []
    tabular = [(d.source, d.data) for d in documents if d.kind in ("xlsx", "csv")]
    problems = []
    if tabular:
        try:
            parts.append(import_tables(tabular, sheet))
        except TableInputError as exc:
            problems.extend(exc.problems)
    for doc in documents:
        if doc.kind == "archimate":
            try:
                result = import_archimate(doc.data, doc.source)
            except TableInputError as exc:
                problems.extend(exc.problems)
                continue
            parts.append(result.graph)
            unmapped.extend(f"{doc.source}: {u}" for u in result.unmapped)
        elif doc.kind == "rdf":
            parts.append(parse_rdf(doc.data, doc.source, doc.rdf or "turtle"))
    if problems:
        raise TableInputError(problems)
    for part in parts:
        for prefix, ns in part.namespaces():
            merged.bind(prefix, ns, override=False)
        merged += part
    return Imported(merged, unmapped)


def read_files(paths: Sequence[str | Path], *, sheet: str | None = None) -> Imported:
    documents = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), source=str(path)) from None
        found = kind_of(str(path), data)
        if found is None:
            raise InputError(
                "unknown kind of file: use .xlsx, .csv, an ArchiMate exchange file or RDF "
                "(.ttl, .nt, .jsonld, .rdf, .trig, .nq)",
                source=str(path),
            )
        documents.append(Document(str(path), found[0], data, found[1]))
    return read_documents(documents, sheet=sheet)


def description(target: str, store: StoreChoice | None = None) -> Graph:
    """A description to export: the file ``target`` when it exists (any input kind), else the stored city
    with that id (NotFound when there is none)."""
    from scra.services.cities import check_city_id

    if Path(target).is_file():
        return read_files([target]).graph
    check_city_id(target)
    if store is None:
        raise NotFound(f"no file '{target}' and no store to look the city up in")
    with store.open() as opened:
        try:
            return opened.get_city(target)
        except KeyError:
            raise NotFound(f"no file '{target}' and no city '{target}' in {store.describe()}") from None


@dataclass(frozen=True)
class Exported:
    data: bytes
    unheld: list[str]  # the triples the format cannot hold (N-Triples lines)
    implied: int  # inferred rdf:type triples left out (storing the import adds them back)


def export_description(graph: Graph, kind: str, lang: str = "en") -> Exported:
    """The description as a workbook or an ArchiMate model, and what the format cannot hold."""
    from scra.authoring.archimate import _write
    from scra.authoring.tables import graph_to_tables
    from scra.authoring.workbook import write_workbook
    from scra.lang import check_lang

    if kind not in EXPORT_KINDS:
        raise InputError(f"unknown export format '{kind}' (use one of: {', '.join(EXPORT_KINDS)})")
    tables = graph_to_tables(graph)
    data = write_workbook(check_lang(lang), tables) if kind == "xlsx" else _write(tables)
    return Exported(data, tables.unheld, tables.implied)
