"""A city description as rows of the sheets of :mod:`scra.authoring.mapping`, and back.

``graph_to_tables`` (export) gives every resource one row on the sheet of its class and lists each
triple no column can hold; ``tables_to_graph`` (import) turns rows back into triples and reports every
cell that does not map, with its sheet, row and column. Both directions read the one mapping table, so
``tables_to_graph(graph_to_tables(g))`` is ``g`` when nothing was left over. (Just over 400 lines: the two
directions of one mapping, and every value kind's check, belong together.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from scra.authoring.lists import list_members
from scra.authoring.mapping import SHEETS, Column, Sheet, sheet, sheet_of_class
from scra.errors import TableInputError, TableProblem
from scra.vocab import PREFIXES, SCRA_NS, city_node, compact, expand

_LOCAL_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^\s]*$)")
_DURATION = re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPLIT = re.compile(r"\s*(?:\n|;|,\s)\s*")
NAMESPACE_KEY = "namespace"


@dataclass
class Row:
    """One row of a sheet: its number (1-based, as the spreadsheet shows it) and cell -> (column letter, value)."""

    number: int
    cells: dict[str, tuple[str, object]]
    where: str | None = None  # instead of a row number, e.g. an ArchiMate element's identifier


@dataclass
class Table:
    """The rows of one sheet as read from a workbook or a CSV file."""

    sheet: Sheet
    source: str  # file name (and sheet title) for messages
    title: str  # the sheet's name as the user sees it
    rows: list[Row] = field(default_factory=list)


@dataclass
class Exported:
    """A description as sheet rows: namespace, {sheet key: [{column key: cell text}]}, and the triples no
    column holds (each as an N-Triples line)."""

    namespace: str
    prefix: str | None
    rows: dict[str, list[dict[str, str]]]
    unheld: list[str]
    implied: int = 0  # rdf:type triples left out because the held class implies them (a stored city's)


# ---------------------------------------------------------------- export: graph -> rows


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _short(node, namespace: str) -> str:
    iri = str(node)
    if namespace and iri.startswith(namespace) and _LOCAL_ID.match(iri[len(namespace) :]):
        return iri[len(namespace) :]
    short = compact(iri)
    return short if short != iri else f"<{iri}>"


def _lexical(lit: Literal, col: Column) -> str | None:
    """The cell text of a literal for a column, or None when the column cannot hold it exactly."""
    if col.kind == "text":
        return str(lit) if lit.language == col.lang and lit.datatype is None else None
    if col.kind == "string":
        return str(lit) if lit.language is None and lit.datatype in (None, XSD.string) else None
    wanted = {
        "boolean": XSD.boolean,
        "integer": XSD.integer,
        "date": XSD.date,
        "duration": XSD.duration,
        "year": XSD.gYear,
        "decimal": XSD.decimal,
    }[col.kind]
    if lit.datatype != wanted or lit.language:
        return None
    text = str(lit)
    if col.kind == "boolean" and text not in ("true", "false"):
        return None
    if col.kind == "integer" and not re.match(r"^-?(0|[1-9]\d*)$", text):
        return None
    return text


def graph_to_tables(graph: Graph) -> Exported:
    city = city_node(graph)
    namespace = namespace_of(str(city)) if city is not None else ""
    prefix = next((p for p, ns in graph.namespaces() if str(ns) == namespace and p), None)
    rows: dict[str, dict[object, dict[str, list[str]]]] = {s.key: {} for s in SHEETS}
    unheld: list[str] = []
    placed: dict[object, Sheet] = {}
    held_class: dict[object, URIRef] = {}
    supers = superclasses()
    implied = 0
    for subject in sorted(set(graph.subjects()), key=str):
        if isinstance(subject, BNode):
            continue
        mapped = [
            c for c in graph.objects(subject, RDF.type) if isinstance(c, URIRef) and sheet_of_class(str(c)) is not None
        ]
        # the most specific mapped class: none of the others is a subclass of it
        specific = sorted(
            (c for c in mapped if not any(c in supers.get(d, frozenset()) for d in mapped if d != c)), key=str
        )
        if specific:
            cls = specific[0]
            found = sheet_of_class(str(cls))
            assert found is not None
            placed[subject], held_class[subject] = found, cls
            cells: dict[str, list[str]] = {"id": [_short(subject, namespace)]}
            if len(found.classes) > 1:
                cells["type"] = [compact(str(cls))]
            rows[found.key][subject] = cells
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        target = placed.get(s)
        if target is None:
            unheld.append(_nt(s, p, o))
            continue
        cells = rows[target.key][s]
        if p == RDF.type:
            if o == held_class[s]:
                continue
            if o in supers.get(held_class[s], ()):
                implied += 1  # storing the city adds it back (type completion)
                continue
            unheld.append(_nt(s, p, o))
            continue
        col = target.by_prop.get((str(p), o.language if isinstance(o, Literal) else None))
        if col is None and isinstance(o, Literal):
            col = next((c for c in target.columns if c.prop == str(p) and c.kind != "text"), None)
        text = None
        if col is not None:
            if isinstance(o, Literal):
                text = _lexical(o, col) if col.kind != "ref" else None
            elif isinstance(o, URIRef) and col.kind == "ref":
                text = _short(o, namespace)
        if col is None or text is None:
            unheld.append(_nt(s, p, o))
            continue
        values = cells.setdefault(col.key, [])
        if values and (col.kind != "ref" or not col.multi):
            unheld.append(_nt(s, p, o))
            continue
        values.append(text)
    out: dict[str, list[dict[str, str]]] = {}
    for sh in SHEETS:
        ordered = sorted(rows[sh.key].items(), key=lambda kv: (kv[0] != city, str(kv[0])))
        out[sh.key] = [{k: "\n".join(v) for k, v in cells.items()} for _s, cells in ordered]
    if namespace and out["city"]:
        out["city"][0][NAMESPACE_KEY] = namespace
    return Exported(namespace, prefix, out, unheld, implied)


@cache
def superclasses() -> dict[URIRef, frozenset[URIRef]]:
    """Each scra class -> all its superclasses in the knowledge graph."""
    from rdflib.namespace import RDFS

    from scra.kg import shared_kg

    kg = shared_kg()
    out: dict[URIRef, frozenset[URIRef]] = {}
    for cls in set(kg.subjects(RDFS.subClassOf, None)):
        if isinstance(cls, URIRef):
            out[cls] = frozenset(
                c for c in kg.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef) and c != cls
            )
    return out


def _nt(s, p, o) -> str:
    return f"{s.n3()} {p.n3()} {o.n3()} ."


# ---------------------------------------------------------------- import: rows -> graph


class _Problems:
    def __init__(self) -> None:
        self.items: list[TableProblem] = []

    def add(self, table: Table, row: int | Row | None, column: str | None, message: str) -> None:
        if isinstance(row, Row):
            if row.where:  # not a spreadsheet: the place is the row's own (an ArchiMate element)
                self.items.append(TableProblem(row.where, None, column or None, message, table.source))
                return
            row = row.number
        self.items.append(TableProblem(table.title, row, column, message, table.source))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _resolve(token: str, namespace: str) -> str:
    """A cell's IRI: <IRI>, a full IRI, a CURIE of a known prefix, else a local name in the namespace."""
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    if _SCHEME.match(token) and token.split(":", 1)[0] not in PREFIXES:
        if "://" in token or token.startswith("urn:"):
            return token
    if ":" in token:
        return expand(token)  # ValueError naming the unknown prefix
    if not _LOCAL_ID.match(token):
        raise ValueError(f"'{token}' is not an id (letters, digits, '-', '_', '.'), a CURIE or an IRI")
    if not namespace:
        raise ValueError(
            f"'{token}' is a local name but the description has no namespace (sheet city, "
            "column namespace, or give full IRIs)"
        )
    return namespace + token


