"""Everything the seed document names is in the knowledge graph.

The list below is read off shared/seed/iec-smart-cities-5.0-webinar-qa.txt (with the domain brief's errata
applied: IEC 63512 -> IEC 63152, "JTC1 SG42" -> JTC 1/SC 42, ISO/AWI 22371 -> ISO 22371:2024).
Each entry: (what the seed says, class the term must be an instance of, regex matched against the
term's labels, alternative labels, identifiers and titles).
"""
from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from scra.kg import SCRA
from scra.vocab import PREFIXES

SEED_NAMES = [
    # standards and deliverables
    ("ISO 37106 (new edition, benefit realisation)", "Standard", r"^ISO 37106:2021$"),
    ("ISO 37107 maturity model", "Standard", r"^ISO/TS 37107:2019$"),
    ("ISO 37120", "Standard", r"^ISO 37120:2018$"),
    ("ISO 37122 smart city indicators", "Standard", r"^ISO 37122:2019$"),
    ("ISO 37123 resilient cities indicators", "Standard", r"^ISO 37123:2019$"),
    ("IEC 63152 service continuity (seed: IEC 63512)", "Standard", r"^IEC 63152:2020$"),
    ("BS 67000:2019 City resilience. Guide", "Standard", r"^BS 67000:2019$"),
    ("BSI PD 8101", "Standard", r"^PD 8101:2014$"),
    ("ISO/AWI 22371 (draft)", "Standard", r"^ISO/AWI 22371"),
    ("ISO 22371 as published", "Standard", r"^ISO 22371:2024$"),
    ("ISO/IEC AWI TR 24027 (draft)", "Standard", r"^ISO/IEC AWI TR 24027"),
    ("ISO/IEC TR 24027 as published", "Standard", r"^ISO/IEC TR 24027:2021$"),
    ("IEC 60947 LV switchgear", "Standard", r"^IEC 60947"),
    ("JTC 1 smart cities report", "Standard", r"smart cities.*(report|preliminary)"),
    ("IEEE P7000 series", "Standard", r"^IEEE (P)?7000"),
    ("Use case collection: public health emergencies", "Standard", r"^IEC SRD 63347-1"),
    ("IEC SyC Smart Cities reference architecture methodology", "Standard", r"^IEC SRD 63188"),
    ("ITU-T Y.4903 (basis of U4SSC KPIs)", "Standard", r"Y\.4903"),
    # bodies, committees, fora, projects
    ("IEC", "Body", r"^IEC$|International Electrotechnical Commission"),
    ("ISO", "Body", r"^ISO$|International Organization for Standardization"),
    ("ITU-T", "Body", r"^ITU-T$"),
    ("IEEE", "Body", r"IEEE"),
    ("BSI", "Body", r"^BSI$|British Standards Institution"),
    ("IEC SyC Smart Cities", "Body", r"SyC Smart Cities"),
    ("BIS LITD 28", "Body", r"LITD 28"),
    ("TM Forum", "Body", r"TM Forum"),
    ("FIWARE", "Body", r"FIWARE"),
    ("ISO TC 292", "Body", r"TC 292"),
    ("ISO/IEC/ITU-T Joint Smart Cities Task Force", "Body", r"Joint Smart Cities Task Force"),
    ("ITU-T Study Group 20", "Body", r"(SG ?20|Study Group 20)"),
    ("JTC 1 WG 11", "Body", r"WG 11"),
    ("ISO/IEC JTC 1", "Body", r"^ISO/IEC JTC 1$"),
    ("IEC SEG 9", "Body", r"SEG 9"),
    ("IEC SyC LVDC", "Body", r"SyC LVDC"),
    ("IEC SC 8B", "Body", r"SC 8B"),
    ("IEC TC 64", "Body", r"TC 64"),
    ("IEC TC 100", "Body", r"TC 100"),
    ("ISO/IEC JTC 1/SC 25", "Body", r"SC 25"),
    ("IEC SEG 10", "Body", r"SEG 10"),
    ("ISO/IEC JTC 1/SC 42 (seed: JTC1 SG42)", "Body", r"SC 42"),
    ("OCEANIS", "Body", r"OCEANIS"),
    ("ISOCARP", "Body", r"ISOCARP"),
    ("U4SSC", "Body", r"U4SSC"),
    ("TOKEN project", "Project", r"^TOKEN"),
    ("ESPRESSO project", "Project", r"^ESPRESSO"),
    # reference architectures and their concepts
    ("Japan Smart City Reference Architecture", "ReferenceArchitecture", r"Smart City Reference Architecture"),
    ("Japan SCRA white paper (4 English PDFs)", "bibo:Document", r"^Smart City Reference Architecture White Paper$"),
    ("Japan SCRA guidebook (6 English PDFs; JA title)", "bibo:Document",
     r"^スマートシティ リファレンスアーキテクチャのつかい方 導入ガイドブック$"),
    ("IEC reference architecture", "ReferenceArchitecture", r"IEC"),
    ("City OS", "ArchitectureComponent", r"^City OS$"),
    ("Society 5.0", "PolicyContext", r"Society 5\.0"),
    ("Industry 4.0", "PolicyContext", r"Industry 4\.0"),
    ("benefit mapping", "FrameworkElement", r"benefit mapping"),
    ("benefit tracking", "FrameworkElement", r"benefit tracking"),
    ("benefit delivery", "FrameworkElement", r"benefit delivery"),
    ("maturity model for smart sustainable communities", "MaturityModel", r"maturity model"),
    ("U4SSC dimension economy", "IndicatorCategory", r"^economy$"),
    ("U4SSC dimension environment", "IndicatorCategory", r"^environment$"),
    ("U4SSC dimension society and culture", "IndicatorCategory", r"society and culture"),
    ("UN Sustainable Development Goals", "SDG", r"sustainable cities and communities"),
    ("use case collection: urban planning", "UseCaseCollection", r"urban planning"),
    ("use case collection: public health emergencies", "UseCaseCollection", r"public health emergenc"),
    # beneficiaries and city types
    ("people working in the city", "BeneficiaryGroup", r"worker|working"),
    ("people visiting the city", "BeneficiaryGroup", r"visitor"),
    ("people from the surrounding rural area", "BeneficiaryGroup", r"rural"),
    ("residents / citizens", "BeneficiaryGroup", r"resident"),
    ("mega-cities in the developing world", "CityType", r"megacity|mega-city"),
    ("resource-constrained cities", "CityType", r"resource-constrained"),
    ("smart villages", "CityType", r"smart village"),
    # cross-cutting aspects
    *[(a, "Aspect", rf"^{a}") for a in ("resilience", "ethics", "interoperability", "security", "privacy",
                                         "sustainability", "inclusiveness")],
    ("AI bias", "Aspect", r"AI bias"),
    # domains the seed touches
    *[(d, "Domain", p) for d, p in (("transport", r"mobility|transport"), ("parking", r"parking"),
                                     ("DC microgrids in buildings", r"DC microgrid"), ("public health", r"public health"),
                                     ("citizen security", r"(public safety|citizen security)"),
                                     ("video surveillance", r"video surveillance"), ("urban planning", r"urban planning"),
                                     ("local currency", r"local currency"), ("public registers", r"public registers"),
                                     ("shopping / commerce", r"commerce"), ("environment", r"environment"),
                                     ("economy", r"economy"), ("energy", r"^energy$"))],
    # communication technologies
    *[(t, "CommunicationTechnology", p) for t, p in (("LoRa", r"^LoRa$"), ("LoRaWAN", r"LoRaWAN"),
                                                     ("Bluetooth Low Energy", r"Bluetooth Low Energy"),
                                                     ("NB-IoT", r"NB-IoT|Narrowband IoT"), ("LTE-M", r"LTE-M"),
                                                     ("5G", r"^5G"), ("fibre backhaul", r"fib(re|er)"))],
    ("blockchain (local currency, public registers)", "DigitalTechnology", r"^blockchain$"),
    ("licensed spectrum", "SpectrumType", r"^licensed"),
    ("unlicensed spectrum", "SpectrumType", r"^unlicensed"),
    ("backhaul", "NetworkRole", r"backhaul"),
]


