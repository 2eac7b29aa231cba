"""`scra validate` as a user runs it (in-process, click's CliRunner): formats, languages, exit codes, and
clear errors for bad input."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from helpers import scra_cli

REPO = Path(__file__).resolve().parents[2]
CLEAN = REPO / "examples" / "ai-video-surveillance.ttl"        # no results
ADVICE = REPO / "examples" / "jp-midsize-city.ttl"             # 1 warning, 1 info
BROKEN = REPO / "examples" / "broken" / "structure.ttl"        # violations


def test_clean_description_exits_0_and_says_so():
    result = scra_cli("validate", str(CLEAN), "--no-color")
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout.decode() and "0 violation" in result.stdout.decode()


def test_violations_exit_1_and_are_grouped_for_people():
    result = scra_cli("validate", str(BROKEN), "--no-color")
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "VIOLATION" in out and "does not conform" in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal
    assert out.count("== ") >= 2  # grouped by RA element / aspect


@pytest.mark.parametrize("fail_on,code", [("violation", 0), ("warning", 1), ("info", 1)])
def test_fail_on_sets_the_threshold(fail_on, code):
    assert scra_cli("validate", str(ADVICE), "--fail-on", fail_on).returncode == code


def test_json_output_has_the_documented_shape():
    result = scra_cli("validate", str(ADVICE), "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"conforms", "counts", "results"}
    assert data["conforms"] is True and data["counts"] == {"violation": 0, "warning": 1, "info": 1}
    for row in data["results"]:
        for key in ("focus_node", "path", "severity", "message", "shape", "constraint", "value", "aspect",
                    "ra_element", "recommended_standards"):
            assert key in row
    warning = next(r for r in data["results"] if r["severity"] == "warning")
    assert warning["recommended_standards"][0]["identifier"]


def test_turtle_output_is_a_shacl_validation_report():
    result = scra_cli("validate", str(BROKEN), "--format", "turtle")
    report = Graph().parse(data=result.stdout.decode(), format="turtle")
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(node, SH.conforms) == Literal(False)
    n_json = len(json.loads(scra_cli("validate", str(BROKEN), "--format", "json").stdout)["results"])
    assert len(list(report.objects(node, SH.result))) == n_json


def test_csv_has_one_row_per_result():
    rows = list(csv.DictReader(io.StringIO(scra_cli("validate", str(BROKEN), "--format", "csv").stdout.decode())))
    assert len(rows) == 35
    assert {r["severity"] for r in rows} == {"violation"}


def test_japanese_messages():
    out = scra_cli("validate", str(ADVICE), "--lang", "ja", "--no-color").stdout.decode()
    assert "警告" in out and "後継" in out


def test_description_split_over_several_files(tmp_path):
    # The same city in two files gives the same results as in one.
    graph = Graph().parse(ADVICE)
    triples = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    half = len(triples) // 2
    a, b = Graph(), Graph()
    for t in triples[:half]:
        a.add(t)
    for t in triples[half:]:
        b.add(t)
    a.serialize(tmp_path / "a.ttl", format="turtle")
    b.serialize(tmp_path / "b.nt", format="nt")
    split = json.loads(scra_cli("validate", str(tmp_path / "a.ttl"), str(tmp_path / "b.nt"), "--format", "json").stdout)
    whole = json.loads(scra_cli("validate", str(ADVICE), "--format", "json").stdout)
    assert split["counts"] == whole["counts"]


# ---------------------------------------------------------------- bad input: exit 2, one clear line


def _error(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.decode().strip()
    assert "Traceback" not in err
    return err


def test_malformed_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix scra: <https://w3id.org/scra#> .\n\n<a> <b> <c> .\n<a> scra:inDomain .\n")
    err = _error(scra_cli("validate", str(bad)))
    assert "bad.ttl" in err and ":4" in err


def test_missing_file():
    assert "no-such.ttl" in _error(scra_cli("validate", "no-such.ttl"))


def test_unknown_extension(tmp_path):
    odd = tmp_path / "city.docx"
    odd.write_text("x")
    assert "--input-format" in _error(scra_cli("validate", str(odd)))


def test_input_format_overrides_the_extension(tmp_path):
    copy = tmp_path / "city.txt"
    copy.write_bytes(CLEAN.read_bytes())
    assert scra_cli("validate", str(copy), "--input-format", "turtle").returncode == 0


def test_remote_jsonld_context_is_refused(tmp_path):
    doc = tmp_path / "city.jsonld"
    doc.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "https://example.org/c"}))
    assert "remote JSON-LD context" in _error(scra_cli("validate", str(doc)))


def test_xml_entities_are_refused(tmp_path):
    doc = tmp_path / "city.rdf"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    err = _error(scra_cli("validate", str(doc)))
    assert "entity" in err.lower() and "city.rdf:2" in err


def test_owl_imports_are_refused(tmp_path):
    doc = tmp_path / "city.ttl"
    doc.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "<https://example.org/c> owl:imports <https://example.org/other.ttl> .\n")
    assert "owl:imports" in _error(scra_cli("validate", str(doc)))


def test_jsonld_with_embedded_context_is_read(tmp_path):
    graph = Graph().parse(CLEAN)
    doc = tmp_path / "city.jsonld"
    graph.serialize(doc, format="json-ld")
    assert scra_cli("validate", str(doc)).returncode == 0


def test_rdfxml_and_trig_are_read(tmp_path):
    graph = Graph().parse(ADVICE)
    graph.serialize(tmp_path / "city.rdf", format="xml")
    counts = json.loads(scra_cli("validate", str(tmp_path / "city.rdf"), "--format", "json").stdout)["counts"]
    assert counts == {"violation": 0, "warning": 1, "info": 1}
    trig = tmp_path / "city.trig"
    trig.write_text("@prefix ex: <https://example.org/> .\nex:g {\n" + graph.serialize(format="nt") + "}\n")
    counts = json.loads(scra_cli("validate", str(trig), "--format", "json").stdout)["counts"]
    assert counts == {"violation": 0, "warning": 1, "info": 1}
