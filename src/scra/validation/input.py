"""Safe reading of user-supplied RDF, and the form a description travels in to a SHACL engine.

Parsers never reach the network or the file system on the data's behalf: remote JSON-LD contexts,
XML entity declarations (external or internal) and owl:imports are refused with a clear error that
names the file and, where the parser gives it, the line and column.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL

from scra.errors import RDFInputError
from scra.formats import RDF_FORMAT_CHOICES, RDF_FORMAT_NAMES, RdfFormat, find_rdf_format, rdf_format_for_path
from scra.vocab import SCRA_ONTOLOGY

# owl:imports of scra itself are fine: the knowledge graph is always available locally.
LOCAL_IMPORTS = re.compile("^" + re.escape(str(SCRA_ONTOLOGY)) + r"(/[0-9][0-9.]*)?/?#?$")


def input_format(path: str | Path, explicit: str | None = None) -> RdfFormat:
    """The syntax of an input file: `explicit` (a name such as ``ttl``) if given, else its extension."""
    if explicit:
        found = find_rdf_format(explicit.lower())
        if found is None:
            raise RDFInputError(str(path), f"unknown input format '{explicit}' (use one of: {RDF_FORMAT_CHOICES})")
        return found
    found = rdf_format_for_path(path)
    if found is None:
        suffix = Path(str(path)).suffix.lower()
        raise RDFInputError(str(path), f"cannot tell the RDF syntax from the extension '{suffix or '(none)'}'; "
                                       f"use --input-format ({', '.join(RDF_FORMAT_NAMES)})")
    return found


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The rdflib parser name for an input file (see input_format).

    >>> format_for("city.jsonld"), format_for("city.data", "ttl")
    ('json-ld', 'turtle')
    """
    return input_format(path, explicit).rdflib


def _check_jsonld(text: str, source: str) -> None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RDFInputError(source, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    check_context(value)
                elif key == "@import":
                    raise RDFInputError(source, f"JSON-LD @import of '{value}' refused: scra does not fetch contexts")
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    def check_context(ctx):
        if isinstance(ctx, str):
            raise RDFInputError(source, f"remote JSON-LD context '{ctx}' refused: scra does not fetch contexts; "
                                        "embed the context object in the document")
        if isinstance(ctx, list):
            for item in ctx:
                check_context(item)
        elif isinstance(ctx, dict):
            walk(ctx)

    walk(doc)


_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)


def _check_xml(text: str, source: str) -> None:
    match = _ENTITY.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise RDFInputError(source, "XML entity declarations are refused (they can read files, reach the network "
                                    "or expand without bound); write the IRIs out in full", line)


def _position(message: str) -> tuple[int | None, int | None]:
    line = re.search(r"line (\d+)", message) or re.search(r":(\d+):", message)
    col = re.search(r"(?:column|col|char) (\d+)", message)
    return (int(line.group(1)) if line else None, int(col.group(1)) if col else None)


def _column(text, index) -> int | None:
    if index is None:
        return None
    newline = b"\n" if isinstance(text, bytes) else "\n"
    return index - (text.rfind(newline, 0, index) + 1) + 1


def parse_rdf(text: str | bytes, source: str, fmt: str) -> Graph:
    """Parse one document into a Graph (quads are merged into one graph). Raises RDFInputError.

    >>> len(parse_rdf("<urn:a> <urn:b> <urn:c> .", "inline.nt", "nt"))
    1
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RDFInputError(source, f"not UTF-8 text (byte {exc.start})") from None
    if fmt == "json-ld":
        _check_jsonld(text, source)
    elif fmt == "xml":
        _check_xml(text, source)
    try:
        if fmt in ("trig", "nquads"):
            dataset = Dataset()
            dataset.parse(data=text, format=fmt, publicID=f"file:///{Path(source).name}")
            graph = Graph()
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = Graph()
            graph.parse(data=text, format=fmt, publicID=f"file:///{Path(source).name}")
    except RDFInputError:
        raise
    except Exception as exc:  # rdflib raises many exception types for bad syntax
        if hasattr(exc, "_why") and hasattr(exc, "lines"):
            # Turtle/N3 BadSyntax: report its reason and position, not its dump of the raw bytes
            line, col = exc.lines + 1, _column(getattr(exc, "_str", b""), getattr(exc, "_i", None))
            raise RDFInputError(source, f"{fmt} syntax error: {exc._why}", line, col) from None
        message = " ".join(str(exc).split()) or exc.__class__.__name__
        line, col = _position(message)
        raise RDFInputError(source, f"{fmt} syntax error: {message[:500]}", line, col) from None
    for imported in graph.objects(None, OWL.imports):
        if not (isinstance(imported, URIRef) and LOCAL_IMPORTS.match(str(imported))):
            raise RDFInputError(source, f"owl:imports <{imported}> refused: scra does not fetch imports; "
                                        "pass the imported data as another input file")
    return graph


def read_rdf_file(path: str | Path, fmt: str | None = None) -> Graph:
    """One file through the safe reader; `fmt` is a format name, else the extension tells."""
    path = Path(path)
    fmt = format_for(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RDFInputError(str(path), exc.strerror or str(exc)) from None
    return parse_rdf(data, str(path), fmt)


def read_rdf_files(paths, fmt: str | None = None) -> Graph:
    """Read and merge several files; the first bad one raises RDFInputError."""
    merged = Graph()
    for path in paths:
        merged += read_rdf_file(path, fmt)
    return merged


@dataclass(frozen=True)
class Description:
    """A city description on its way to an engine, kept in the one form it came in.

    Either files (checked readable, syntax known, not parsed yet: Jena parses Turtle, N-Triples, TriG and
    N-Quads files itself) or an rdflib Graph already read. Each engine reads it once, the way it can.
    """

    files: tuple[Path, ...] = ()
    explicit: RdfFormat | None = None  # --input-format; else each file's extension tells
    graph: Graph | None = None

    @classmethod
    def of(cls, data: Description | Graph | str | Path | Iterable[str | Path],
           fmt: str | None = None) -> Description:
        """From a Graph, one path or several; unknown syntax or an unreadable file raise RDFInputError now,
        before any engine starts."""
        if isinstance(data, Description):
            return data
        if isinstance(data, Graph):
            return cls(graph=data)
        paths = tuple(Path(p) for p in ([data] if isinstance(data, (str, os.PathLike)) else data))
        for path in paths:
            input_format(path, fmt)
            try:
                path.open("rb").close()
            except OSError as exc:
                raise RDFInputError(str(path), exc.strerror or str(exc)) from None
        return cls(files=paths, explicit=input_format("", fmt) if fmt else None)

    def format_of(self, path: Path) -> RdfFormat:
        return self.explicit or input_format(path)

    def read(self) -> Graph:
        """The description as an rdflib Graph (files through the safe reader)."""
        if self.graph is not None:
            return self.graph
        return read_rdf_files(self.files, self.explicit.name if self.explicit else None)
