"""The store interface shared by the embedded (pyoxigraph) and remote (SPARQL 1.1 server) backends.

Layout of the dataset (every graph is a named graph; the default graph is left empty):

=====================================================  ==============================================
``https://w3id.org/scra/graph/kg``                      the knowledge graph, exactly as in ontology/*.ttl
``https://w3id.org/scra/graph/kg-inferred``             its OWL 2 RL closure, inferred triples only
``https://w3id.org/scra/graph/city/<id>``               one city: its description **plus** the rdf:type
                                                        triples implied by the KG's subclass hierarchy
``https://w3id.org/scra/graph/meta``                    bookkeeping (KG fingerprint, per-city label,
                                                        triple counts, load time), vocabulary ``scrameta:``
=====================================================  ==============================================

City type completion lives in the city graph itself (not a sibling graph) so that
``GRAPH <…/city/x> { ?r a scra:System }`` works without listing two graphs, and so that replacing a city
is one write of one graph (one GSP PUT on a remote server). The meta graph records how many of the city
graph's triples were added by completion (``scrameta:inferredTypes``).

The meta graph uses only ``scrameta:`` predicates and never rdf:type, so queries over the union default
graph see no meta resources as instances of anything.

Writes through :meth:`Store.update` may not touch the knowledge graph graphs or the meta graph; see
:func:`check_update`.
"""
from __future__ import annotations

import abc
import datetime as _dt
import decimal
import io
import re
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox

from scra.errors import QueryTimeout, ReadOnlyGraphError, StoreError
from scra.vocab import (
    CITY_GRAPH_BASE,
    CITY_ID,
    GRAPH_BASE,
    KG_GRAPH,
    KG_GRAPHS,
    KG_INFERRED_GRAPH,
    META_GRAPH,
    RESERVED_GRAPHS,
    check_city_id,
    city_graph,
    city_id_of,
)
from scra.vocab import META_NS as META

Progress = Callable[[str], None]


def now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


# ---------------------------------------------------------------- formats

# name or media type -> (kind, pyoxigraph format)
_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML, "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "text/csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_JSON_LD = getattr(ox.RdfFormat, "JSON_LD", None)  # pyoxigraph >= 0.5
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "text/turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES, "n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG, "application/trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "n-quads": ox.RdfFormat.N_QUADS, "application/n-quads": ox.RdfFormat.N_QUADS,
    "jsonld": "json-ld", "json-ld": "json-ld", "application/ld+json": "json-ld",
}
RESULTS_MEDIA_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                       "text/tab-separated-values")
RDF_MEDIA_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                   "application/trig", "application/n-quads")


def _base_media_type(fmt: str) -> str:
    return fmt.split(";", 1)[0].strip().lower()


def results_format(fmt: str) -> ox.QueryResultsFormat:
    try:
        return _RESULTS_FORMATS[_base_media_type(fmt)]
    except KeyError:
        raise ValueError(f"unsupported result format '{fmt}' for SELECT/ASK (use one of: "
                         f"{', '.join(RESULTS_MEDIA_TYPES)})") from None


def rdf_format(fmt: str):
    """A pyoxigraph RdfFormat, or the string 'json-ld' when pyoxigraph cannot write JSON-LD."""
    key = _base_media_type(fmt)
    if key == "xml":
        key = "rdfxml"
    try:
        found = _RDF_FORMATS[key]
    except KeyError:
        raise ValueError(f"unsupported RDF format '{fmt}' for CONSTRUCT/DESCRIBE (use one of: "
                         f"{', '.join(RDF_MEDIA_TYPES)})") from None
    if found == "json-ld" and _JSON_LD is not None:
        return _JSON_LD
    return found


