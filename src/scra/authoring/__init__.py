"""Authoring a city description outside RDF: spreadsheets (xlsx, CSV) and ArchiMate exchange files.

One mapping table (:mod:`scra.authoring.mapping`) says which sheet and column holds which property; the
four directions read it:

* :func:`template` — the empty workbook, headers and help in English or Japanese, drop-downs from the KG
* :func:`import_tables` — filled workbooks / CSV files -> an rdflib Graph (TableInputError naming sheet,
  row and column of every cell that does not map)
* :func:`export_workbook` — a description -> the filled workbook, and the triples no column can hold
* :func:`import_archimate`, :func:`export_archimate` — the Open Group ArchiMate Model Exchange File Format
  (:mod:`scra.authoring.archimate`)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from scra.authoring.tables import Exported, Table, graph_to_tables, tables_to_graph
from scra.authoring.workbook import read_csv, read_workbook, write_workbook
from scra.errors import InputError, TableInputError
from scra.lang import check_lang

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(lang: str = "en") -> bytes:
    """The empty workbook (.xlsx bytes)."""
    return write_workbook(check_lang(lang))


@dataclass(frozen=True)
class WorkbookExport:
    data: bytes  # the .xlsx bytes
    unheld: list[str]  # triples (N-Triples lines) the sheets cannot hold


def export_workbook(graph: Graph, lang: str = "en") -> WorkbookExport:
    exported = graph_to_tables(graph)
    return WorkbookExport(write_workbook(check_lang(lang), exported), exported.unheld)


def export_tables(graph: Graph) -> Exported:
    return graph_to_tables(graph)


def read_tables(documents: Sequence[tuple[str, bytes]], sheet: str | None = None) -> list[Table]:
    """[(source name, bytes)] of .xlsx workbooks and .csv files -> their tables (kind by name, else by
    content: a workbook is a zip file). Every problem of every document is reported together."""
    tables: list[Table] = []
    problems = []
    for source, data in documents:
        try:
            if data[:2] == b"PK" or Path(source).suffix.lower() in (".xlsx", ".xlsm"):
                tables.extend(read_workbook(data, source))
            else:
                tables.append(read_csv(data, source, sheet))
        except TableInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise TableInputError(problems)
    return tables


def import_tables(documents: Sequence[tuple[str, bytes]], sheet: str | None = None) -> Graph:
    """Workbooks and CSV files -> the description; TableInputError listing every cell that does not map."""
    tables = read_tables(documents, sheet)
    if not any(t.rows for t in tables):
        raise InputError(
            "the workbook has no rows to import (fill rows from 3 on)", source=documents[0][0] if documents else None
        )
    return tables_to_graph(tables)


def import_files(paths: Sequence[str | Path], sheet: str | None = None) -> Graph:
    documents = []
    for path in paths:
        try:
            documents.append((str(path), Path(path).read_bytes()))
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), source=str(path)) from None
    return import_tables(documents, sheet)


__all__ = [
    "XLSX_MEDIA_TYPE",
    "WorkbookExport",
    "export_tables",
    "export_workbook",
    "import_files",
    "import_tables",
    "read_tables",
    "template",
]
