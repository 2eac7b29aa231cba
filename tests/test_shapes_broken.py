"""Each broken description in examples/broken/ triggers exactly the results its .expected.json lists.

examples/broken/<stem>.ttl (and <stem>.<variant>.ttl, for shapes that exclude each other, such as "no city
at all" next to "a city with broken links") is written against shapes/<stem>.ttl: every shape of that file
that can report fires in one of its broken examples, and the rest of each description is valid, so the
results of ALL city shape files are exactly those of its .expected.json (a sorted list of
{"focus_node", "shape", "severity"}).

Reference engine: pySHACL, no inference, SHACL-AF on, data graph = description + knowledge graph.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from scra.kg import SCRA

REPO = Path(__file__).resolve().parent.parent
SHAPES_DIR = REPO / "shapes"
BROKEN_DIR = REPO / "examples" / "broken"
CITY_SHAPE_FILES = sorted(p for p in SHAPES_DIR.glob("*.ttl") if p.name != "meta.ttl")
BROKEN_FILES = sorted(BROKEN_DIR.glob("*.ttl"))
SHAPES_NS = "https://w3id.org/scra/shapes#"

# Constraint parameters that make a shape report on its own (sh:property only delegates).
_CONSTRAINTS = {SH[name] for name in (
    "path", "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node",
    "qualifiedValueShape", "closed", "hasValue", "in", "sparql")}


@pytest.fixture(scope="module")
def city_shapes() -> Graph:
    graph = Graph()
    for path in CITY_SHAPE_FILES:
        graph.parse(path, format="turtle")
    return graph


def _results(data: Graph, shapes: Graph) -> set[tuple[str, str, str]]:
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)),
         str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1])
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def _expected(path: Path) -> set[tuple[str, str, str]]:
    rows = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert rows == sorted(rows, key=lambda r: (r["focus_node"], r["shape"], r["severity"])), "keep it sorted"
    return {(r["focus_node"], r["shape"], r["severity"]) for r in rows}


def _reporting_shapes(graph: Graph) -> set[str]:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {str(s) for s in shapes if isinstance(s, URIRef)
            and any(p in _CONSTRAINTS for p in graph.predicates(s, None))}


def _shape_file_of(broken: Path) -> Path:
    return SHAPES_DIR / (broken.name.split(".")[0] + ".ttl")


def test_every_shape_file_has_a_broken_example():
    assert {p.name for p in CITY_SHAPE_FILES} == {_shape_file_of(p).name for p in BROKEN_FILES}


@pytest.mark.parametrize("broken", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_example_gives_exactly_the_expected_results(broken: Path, kg: Graph, city_shapes: Graph):
    data = Graph().parse(broken, format="turtle")
    data += kg
    actual = _results(data, city_shapes)
    expected = _expected(broken)
    missing, unexpected = expected - actual, actual - expected
    assert not missing and not unexpected, f"missing: {sorted(missing)}\nunexpected: {sorted(unexpected)}"


@pytest.mark.parametrize("shape_file", CITY_SHAPE_FILES, ids=lambda p: p.stem)
def test_broken_examples_fire_every_shape_of_their_file_and_no_other(shape_file: Path):
    own = _reporting_shapes(Graph().parse(shape_file, format="turtle"))
    fired = set()
    for broken in (b for b in BROKEN_FILES if _shape_file_of(b) == shape_file):
        from_this = {shape for _focus, shape, _severity in _expected(broken)}
        assert from_this - own == set(), f"results from shapes outside {shape_file.name} in {broken.name}"
        fired |= from_this
    assert own - fired == set(), f"shapes of {shape_file.name} never fired"


def test_every_shape_is_documented(city_shapes: Graph, kg: Graph):
    """sh:severity, sh:message in en and ja, an English rdfs:comment, an RA element or aspect, and catalogue
    standards that exist, on every named shape; every reporting shape is named in the scrash: namespace."""
    standards = set(kg.subjects(RDF.type, SCRA.Standard))
    problems = []
    named = {s for s in set(city_shapes.subjects(RDF.type, SH.NodeShape))
             | set(city_shapes.subjects(RDF.type, SH.PropertyShape)) if isinstance(s, URIRef)}
    for shape in sorted(named):
        name = str(shape)
        if not name.startswith(SHAPES_NS):
            problems.append(f"{name}: not in {SHAPES_NS}")
        if city_shapes.value(shape, SH.severity) not in (SH.Violation, SH.Warning, SH.Info):
            problems.append(f"{name}: no sh:severity")
        langs = {m.language for m in city_shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        if not {"en", "ja"} <= langs:
            problems.append(f"{name}: sh:message languages {sorted(tag or '' for tag in langs)}")
        if not any(getattr(c, "language", None) == "en" for c in city_shapes.objects(shape, RDFS.comment)):
            problems.append(f"{name}: no English rdfs:comment")
        links = set(city_shapes.objects(shape, SCRA.checksAspect)) | set(city_shapes.objects(shape, SCRA.checksElement))
        if not links:
            problems.append(f"{name}: no scra:checksAspect / scra:checksElement")
        undefined = [str(t) for t in links if (t, RDF.type, None) not in kg]
        if undefined:
            problems.append(f"{name}: links to undefined terms {undefined}")
        recommended = set(city_shapes.objects(shape, SCRA.recommendedStandard))
        if not recommended:
            problems.append(f"{name}: no scra:recommendedStandard")
        unknown = sorted(str(s) for s in recommended - standards)
        if unknown:
            problems.append(f"{name}: recommended standards not in the catalogue {unknown}")
    assert not problems, "\n".join(problems)


def test_description_written_for_0_1_still_gets_standards_hygiene(kg: Graph, city_shapes: Graph):
    """Ontology 0.2.0 renamed scra:status to adms:status: a 0.1 description that declares its own standards with
    scra:status gets the same standards-hygiene results as with adms:status, plus one deprecation warning each."""
    broken = BROKEN_DIR / "standards-hygiene.ttl"
    old = broken.read_text(encoding="utf-8").replace("    adms:status scra:status-", "    scra:status scra:status-")
    data = Graph().parse(data=old, format="turtle") + kg
    actual = _results(data, city_shapes)
    expected = _expected(broken)
    deprecation = {r for r in actual if r[1].endswith("#DeprecatedStatusShape")}
    assert actual - deprecation == expected
    assert {focus.rsplit("#", 1)[1] for focus, _shape, _sev in deprecation} == {"std-draft-profile", "std-old-guideline"}
