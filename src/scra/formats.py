"""The one format registry: names, file extensions and media types of RDF syntaxes and SPARQL result
formats, each with its pyoxigraph format and rdflib plugin name.

Every module that reads or writes RDF or query results looks its format up here; none keeps a table
of its own. Lookups accept a short name (``ttl``), an extension (``.ttl``) or a media type, with or
without parameters (``text/turtle; charset=utf-8``), built on pyoxigraph's own lookups.

    >>> rdf_format("ttl").media_type
    'text/turtle'
    >>> rdf_format("application/x-turtle").name
    'turtle'
    >>> rdf_format_for_path("city.jsonld").rdflib
    'json-ld'
    >>> results_format("text/csv").name
    'csv'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox


def media_type_of(value: str) -> str:
    """The bare media type of a Content-Type / Accept value, lower-cased."""
    return value.split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class RdfFormat:
    """An RDF syntax."""

    name: str  # scra's short name (CLI --format / --input-format)
    oxigraph: ox.RdfFormat
    rdflib: str  # rdflib parser/serialiser plugin name
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    media_aliases: tuple[str, ...] = field(default=())  # other media types that mean this syntax

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type

    @property
    def extension(self) -> str:
        return "." + self.oxigraph.file_extension

    @property
    def dataset(self) -> bool:
        """True for quad syntaxes (TriG, N-Quads)."""
        return self.oxigraph.supports_datasets


@dataclass(frozen=True)
class ResultsFormat:
    """A SPARQL query results format (SELECT / ASK)."""

    name: str
    oxigraph: ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()
    media_aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return media_type_of(self.oxigraph.media_type)  # pyoxigraph adds "; charset=utf-8" to CSV/TSV


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ox.RdfFormat.TURTLE, "turtle", ("ttl",), (".ttl", ".turtle"), ("application/x-turtle",)),
    RdfFormat("nt", ox.RdfFormat.N_TRIPLES, "nt", ("ntriples", "n-triples"), (".nt", ".ntriples"), ("text/plain",)),
    RdfFormat("jsonld", ox.RdfFormat.JSON_LD, "json-ld", ("json-ld",), (".jsonld", ".json"), ("application/json",)),
    RdfFormat(
        "xml", ox.RdfFormat.RDF_XML, "xml", ("rdfxml", "rdf/xml", "rdf"), (".rdf", ".xml", ".owl"), ("application/xml",)
    ),
    RdfFormat("trig", ox.RdfFormat.TRIG, "trig", (), (".trig",)),
    RdfFormat("nquads", ox.RdfFormat.N_QUADS, "nquads", ("n-quads", "nq"), (".nq", ".nquads")),
)
RESULTS_FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", ox.QueryResultsFormat.JSON, ("srj",), ("application/json",)),
    ResultsFormat("xml", ox.QueryResultsFormat.XML, ("srx",), ("application/xml", "text/xml")),
    ResultsFormat("csv", ox.QueryResultsFormat.CSV),
    ResultsFormat("tsv", ox.QueryResultsFormat.TSV),
)

# The canonical media types, in the server's order of preference.
RDF_MEDIA_TYPES = tuple(f.media_type for f in RDF_FORMATS)
GRAPH_MEDIA_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
)
RESULTS_MEDIA_TYPES = tuple(f.media_type for f in RESULTS_FORMATS)
RDF_FORMAT_NAMES = tuple(f.name for f in RDF_FORMATS)
# For messages: each name with the aliases it also answers to, e.g. "jsonld (json-ld)".
RDF_FORMAT_CHOICES = ", ".join(f.name + (f" ({', '.join(f.aliases)})" if f.aliases else "") for f in RDF_FORMATS)
# Media types that name a syntax only where the context already says "RDF graph" or "query results"
# (an Accept header for a CONSTRUCT); never enough to tell the syntax of a request body.
GENERIC_MEDIA_TYPES = ("text/plain", "application/json", "application/xml", "text/xml")
# Request bodies: the canonical RDF media types and the aliases that can only mean RDF.
RDF_BODY_MEDIA_TYPES = RDF_MEDIA_TYPES + tuple(
    m for f in RDF_FORMATS for m in f.media_aliases if m not in GENERIC_MEDIA_TYPES
)
# SPARQL results formats that can carry an ASK answer (CSV and TSV carry solutions only).
BOOLEAN_RESULTS_FORMATS = tuple(f for f in RESULTS_FORMATS if f.name in ("json", "xml"))


def offers(kind: str) -> tuple[str, ...]:
    """The media types a server offers for a kind of result ("graph", "select" or "ask"): canonical ones
    first, in order of preference, then the aliases a client may ask for (answered with the canonical).

    >>> offers("ask")
    ('application/sparql-results+json', 'application/sparql-results+xml', 'application/json', 'application/xml', 'text/xml')
    """
    chosen: tuple[RdfFormat, ...] | tuple[ResultsFormat, ...]
    chosen = RDF_FORMATS if kind == "graph" else BOOLEAN_RESULTS_FORMATS if kind == "ask" else RESULTS_FORMATS
    canonical = tuple(f.media_type for f in chosen)
    aliases = tuple(dict.fromkeys(m for f in chosen for m in f.media_aliases if m not in canonical))
    return canonical + aliases


def canonical_media_type(media_type: str, kind: str) -> str:
    """The canonical media type of an offered one (``application/json`` is JSON-LD for a graph, SPARQL
    results JSON otherwise); unknown types are returned unchanged."""
    found = find_rdf_format(media_type) if kind == "graph" else find_results_format(media_type)
    return found.media_type if found is not None else media_type


def find_body_format(media_type: str) -> RdfFormat | None:
    """The RDF syntax a request body's Content-Type names (see RDF_BODY_MEDIA_TYPES), else None.

    >>> find_body_format("text/turtle; charset=utf-8").name, find_body_format("text/plain")
    ('turtle', None)
    """
    bare = media_type_of(media_type)
    return find_rdf_format(bare) if bare in RDF_BODY_MEDIA_TYPES else None


def _index_rdf() -> dict[str, RdfFormat]:
    index: dict[str, RdfFormat] = {}
    for fmt in RDF_FORMATS:
        for key in (fmt.name, *fmt.aliases, *fmt.extensions, fmt.media_type, *fmt.media_aliases):
            index.setdefault(key, fmt)
    return index


def _index_results() -> dict[str, ResultsFormat]:
    index: dict[str, ResultsFormat] = {}
    for fmt in RESULTS_FORMATS:
        for key in (fmt.name, *fmt.aliases, fmt.media_type, *fmt.media_aliases):
            index.setdefault(key, fmt)
    return index


_RDF = _index_rdf()
_RESULTS = _index_results()


def find_rdf_format(value: str) -> RdfFormat | None:
    """The RDF syntax for a name, extension or media type, else None."""
    return _RDF.get(media_type_of(value))


def rdf_format(value: str) -> RdfFormat:
    """Like find_rdf_format, but ValueError listing the known names when nothing matches."""
    found = find_rdf_format(value)
    if found is None:
        raise ValueError(
            f"unknown RDF format '{value}' (use one of: {', '.join(RDF_FORMAT_NAMES)}, or a media "
            f"type: {', '.join(RDF_MEDIA_TYPES)})"
        )
    return found


def find_results_format(value: str) -> ResultsFormat | None:
    return _RESULTS.get(media_type_of(value))


def results_format(value: str) -> ResultsFormat:
    found = find_results_format(value)
    if found is None:
        raise ValueError(
            f"unknown query results format '{value}' (use one of: "
            f"{', '.join(f.name for f in RESULTS_FORMATS)}, or a media type: "
            f"{', '.join(RESULTS_MEDIA_TYPES)})"
        )
    return found


def rdf_format_for_path(path: str | Path) -> RdfFormat | None:
    """The RDF syntax a file's extension names, else None."""
    return _RDF.get(Path(str(path)).suffix.lower()) if Path(str(path)).suffix else None