def tables_to_graph(tables: list[Table], namespace: str | None = None, prefix: str | None = None) -> Graph:
    """The description the rows describe; TableInputError listing every problem (nothing is dropped)."""
    problems = _Problems()
    if not namespace:
        namespace = _namespace_cell(tables, problems)
    graph = Graph()
    graph.bind("scra", SCRA_NS)
    if namespace:
        graph.bind(prefix or _prefix_for(namespace), namespace)
    # first pass: every id, so references can be checked whatever the order of the sheets
    ids: dict[str, tuple[Table, int]] = {}
    resolved_rows: list[tuple[Table, Row, URIRef]] = []
    for table in tables:
        for row in table.rows:
            letter, raw = row.cells.get("id", ("A", None))
            token = _cell_text(raw)
            if not token:
                if any(_cell_text(v) for k, (_l, v) in row.cells.items()):
                    problems.add(table, row, letter, "the row has values but no id")
                continue
            try:
                iri = _resolve(token, namespace)
            except ValueError as exc:
                problems.add(table, row, letter, str(exc))
                continue
            seen = ids.get(iri)
            if seen is not None:  # one row per resource (several values go in one cell)
                problems.add(
                    table,
                    row,
                    letter,
                    f"id '{token}' is already used on sheet {seen[0].title}"
                    + (f", row {seen[1]}" if seen[1] and not row.where else ""),
                )
                continue
            ids[iri] = (table, row.number)
            resolved_rows.append((table, row, URIRef(iri)))
    typed: set[URIRef] = set()
    for table, row, subject in resolved_rows:
        sh = table.sheet
        letter, raw = row.cells.get("type", ("", None))
        type_text = _cell_text(raw)
        if type_text:
            try:
                cls = expand(type_text) if ":" in type_text else SCRA_NS + type_text
            except ValueError as exc:
                problems.add(table, row, letter, str(exc))
                cls = None
            if cls is not None and cls not in sh.classes:
                problems.add(
                    table,
                    row,
                    letter,
                    f"'{type_text}' is not a type of this sheet (use one of: "
                    f"{', '.join(compact(c) for c in sh.classes)})",
                )
            elif cls is not None:
                graph.add((subject, RDF.type, URIRef(cls)))
                typed.add(subject)
        for key, (letter, raw) in row.cells.items():
            if key in ("id", "type", NAMESPACE_KEY):
                continue
            text = _cell_text(raw)
            if not text:
                continue
            col = next((c for c in sh.columns if c.key == key), None)
            if col is None:  # unknown headers are reported when the table is read; be safe anyway
                problems.add(table, row, letter, f"no column '{key}' on this sheet")
                continue
            for obj, message in _values(col, raw, text, namespace, ids):
                if message:
                    problems.add(table, row, letter, f"{col.key}: {message}")
                elif obj is not None:
                    graph.add((subject, URIRef(col.prop), obj))
    for table, _row, subject in resolved_rows:
        if subject not in typed:  # an empty type cell: the sheet's first class
            graph.add((subject, RDF.type, URIRef(table.sheet.classes[0])))
            typed.add(subject)
    if problems.items:
        raise TableInputError(problems.items)
    return graph