def _names(kg, term):
    for prop in (RDFS.label, SKOS.altLabel, DCTERMS.identifier, DCTERMS.title, SKOS.prefLabel):
        for value in kg.objects(term, prop):
            if isinstance(value, Literal):
                yield str(value)


def _class(class_name):
    prefix, _, local = class_name.rpartition(":")
    return URIRef(PREFIXES[prefix] + local) if prefix else SCRA[class_name]


def _instances(kg, class_name):
    cls = _class(class_name)
    classes = set(kg.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in kg.subjects(RDF.type, c)}


@pytest.mark.parametrize("seed_name,class_name,pattern", SEED_NAMES, ids=[n for n, _, _ in SEED_NAMES])
def test_seed_name_is_in_the_knowledge_graph(kg, seed_name, class_name, pattern):
    regex = re.compile(pattern, re.IGNORECASE)
    matches = [t for t in _instances(kg, class_name) if any(regex.search(n) for n in _names(kg, t))]
    assert matches, f"seed names '{seed_name}' but no scra:{class_name} has a label/identifier matching /{pattern}/"


def test_seed_errata_are_corrected(kg):
    identifiers = {str(o) for o in kg.objects(None, DCTERMS.identifier)}
    assert "IEC 63512" not in " ".join(identifiers), "seed typo IEC 63512 must not become an identifier"
    labels = " ".join(str(o) for o in kg.objects(None, RDFS.label))
    assert "SG42" not in labels and "SG 42" not in labels, "seed's 'JTC1 SG42' is JTC 1/SC 42"


