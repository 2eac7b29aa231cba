"""The knowledge graph as a Python index for the pages: read once from the store, then every browse,
term and search page is a dictionary walk (the KG is a few thousand triples; a SPARQL round trip per
list and per label would cost more than the whole index).

Terms are plain values: an IRI is a ``str``, a blank node ``"_:id"``, a literal a :class:`Lit`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from scra.lang import pick
from scra.vocab import KG_GRAPH, PREFIXES, SCRA_NS
from scra.vocab import compact as curie

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
OWL = PREFIXES["owl"]
LABELS = (RDFS_LABEL, SKOS + "prefLabel")
SEARCH_LABELS = (*LABELS, SKOS + "altLabel", DCT + "identifier", DCT + "title")
DEFINITIONS = (SKOS + "definition", PREFIXES["rdfs"] + "comment", DCT + "description")
SOURCES = (DCT + "source",)


@dataclass(frozen=True)
class Lit:
    value: str
    lang: str = ""
    datatype: str = ""

    # scra.lang.pick reads .language and str()
    @property
    def language(self) -> str:
        return self.lang

    def __str__(self) -> str:
        return self.value


def _plain(term):
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return Lit(term.value, term.language or "", term.datatype.value if not term.language else "")
    return str(term)


def _fold(text: str) -> str:
    """Search form of a text: NFKC (full-width → ASCII), lower case, no accents."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass
class KGIndex:
    out: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    inbound: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    @classmethod
    def from_store(cls, store) -> KGIndex:
        index = cls()
        for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graph_uris=[KG_GRAPH]).rows(terms=True):
            index.add(_plain(row["s"]), _plain(row["p"]), _plain(row["o"]))
        index.finish()
        return index

    def add(self, s, p, o) -> None:
        self.out[s][p].append(o)
        if not isinstance(o, Lit):
            self.inbound[o][p].append(s)

    def finish(self) -> None:
        for facts in self.out.values():
            for values in facts.values():
                values.sort(key=lambda v: (isinstance(v, Lit), str(v)))
        self._types_closure: dict[str, set[str]] = {}

    # -- reading
    def values(self, s, p) -> list:
        return self.out.get(s, {}).get(p, [])

    def value(self, s, p):
        found = self.values(s, p)
        return found[0] if found else None

    def exists(self, iri: str) -> bool:
        return iri in self.out

    def label(self, term, lang: str) -> str:
        """The label in `lang` (fallbacks of scra.lang.pick), else the CURIE / local name."""
        if isinstance(term, Lit):
            return term.value
        labels = [v for p in LABELS for v in self.values(term, p) if isinstance(v, Lit)]
        if labels:
            return pick(labels, lang)
        return curie(term)

    def label_lang(self, term, lang: str) -> str:
        """The language of the label :meth:`label` shows ('' when it is not a language-tagged label)."""
        labels = [v for p in LABELS for v in self.values(term, p) if isinstance(v, Lit)]
        text = self.label(term, lang)
        return next((v.lang for v in labels if v.value == text), "")

    def text(self, s, predicates, lang: str) -> str:
        return pick([v for p in predicates for v in self.values(s, p) if isinstance(v, Lit)], lang)

    def superclasses(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            for sup in self.values(c, SUBCLASS):
                if isinstance(sup, str) and sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def subclasses(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            c = todo.pop()
            for sub in self.inbound.get(c, {}).get(SUBCLASS, []):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return seen

    def instances(self, cls: str) -> list[str]:
        """IRIs typed `cls` or a subclass, in drawn order (schema:position) then by local name."""
        found = {
            s for c in self.subclasses(cls) for s in self.inbound.get(c, {}).get(RDF_TYPE, []) if not s.startswith("_:")
        }
        return sorted(found, key=self.order_key)

    def order_key(self, iri: str):
        order = self.value(iri, PREFIXES["schema"] + "position")
        try:
            number = float(order.value) if order is not None else float("inf")
        except ValueError:
            number = float("inf")
        return (number, iri)

    def types(self, iri: str) -> list[str]:
        return [t for t in self.values(iri, RDF_TYPE) if isinstance(t, str) and not t.startswith(OWL)]

    def axioms_about(self, iri: str) -> list[str]:
        """owl:Axiom blank nodes annotating a statement whose subject or object is `iri`."""
        found = self.inbound.get(iri, {})
        return sorted(set(found.get(OWL + "annotatedSource", []) + found.get(OWL + "annotatedTarget", [])))

    # -- search
    def search(self, query: str, lang: str) -> list[tuple[str, str, str]]:
        """[(iri, matched text, its language)] best first: exact, prefix, substring, then near
        misspellings (difflib ratio ≥ 0.75 on a word or the whole label); hits in `lang` before others."""
        needle = _fold(query.strip())
        if not needle:
            return []
        best: dict[str, tuple] = {}
        for s, facts in self.out.items():
            if not s.startswith(SCRA_NS):
                continue
            for p in SEARCH_LABELS:
                for lit in facts.get(p, []):
                    if not isinstance(lit, Lit):
                        continue
                    hay = _fold(lit.value)
                    if hay == needle:
                        rank = 0.0
                    elif hay.startswith(needle):
                        rank = 1.0
                    elif needle in hay:
                        rank = 2.0
                    else:
                        words = [w for w in hay.replace("/", " ").replace("-", " ").split() if w] + [hay]
                        ratio = max(difflib.SequenceMatcher(None, needle, w).ratio() for w in words)
                        if ratio < 0.75:
                            continue
                        rank = 3.0 + (1 - ratio)
                    key = (rank, 0 if lit.lang == lang else 1, len(lit.value), lit.value)
                    if s not in best or key < best[s][0]:
                        best[s] = (key, lit)
        hits = sorted(best.items(), key=lambda item: (item[1][0], item[0]))
        return [(iri, lit.value, lit.lang) for iri, (_key, lit) in hits]


def term_path(iri: str) -> str | None:
    """The page of a scra term, or None for a term of another vocabulary."""
    if iri.startswith(SCRA_NS) and len(iri) > len(SCRA_NS):
        return "/terms/" + iri[len(SCRA_NS) :]
    return None
