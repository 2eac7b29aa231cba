"""Languages: which ones scra speaks, how a literal is picked for a language, and the message catalogue.

The catalogue (``messages/<lang>.json``) holds every fixed string of the outputs, by section
(``report``, ``validation``, ``how`` …). Text in the knowledge graph (labels, definitions, shape
messages) is picked with :func:`pick`, which falls back from the asked language to English, then to
untagged text, then to anything.

    >>> pick({"en": "Energy", "ja": "エネルギー"}, "ja")
    'エネルギー'
    >>> pick({"en": "Energy"}, "ja")
    'Energy'
    >>> text("validation", "why", "ja")
    '理由'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import pyoxigraph as ox

LANGUAGES = ("en", "ja")
DEFAULT_LANG = "en"
_MESSAGES = Path(__file__).resolve().parent / "messages"


def check_lang(lang: str | None) -> str:
    """The language itself if scra speaks it (None -> the default), else ValueError."""
    if lang is None:
        return DEFAULT_LANG
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language '{lang}' (use one of: {', '.join(LANGUAGES)})")
    return lang


def fallbacks(lang: str) -> tuple[str, ...]:
    """The language tags tried, in order, for text in ``lang`` ('' is untagged)."""
    return (lang, DEFAULT_LANG, "") if lang != DEFAULT_LANG else (lang, "")


def pick(values: Mapping[str, str] | Iterable, lang: str) -> str:
    """Text in ``lang`` from {tag: text} or from literals (rdflib or pyoxigraph), with the fallbacks above;
    '' when there is none."""
    if not isinstance(values, Mapping):
        by_tag: dict[str, str] = {}
        for lit in values:
            tag = getattr(lit, "language", None) or ""
            # pyoxigraph's str() is the N-Triples form, rdflib's the lexical form
            by_tag.setdefault(tag, lit.value if isinstance(lit, ox.Literal) else str(lit))
        values = by_tag
    for tag in fallbacks(lang):
        if values.get(tag):
            return values[tag]
    return next(iter(values.values()), "") if values else ""


@cache
def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """All fixed strings of one language, by section; English for an unknown language."""
    path = _MESSAGES / f"{lang if lang in LANGUAGES else DEFAULT_LANG}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def section(name: str, lang: str) -> dict[str, str]:
    """One section of the catalogue in ``lang``, completed from English where a string is missing."""
    english = catalogue(DEFAULT_LANG)[name]
    return {**english, **catalogue(lang).get(name, {})} if lang != DEFAULT_LANG else english


def text(section_name: str, key: str, lang: str) -> str:
    """One string of the catalogue (KeyError for an unknown key: a missing string is a bug)."""
    return section(section_name, lang)[key]