# ---------------------------------------------------------------- plain values

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def plain(term):
    """A pyoxigraph term as a plain Python value: IRI -> str, blank node -> '_:id', numeric/boolean
    literals -> int/float/Decimal/bool, dates -> datetime.date/datetime, other literals -> str
    (language tag dropped; use ``terms=True`` to keep it)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        value = term.value
        try:
            if dt in _INTEGER_TYPES:
                return int(value)
            if dt in (_XSD + "double", _XSD + "float"):
                return float(value)
            if dt == _XSD + "decimal":
                return decimal.Decimal(value)
            if dt == _XSD + "boolean":
                return value in ("true", "1")
            if dt == _XSD + "date":
                return _dt.date.fromisoformat(value)
            if dt == _XSD + "dateTime":
                return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return value
    return str(term)  # RDF-star triple term


# ---------------------------------------------------------------- query results

class QueryResult:
    """The answer to one query, backed by pyoxigraph result objects (embedded) or by the server's bytes
    (remote). It is consumed once: iterate it, or serialize it, not both.

    * ``kind``: ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE)
    * ``variables`` (select), ``boolean`` (ask)
    * ``rows(terms=False)``: dicts ``{variable: plain value}`` (unbound variables left out), or of
      pyoxigraph terms with ``terms=True``; ``triples()`` for graph results (pyoxigraph Triples)
    * ``serialize(fmt) -> bytes`` / ``write(output, fmt)``: native pyoxigraph serialisers; a remote result
      already in the requested media type is passed through byte for byte.
    """

    def __init__(self, kind: str, *, solutions=None, boolean: bool | None = None, triples=None,
                 raw: bytes | None = None, raw_media_type: str | None = None, deadline: float | None = None):
        self.kind = kind
        self._solutions = solutions
        self._triples = triples
        self.boolean = boolean
        self._raw = raw
        self._raw_media_type = raw_media_type
        self._deadline = deadline
        self._consumed = False
        self._ask = None
        self.variables: list[str] = ([v.value for v in solutions.variables] if solutions is not None else [])

    # -- construction from server bytes
    @classmethod
    def from_bytes(cls, data: bytes, media_type: str) -> "QueryResult":
        media = _base_media_type(media_type)
        if media in _RESULTS_FORMATS:
            parsed = ox.parse_query_results(data, format=_RESULTS_FORMATS[media])
            if isinstance(parsed, ox.QueryBoolean):
                answer = cls("ask", boolean=bool(parsed), raw=data, raw_media_type=media)
                answer._ask = parsed
                return answer
            return cls("select", solutions=parsed, raw=data, raw_media_type=media)
        fmt = rdf_format(media)
        if fmt == "json-ld":
            raise StoreError("the server answered JSON-LD, which this pyoxigraph cannot read; "
                             "ask for N-Triples")
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt))
        return cls("graph", triples=triples, raw=data, raw_media_type=media)

    @classmethod
    def from_pyoxigraph(cls, result, deadline: float | None = None) -> "QueryResult":
        if isinstance(result, ox.QueryBoolean):
            answer = cls("ask", boolean=bool(result))
            answer._ask = result
            return answer
        if isinstance(result, ox.QuerySolutions):
            return cls("select", solutions=result, deadline=deadline)
        if isinstance(result, bool):
            return cls("ask", boolean=result)
        return cls("graph", triples=result, deadline=deadline)

    def _take(self):
        if self._consumed:
            raise RuntimeError("this query result was already consumed (iterate or serialize it once)")
        self._consumed = True

    def _check_deadline(self, iterator):
        if self._deadline is None:
            yield from iterator
            return
        import time

        for n, item in enumerate(iterator):
            if n % 256 == 0 and time.monotonic() > self._deadline:
                raise QueryTimeout("query exceeded its time limit")
            yield item

    # -- rows
    def rows(self, terms: bool = False) -> Iterator[dict]:
        if self.kind != "select":
            raise TypeError(f"rows() is for SELECT results; this is a {self.kind} result")
        self._take()
        names = self.variables
        convert = (lambda t: t) if terms else plain
        for solution in self._check_deadline(self._solutions):
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = convert(value)
            yield row

    def triples(self) -> Iterator[ox.Triple]:
        if self.kind != "graph":
            raise TypeError(f"triples() is for CONSTRUCT/DESCRIBE results; this is a {self.kind} result")
        self._take()
        yield from self._check_deadline(self._triples)

    def __iter__(self):
        if self.kind == "select":
            return self.rows()
        if self.kind == "graph":
            return self.triples()
        raise TypeError("an ASK result is not iterable: use .boolean or bool(result)")

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return True

    def to_rdflib(self):
        """CONSTRUCT/DESCRIBE result as an rdflib Graph."""
        from scra.store.convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(self.triples())

    # -- serialization
    def media_type(self, fmt: str) -> str:
        if self.kind in ("select", "ask"):
            return results_format(fmt).media_type
        found = rdf_format(fmt)
        return "application/ld+json" if found == "json-ld" else found.media_type

    def serialize(self, fmt: str = "json") -> bytes:
        out = io.BytesIO()
        self.write(out, fmt)
        return out.getvalue()

    def write(self, output, fmt: str = "json") -> None:
        """Write the result to a binary file object in ``fmt`` (a short name or a media type)."""
        if self._raw is not None and not self._consumed and self.media_type(fmt) == self._raw_media_type:
            self._take()
            output.write(self._raw)
            return
        if self.kind in ("select", "ask"):
            target = results_format(fmt)
            self._take()
            if self.kind == "ask":
                answer = self._ask or ox.parse_query_results(
                    b'{"head":{},"boolean":%s}' % (b"true" if self.boolean else b"false"),
                    format=ox.QueryResultsFormat.JSON)
                answer.serialize(output, target)
            else:
                self._solutions.serialize(output, target)
            return
        target = rdf_format(fmt)
        if target == "json-ld":  # pyoxigraph < 0.5: through rdflib
            output.write(self.to_rdflib().serialize(format="json-ld", encoding="utf-8"))
            return
        self._take()
        triples = self._check_deadline(self._triples)
        if target.supports_datasets:
            triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        ox.serialize(triples, output, target)


# ---------------------------------------------------------------- update guard

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_DATA_KEYWORD = re.compile(r"(?i)(INSERT|DELETE)\s+DATA\s*\{")
_GRAPH_KEYWORD = re.compile(r"(?i)GRAPH\s+(<[^<>\s]*>|[A-Za-z0-9_\-.]*:[^\s{]*)\s*\{")


def _skip_token(text: str, i: int) -> int:
    """If a string, IRI or comment starts at i, the index after it; else i."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end + 1
    if c == "<":
        m = _IRIREF.match(text, i)
        return m.end() if m else i
    if c in "'\"":
        if text.startswith(c * 3, i):
            end = text.find(c * 3, i + 3)
            while end > 0 and _escaped(text, end):
                end = text.find(c * 3, end + 1)
            return len(text) if end < 0 else end + 3
        j = i + 1
        while j < len(text) and text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    return i


