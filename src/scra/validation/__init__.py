"""Validate a city's architecture description against the reference architectures (SHACL).

    >>> import scra
    >>> report = scra.validate(["examples/jp-midsize-city.ttl"], lang="ja")   # from the repository root
    >>> report.conforms, report.counts
    (True, {'violation': 0, 'warning': 1, 'info': 1})
    >>> report.results[0].severity, report.results[0].message.endswith("後継: ISO 37106:2021。")
    ('warning', True)

The data graph is the description plus a *closure* of the knowledge graph (:mod:`.shapes`). No RDFS
inference is run on the description: a rdfs:range would type a wrong value as the expected class and
hide exactly the sh:class violations users need to see.

Modules: :mod:`.input` (safe reading; the :class:`~.input.Description` handed to engines),
:mod:`.shapes` (shapes and closure), :mod:`.engines` (one module per SHACL engine), :mod:`.explain`
(engine report -> explained results), :mod:`.result` (the result model and its JSON / CSV / RDF forms),
:mod:`.text` (the text for people).
"""

from __future__ import annotations

from rdflib import Graph

from scra.errors import EngineError, RDFInputError
from scra.validation.engines import default_engine, validate_with
from scra.validation.explain import build_report
from scra.validation.input import Description
from scra.validation.result import SEVERITIES, ValidationReport, ValidationResult
from scra.validation.shapes import city_shape_files, city_shapes, kg_closure
from scra.validation.text import render_text

__all__ = [
    "SEVERITIES",
    "EngineError",
    "RDFInputError",
    "ValidationReport",
    "ValidationResult",
    "build_report",
    "city_shape_files",
    "city_shapes",
    "kg_closure",
    "render_text",
    "validate",
    "validate_langs",
    "validation_fingerprint",
    "cache_text",
    "from_cache",
]


def validate(
    data, *, input_format: str | None = None, lang: str = "en", engine: str | None = None, shapes: Graph | None = None
) -> ValidationReport:
    """Validate a city description.

    `data` is an rdflib Graph, or one path / a list of paths (syntax by extension or `input_format`).
    Files go to the engine as they are (Jena parses Turtle/N-Triples itself, the fast path for big
    descriptions). Raises RDFInputError for unreadable input, EngineError when the engine cannot run.
    """
    return validate_langs(data, input_format=input_format, langs=(lang,), engine=engine, shapes=shapes)[lang]


def validate_langs(
    data, *, input_format: str | None = None, langs=None, engine: str | None = None, shapes: Graph | None = None
) -> dict[str, ValidationReport]:
    """:func:`validate` once, the results explained in each of ``langs`` (default: every supported language)."""
    from scra.lang import LANGUAGES

    description = Description.of(data, input_format)  # unknown syntax, missing file: before any engine starts
    shapes_graph = shapes if shapes is not None else city_shapes()
    report_graph = validate_with(engine or default_engine(), description, shapes_graph, kg_closure(), labels=True)
    return {
        lang: build_report(report_graph, shapes_graph, lang, data=description.read) for lang in (langs or LANGUAGES)
    }


def validation_fingerprint() -> str:
    """What a kept validation result depends on: the knowledge graph, the city shapes and scra's version."""
    import hashlib

    from scra import __version__
    from scra.kg import kg_fingerprint
    from scra.validation.shapes import shapes_fingerprint

    return hashlib.sha256(f"{kg_fingerprint()}|{shapes_fingerprint()}|{__version__}".encode()).hexdigest()


def cache_text(reports: dict[str, ValidationReport]) -> str:
    """The validation results kept with a stored city (JSON: fingerprint and one report per language)."""
    import json

    return json.dumps(
        {
            "fingerprint": validation_fingerprint(),
            "reports": {lang: report.to_dict() for lang, report in reports.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def from_cache(text: str | None, lang: str) -> ValidationReport | None:
    """The kept report in ``lang``, or None when there is none, it is for another KG, shapes or version of
    scra, or not in that language."""
    import json

    if not text:
        return None
    try:
        kept = json.loads(text)
    except ValueError:
        return None
    found = kept.get("reports", {}).get(lang)
    if kept.get("fingerprint") != validation_fingerprint() or found is None:
        return None
    return ValidationReport.from_dict(found, lang)
