"""Ontology versions: the shipped 0.1.0 release, `scra diff`, `scra migrate`, and the deprecation shapes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

import scra
from helpers import scra_cli
from scra.formats import rdf_format
from scra.kg.migrate import migrate_text, replacements
from scra.kg.versions import deprecations, diff, load_version, releases

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.ttl"))
OLD_STYLE = REPO / "examples" / "broken" / "deprecation.ttl"  # a description written for 0.1
TURTLE = rdf_format("turtle")


def test_release_0_1_0_ships_and_differs_from_current():
    assert "0.1.0" in releases()
    change = diff("0.1.0")
    deprecated_now = deprecations(load_version("current"))
    assert change.removed == []  # deprecation, not breakage
    assert set(change.deprecated) == set(deprecated_now)  # nothing was deprecated in 0.1.0
    assert len(change.deprecated) == 16
    assert str(scra.SCRA.Sensor) in change.added
    assert change.changed  # facts changed (titles, evidence per statement, …)


def test_diff_of_a_term_lists_its_changed_facts():
    change = {c.term: c for c in diff("0.1.0").changed}
    entry = change[str(scra.SCRA["std-iso-iec-21972-2020"])]
    assert any(p == "dcterms:title" and "Information technology" in o for p, o in entry.added)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_migrate_leaves_a_current_description_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    result = migrate_text(text, TURTLE)
    assert result.text == text and result.replaced == {} and result.undecided == {}


def test_migrate_rewrites_a_0_1_description_keeping_comments_and_prefixes():
    text = OLD_STYLE.read_text(encoding="utf-8")
    result = migrate_text(text, TURTLE)
    single, other = replacements()
    # every same-direction deprecated term is gone; the ones that need a decision stay and are reported
    migrated = Graph().parse(data=result.text, format="turtle")
    used = {str(n) for t in migrated for n in t if isinstance(n, URIRef)}
    assert not used & set(single)
    assert set(result.undecided) == used & set(other) and result.undecided
    assert result.replaced[str(scra.SCRA.status)] == 2
    # everything else is as written: comments, the original prefix lines, the other triples
    for line in text.splitlines():
        if line.startswith(("#", "@prefix")):
            assert line in result.text
    assert "@prefix adms: <http://www.w3.org/ns/adms#> ." in result.text
    original = Graph().parse(data=text, format="turtle")
    untouched = {t for t in original if not any(str(n) in single for n in t)}
    assert untouched <= set(migrated)
    assert len(migrated) == len(original)


def test_migrated_description_loses_its_deprecation_warnings(tmp_path):
    result = migrate_text(OLD_STYLE.read_text(encoding="utf-8"), TURTLE)
    out = tmp_path / "migrated.ttl"
    out.write_text(result.text, encoding="utf-8")
    before = {r.shape for r in scra.validate([OLD_STYLE]).results}
    after = {r.shape for r in scra.validate([out]).results}
    deprecated_shapes = {s for s in before if s and "#Deprecated" in s}
    assert deprecated_shapes  # the 0.1 description is warned about
    left = {s for s in after if s and "#Deprecated" in s}
    # only the terms that need the author's decision are still warned about
    assert left == {f"https://w3id.org/scra/shapes#Deprecated{t.rsplit('#', 1)[1][0].upper()}"
                    f"{t.rsplit('#', 1)[1][1:]}Shape" for t in result.undecided}


def test_every_deprecated_property_has_a_warning_shape():
    shapes = Graph().parse(REPO / "shapes" / "deprecation.ttl")
    targeted = {str(o) for o in shapes.objects(None, SH.targetSubjectsOf)}
    properties = {t for t in deprecations(load_version("current")) if "std-" not in t}
    assert properties <= targeted


def test_cli_diff_names_affected_statements_and_migrate_writes_a_file(tmp_path):
    result = scra_cli("diff", "--from", "0.1.0", "--format", "json", str(OLD_STYLE))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["deprecated"] == 16 and data["counts"]["removed"] == 0
    affected = {(a["subject"], a["term"]) for a in data["affected"]}
    assert ("https://example.org/broken/deprecation#std-local", "scra:status") in affected
    out = tmp_path / "m.ttl"
    result = scra_cli("migrate", str(OLD_STYLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert b"migrated https://w3id.org/scra#status" in result.stderr and b"left as is" in result.stderr
    assert isomorphic(Graph().parse(out), Graph().parse(data=migrate_text(OLD_STYLE.read_text(), TURTLE).text,
                                                       format="turtle"))
    text = scra_cli("diff", "--from", "0.1.0").stdout.decode()
    assert "16 deprecated" in text and "scra:status -> adms:status" in text


def test_unknown_release_is_a_clear_error():
    result = scra_cli("diff", "--from", "9.9")
    assert result.returncode == 2
    assert b"no ontology release '9.9'" in result.stderr and b"0.1.0" in result.stderr