def _escaped(text: str, i: int) -> bool:
    n = 0
    while i - 1 - n >= 0 and text[i - 1 - n] == "\\":
        n += 1
    return n % 2 == 1


def _strip_data_blocks(text: str) -> str:
    """The update with the triples inside INSERT DATA / DELETE DATA blocks replaced, keeping every
    ``GRAPH name { <placeholder triple> }``: what check_update needs, without making rdflib's (slow) parser read
    thousands of triples. Strings, IRIs and comments are skipped as tokens so that braces or keywords
    inside them are not mistaken for syntax; anything this scanner misreads makes the reduced text
    unparsable, so the update is refused, never let through."""
    if len(text) < 4096:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        j = _skip_token(text, i)
        if j != i:
            out.append(text[i:j])
            i = j
            continue
        m = _DATA_KEYWORD.match(text, i)
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            out.append(m.group(0))
            i = m.end()
            depth = 1
            while i < n and depth:
                j = _skip_token(text, i)
                if j != i:
                    i = j
                    continue
                c = text[i]
                if depth == 1 and c in "Gg":
                    g = _GRAPH_KEYWORD.match(text, i)
                    if g:
                        out.append(" " + g.group(0))
                        depth += 1
                        i = g.end()
                        continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 1:  # a placeholder triple keeps the graph in rdflib's parsed quads
                        out.append("<urn:scra:check> <urn:scra:check> <urn:scra:check> } ")
                i += 1
            out.append("}")
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def check_update(sparql: str) -> None:
    """Refuse a SPARQL update that could write the knowledge graph, its closure or the meta graph.

    The update is parsed (rdflib's SPARQL 1.1 parser, which resolves PREFIX/BASE, so no spelling of an
    IRI slips through) and every operation's *target* graphs are checked:

    * INSERT/DELETE DATA, DELETE WHERE, DELETE/INSERT templates (and their WITH graph), DROP/CLEAR/CREATE,
      the target of ADD/COPY/MOVE and the source of MOVE must name a graph outside
      ``https://w3id.org/scra/graph/`` or a city graph; the default graph is allowed (nothing lives there);
    * ``GRAPH ?var`` in a template, ``DROP/CLEAR ALL|NAMED`` are refused: they could reach any graph;
    * ``LOAD`` is refused: the store never fetches URLs on a client's behalf;
    * an update the parser cannot read is refused (it could not be checked).

    Reading the knowledge graph in a WHERE clause, or copying from it, is fine.
    """
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate
    from rdflib.term import Variable

    try:
        parsed = translateUpdate(parseUpdate(_strip_data_blocks(sparql)))
    except Exception as exc:
        message = " ".join(str(exc).split())[:300]
        raise ReadOnlyGraphError(f"update refused: it could not be parsed to check which graphs it writes "
                                 f"({message})") from None

    def target(graph, what: str) -> None:
        if graph is None or graph == "DEFAULT":
            return
        if graph in ("ALL", "NAMED"):
            raise ReadOnlyGraphError(f"update refused: {what} {graph} would also reach the knowledge graph; "
                                     "name the graph(s) to change")
        if isinstance(graph, Variable):
            raise ReadOnlyGraphError(f"update refused: GRAPH ?{graph} in {what} could reach the knowledge "
                                     "graph; name the graph(s) to change")
        iri = str(graph)
        if iri.startswith(GRAPH_BASE) and city_id_of(iri) is None:
            raise ReadOnlyGraphError(f"update refused: <{iri}> is read-only (the knowledge graph and the "
                                     "store's metadata change only through `scra` itself)")

    # CompValue.get() does not behave like dict.get(); dict.get() is used on purpose
    for op in parsed.algebra:
        name = op.name
        if name == "Load":
            raise ReadOnlyGraphError("update refused: LOAD would fetch a URL; upload the data instead")
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            for graph in (dict.get(op, "quads") or {}):
                target(graph, name)
        elif name == "Modify":
            with_graph = dict.get(op, "withClause")
            for part in ("delete", "insert"):
                template = dict.get(op, part)
                if template is None:
                    continue
                if dict.get(template, "triples"):
                    target(with_graph, "WITH")
                for graph in (dict.get(template, "quads") or {}):
                    target(graph, f"the {part.upper()} template")
        elif name in ("Drop", "Clear", "Create"):
            target(dict.get(op, "graphiri"), name.upper())
        elif name in ("Add", "Copy", "Move"):
            source, dest = dict.get(op, "graph")
            target(dest, name.upper())
            if name == "Move":
                target(source, "MOVE (its source is dropped)")
        else:
            raise ReadOnlyGraphError(f"update refused: unknown operation {name}")


