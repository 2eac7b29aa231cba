"""Every ontology module parses on its own and the knowledge graph has exactly one ontology header."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from scra.kg import SCRA_ONTOLOGY, kg_modules
from scra.resources import shapes_dir

MODULES = kg_modules()
SHAPE_FILES = sorted(shapes_dir().glob("*.ttl"))


def test_modules_exist():
    names = {p.name for p in MODULES}
    for required in ("core.ttl", "jp-scra.ttl", "iec.ttl", "aspects.ttl", "domains.ttl", "beneficiaries.ttl",
                     "standards.ttl", "bodies.ttl", "indicators.ttl", "sdgs.ttl", "technologies.ttl",
                     "use-cases.ttl", "alignments.ttl", "crosswalk.ttl"):
        assert required in names


@pytest.mark.parametrize("path", MODULES + SHAPE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_turtle_file_parses(path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


def test_exactly_one_ontology(kg):
    ontologies = set(kg.subjects(RDF.type, OWL.Ontology))
    assert ontologies == {SCRA_ONTOLOGY}


def test_ontology_header_metadata(kg):
    version = kg.value(SCRA_ONTOLOGY, OWL.versionInfo)
    assert version is not None
    assert kg.value(SCRA_ONTOLOGY, OWL.versionIRI) == URIRef(f"https://w3id.org/scra/{version}")
    assert (SCRA_ONTOLOGY, URIRef("http://purl.org/dc/terms/license"),
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in kg
    import scra

    assert str(version) == scra.__version__, "ontology version and package version move together"
