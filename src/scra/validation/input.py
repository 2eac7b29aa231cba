"""Safe reading of user-supplied RDF, and the form a description travels in to a SHACL engine.

Parsers never reach the network or the file system on the data's behalf: remote JSON-LD contexts,
XML entity declarations (external or internal) and owl:imports are refused with a clear error that
names the file and, where the parser gives it, the line and column.

User input is parsed with pyoxigraph into :class:`Triples`, which keep every literal exactly as written:
an ill-typed ``"yes"^^xsd:boolean`` stays ``"yes"`` (rdflib's parsers would rewrite it to ``"false"``),
so validating a file, storing it and validating the stored city see the same data. Where an rdflib
Graph is needed (pySHACL, the object API), :meth:`Triples.to_rdflib` converts without normalising.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from scra.errors import RDFInputError
from scra.formats import RDF_FORMAT_CHOICES, RDF_FORMAT_NAMES, RdfFormat, find_rdf_format, rdf_format_for_path
from scra.vocab import SCRA_ONTOLOGY

# owl:imports of scra itself are fine: the knowledge graph is always available locally.
LOCAL_IMPORTS = re.compile("^" + re.escape(str(SCRA_ONTOLOGY)) + r"(/[0-9][0-9.]*)?/?#?$")
_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")


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
        raise RDFInputError(
            str(path),
            f"cannot tell the RDF syntax from the extension '{suffix or '(none)'}'; "
            f"use --input-format ({', '.join(RDF_FORMAT_NAMES)})",
        )
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
            raise RDFInputError(
                source,
                f"remote JSON-LD context '{ctx}' refused: scra does not fetch contexts; "
                "embed the context object in the document",
            )
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
        raise RDFInputError(
            source,
            "XML entity declarations are refused (they can read files, reach the network "
            "or expand without bound); write the IRIs out in full",
            line,
        )


class Triples:
    """A parsed description: pyoxigraph triples, literals exactly as written, blank nodes unique to it.

    >>> t = parse_triples(b'<urn:a> <urn:p> "yes"^^<http://www.w3.org/2001/XMLSchema#boolean> .', "x.nt", "nt")
    >>> len(t), str(next(iter(t)).object)
    (1, '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    >>> [str(o) for o in t.to_rdflib().objects()]
    ['yes']
    """

    __slots__ = ("triples", "_ntriples")

    def __init__(self, triples: Iterable[ox.Triple] = ()):
        self.triples: list[ox.Triple] = triples if isinstance(triples, list) else list(triples)
        self._ntriples: bytes | None = None

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self):
        return iter(self.triples)

    def __iadd__(self, other: Triples) -> Triples:
        self.triples.extend(other.triples)
        self._ntriples = None
        return self

    def ntriples(self) -> bytes:
        """The triples as N-Triples (cached): the form handed to Jena."""
        if self._ntriples is None:
            self._ntriples = ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return self._ntriples

    def to_rdflib(self) -> Graph:
        """An rdflib Graph of the same triples, lexical forms kept (no literal normalisation)."""
        from scra.store.convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(self.triples)


def _syntax(fmt: str) -> RdfFormat:
    found = find_rdf_format(fmt)
    if found is None:
        raise RDFInputError("input", f"unknown input format '{fmt}' (use one of: {RDF_FORMAT_CHOICES})")
    return found


def parse_triples(text: str | bytes, source: str, fmt: str) -> Triples:
    r"""Parse one document with pyoxigraph into Triples (quads are merged into one graph); ``fmt`` is any
    name of :mod:`scra.formats` (``turtle``, ``ttl``, ``json-ld`` …). Raises RDFInputError with the line
    and column pyoxigraph reports.

    >>> parse_triples("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .", "in.nt", "nt")
    Traceback (most recent call last):
    ...
    scra.errors.RDFInputError: in.nt:2:17: nt syntax error: The object of a triple must be an IRI, a blank node or a literal
    """
    syntax = _syntax(fmt)
    if isinstance(text, str):
        text = text.encode("utf-8")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RDFInputError(source, f"not UTF-8 text (byte {exc.start})") from None
    if syntax.name == "jsonld":
        _check_jsonld(decoded, source)
    elif syntax.name == "xml":
        _check_xml(decoded, source)
    try:
        quads = ox.parse(text, format=syntax.oxigraph, base_iri=f"file:///{Path(source).name}", rename_blank_nodes=True)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    except SyntaxError as exc:
        message = exc.msg or str(exc)
        message = re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
        message = re.sub(r"^Parser error between at line \d+ column \d+ and line \d+ column \d+: ", "", message)
        raise RDFInputError(
            source, f"{syntax.rdflib} syntax error: {' '.join(message.split())[:500]}", exc.lineno, exc.offset
        ) from None
    except (OSError, ValueError) as exc:
        raise RDFInputError(source, f"{syntax.rdflib} syntax error: {' '.join(str(exc).split())[:500]}") from None
    for t in triples:
        if t.predicate == _OWL_IMPORTS:
            imported = t.object
            if not (isinstance(imported, ox.NamedNode) and LOCAL_IMPORTS.match(imported.value)):
                raise RDFInputError(
                    source,
                    f"owl:imports <{getattr(imported, 'value', imported)}> refused: scra "
                    "does not fetch imports; pass the imported data as another input file",
                )
    return Triples(triples)


def parse_rdf(text: str | bytes, source: str, fmt: str) -> Graph:
    """Parse one document into an rdflib Graph (through :func:`parse_triples`: same safety rules, literals
    as written). Raises RDFInputError.

    >>> len(parse_rdf("<urn:a> <urn:b> <urn:c> .", "inline.nt", "nt"))
    1
    """
    return parse_triples(text, source, fmt).to_rdflib()


def read_triples(paths, fmt: str | None = None) -> Triples:
    """Read and merge several files with pyoxigraph; the first bad one raises RDFInputError."""
    merged = Triples()
    for path in paths:
        path = Path(path)
        syntax = input_format(path, fmt)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RDFInputError(str(path), exc.strerror or str(exc)) from None
        merged += parse_triples(data, str(path), syntax.name)
    return merged


def read_rdf_file(path: str | Path, fmt: str | None = None) -> Graph:
    """One file through the safe reader; `fmt` is a format name, else the extension tells."""
    return read_triples([path], fmt).to_rdflib()


def read_rdf_files(paths, fmt: str | None = None) -> Graph:
    """Read and merge several files into an rdflib Graph; the first bad one raises RDFInputError."""
    return read_triples(paths, fmt).to_rdflib()


@dataclass(frozen=True)
class Description:
    """A city description on its way to an engine, kept in the one form it came in.

    Either files (checked readable, syntax known, not parsed yet: Jena parses Turtle, N-Triples, TriG and
    N-Quads files itself), :class:`Triples` already parsed, or an rdflib Graph. Each engine reads it once,
    the way it can.
    """

    files: tuple[Path, ...] = ()
    explicit: RdfFormat | None = None  # --input-format; else each file's extension tells
    graph: Graph | None = None
    triples: Triples | None = None

    @classmethod
    def of(cls, data: Description | Graph | str | Path | Iterable[str | Path], fmt: str | None = None) -> Description:
        """From a Graph, one path or several; unknown syntax or an unreadable file raise RDFInputError now,
        before any engine starts."""
        if isinstance(data, Description):
            return data
        if isinstance(data, Graph):
            return cls(graph=data)
        if isinstance(data, Triples):
            return cls(triples=data)
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
        if self.triples is not None:
            return self.triples.to_rdflib()
        return read_rdf_files(self.files, self.explicit.name if self.explicit else None)
