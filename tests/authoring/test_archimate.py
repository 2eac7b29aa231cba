"""ArchiMate Model Exchange File Format: import(export(x)) is x on every example; a model written by hand
and one exported by scra both import and validate; what does not map is listed; unsafe XML is refused."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from helpers import REPO, scra_cli
from scra.authoring.archimate import ELEMENT_TYPES, RELATIONSHIPS, export_archimate, import_archimate
from scra.errors import InputError, TableInputError
from scra.formats import ARCHIMATE_NS

EXAMPLES = sorted((REPO / "examples").glob("*.ttl"))
DATA = Path(__file__).parent / "data"
SCRA = rdflib.Namespace("https://w3id.org/scra#")
HILL = rdflib.Namespace("https://example.org/city/hillport#")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_import_of_export_is_the_same_graph(example):
    original = rdflib.Graph().parse(example)
    data, unheld = export_archimate(original)
    assert unheld == []
    assert ARCHIMATE_NS.encode() in data[:400]
    result = import_archimate(data, "exported.xml")
    assert result.unmapped == []
    assert isomorphic(original, result.graph)


def test_export_uses_archimate_elements_and_relationships():
    from defusedxml.ElementTree import fromstring

    data, _ = export_archimate(rdflib.Graph().parse(REPO / "examples" / "jp-midsize-city.ttl"))
    root = fromstring(data)
    a, xsi = "{" + ARCHIMATE_NS + "}", "{http://www.w3.org/2001/XMLSchema-instance}type"
    kinds = {e.get(xsi) for e in root.iter(a + "element")}
    assert {"Location", "Goal", "BusinessActor", "BusinessRole", "BusinessService", "ApplicationComponent",
            "ApplicationInterface", "DataObject", "Device", "Equipment", "Deliverable", "Assessment",
            "Principle"} <= kinds <= set(ELEMENT_TYPES.values()) | {"BusinessRole"}
    rels = {e.get(xsi) for e in root.iter(a + "relationship")}
    assert rels == {kind for kind, _ in RELATIONSHIPS.values()} | {"Flow"}
    # the nine data exchanges are Flow relationships between their systems
    flows = [e for e in root.iter(a + "relationship") if e.get(xsi) == "Flow"]
    assert len(flows) == 9 and all(f.find(a + "name") is not None for f in flows)


def test_a_model_written_by_hand_imports_and_validates():
    import scra

    result = import_archimate((DATA / "hillport.archimate.xml").read_bytes(), "hillport.archimate.xml")
    assert result.unmapped == [
        "element bus-tracker: documentation (scra has no property for it): 'GPS positions of every bus, every 15 seconds.'",
        "element depot-server (Node: Depot server): no scra class for this ArchiMate type",
        "element timetabling (BusinessProcess: Timetabling): no scra class for this ArchiMate type",
        "relationship r7 (Serving): an end is not a mapped element",
    ]
    g = result.graph
    assert (HILL["bus-info"], SCRA.realisedBy, HILL["bus-tracker"]) in g
    assert (HILL["bus-info"], SCRA.providedBy, HILL["bus-company"]) in g
    assert (HILL["bus-company"], SCRA.hasRole, SCRA["role-service-provider"]) in g
    assert (HILL["bus-company"], SCRA.operates, HILL["bus-tracker"]) in g
    assert (HILL["bus-tracker"], SCRA.hasInterface, HILL["bus-api"]) in g
    assert (HILL["bus-positions"], SCRA.heldBy, HILL["bus-tracker"]) in g
    assert (HILL["valley"], rdflib.RDF.type, SCRA.Area) in g
    assert (HILL["bus-company"], rdflib.RDFS.label, rdflib.Literal("ヒルポートバス", lang="ja")) in g
    report = scra.validate(g)
    assert report.conforms and report.counts == {"violation": 0, "warning": 0, "info": 0}


def test_a_model_exported_by_scra_imports_and_validates():
    import json

    import scra

    example = REPO / "examples" / "megacity-low-cost.ttl"
    result = import_archimate((DATA / "megacity-low-cost.archimate.xml").read_bytes())
    assert result.unmapped == [] and isomorphic(result.graph, rdflib.Graph().parse(example))
    report = scra.validate(result.graph)
    expected = json.loads(example.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert {(r.focus_node, r.shape) for r in report.results} == {(e["focus_node"], e["shape"]) for e in expected}


def test_cli_import_lists_what_does_not_map(tmp_path):
    out = tmp_path / "hillport.ttl"
    r = scra_cli("import", str(DATA / "hillport.archimate.xml"), "-o", str(out), text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("not mapped: ") == 4 and "Node: Depot server" in r.stderr
    r = scra_cli("validate", str(out), text=True)
    assert r.returncode == 0 and "0 violation, 0 warning, 0 info" in r.stdout


def test_cli_export_archimate_round_trip(tmp_path):
    example = REPO / "examples" / "ai-video-surveillance.ttl"
    xml, ttl = tmp_path / "m.xml", tmp_path / "m.ttl"
    assert scra_cli("export", str(example), "--format", "archimate", "-o", str(xml)).returncode == 0
    assert scra_cli("import", str(xml), "-o", str(ttl)).returncode == 0
    assert isomorphic(rdflib.Graph().parse(ttl), rdflib.Graph().parse(example))


MODEL = f'<model xmlns="{ARCHIMATE_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">'


@pytest.mark.parametrize("document, message", [
    (f'<?xml version="1.0"?><!DOCTYPE model [<!ENTITY e "x">]>{MODEL}<name>&e;</name></model>', "refused"),
    (f'<?xml version="1.0"?><!DOCTYPE model SYSTEM "http://example.org/x.dtd">{MODEL}</model>', "refused"),
    (f"{MODEL}<name>unclosed</model>", "XML syntax error"),
    ('<model xmlns="http://www.opengroup.org/xsd/archimate/2.1/"/>', "not an ArchiMate exchange file"),
])
def test_unsafe_or_foreign_xml_is_refused(document, message):
    with pytest.raises(InputError, match=message):
        import_archimate(document.encode(), "bad.xml")


def test_a_value_that_does_not_map_is_an_error():
    doc = f"""{MODEL}<properties><property propertyDefinitionRef="ns"><value>https://example.org/t#</value></property>
