"""The Open Group ArchiMate Model Exchange File Format (3.x, namespace ``ARCHIMATE_NS``) in and out.

The mapping (docs/authoring.md has it as a table) goes through the sheet rows of
:mod:`scra.authoring.tables`, so a model element is a row of a sheet:

* each resource of the description is an element whose ``xsi:type`` is given by ``ELEMENT_TYPES`` (its
  scra class, exactly, in the property ``scra:type``; its id in ``scra:id``); names are the labels (one
  ``<name xml:lang>`` per language);
* the links in ``RELATIONSHIPS`` are ArchiMate relationships (realisation, assignment, composition,
  access); a data exchange is a Flow relationship between its two systems;
* the roles of the knowledge graph an organisation has are BusinessRole elements assigned to it;
* every other value is an element property named by its column (``scra:inDomain`` …), the cell text
  as value; the namespace of the description is the model property ``scra:namespace``.

Reading uses defusedxml (no DTD, no entities, no network). What a file holds that does not map — an
element type scra has no class for, a relationship between elements that have no such link, an unknown
property, documentation — is listed in :attr:`ArchimateImport.unmapped`, never dropped silently.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # writing only; reading is defusedxml's
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from rdflib import Graph

from scra.authoring.lists import kg_lists
from scra.authoring.mapping import SHEETS, Sheet, sheet
from scra.authoring.tables import NAMESPACE_KEY, Exported, Row, Table, graph_to_tables, tables_to_graph
from scra.authoring.workbook import _column_names
from scra.errors import InputError
from scra.formats import ARCHIMATE_NS, is_archimate  # noqa: F401  (is_archimate: re-exported)
from scra.vocab import SCRA_NS, compact

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_A = "{" + ARCHIMATE_NS + "}"
_TYPE = "{" + XSI_NS + "}type"

# scra class (local name) -> ArchiMate element type written on export.
ELEMENT_TYPES: dict[str, str] = {
    "City": "Location",
    "Area": "Location",
    "StrategyGoal": "Goal",
    "Organisation": "BusinessActor",
    "Service": "BusinessService",
    "System": "ApplicationComponent",
    "CityOS": "ApplicationComponent",
    "AIComponent": "ApplicationComponent",
    "VideoSurveillanceSystem": "ApplicationComponent",
    "ElectricityContinuitySystem": "Equipment",
    "Interface": "ApplicationInterface",
    "DataSet": "DataObject",
    "DataExchange": "ApplicationInteraction",
    "Asset": "Equipment",
    "Device": "Device",
    "BusinessContinuityPlan": "Deliverable",
    "ElectricityContinuityPlan": "Deliverable",
    "PrivacyImpactAssessment": "Assessment",
    "BiasAssessment": "Assessment",
    "EthicsReview": "Assessment",
    "Rule": "Principle",
    "Standard": "Constraint",
    "IndicatorReport": "Outcome",
}
# ArchiMate element type -> scra class read when an element has no scra:type property.
READ_TYPES: dict[str, str] = {
    "Location": "City",
    "Goal": "StrategyGoal",
    "BusinessActor": "Organisation",
    "BusinessService": "Service",
    "ApplicationService": "Service",
    "ApplicationComponent": "System",
    "ApplicationInterface": "Interface",
    "DataObject": "DataSet",
    "BusinessObject": "DataSet",
    "Device": "Device",
    "Equipment": "Asset",
    "Deliverable": "BusinessContinuityPlan",
    "Assessment": "PrivacyImpactAssessment",
    "Principle": "Rule",
    "Constraint": "Standard",
    "ApplicationInteraction": "DataExchange",
    "Outcome": "IndicatorReport",
}
ROLE_TYPE = "BusinessRole"
# (sheet, column) -> (relationship type, True when the row's resource is the relationship's source)
RELATIONSHIPS: dict[tuple[str, str], tuple[str, bool]] = {
    ("services", "realisedBy"): ("Realization", False),
    ("services", "providedBy"): ("Assignment", False),
    ("organisations", "operates"): ("Assignment", True),
    ("organisations", "hasRole"): ("Assignment", True),
    ("systems", "hasInterface"): ("Composition", True),
    ("datasets", "heldBy"): ("Access", False),
}
FLOW = "Flow"  # a data exchange: fromSystem -> toSystem


def _ncname(text: str) -> str:
    return "id-" + re.sub(r"[^A-Za-z0-9_.\-]", "_", text)


@dataclass
class ArchimateImport:
    graph: Graph
    unmapped: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- export


def export_archimate(graph: Graph, lang: str = "en") -> tuple[bytes, list[str]]:
    """The exchange file of a description, and the triples it cannot hold (as the sheets, plus none)."""
    exported = graph_to_tables(graph)
    return _write(exported), exported.unheld


def _write(exported: Exported) -> bytes:
    ET.register_namespace("", ARCHIMATE_NS)
    ET.register_namespace("xsi", XSI_NS)
    model = ET.Element(_A + "model", {"identifier": "id-model"})
    city_rows = exported.rows.get("city", [])
    city_name = next((r["label@en"] for r in city_rows if r.get("label@en")), "city description")
    _name(model, city_name, "en")
    props_defs: dict[str, str] = {}

    def prop(parent, key: str, value: str, lang: str | None = None):
        ref = props_defs.setdefault(key, f"propdef-{len(props_defs) + 1}")
        holder = parent.find(_A + "properties")
        if holder is None:
            holder = ET.SubElement(parent, _A + "properties")
        p = ET.SubElement(holder, _A + "property", {"propertyDefinitionRef": ref})
        v = ET.SubElement(p, _A + "value")
        if lang:
            v.set(XML_LANG, lang)
        v.text = value

    model_props = ET.Element("tmp")
    if exported.namespace:
        prop(model_props, "scra:" + NAMESPACE_KEY, exported.namespace)
    elements = ET.Element(_A + "elements")
    relationships = ET.Element(_A + "relationships")
    ident: dict[str, str] = {}  # cell id text -> element identifier
    reserved = {"": "id-model"}  # the model's own identifier
    for sh in SHEETS:
        for row in exported.rows.get(sh.key, []):
            ident[row["id"]] = _unique(_ncname(row["id"]), ident | reserved)
    roles: dict[str, str] = {}
    rel_count = 0

    def relate(kind: str, source: str, target: str) -> ET.Element:
        nonlocal rel_count
        rel_count += 1
        return ET.SubElement(
            relationships,
            _A + "relationship",
            {"identifier": f"rel-{rel_count}", "source": source, "target": target, _TYPE: kind},
        )

    for sh in SHEETS:
        for row in exported.rows.get(sh.key, []):
            cls = row.get("type") or compact(sh.classes[0])
            local = cls.split(":", 1)[1]
            flow = sh.key == "exchanges" and _is_flow(row, ident)
            if flow:
                el = relate(FLOW, ident[row["fromSystem"]], ident[row["toSystem"]])
                el.set("identifier", ident[row["id"]])
            else:
                el = ET.SubElement(
                    elements, _A + "element", {"identifier": ident[row["id"]], _TYPE: ELEMENT_TYPES[local]}
                )
            for lang in ("en", "ja"):
                if row.get(f"label@{lang}"):
                    _name(el, row[f"label@{lang}"], lang)
            prop(el, "scra:id", row["id"])
            prop(el, "scra:type", cls)
            for col in sh.columns:
                text = row.get(col.key)
                if not text or col.key in ("id", "type", "label@en", "label@ja", NAMESPACE_KEY):
                    continue
                if flow and col.key in ("fromSystem", "toSystem"):
                    continue
                if col.kind != "ref":
                    prop(el, "scra:" + col.key.split("@")[0], text, col.lang)
                    continue
                relation = RELATIONSHIPS.get((sh.key, col.key))
                for value in text.split("\n"):
                    if relation and col.key == "hasRole" and value.startswith("scra:"):
                        if value not in roles:
                            roles[value] = _unique(_ncname(value.replace(":", "-")), ident | roles)
                        relate(relation[0], ident[row["id"]], roles[value])
                    elif relation and value in ident:
                        a, b = (ident[row["id"]], ident[value]) if relation[1] else (ident[value], ident[row["id"]])
                        relate(relation[0], a, b)
                    else:
                        prop(el, "scra:" + col.key, value)
    labels = {t.curie: t for t in kg_lists()["roles"]}
    for curie, identifier in roles.items():
        el = ET.SubElement(elements, _A + "element", {"identifier": identifier, _TYPE: ROLE_TYPE})
        term = labels.get(curie)
        for lang in ("en", "ja"):
            if term is not None and term.labels.get(lang):
                _name(el, term.labels[lang], lang)
        if term is None:
            _name(el, curie, "en")
        prop(el, "scra:id", curie)
    holder = model_props.find(_A + "properties")
    if holder is not None:
        model.append(holder)
    model.append(elements)
    if len(relationships):
        model.append(relationships)
    defs = ET.SubElement(model, _A + "propertyDefinitions")
    for key, ref in props_defs.items():
        d = ET.SubElement(defs, _A + "propertyDefinition", {"identifier": ref, "type": "string"})
        _name(d, key, None)
    ET.indent(model)
    return ET.tostring(model, encoding="utf-8", xml_declaration=True)


def _is_flow(row: dict[str, str], ident: dict[str, str]) -> bool:
    return all(row.get(k) in ident and "\n" not in row[k] for k in ("fromSystem", "toSystem"))


def _unique(candidate: str, taken) -> str:
    used = set(taken.values()) if isinstance(taken, dict) else set(taken)
    name, n = candidate, 1
    while name in used:
        n += 1
        name = f"{candidate}-{n}"
    return name


def _name(parent, text: str, lang: str | None) -> None:
    n = ET.SubElement(parent, _A + "name")
    if lang:
        n.set(XML_LANG, lang)
    n.text = text


# ---------------------------------------------------------------- import


def _parse(data: bytes, source: str):
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"refused: {exc.__class__.__name__} (no DTD, entities or external references)", source=source
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise InputError(f"XML syntax error: {exc}", source=source, line=line, column=column) from None
    if root.tag != _A + "model":
        raise InputError(
            f"not an ArchiMate exchange file: the root is {root.tag}, expected <model> in {ARCHIMATE_NS}", source=source
        )
    return root


def _local_type(el) -> str:
    value = el.get(_TYPE, "")
    return value.split(":", 1)[-1]


def _texts(el, tag: str) -> list[tuple[str | None, str]]:
    return [(n.get(XML_LANG), (n.text or "").strip()) for n in el.findall(_A + tag)]


def import_archimate(data: bytes, source: str = "model.xml") -> ArchimateImport:
    root = _parse(data, source)
    unmapped: list[str] = []
    defs = {
        d.get("identifier"): (_texts(d, "name") or [(None, "")])[0][1] for d in root.iter(_A + "propertyDefinition")
    }

    def props(el) -> list[tuple[str, str | None, str]]:
        out = []
        holder = el.find(_A + "properties")
        for p in holder.findall(_A + "property") if holder is not None else []:
            name = defs.get(p.get("propertyDefinitionRef"), p.get("propertyDefinitionRef") or "")
            for lang, value in _texts(p, "value"):
                out.append((name, lang, value))
        return out

    namespace = next((v for n, _l, v in props(root) if n in ("scra:namespace", "namespace")), "")
    if not namespace:
        namespace = f"urn:scra:archimate:{root.get('identifier', 'model')}#"
        unmapped.append(f"model: no scra:namespace property; ids are made in {namespace}")
    role_terms = {t.curie: t for t in kg_lists()["roles"]}
    role_by_label = {lab.lower(): t.curie for t in role_terms.values() for lab in t.labels.values()}
    rows: dict[str, list[Row]] = {s.key: [] for s in SHEETS}
    by_ident: dict[str, tuple[Sheet | None, Row | str]] = {}
    order = 0
    candidates = [(el, False) for el in root.iter(_A + "element")]
    candidates += [
        (el, True)
        for el in root.iter(_A + "relationship")
        if _local_type(el) == FLOW and any(n in ("scra:type", "scra:id") for n, _l, _v in props(el))
    ]
    flows = {id(el) for el, is_rel in candidates if is_rel}
    for el, is_rel in candidates:
        order += 1
        identifier = el.get("identifier", f"#{order}")
        kind = _local_type(el)
        given = dict((n, v) for n, _l, v in props(el) if n in ("scra:type", "scra:id"))
        if kind == ROLE_TYPE and not is_rel:
            names = [t for _l, t in _texts(el, "name")]
            curie = given.get("scra:id") or next(
                (role_by_label[n.lower()] for n in names if n.lower() in role_by_label), None
            )
            if curie in role_terms:
                by_ident[identifier] = (None, curie)
            else:
                unmapped.append(
                    f"element {identifier} ({kind} {names[:1]}): not a role of the knowledge graph "
                    f"({', '.join(role_terms)})"
                )
            continue
        cls = given.get("scra:type", "")
        local = cls.split(":", 1)[1] if cls.startswith("scra:") else READ_TYPES.get(kind, "")
        from scra.authoring.mapping import sheet_of_class

        sh = sheet_of_class(SCRA_NS + local) if local else None
        if sh is None:
            names = [t for _l, t in _texts(el, "name")]
            unmapped.append(
                f"element {identifier} ({kind}{': ' + names[0] if names else ''}): no scra class for "
                "this ArchiMate type"
            )
            continue
        where = f"{'relationship' if is_rel else 'element'} {identifier}"
        place = f"ArchiMate {where} ({sh.key})"
        cells: dict[str, tuple[str, object]] = {}
        id_text = given.get("scra:id") or identifier
        cells["id"] = ("", id_text)
        if len(sh.classes) > 1:
            cells["type"] = ("", "scra:" + local)
        for lang, text in _texts(el, "name"):
            key = f"label@{lang or 'en'}"
            if key in cells:
                unmapped.append(f"{where}: a second name in {lang or 'en'} ({text!r})")
            elif text:
                cells[key] = ("", text)
        for _lang, text in _texts(el, "documentation"):
            if text:
                unmapped.append(f"{where}: documentation (scra has no property for it): {text[:60]!r}")
        columns = _column_names(sh)
        for name, lang, value in props(el):
            if name in ("scra:type", "scra:id"):
                continue
            bare = name.lower().removeprefix("scra:")
            found = columns.get(name.lower()) or columns.get(bare) or columns.get(f"{bare}@{lang or 'en'}")
            col = next((c for c in sh.columns if c.key == found), None) if found else None
            if col is not None and col.kind == "text":  # the column of the value's language
                in_lang = f"{col.key.split('@')[0]}@{lang or 'en'}"
                col = next((c for c in sh.columns if c.key == in_lang), None)
            if col is None:
                unmapped.append(f"{where}: property {name!r} = {value[:60]!r} is not a column of sheet {sh.key}")
                continue
            _add_cell(cells, col.key, value)
        row = Row(order, cells, where=place)
        rows[sh.key].append(row)
        by_ident[identifier] = (sh, row)
    for rel in root.iter(_A + "relationship"):
        if id(rel) in flows:
            flow_row = by_ident[rel.get("identifier", "")][1]
            assert isinstance(flow_row, Row)
            for key, end in (("fromSystem", "source"), ("toSystem", "target")):
                target = by_ident.get(rel.get(end, ""))
                if target is None or not isinstance(target[1], Row):
                    unmapped.append(f"relationship {rel.get('identifier')}: its {end} is not a mapped element")
                else:
                    flow_row.cells[key] = ("", target[1].cells["id"][1])
            continue
        _relationship(rel, by_ident, rows, unmapped)
    tables = [Table(s, source, f"ArchiMate {s.key}", rows[s.key]) for s in SHEETS if rows[s.key]]
    graph = tables_to_graph(tables, namespace=namespace)
    return ArchimateImport(graph, unmapped)


def _add_cell(cells, key: str, value: str) -> None:
    """Another value for a cell; several in a column that takes one are reported by the import."""
    cells[key] = ("", f"{cells[key][1]}\n{value}") if key in cells else ("", value)


def _relationship(rel, by_ident, rows, unmapped: list[str]) -> None:
    kind = _local_type(rel)
    ident = rel.get("identifier", "?")
    source, target = by_ident.get(rel.get("source", "")), by_ident.get(rel.get("target", ""))
    if source is None or target is None:
        unmapped.append(f"relationship {ident} ({kind}): an end is not a mapped element")
        return
    for (sheet_key, column), (rel_kind, row_is_source) in RELATIONSHIPS.items():
        if rel_kind != kind:
            continue
        mine, other = (source, target) if row_is_source else (target, source)
        if mine[0] is None or mine[0].key != sheet_key:
            continue
        col = sheet(sheet_key).column(column)
        if column == "hasRole":
            if other[0] is not None:
                continue
            value = other[1]
        else:
            if other[0] is None or other[0].key not in col.targets:
                continue
            value = other[1].cells["id"][1]
        row = mine[1]
        _add_cell(row.cells, column, str(value))
        return
    names = [by_ident[rel.get(end)][0].key if by_ident[rel.get(end)][0] else "role" for end in ("source", "target")]
    unmapped.append(f"relationship {ident} ({kind} from {names[0]} to {names[1]}): no scra link for it")
