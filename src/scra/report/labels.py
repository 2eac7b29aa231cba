"""Words for people: labels of terms in the report language, shape messages without vocabulary names.

>>> clean("The City OS provides no authentication (scra:cityos-fg-authentication) .")
'The City OS provides no authentication.'
>>> why("Authentication matters. This SHACL shape checks scra:providesFunctionGroup.")
'Authentication matters.'
>>> how("a City OS", "ja")
'都市OS'
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from scra import lang as langs
from scra.report.sparql import run
from scra.vocab import DCTERMS_NS, KG_GRAPH, RDFS_NS, compact

# parenthesised vocabulary terms in shape messages, e.g. "(scra:cityos-fg-operation)"
_CURIE_ASIDE = re.compile(r"\s*[(（][^()（）]*\b(?:scra|scrash|sh|rdf|rdfs|owl|skos|dcterms):[^()（）]*[)）]")
# sentences meant for developers: they name the validation machinery or the vocabulary
_DEV_SENTENCE = re.compile(r"SHACL|SPARQL|\b(?:scra|scrash|sh):|\bnode shape|\bproperty shape|シェイプ", re.I)


@functools.lru_cache(maxsize=4096)  # the same shape texts come back for every finding
def clean(text: object) -> str:
    """A message for people: parenthesised vocabulary terms removed."""
    text = _CURIE_ASIDE.sub("", str(text or ""))
    return re.sub(r"\s+([.。,、])", r"\1", text).strip()


@functools.lru_cache(maxsize=4096)
def why(text: object) -> str:
    """Why a recommendation matters: the sentences of a shape comment or rationale that speak to people;
    sentences about the validation machinery or naming vocabulary terms are dropped."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=。)", str(text or "").strip()):
        sentence = sentence.strip()
        if sentence and not _DEV_SENTENCE.search(sentence):
            kept.append(sentence)
    return clean(" ".join(kept)) if kept else ""


def how(key: str, lang: str) -> str:
    """How a piece of evidence counts, in words: the machine key (as the queries name it) looked up in the
    ``how`` section of the message catalogue."""
    return langs.section("how", lang).get(key) or clean(key)


class Labels:
    """Labels (``rdfs:label``) of KG terms and city resources, identifiers and titles (``dcterms:``) of
    catalogue standards, in the report language with :func:`scra.lang.pick`'s fallback; a term without a
    label is shown as its CURIE. A city label overrides the KG's for the same term and language."""

    def __init__(self, store, city_graph: str, lang: str):
        self.lang = lang
        found: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
        self.identifiers: dict[str, str] = {}
        for row in run(store, "labels", city_graph=city_graph, terms=True):
            value = row["o"]
            key = (row["g"].value, row["p"].value)
            if row["p"].value == DCTERMS_NS + "identifier":
                self.identifiers[row["s"].value] = value.value
            else:
                found[key][row["s"].value][getattr(value, "language", None) or ""] = value.value
        self._labels: dict[str, dict[str, str]] = defaultdict(dict)
        for graph in (KG_GRAPH, city_graph):  # the city's labels last: they win
            for subject, by_lang in found[(graph, RDFS_NS + "label")].items():
                self._labels[subject].update(by_lang)
        self._titles = found[(KG_GRAPH, DCTERMS_NS + "title")]

    def title(self, iri: str) -> str:
        return langs.pick(self._titles.get(str(iri), {}), self.lang)

    def __call__(self, iri: str | None) -> str:
        if iri is None:
            return ""
        return langs.pick(self._labels.get(str(iri), {}), self.lang) or compact(str(iri))
