"""The knowledge graph passes its meta-shapes, and the meta-shapes catch what they promise to catch."""
from __future__ import annotations

from rdflib import Graph

from scra.kg.quality import check_meta

PREFIXES = """
@prefix scra: <https://w3id.org/scra#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix adms: <http://www.w3.org/ns/adms#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix schema: <https://schema.org/> .
"""


def _with(kg: Graph, turtle: str) -> Graph:
    return kg + Graph().parse(data=PREFIXES + turtle, format="turtle")


def _findings_for(graph: Graph, term: str) -> list[str]:
    return [f.message for f in check_meta(graph) if f.focus_node == f"https://w3id.org/scra#{term}"]


def test_kg_conforms_to_meta_shapes(kg):
    findings = check_meta(kg)
    assert findings == [], "\n".join(f"{f.focus_node} {f.path}: {f.message}" for f in findings)


def test_undefined_scra_iri_is_reported(kg):
    graph = _with(kg, "scra:std-iec-63152-2020 scra:servesDomain scra:domain-teleportation .")
    messages = _findings_for(graph, "domain-teleportation")
    assert any("not defined" in m for m in messages)


def test_term_without_label_definition_source_is_reported(kg):
    graph = _with(kg, "scra:domain-bare a scra:Domain ; skos:inScheme scra:domains-scheme .")
    messages = _findings_for(graph, "domain-bare")
    assert any("English rdfs:label" in m for m in messages)
    assert any("English skos:definition" in m for m in messages)
    assert any("dcterms:source" in m for m in messages)


def test_untagged_label_is_reported(kg):
    graph = _with(kg, 'scra:domain-energy rdfs:label "Energy untagged" .')
    assert any("language-tagged" in m for m in _findings_for(graph, "domain-energy"))


def test_wrong_iec_identifier_is_reported(kg):
    graph = _with(kg, """scra:std-bad a scra:Standard ; rdfs:label "bad"@en ; skos:definition "d"@en ;
        dcterms:source "s"@en ; dcterms:identifier "IEC 3152:2020" ; dcterms:title "t"@en ;
        dcterms:type scra:doctype-is ; dcterms:publisher scra:body-iec ; adms:status scra:status-published .""")
    assert any("IEC identifier" in m for m in _findings_for(graph, "std-bad"))


def test_joint_iso_iec_identifier_is_not_held_to_iec_numbering(kg):
    graph = _with(kg, """scra:std-joint a scra:Standard ; rdfs:label "joint"@en ; skos:definition "d"@en ;
        dcterms:source "s"@en ; dcterms:identifier "ISO/IEC 30182:2017" ; dcterms:title "t"@en ;
        dcterms:type scra:doctype-is ; dcterms:publisher scra:body-iso ; adms:status scra:status-published .""")
    assert _findings_for(graph, "std-joint") == []


def test_incomplete_standard_is_reported(kg):
    graph = _with(kg, """scra:std-thin a scra:Standard ; rdfs:label "thin"@en ; skos:definition "d"@en ;
        dcterms:source "s"@en .""")
    messages = _findings_for(graph, "std-thin")
    for needed in ("dcterms:identifier", "dcterms:title", "dcterms:type", "dcterms:publisher", "adms:status"):
        assert any(needed in m for m in messages), needed


def test_superseded_standard_without_replacement_is_reported(kg):
    graph = _with(kg, """scra:std-old a scra:Standard ; rdfs:label "old"@en ; skos:definition "d"@en ;
        dcterms:source "s"@en ; dcterms:identifier "ISO 99999:1999" ; dcterms:title "t"@en ;
        dcterms:type scra:doctype-is ; dcterms:publisher scra:body-iso ; adms:status scra:status-superseded .""")
    assert any("isReplacedBy" in m for m in _findings_for(graph, "std-old"))


def test_term_level_evidence_is_reported(kg):
    """0.2.0: evidence is per statement; a term-level scra:evidence is an error."""
    graph = _with(kg, "scra:domain-water scra:evidence scra:evidence-unverified .")
    assert any("owl:Axiom" in m for m in _findings_for(graph, "domain-water"))


def test_axiom_without_evidence_or_source_is_reported(kg):
    graph = _with(kg, """[] a owl:Axiom ; owl:annotatedSource scra:domain-water ;
        owl:annotatedProperty rdfs:label ; owl:annotatedTarget "Water"@en .""")
    messages = [f.message for f in check_meta(graph)]
    assert any("scra:evidence level" in m for m in messages)
    assert any("dcterms:source" in m and "Axiom" in m for m in messages)


def test_axiom_on_a_missing_statement_is_reported(kg):
    graph = _with(kg, """[] a owl:Axiom ; owl:annotatedSource scra:domain-water ;
        owl:annotatedProperty rdfs:label ; owl:annotatedTarget "No such label"@en ;
        scra:evidence scra:evidence-partly ; dcterms:source "s"@en .""")
    assert any("not in the graph" in f.message for f in check_meta(graph))


def test_deprecated_term_needs_a_replacement(kg):
    graph = _with(kg, "scra:domain-water owl:deprecated true .")
    assert any("schema:supersededBy" in m for m in _findings_for(graph, "domain-water"))


def test_property_without_domain_range_or_comment_is_reported(kg):
    graph = _with(kg, """scra:bareProperty a owl:ObjectProperty ; rdfs:label "bare"@en ;
        skos:definition "d"@en ; dcterms:source "s"@en .""")
    assert any("rdfs:domain" in m for m in _findings_for(graph, "bareProperty"))