# ---------------------------------------------------------------- the interface

class Store(abc.ABC):
    """A SPARQL dataset holding the knowledge graph and city descriptions. See the module docstring."""

    # -- SPARQL
    @abc.abstractmethod
    def query(self, sparql: str, *, default_graph_uris: Iterable[str] | None = None,
              named_graph_uris: Iterable[str] | None = None, use_default_graph_as_union: bool = True,
              timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query. By default the default graph is the union of all graphs; with
        ``default_graph_uris`` it is their merge (``use_default_graph_as_union`` is then ignored);
        ``named_graph_uris`` limits what GRAPH ?g can see."""

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update that does not touch the knowledge graph or meta graph (see check_update)."""
        check_update(sparql)
        self._update(sparql, timeout=timeout)

    @abc.abstractmethod
    def _update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run an update unchecked (internal writes)."""

    # -- knowledge graph
    def kg_status(self) -> dict:
        """What the meta graph records about the loaded knowledge graph ({} if none)."""
        rows = list(self.query(
            f"SELECT ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ <{KG_GRAPH}> ?p ?o }} }}",
            use_default_graph_as_union=False))
        return {row["p"][len(META):]: row["o"] for row in rows if row["p"].startswith(META)}

    def ensure_kg(self, force: bool = False, progress: Progress | None = None) -> bool:
        """Load the knowledge graph and its OWL 2 RL closure if the store holds another version
        (by fingerprint of ontology/*.ttl). Returns True when it (re)loaded."""
        from scra.kg import kg_fingerprint

        fingerprint = kg_fingerprint()
        if not force and self.kg_status().get("fingerprint") == fingerprint:
            return False
        from scra import __version__
        from scra.kg.closure import owl_rl_closure
        from scra.kg import load_kg

        if progress:
            progress("loading the knowledge graph")
        kg = load_kg()
        if progress:
            progress("computing its OWL 2 RL closure")
        inferred = owl_rl_closure(kg)
        if progress:
            progress("storing the knowledge graph")
        meta = {"fingerprint": fingerprint, "version": __version__, "loadedAt": now(),
                "triples": len(kg), "inferredTriples": len(inferred)}
        self._replace_graphs({KG_GRAPH: kg, KG_INFERRED_GRAPH: inferred}, KG_GRAPH, meta)
        self._supers = None
        return True

    # -- cities
    def put_city(self, city_id: str, data, label: str | None = None, progress: Progress | None = None) -> dict:
        """Store (or atomically replace) a city description. ``data`` is an rdflib Graph or an iterable of
        rdflib (s, p, o) triples. Types are completed with the KG's subclass closure in the same graph.
        Returns the city's metadata (as ``cities()`` lists it)."""
        from rdflib import Graph

        from scra.kg.closure import complete_types

        graph_iri = city_graph(city_id)
        if not isinstance(data, Graph):
            graph = Graph()
            for triple in data:
                graph.add(triple)
            data = graph
        if progress:
            progress("completing types")
        extra = complete_types(data, self.superclasses())
        meta = {"cityId": city_id, "label": label if label is not None else _city_label(data, city_id), "loadedAt": now(),
                "triples": len(data), "inferredTypes": len(extra)}
        if progress:
            progress("storing")
        self._replace_graphs({graph_iri: (data, extra)}, graph_iri, meta)
        return self._city_dict(city_id, meta)

    def get_city(self, city_id: str):
        """The city's graph (description + completed types) as an rdflib Graph; KeyError if absent."""
        from scra.store.convert import ox_triples_to_rdflib

        graph_iri = city_graph(city_id)
        if not self.has_graph(graph_iri):
            raise KeyError(f"no city '{city_id}' in the store")
        graph = ox_triples_to_rdflib(self.graph_triples(graph_iri))
        graph.bind("scra", "https://w3id.org/scra#")
        return graph

    def drop_city(self, city_id: str) -> bool:
        """Remove a city; False if it was not there."""
        graph_iri = city_graph(city_id)
        existed = self.has_graph(graph_iri)
        self._update(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                     f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph_iri}> ?p ?o }} }}")
        return existed

    def cities(self) -> list[dict]:
        """Stored cities, sorted by id: id, label, graph, triples, inferred_types, loaded_at."""
        rows = self.query(
            f"SELECT ?g ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{META}cityId> ?id ; ?p ?o }} }}",
            use_default_graph_as_union=False)
        by_graph: dict[str, dict] = {}
        for row in rows:
            if row["p"].startswith(META):
                by_graph.setdefault(row["g"], {})[row["p"][len(META):]] = row["o"]
        return sorted((self._city_dict(m["cityId"], m) for m in by_graph.values()), key=lambda c: c["id"])

    @staticmethod
    def _city_dict(city_id: str, meta: dict) -> dict:
        loaded = meta.get("loadedAt")
        return {"id": city_id, "label": meta.get("label", city_id), "graph": city_graph(city_id),
                "triples": int(meta.get("triples", 0)), "inferred_types": int(meta.get("inferredTypes", 0)),
                "loaded_at": loaded.isoformat() if hasattr(loaded, "isoformat") else loaded}

    # -- graphs
    @abc.abstractmethod
    def graph_triples(self, graph_iri: str) -> Iterator[ox.Triple]:
        """The triples of one named graph (Graph Store Protocol GET), as pyoxigraph Triples."""

    @abc.abstractmethod
    def has_graph(self, graph_iri: str) -> bool: ...

    def superclasses(self) -> dict:
        """class -> its strict superclasses, from the stored KG and its closure (cached per KG load)."""
        if getattr(self, "_supers", None) is None:
            from rdflib import URIRef

            from scra.kg.closure import superclass_map

            rows = self.query(
                "SELECT ?c ?p ?s WHERE { VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                "<http://www.w3.org/2002/07/owl#equivalentClass> } ?c ?p ?s "
                "FILTER(isIRI(?c) && isIRI(?s)) }",
                default_graph_uris=KG_GRAPHS)
            self._supers = superclass_map((URIRef(r["c"]), URIRef(r["p"]), URIRef(r["s"])) for r in rows)
        return self._supers

    @abc.abstractmethod
    def _replace_graphs(self, graphs: dict, meta_subject: str, meta: dict) -> None:
        """Atomically replace each named graph with the given rdflib graph(s) and set the meta
        properties of ``meta_subject``."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- shared text builders

def meta_update(subject: str, meta: dict) -> str:
    """SPARQL update text replacing the meta properties of ``subject``."""
    from scra.store.convert import literal_nt

    lines = "\n".join(f"    <{subject}> <{META}{key}> {literal_nt(value)} ." for key, value in meta.items())
    return (f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{subject}> ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n{lines}\n}} }}")


def _city_label(graph, default: str) -> str:
    """The English (else any) rdfs:label of the city the description is about: the scra:City that most
    resources belong to (scra:ofCity), since a description may also declare neighbours. Else `default`."""
    from collections import Counter

    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    scra = "https://w3id.org/scra#"
    cities = list(graph.subjects(RDF.type, URIRef(scra + "City")))
    if not cities:
        return default
    members = Counter(graph.objects(None, URIRef(scra + "ofCity")))
    city = max(cities, key=lambda c: (members[c], str(c)))
    labels = [o for o in graph.objects(city, RDFS.label) if isinstance(o, Literal)]
    for wanted in ("en", None):
        for label in labels:
            if label.language == wanted:
                return str(label)
    return str(labels[0]) if labels else default
