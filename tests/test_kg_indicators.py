"""The individual U4SSC KPIs (ontology/indicators-u4ssc.ttl, generated from ontology/sources/u4ssc-kpis.tsv).

The sources say there are 91 U4SSC KPIs; only those whose name could be read on an ITU page are in the graph
(62, see the editorial notes of scra:indset-u4ssc-kpis). Every KPI has every field, or names the missing field
with scra:unsourcedField and is flagged scra:evidence-partly.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from scra.kg import kg_modules

SCRA = Namespace("https://w3id.org/scra#")
TSV = Path(kg_modules()[0]).parent / "sources" / "u4ssc-kpis.tsv"
TOTAL_IN_SOURCES = 91   # U4SSC: "The U4SSC KPIs consist of 91 indicators" (Canton of Geneva verification report, p. 27)
SOURCED = 62            # KPIs whose name was found on an ITU page; the other 29 are left out (see the set's notes)
PER_DIMENSION = {"u4ssc-dim-economy": 36, "u4ssc-dim-environment": 4, "u4ssc-dim-society-culture": 22}


def kpis(kg):
    return sorted(s for s in kg.subjects(SCRA.inIndicatorSet, SCRA["indset-u4ssc-kpis"]))


def unsourced(kg, kpi) -> set[str]:
    return {str(v) for v in kg.objects(kpi, SCRA.unsourcedField)}


def test_count_matches_the_sourced_extraction(kg):
    rows = list(csv.DictReader(TSV.open(newline=""), delimiter="\t"))
    assert len(rows) == SOURCED
    assert len(kpis(kg)) == SOURCED <= TOTAL_IN_SOURCES
    assert all(row["sources"].strip() for row in rows), "every row of the raw extraction names its source page"


def test_partial_list_is_declared(kg):
    notes = " ".join(str(n) for n in kg.objects(SCRA["indset-u4ssc-kpis"], SKOS.editorialNote))
    assert f"{SOURCED} of the {TOTAL_IN_SOURCES} KPIs" in notes
    assert "91" in str(kg.value(SCRA["indset-u4ssc-kpis"], SKOS.definition))


def test_count_per_dimension(kg):
    counts = Counter(str(kg.value(k, SCRA.inDimension)).rsplit("#", 1)[1] for k in kpis(kg))
    assert counts == PER_DIMENSION


def test_notations_are_unique(kg):
    notations = [str(n) for k in kpis(kg) for n in kg.objects(k, SKOS.notation)]
    assert len(notations) == len(set(notations))
    assert all(len(list(kg.objects(k, SKOS.notation))) <= 1 for k in kpis(kg))


def test_notation_format_and_iri(kg):
    import re

    for k in kpis(kg):
        n = kg.value(k, SKOS.notation)
        if n is None:
            continue
        assert re.fullmatch(r"(EC|EN|SC): [A-Z]{1,3}: [A-Z]{1,3}: \d+[CA]", str(n)), n
        assert str(k).endswith("kpi-u4ssc-" + str(n).lower().replace(": ", "-"))
        # the suffix letter agrees with core/advanced where both are sourced
        kind = kg.value(k, SCRA.indicatorKind)
        if kind is not None:
            assert kind == SCRA[{"C": "indkind-core", "A": "indkind-advanced"}[str(n)[-1]]], k


FIELDS = {
    "notation": lambda kg, k: kg.value(k, SKOS.notation),
    "kind": lambda kg, k: kg.value(k, SCRA.indicatorKind),
    "type": lambda kg, k: kg.value(k, SCRA.indicatorType),
    "sub_dimension": lambda kg, k: kg.value(k, SCRA.inSubDimension),
    "category": lambda kg, k: kg.value(k, SCRA.inCategory),
    "unit": lambda kg, k: kg.value(k, SCRA.indicatorUnit),
    "numerator": lambda kg, k: kg.value(k, SCRA.numerator) or kg.value(k, SCRA.requiresData),
    "denominator": lambda kg, k: kg.value(k, SCRA.denominator) or kg.value(k, SCRA.requiresData),
}


def test_every_kpi_has_every_field_or_says_why_not(kg):
    problems = []
    for k in kpis(kg):
        missing = unsourced(kg, k)
        assert missing <= set(FIELDS) | {"definition"}, (k, missing)
        # always present: label, definition (own words), source, dimension
        for path in (RDFS.label, SKOS.definition, DCTERMS.source, SCRA.inDimension):
            if kg.value(k, path) is None:
                problems.append((k, path))
        for name, get in FIELDS.items():
            present = get(kg, k) is not None
            if present == (name in missing):
                problems.append((k, name, "present" if present else "absent", "flagged" if name in missing else "not flagged"))
        assert kg.value(k, SCRA.evidence) is None, k  # evidence is per statement since 0.2.0
        if "definition" in missing:  # the paraphrased definition is flagged on that statement
            definition = kg.value(k, SKOS.definition)
            axioms = set(kg.subjects(OWL.annotatedSource, k)) & set(kg.subjects(OWL.annotatedTarget, definition))
            assert any((a, SCRA.evidence, SCRA["evidence-partly"]) in kg for a in axioms), k
        if missing:
            assert any("scra:unsourcedField" in str(n) for n in kg.objects(k, SKOS.editorialNote)), k
    assert problems == []


def test_links_point_into_the_u4ssc_hierarchy(kg):
    scheme = SCRA["u4ssc-scheme"]
    for k in kpis(kg):
        dim = kg.value(k, SCRA.inDimension)
        assert (dim, SKOS.topConceptOf, scheme) in kg
        sub = kg.value(k, SCRA.inSubDimension)
        cat = kg.value(k, SCRA.inCategory)
        if sub is not None:
            assert (sub, SKOS.broader, dim) in kg, (k, sub, dim)
        if cat is not None:
            assert (cat, SKOS.inScheme, scheme) in kg
            if sub is not None:
                assert (cat, SKOS.broader, sub) in kg, (k, cat, sub)
            else:
                assert any((cat, SKOS.broader, s) in kg and (s, SKOS.broader, dim) in kg
                           for s in kg.objects(cat, SKOS.broader)), (k, cat, dim)


def test_data_requirements_are_described(kg):
    reqs = {o for k in kpis(kg) for p in (SCRA.numerator, SCRA.denominator, SCRA.requiresData) for o in kg.objects(k, p)}
    assert reqs
    for r in reqs:
        assert (r, RDF.type, SCRA.DataRequirement) in kg
        assert kg.value(r, RDFS.label) is not None and kg.value(r, DCTERMS.source) is not None
    # a ratio KPI has both a numerator and a denominator
    for k in kpis(kg):
        assert (kg.value(k, SCRA.numerator) is None) == (kg.value(k, SCRA.denominator) is None), k


def test_sources_are_itu_pages(kg):
    for k in kpis(kg):
        for s in kg.objects(k, DCTERMS.source):
            assert isinstance(s, URIRef) and "itu.int/en/publications/Documents/tsb/" in str(s), (k, s)


def test_sdg_links_follow_sdg_references(kg):
    import re

    for k in kpis(kg):
        refs = [str(r) for r in kg.objects(k, SCRA.sdgReference)]
        goals = {str(g).rsplit("-", 1)[1] for g in kg.objects(k, SCRA.contributesTo)}
        assert goals == {re.search(r"(\d+)\.", r).group(1) for r in refs}, k


@pytest.mark.parametrize("notation,label,unit", [
    ("EC: ICT: ICT: 1C", "Household Internet Access", "Percentage"),
    ("EN: EN: AQ: 1C", "Air Pollution", "μg/m3"),
    ("SC: SH: SI: 5A", "Child Care Availability", "Percentage"),
])
def test_known_kpis(kg, notation, label, unit):
    (k,) = list(kg.subjects(SKOS.notation, Literal(notation)))
    assert str(kg.value(k, RDFS.label)) == label
    assert str(kg.value(k, SCRA.indicatorUnit)) == unit


def test_generated_module_is_up_to_date(tmp_path):
    """indicators-u4ssc.ttl is what scripts/build_u4ssc_kpis.py makes from the TSV."""
    import importlib.util

    root = TSV.parent.parent.parent
    spec = importlib.util.spec_from_file_location("build_u4ssc_kpis", root / "scripts" / "build_u4ssc_kpis.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.OUT = tmp_path / "out.ttl"
    mod.main()
    assert mod.OUT.read_text(encoding="utf-8") == (root / "ontology" / "indicators-u4ssc.ttl").read_text(encoding="utf-8")


# ---------------------------------------------------------------- links (issue 12, step 1)

LINKED = (SCRA.servesDomain, SCRA.addressesAspect, SCRA.needsDataFrom, SCRA.supportedByStandard)


def _axioms(kg, s, p, o):
    from rdflib.namespace import OWL

    return [a for a in kg.subjects(OWL.annotatedSource, s)
            if (a, OWL.annotatedProperty, p) in kg and (a, OWL.annotatedTarget, o) in kg]


def test_mapping_table_covers_every_category(kg):
    links = csv.DictReader((TSV.parent / "u4ssc-links.tsv").open(newline=""), delimiter="\t")
    keys = {r["key"].split("/")[0] for r in links}
    categories = {str(c).rsplit("u4ssc-cat-", 1)[1] for c in kg.subjects(SKOS.inScheme, SCRA["u4ssc-scheme"])
                  if "u4ssc-cat-" in str(c)}
    assert keys == categories


def test_every_kpi_link_has_a_rationale_and_a_source(kg):
    count = 0
    for k in kpis(kg):
        assert (k, SCRA.supportedByStandard, SCRA["std-itu-t-y-4903"]) in kg, k
        if kg.value(k, SCRA.inCategory) is not None:
            assert kg.value(k, SCRA.needsDataFrom) is not None, k
        for p in LINKED:
            for o in kg.objects(k, p):
                (ax,) = _axioms(kg, k, p, o)
                assert kg.value(ax, SCRA.rationale).language == "en"
                assert kg.value(ax, DCTERMS.source) is not None
                count += 1
    assert count == 251  # 62 standard links + 189 category links


def test_links_of_a_known_kpi(kg):
    k = SCRA["kpi-u4ssc-ec-ict-t-2c"]  # Traffic Monitoring: category Transport, sub-dimension ICT
    assert set(kg.objects(k, SCRA.servesDomain)) == {SCRA["domain-mobility"]}
    assert set(kg.objects(k, SCRA.addressesAspect)) == {SCRA["aspect-sustainability"]}
    assert set(kg.objects(k, SCRA.needsDataFrom)) == {SCRA["cityos-fg-asset-management"], SCRA["asset-device"]}


def test_mapping_table_gives_a_rationale_for_every_link(kg):
    rows = list(csv.DictReader((TSV.parent / "u4ssc-links.tsv").open(newline=""), delimiter="\t"))
    for r in rows:
        for column, rationale in (("domain", "domain_rationale"), ("aspects", "aspect_rationale"),
                                  ("elements", "element_rationale")):
            assert bool(r[column].strip()) == bool(r[rationale].strip()), (r["key"], column)
        for el in r["elements"].split():
            assert (SCRA[el], RDF.type, None) in kg, el
        if r["domain"]:
            assert (SCRA["domain-" + r["domain"]], RDF.type, None) in kg
        for asp in r["aspects"].split():
            assert (SCRA["aspect-" + asp], RDF.type, None) in kg


def test_kpi_domain_agrees_with_its_category(kg):
    for k in kpis(kg):
        for c in kg.objects(k, SCRA.inCategory):
            assert set(kg.objects(k, SCRA.servesDomain)) == set(kg.objects(c, SCRA.servesDomain)), k