def _prefix_for(namespace: str) -> str:
    """A Turtle prefix for the description's namespace: its last path segment when that is a name, else 'ex'."""
    segment = re.sub(r"[^A-Za-z0-9_-]", "", namespace.rstrip("#/").rsplit("/", 1)[-1])
    return segment if re.match(r"^[A-Za-z][A-Za-z0-9_-]{0,30}$", segment) and segment not in PREFIXES else "ex"


def _namespace_cell(tables: list[Table], problems: _Problems) -> str:
    found: dict[str, tuple[Table, int, str]] = {}
    for table in tables:
        for row in table.rows:
            letter, raw = row.cells.get(NAMESPACE_KEY, ("", None))
            text = _cell_text(raw)
            if text:
                if not (_SCHEME.match(text) and text[-1] in "#/"):
                    problems.add(table, row.number, letter, f"namespace '{text}' is not an IRI ending in '#' or '/'")
                found.setdefault(text, (table, row.number, letter))
    if len(found) > 1:
        for text, (table, number, letter) in list(found.items())[1:]:
            problems.add(table, number, letter, f"a second namespace '{text}' (one description has one namespace)")
    return next(iter(found), "")


def _values(col: Column, raw: object, text: str, namespace: str, ids: dict):
    """(object, None) per value of a cell, or (None, message) for one that does not map."""
    if col.kind == "text":
        yield Literal(raw if isinstance(raw, str) else text, lang=col.lang), None
        return
    if col.kind == "boolean":
        low = text.lower()
        if low in ("true", "false"):
            yield Literal(low == "true"), None
        else:
            yield None, f"'{text}' is not true or false"
        return
    if col.kind == "integer":
        if re.match(r"^-?\d+$", text):
            yield Literal(int(text)), None
        else:
            yield None, f"'{text}' is not a whole number"
        return
    if col.kind == "date":
        if _DATE.match(text):
            try:
                dt.date.fromisoformat(text)
                yield Literal(text, datatype=XSD.date), None
                return
            except ValueError:
                pass
        yield None, f"'{text}' is not a date (YYYY-MM-DD)"
        return
    if col.kind == "string":
        yield Literal(text), None
        return
    if col.kind == "year":
        if re.match(r"^-?\d{4}$", text):
            yield Literal(text, datatype=XSD.gYear), None
        else:
            yield None, f"'{text}' is not a year (YYYY)"
        return
    if col.kind == "decimal":
        if re.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", text):
            yield Literal(text, datatype=XSD.decimal), None
        else:
            yield None, f"'{text}' is not a decimal number (e.g. 64.0)"
        return
    if col.kind == "duration":
        if _DURATION.match(text):
            yield Literal(text, datatype=XSD.duration), None
        else:
            yield None, f"'{text}' is not an ISO 8601 duration (e.g. P30D, P1Y)"
        return
    tokens = [t for t in _SPLIT.split(text) if t]
    if len(tokens) > 1 and not col.multi:
        yield None, f"one value only, got {len(tokens)}: {', '.join(tokens)}"
        return
    for token in tokens:
        try:
            iri = _resolve(token, namespace)
        except ValueError as exc:
            yield None, str(exc)
            continue
        if iri in ids:
            target = ids[iri][0].sheet.key
            if col.targets and target not in col.targets:
                yield None, f"'{token}' is on sheet {ids[iri][0].title}; expected an id of: {', '.join(col.targets)}"
                continue
            yield URIRef(iri), None
            continue
        if iri.startswith(SCRA_NS):
            if col.choices and iri in list_members(col.choices):
                yield URIRef(iri), None
            elif col.choices:
                yield None, f"'{token}' is not in the list {col.choices} of the knowledge graph"
            else:
                yield None, f"'{token}' is a knowledge-graph term; expected an id of: {', '.join(col.targets)}"
            continue
        if namespace and iri.startswith(namespace):
            if col.targets:
                yield None, f"'{token}' is not an id on any sheet (expected an id of: {', '.join(col.targets)})"
            else:
                example = next(iter(sorted(list_members(col.choices or ""))), "")
                yield (
                    None,
                    (
                        f"'{token}' is not in the list {col.choices} of the knowledge graph (a list value is a "
                        f"CURIE, e.g. {compact(example)})"
                    ),
                )
            continue
        if not col.targets:
            yield None, f"'{token}' is not in the list {col.choices} of the knowledge graph"
            continue
        yield URIRef(iri), None  # an IRI outside the description (another city's resource)


def sheet_for(key: str) -> Sheet:
    return sheet(key)