# Concepts the seed names that are classes, not individuals: (what the seed says, regex on the class's labels).
SEED_CLASSES = [
    ("contact your IEC National Committee to become an expert", r"^IEC National Committee$"),
]


@pytest.mark.parametrize("seed_name,pattern", SEED_CLASSES, ids=[n for n, _ in SEED_CLASSES])
def test_seed_concept_is_a_class(kg, seed_name, pattern):
    regex = re.compile(pattern, re.IGNORECASE)
    matches = [c for c in kg.subjects(RDF.type, OWL.Class) if any(regex.search(n) for n in _names(kg, c))]
    assert matches, f"seed names '{seed_name}' but no owl:Class has a label matching /{pattern}/"


SCRA_PDFS = [f"https://www8.cao.go.jp/cstp/stmain/a-whitepaper{i}_200331_en.pdf" for i in range(1, 5)] + [
    f"https://www8.cao.go.jp/cstp/stmain/a-guidebook{i}_200331_en.pdf" for i in range(1, 7)]


@pytest.mark.parametrize("url", SCRA_PDFS, ids=lambda u: u.rsplit("/", 1)[1])
def test_seed_pdf_is_a_part_of_the_japan_scra_publication(kg, url):
    """Each English PDF the seed lists is a document that is (transitively) part of scra:jp-scra, both ways."""
    parts = list(kg.subjects(URIRef(PREFIXES["schema"] + "url"), URIRef(url)))
    assert len(parts) == 1, f"no single document has schema:url {url}"
    (part,) = parts
    assert (part, RDF.type, _class("bibo:Document")) in kg
    assert SCRA["jp-scra"] in set(kg.transitive_objects(part, DCTERMS.isPartOf))
    assert part in set(kg.transitive_objects(SCRA["jp-scra"], DCTERMS.hasPart))


def test_seed_blockchain_uses_and_token_project(kg):
    blockchain = SCRA["tech-blockchain"]
    assert {SCRA["domain-local-currency"], SCRA["domain-public-registers"]} <= set(
        kg.objects(blockchain, SCRA.servesDomain))
    assert (SCRA["project-token"], SCRA.usesTechnology, blockchain) in kg
