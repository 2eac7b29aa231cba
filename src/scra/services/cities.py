"""Storing a city: check the id, read the description, validate it, refuse it on violations unless
forced, store it. ``scra load`` and ``PUT /cities/{id}`` both come here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from scra import vocab
from scra.errors import InputError
from scra.services.stores import StoreChoice
from scra.store import Store
from scra.validation import cache_text, validate_langs
from scra.validation.input import Triples, read_triples

if TYPE_CHECKING:
    from scra.validation import ValidationReport

Progress = Callable[[str], None]


def check_city_id(city_id: str) -> str:
    """The id itself, or InputError saying what a city id may contain (the rule is scra.vocab's)."""
    try:
        return vocab.check_city_id(city_id)
    except ValueError as exc:
        raise InputError(str(exc)) from None


@dataclass(frozen=True)
class StoredCity:
    """What :func:`store_city` did. ``city`` is the stored city's metadata (as ``Store.cities()`` lists
    it), None when the description was refused; ``existed``: a previous version was replaced."""

    report: ValidationReport
    city: dict | None = None
    existed: bool = False

    @property
    def stored(self) -> bool:
        return self.city is not None

    @property
    def violations(self) -> int:
        return self.report.counts.get("violation", 0)

    @property
    def forced(self) -> bool:
        """Stored although it has violations."""
        return self.stored and not self.report.conforms


def store_city(
    store: Store | StoreChoice,
    city_id: str,
    data: Graph | Triples | Sequence[str | Path],
    *,
    label: str | None = None,
    force: bool = False,
    lang: str = "en",
    input_format: str | None = None,
    progress: Progress | None = None,
) -> StoredCity:
    """Validate ``data`` (Triples, an rdflib Graph, or description files read with ``input_format``) and store it as
    city ``city_id``, atomically replacing a previous version. With violations it is not stored unless
    ``force``. A StoreChoice is opened only once the description has passed, so bad input never waits
    for a store. InputError for a bad id, unreadable or empty input; Unavailable when the engine or the
    store cannot run.

    Files are parsed once, with pyoxigraph: what is validated is what is stored, every literal as written."""
    step = progress or (lambda _phase: None)
    check_city_id(city_id)
    if not isinstance(data, (Graph, Triples)):
        step("reading")
        data = read_triples([str(p) for p in data], input_format)
    if len(data) == 0:
        raise InputError("the description is empty")
    step(f"validating {len(data):,} triples")
    reports = validate_langs(data, langs=None)  # every language: the result is kept with the city
    report = reports.get(lang) or validate_langs(data, langs=(lang,))[lang]
    if not report.conforms and not force:
        return StoredCity(report)
    kept = cache_text(reports)
    if isinstance(store, StoreChoice):
        step("opening the store")
        with store.open(progress=progress) as opened:
            return _put(opened, city_id, data, label, report, kept, progress)
    return _put(store, city_id, data, label, report, kept, progress)


def _put(
    store: Store,
    city_id: str,
    graph: Graph | Triples,
    label: str | None,
    report: ValidationReport,
    kept: str,
    progress: Progress | None,
) -> StoredCity:
    existed = store.has_graph(vocab.city_graph(city_id))
    city = store.put_city(city_id, graph, label=label, progress=progress, validation=kept)
    return StoredCity(report, city, existed)
