"""Named SPARQL queries (``queries/*.rq``): load, list, bind parameters, run.

    >>> from scra.queries import list_queries, run_rows
    >>> [q.name for q in list_queries()]
    >>> variables, rows = run_rows(store, "standards-for-domain", {"domain": "scra:domain-health"})

Header format
-------------
Each ``.rq`` file starts with comment lines ``# key: value``; the first line that is not such a comment
ends the header::

    # title: Standards for a domain
    # description: Catalogue standards that serve a city service domain or any narrower domain.
    # param: domain (iri, default scra:domain-energy) — the domain
    # param: city (city, optional) — the city id in the store; all cities when absent
    # example: scra query standards-for-domain --param domain=scra:domain-health

``param: NAME (TYPE[, default VALUE | , optional]) — DESCRIPTION`` (``-`` also separates). A parameter
with neither a default nor ``optional`` is required. Types:

* ``iri``: ``scra:x`` (or another known prefix: rdfs, rdf, owl, skos, dcterms, xsd, sh), ``<…>`` or a full
  ``http(s)://`` / ``urn:`` IRI; binds ``?NAME``.
* ``string``: a plain literal; binds ``?NAME``.
* ``integer``: an ``xsd:integer`` literal; binds ``?NAME``.
* ``boolean``: ``true``/``false``; binds ``?NAME``.
* ``city``: a city id in the store (``jp-midsize-city``); binds ``?NAME_graph`` to the city's named graph
  and, if the query text uses ``?NAME``, ``?NAME`` to the city node (the ``scra:City`` of that graph that
  most resources point to with ``scra:ofCity``).

An optional parameter that is not given is left unbound.

Binding
-------
Values are never pasted into the query text as text: each is turned into an RDF term by pyoxigraph's term
constructors (which reject invalid IRIs and escape literals) and the terms are bound by a ``VALUES``
block inserted at the start of the outermost ``WHERE`` group. This works unchanged on the embedded store
and on any SPARQL 1.1 server. (pyoxigraph 0.5 also has ``substitutions=``, but it only substitutes
variables of the SELECT projection, so it cannot bind ``?city_graph``-style variables.)

Consequence for query authors: a parameter is bound in the outermost group, so a ``FILTER``/``BIND`` that
reads a parameter must sit in that group (or at the top of an ``OPTIONAL`` written in it), not inside a
``GRAPH``/``UNION`` sub-group, which SPARQL evaluates before the join. Triple patterns may use parameters
anywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from scra.errors import QueryError, UnknownQueryError
from scra.resources import queries_dir
from scra.vocab import CITY_GRAPH_BASE, KG_GRAPH, PREFIXES, SCRA_NS

PARAM_TYPES = ("iri", "string", "integer", "boolean", "city")
_XSD = PREFIXES["xsd"]


@dataclass
class Param:
    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "default": self.default, "optional": self.optional,
                "required": self.required, "description": self.description}


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    text: str = ""
    examples: list[str] = field(default_factory=list)
    path: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self, with_text: bool = False) -> dict:
        data = {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.to_dict() for p in self.params], "examples": list(self.examples)}
        if with_text:
            data["text"] = self.text
        return data

    @classmethod
    def from_text(cls, name: str, text: str, path: str | None = None) -> "NamedQuery":
        return parse_query(name, text, path)

    @classmethod
    def from_file(cls, path: str | Path) -> "NamedQuery":
        path = Path(path)
        return parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))


# ---------------------------------------------------------------- header parsing

_HEADER_LINE = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?:(?:—|–|-{1,2})\s*(.*))?$")


def parse_query(name: str, text: str, path: str | None = None) -> NamedQuery:
    """Parse the header block of a query file (see the module docstring)."""
    where = path or name
    title, description, params, examples = "", "", [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER_LINE.match(stripped)
        if not match:
            if stripped.startswith("#"):
                continue  # a free comment inside the header
            break
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "example":
            examples.append(value)
        elif key == "param":
            params.append(_parse_param(value, where))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{where}: a parameter is declared twice ({', '.join(names)})")
    return NamedQuery(name=name, title=title or name, description=description, params=params, text=text,
                      examples=examples, path=path)


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{where}: cannot read the parameter declaration '{value}' "
                         "(expected: NAME (TYPE[, default VALUE | , optional]) — description)")
    pname, spec, desc = match.groups()
    parts = [s.strip() for s in spec.split(",")]
    ptype = parts[0]
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{where}: parameter '{pname}' has unknown type '{ptype}' "
                         f"(one of: {', '.join(PARAM_TYPES)})")
    default, optional = None, False
    for extra in parts[1:]:
        if extra == "optional":
            optional = True
        elif extra.startswith("default "):
            default = extra[len("default "):].strip()
        elif extra:
            raise QueryError(f"{where}: parameter '{pname}': cannot read '{extra}' (use 'default VALUE' or "
                             "'optional')")
    return Param(pname, ptype, default, optional, (desc or "").strip())


# ---------------------------------------------------------------- the catalogue

def _fingerprint(directory: Path) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in directory.glob("*.rq")))


@lru_cache(maxsize=4)
def _load(directory: str, _fp: tuple) -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(Path(directory).glob("*.rq")):
        found[path.stem] = NamedQuery.from_file(path)
    return found


def load_queries(directory: str | Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of a directory (default: the shipped ``queries/``), by name."""
    directory = Path(directory) if directory is not None else queries_dir()
    return _load(str(directory), _fingerprint(directory))


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    return sorted(load_queries(directory).values(), key=lambda q: q.name)