# ---------------------------------------------------------------- authoring formats (scra.authoring)
# Not RDF: a description written as a workbook, CSV sheets or an ArchiMate model, turned into RDF by
# scra.authoring. ArchiMate has no registered media type: scra reads its own name for it, and
# application/xml or text/xml when the document's root is an ArchiMate 3.x <model> (ARCHIMATE_NS).
ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"


@dataclass(frozen=True)
class AuthoringFormat:
    """An input (and export) format of scra.authoring."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    media_aliases: tuple[str, ...] = ()


AUTHORING_FORMATS: tuple[AuthoringFormat, ...] = (
    AuthoringFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    AuthoringFormat("csv", "text/csv", (".csv",)),
    AuthoringFormat(
        "archimate", "application/vnd.opengroup.archimate+xml", (".archimate.xml",), ("application/x-archimate+xml",)
    ),
)
AUTHORING_MEDIA_TYPES = tuple(f.media_type for f in AUTHORING_FORMATS)
XML_MEDIA_TYPES = ("application/xml", "text/xml")  # ArchiMate when the root says so, never RDF/XML


def find_authoring_format(value: str) -> AuthoringFormat | None:
    """The authoring format for a name or a media type (with parameters), else None.

    >>> find_authoring_format("text/csv; charset=utf-8").name
    'csv'
    """
    bare = media_type_of(value)
    return next((f for f in AUTHORING_FORMATS if bare in (f.name, f.media_type, *f.media_aliases)), None)


def authoring_format_for_path(path: str | Path) -> AuthoringFormat | None:
    """The authoring format a file name's extension names (``.xlsx``, ``.csv``, ``.archimate.xml``), else None."""
    name = Path(str(path)).name.lower()
    return next((f for f in AUTHORING_FORMATS for ext in f.extensions if name.endswith(ext)), None)


def is_archimate(data: bytes) -> bool:
    """True when an XML document's start declares the ArchiMate 3.x exchange namespace on a <model> root."""
    import re

    head = data[:4096].decode("utf-8", "replace")
    return ARCHIMATE_NS in head and re.search(r"<(\w+:)?model[\s>]", head) is not None
