"""The ontology and its reference content are consistent, with no unsatisfiable class (HermiT)."""
from __future__ import annotations

from scra.kg.reasoning import check_consistency


def test_kg_is_consistent_and_satisfiable(kg):
    result = check_consistency(kg)
    assert result.consistent, result.message
    assert result.unsatisfiable_classes == []


def test_reasoner_detects_an_inconsistency(kg):
    # A standard that is also a body contradicts the disjointness axioms: the gate must catch it.
    broken = kg + kg.__class__().parse(
        data="@prefix scra: <https://w3id.org/scra#> . scra:std-iec-63152-2020 a scra:Body .", format="turtle"
    )
    assert not check_consistency(broken).consistent


def test_reasoner_reports_unsatisfiable_classes(kg):
    broken = kg + kg.__class__().parse(
        data="""@prefix scra: <https://w3id.org/scra#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                scra:StandardBody rdfs:subClassOf scra:Standard , scra:Body .""",
        format="turtle",
    )
    result = check_consistency(broken)
    assert result.unsatisfiable_classes == ["https://w3id.org/scra#StandardBody"]