def get_query(name: str, directory: str | Path | None = None) -> NamedQuery:
    catalogue = load_queries(directory)
    try:
        return catalogue[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `scra queries` lists them"
        raise UnknownQueryError(f"no named query '{name}'{hint}") from None


# ---------------------------------------------------------------- values -> RDF terms

def to_iri(value: str) -> str:
    """A CURIE with a known prefix, <IRI> or a full IRI -> the IRI string (ValueError if not an IRI)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value) or value.startswith("urn:"):
        iri = value
    elif ":" in value:
        prefix, local = value.split(":", 1)
        if prefix not in PREFIXES:
            raise ValueError(f"unknown prefix '{prefix}:' (known: {', '.join(sorted(PREFIXES))}; or give the "
                             "full IRI)")
        if not re.match(r"^[A-Za-z0-9_.\-]*$", local):
            raise ValueError(f"'{value}' is not a valid prefixed name")
        iri = PREFIXES[prefix] + local
    else:
        raise ValueError(f"'{value}' is not an IRI (use e.g. scra:domain-energy or <https://…>)")
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a valid IRI ({exc})") from None
    return iri


def _term(param: Param, value: str):
    if param.type == "iri":
        return ox.NamedNode(to_iri(value))
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "integer":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"'{value}' is not an integer") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(_XSD + "integer"))
    if param.type == "boolean":
        text = str(value).strip().lower()
        if text not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"'{value}' is not a boolean (true or false)")
        return ox.Literal("true" if text in ("true", "1", "yes") else "false",
                          datatype=ox.NamedNode(_XSD + "boolean"))
    raise ValueError(f"unsupported type {param.type}")


def _city_node(store, graph_iri: str) -> str | None:
    rows = store.query(
        "SELECT ?c (COUNT(?x) AS ?n) WHERE { GRAPH <%s> { ?c a <%sCity> OPTIONAL { ?x <%sofCity> ?c } } } "
        "GROUP BY ?c ORDER BY DESC(?n) STR(?c) LIMIT 1" % (graph_iri, SCRA_NS, SCRA_NS))
    for row in _iter_rows(rows, terms=True):
        return row["c"].value if "c" in row else None
    return None


def _has_city(store, city_id: str, graph_iri: str) -> bool:
    if hasattr(store, "has_graph"):
        return store.has_graph(graph_iri)
    return any(True for _ in _iter_rows(store.query("ASK { GRAPH <%s> { ?s ?p ?o } }" % graph_iri)))


def _known_cities(store) -> list[str]:
    try:
        return [c["id"] for c in store.cities()]
    except Exception:  # noqa: BLE001 - a hint only
        return []


def bind_values(query: NamedQuery, params: dict | None, store=None) -> dict[str, object]:
    """Check the parameters against the header and turn them into {variable name: pyoxigraph term}.
    Raises QueryError naming the parameter and what was wrong."""
    params = {k: v for k, v in (params or {}).items()}
    declared = {p.name for p in query.params}
    unknown = sorted(set(params) - declared)
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise QueryError(f"query '{query.name}' has no parameter '{unknown[0]}' (its parameters: {allowed})")
    bindings: dict[str, object] = {}
    for param in query.params:
        raw = params.get(param.name)
        if raw is None or (isinstance(raw, str) and raw == "" and param.type != "string"):
            raw = param.default
        if raw is None:
            if param.required:
                raise QueryError(f"query '{query.name}' needs the parameter '{param.name}' ({param.type}"
                                 f"{': ' + param.description if param.description else ''})")
            continue
        if param.type == "city":
            bindings.update(_bind_city(query, param, str(raw), store))
            continue
        try:
            bindings[param.name] = _term(param, str(raw))
        except ValueError as exc:
            raise QueryError(f"parameter '{param.name}' of query '{query.name}': {exc}") from None
    return bindings


def _bind_city(query: NamedQuery, param: Param, city_id: str, store) -> dict:
    from scra.store.base import check_city_id

    try:
        check_city_id(city_id)
    except ValueError as exc:
        raise QueryError(f"parameter '{param.name}' of query '{query.name}': {exc}") from None
    graph_iri = CITY_GRAPH_BASE + city_id
    if store is not None and not _has_city(store, city_id, graph_iri):
        known = _known_cities(store)
        hint = f" (stored cities: {', '.join(known)})" if known else " (the store holds no city; `scra load`)"
        raise QueryError(f"parameter '{param.name}' of query '{query.name}': no city '{city_id}' in the "
                         f"store{hint}")
    bound = {param.name + "_graph": ox.NamedNode(graph_iri)}
    if store is not None and re.search(r"[?$]" + re.escape(param.name) + r"(?![A-Za-z0-9_])", query.text):
        node = _city_node(store, graph_iri)
        if node is not None:
            bound[param.name] = ox.NamedNode(node)
    return bound


def _mask_comments(text: str) -> str:
    """The text with comment lines blanked (same length), so that searches skip them."""
    return "".join((" " * (len(line) - 1) + "\n" if line.endswith("\n") else " " * len(line))
                   if line.lstrip().startswith("#") else line for line in text.splitlines(keepends=True))


def values_block(bindings: dict[str, object]) -> str:
    if not bindings:
        return ""
    names = list(bindings)
    row = " ".join(str(bindings[n]) for n in names)  # pyoxigraph terms print as N-Triples/SPARQL terms
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"


def _graph_constants(text: str, bindings: dict[str, object]) -> str:
    """``GRAPH ?x_graph`` -> ``GRAPH <iri>`` for bound city graphs (outside comments).

    The IRI is a pyoxigraph NamedNode built from a validated city id, so nothing can be injected; the
    variable stays bound by the VALUES block for its other uses. Measured: Oxigraph does not push a
    VALUES-bound graph name into GRAPH patterns under OPTIONAL / FILTER NOT EXISTS, so without this a
    one-city query scans every city (10-80x slower at 10 cities)."""
    for name, term in bindings.items():
        if not (name.endswith("_graph") and isinstance(term, ox.NamedNode)):
            continue
        pattern = re.compile(r"(\bGRAPH\s+)[?$]" + re.escape(name) + r"(?![A-Za-z0-9_])", re.IGNORECASE)
        masked = _mask_comments(text)
        pieces, last = [], 0
        for match in pattern.finditer(masked):
            pieces.append(text[last:match.start()] + match.group(1) + str(term))
            last = match.end()
        text = "".join(pieces) + text[last:]
    return text


def bound_text(query: NamedQuery, bindings: dict[str, object]) -> str:
    """The query text with a VALUES block for ``bindings`` at the start of the outermost WHERE group (and
    bound city graphs as constants in GRAPH clauses, see :func:`_graph_constants`)."""
    block = values_block(bindings)
    if not block:
        return query.text
    text = _graph_constants(query.text, bindings)
    masked = _mask_comments(text)
    match = re.search(r"\bWHERE\s*\{", masked, flags=re.IGNORECASE)
    if match is None:
        form = re.search(r"\b(SELECT|ASK)\b[^{]*\{", masked, flags=re.IGNORECASE)
        if form is None:
            raise QueryError(f"query '{query.name}': cannot find its WHERE clause to bind parameters")
        at = form.end()
    else:
        at = match.end()
    return text[:at] + "\n  " + block + "\n" + text[at:]


def prepare(store, name_or_query, params: dict | None = None) -> str:
    """The runnable text of a named query (or NamedQuery) with its parameters bound."""
    query = name_or_query if isinstance(name_or_query, NamedQuery) else get_query(name_or_query)
    return bound_text(query, bind_values(query, params, store))


# ---------------------------------------------------------------- running

def run_query(store, name_or_query, params: dict | None = None, *, timeout: float | None = None):
    """Run a named query on a scra Store; returns the store's QueryResult (consumed once).
    UnknownQueryError (a KeyError) for an unknown name, QueryError (a ValueError) for bad parameters."""
    text = prepare(store, name_or_query, params)
    kwargs = {"timeout": timeout} if timeout else {}
    return store.query(text, **kwargs)


def _iter_rows(result, terms: bool = False):
    if hasattr(result, "rows"):  # scra QueryResult
        yield from result.rows(terms=terms)
        return
    # a raw pyoxigraph result
    from scra.store.base import plain

    names = [v.value for v in result.variables]
    for solution in result:
        row = {}
        for n in names:
            value = solution[n]
            if value is not None:
                row[n] = value if terms else plain(value)
        yield row


def run_rows(store, name_or_query, params: dict | None = None, *, terms: bool = False,
             timeout: float | None = None) -> tuple[list[str], list[dict]]:
    """Run a named SELECT query; returns (variables, rows as dicts of plain values or pyoxigraph terms)."""
    result = run_query(store, name_or_query, params, timeout=timeout)
    variables = list(getattr(result, "variables", []))
    return variables, list(_iter_rows(result, terms=terms))


# ---------------------------------------------------------------- display helpers

def compact(value) -> str:
    """A value for people: scra:/known-prefix CURIEs for IRIs, the city id for city graphs, else str."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value.value if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(value)
    if isinstance(value, (str, ox.NamedNode)):
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and re.match(r"^[A-Za-z0-9_.\-]*$", text[len(ns):]):
                return f"{prefix}:{text[len(ns):]}"
    return text


# ---------------------------------------------------------------- an in-memory store (no disk)

def memory_store(cities: dict | None = None, *, with_kg: bool = True):
    """A scra Store held in memory (pyoxigraph), with the knowledge graph and its closure loaded and the
    given cities stored: ``{city_id: rdflib Graph | path | [paths]}``. For ``scra report FILE`` and tests."""
    from scra.store.embedded import EmbeddedStore

    class MemoryStore(EmbeddedStore):
        def __init__(self):  # noqa: D401 - same API as EmbeddedStore, no directory
            self.path = Path(":memory:")
            self.read_only = False
            self._store = ox.Store()
            self._supers = None

        def __repr__(self) -> str:
            return "MemoryStore()"

        def close(self) -> None:
            self._store = None

    store = MemoryStore()
    if with_kg:
        store.ensure_kg()
    for city_id, data in (cities or {}).items():
        store.put_city(city_id, _as_graph(data))
    return store


def _as_graph(data):
    from rdflib import Graph

    if isinstance(data, Graph):
        return data
    from scra.validation.input import read_rdf_files

    paths = [data] if isinstance(data, (str, Path)) else list(data)
    return read_rdf_files(paths, None)