</properties><elements>
<element identifier="s" xsi:type="BusinessService"><name>S</name><properties>
<property propertyDefinitionRef="d"><value>scra:domain-nowhere</value></property></properties></element>
<element identifier="o" xsi:type="BusinessActor"><name>O</name></element>
</elements><propertyDefinitions><propertyDefinition identifier="ns" type="string"><name>scra:namespace</name>
</propertyDefinition><propertyDefinition identifier="d" type="string"><name>scra:inDomain</name></propertyDefinition>
</propertyDefinitions></model>"""
    with pytest.raises(TableInputError) as caught:
        import_archimate(doc.encode(), "m.xml")
    assert [str(p) for p in caught.value.problems] == [
        "ArchiMate element s (services): inDomain: 'scra:domain-nowhere' is not in the list domains of the "
        "knowledge graph"]


def test_identifiers_stay_unique_and_valid():
    from defusedxml.ElementTree import fromstring

    g = rdflib.Graph().parse(data="""@prefix scra: <https://w3id.org/scra#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix t: <https://example.org/t#> .
t:model a scra:City ; rdfs:label "Model Town"@en .
t:a%20b a scra:Area ; rdfs:label "with a space"@en .
t:a_b a scra:Area ; rdfs:label "with an underscore"@en .
""", format="turtle")
    data, unheld = export_archimate(g)
    assert unheld == []
    ids = [e.get("identifier") for e in fromstring(data).iter() if e.get("identifier")]
    assert len(ids) == len(set(ids)) and "id-model" in ids
    assert isomorphic(import_archimate(data).graph, g)
