"""The authoring workbook: template, import, export, CSV; import(export(x)) is x on every example."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import rdflib
from openpyxl import Workbook, load_workbook
from openpyxl.utils import quote_sheetname
from rdflib.compare import isomorphic

from helpers import REPO, scra_cli
from scra.authoring import export_workbook, import_tables, template
from scra.authoring.mapping import SHEETS, sheet
from scra.authoring.tables import graph_to_tables
from scra.authoring.workbook import sheet_title, write_csv
from scra.errors import InputError, TableInputError

EXAMPLES = sorted((REPO / "examples").glob("*.ttl"))
NS = "https://example.org/city/test-town#"


def _expected(path: Path) -> set[tuple[str, str, str]]:
    rows = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return {(r["focus_node"], r["shape"], r["severity"].lower()) for r in rows}


# ---------------------------------------------------------------- the template

@pytest.mark.parametrize("lang", ["en", "ja"])
def test_template_has_a_sheet_per_part_help_and_lists(lang):
    wb = load_workbook(io.BytesIO(template(lang)))
    titles = wb.sheetnames
    assert titles[0] == sheet_title("help", lang) and titles[-1] == sheet_title("lists", lang)
    assert titles[1:-1] == [sheet_title(s, lang) for s in SHEETS]
    services = wb[sheet_title("services", lang)]
    heads = [c.value for c in services[1]]
    keys = [c.value for c in services[2]]
    assert keys == [c.key for c in sheet("services").columns]
    assert heads[keys.index("inDomain")] == ("Domains" if lang == "en" else "分野")
    # drop-downs: the domain column reads the KG list, providedBy the organisations' ids
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in services.data_validations.dataValidation}
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[keys.index("inDomain")]
    assert formulas[f"{letter}3"].startswith(quote_sheetname(sheet_title("lists", lang)) + "!$C$2:$C$")
    org = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[keys.index("providedBy")]
    assert formulas[f"{org}3"] == quote_sheetname(sheet_title("organisations", lang)) + "!$A$3:$A$502"
    lists = wb[sheet_title("lists", lang)]
    assert lists["C1"].value == "domains"
    domains = {row[2]: row[3] for row in lists.iter_rows(min_row=2, values_only=True) if row[2]}
    assert len(domains) >= 16 and domains["scra:domain-mobility"] and (lang == "ja" or domains["scra:domain-mobility"] == "mobility")


def test_cli_template_writes_the_workbook(tmp_path):
    out = tmp_path / "city.xlsx"
    r = scra_cli("template", "--lang", "ja", "-o", str(out), text=True)
    assert r.returncode == 0, r.stderr
    assert load_workbook(out).sheetnames[1] == "都市"


# ---------------------------------------------------------------- round trips

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_import_of_export_is_the_same_graph(example):
    original = rdflib.Graph().parse(example)
    exported = export_workbook(original)
    assert exported.unheld == []
    again = import_tables([("city.xlsx", exported.data)])
    assert isomorphic(original, again)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_import_of_export_validates_as_the_original(example):
    import scra

    again = import_tables([("city.xlsx", export_workbook(rdflib.Graph().parse(example), lang="ja").data)])
    report = scra.validate(again)
    assert {(r.focus_node, r.shape, r.severity) for r in report.results} == _expected(example)


def test_csv_files_round_trip():
    original = rdflib.Graph().parse(REPO / "examples" / "jp-midsize-city.ttl")
    exported = graph_to_tables(original)
    documents = [(f"{s.key}.csv", write_csv(exported, s.key).encode("utf-8")) for s in SHEETS if exported.rows[s.key]]
    assert isomorphic(original, import_tables(documents))


def test_a_stored_city_round_trips(tmp_path):
    from scra.services import store_city
    from scra.services.authoring import description
    from scra.store import MemoryStore

    example = REPO / "examples" / "ai-video-surveillance.ttl"
    store = MemoryStore()
    store.ensure_kg()
    assert store_city(store, "lindholm", [example]).stored
    stored = store.get_city("lindholm")
    assert len(stored) > len(rdflib.Graph().parse(example))  # the inferred types are kept with it
    tables = graph_to_tables(stored)
    assert tables.unheld == [] and tables.implied > 0
    export = export_workbook(stored)
    assert isomorphic(import_tables([("x.xlsx", export.data)]), rdflib.Graph().parse(example))

    class Choice:  # description() opens a StoreChoice; hand it the memory store
        def open(self):
            import contextlib

            return contextlib.nullcontext(store)

        def describe(self):
            return "memory"

    assert isomorphic(description("lindholm", Choice()), stored)


def test_cli_export_import_validate(tmp_path):
    example = REPO / "examples" / "smart-village.ttl"
    xlsx, ttl = tmp_path / "v.xlsx", tmp_path / "v.ttl"
    r = scra_cli("export", str(example), "--format", "xlsx", "-o", str(xlsx), text=True)
    assert r.returncode == 0, r.stderr
    r = scra_cli("import", str(xlsx), "-o", str(ttl), text=True)
    assert r.returncode == 0, r.stderr
    assert isomorphic(rdflib.Graph().parse(ttl), rdflib.Graph().parse(example))
    assert "@prefix vila-serrana: <https://example.org/city/vila-serrana#>" in ttl.read_text()
    r = scra_cli("validate", str(ttl), text=True)
    assert r.returncode == 0 and "0 violation, 3 warning" in r.stdout


def test_export_reports_what_the_sheets_cannot_hold(tmp_path):
    src = tmp_path / "extra.ttl"
    src.write_text(f"""@prefix scra: <https://w3id.org/scra#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix s4city: <https://saref.etsi.org/saref4city/> . @prefix t: <{NS}> .
t:city a scra:City ; rdfs:label "Test Town"@en , "Testby"@da ; rdfs:comment "a comment" .
t:svc a scra:Service , s4city:PublicService ; scra:ofCity t:city ; scra:dependsOnElectricity "yes" .
t:x scra:ofCity t:city .
""")
    exported = graph_to_tables(rdflib.Graph().parse(src))
    assert sorted(exported.unheld) == sorted([
        f'<{NS}city> <http://www.w3.org/2000/01/rdf-schema#comment> "a comment" .',
        f'<{NS}city> <http://www.w3.org/2000/01/rdf-schema#label> "Testby"@da .',
        f"<{NS}svc> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://saref.etsi.org/saref4city/PublicService> .",
        f'<{NS}svc> <https://w3id.org/scra#dependsOnElectricity> "yes" .',
        f"<{NS}x> <https://w3id.org/scra#ofCity> <{NS}city> .",
    ])
    out = tmp_path / "x.xlsx"
    r = scra_cli("export", str(src), "--format", "xlsx", "-o", str(out), text=True)
    assert r.returncode == 1 and not out.exists()
    assert r.stderr.count("cannot hold: ") == 5 and "nothing written" in r.stderr
    r = scra_cli("export", str(src), "--format", "xlsx", "--allow-loss", "-o", str(out), text=True)
    assert r.returncode == 0 and out.exists()


def test_export_of_a_format_needs_a_description():
    r = scra_cli("export", "--format", "xlsx", text=True)
    assert r.returncode == 2 and "name a stored city or a file" in r.stderr


# ---------------------------------------------------------------- import problems

def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_every_problem_is_reported_with_sheet_row_and_column():
    data = _workbook({
        "City": [["Id", "Namespace", "Name (English)", "Population"], ["id", "namespace", "label@en", "population"],
                 ["city", NS, "Test Town", "many"]],
        "サービス": [["id", "label@en", "ofCity", "inDomain", "serves", "realisedBy", "dependsOnElectricity", "Colour"],
                  ["svc", "Bus info", "city", "scra:domain-mobilty", "scra:beneficiary-resident; resident", "sys-nope",
                   "yes", "blue"]],
        "datasets": [["id", "ofCity", "retentionPeriod", "containsPersonalData"],
                     ["ds", "city", "30 days", True], [None, "city"]],
        "Notes": [["anything"]],
    })
    with pytest.raises(TableInputError) as caught:
        import_tables([("bad.xlsx", data)])
    # unknown sheets and columns are found while reading, before any value is read
    assert [str(p) for p in caught.value.problems] == [
        "sheet サービス, row 2, column H: a value in column 'Colour', which is not a column of this sheet: 'blue'",
        "sheet Notes: not a sheet of the scra template (sheets: " + ", ".join(s.key for s in SHEETS) + ")",
    ]
    data = _workbook({
        "City": [["Id", "Namespace", "Name (English)", "Population"], ["id", "namespace", "label@en", "population"],
                 ["city", NS, "Test Town", "many"]],
        "サービス": [["id", "label@en", "ofCity", "inDomain", "serves", "realisedBy", "dependsOnElectricity"],
                  ["svc", "Bus info", "city", "scra:domain-mobilty", "scra:beneficiary-resident; resident", "sys-nope",
                   "yes"]],
        "datasets": [["id", "ofCity", "retentionPeriod", "containsPersonalData"],
                     ["ds", "city", "30 days", True], [None, "city"]],
    })
    with pytest.raises(TableInputError) as caught:
        import_tables([("bad.xlsx", data)])
    assert [str(p) for p in caught.value.problems] == [
        "sheet datasets, row 3, column A: the row has values but no id",
        "sheet City, row 3, column D: population: 'many' is not a whole number",
        "sheet サービス, row 2, column D: inDomain: 'scra:domain-mobilty' is not in the list domains of the knowledge graph",
        "sheet サービス, row 2, column E: serves: 'resident' is not in the list beneficiary-groups of the knowledge "
        "graph (a list value is a CURIE, e.g. scra:beneficiary-business)",
        "sheet サービス, row 2, column F: realisedBy: 'sys-nope' is not an id on any sheet (expected an id of: systems)",
        "sheet サービス, row 2, column G: dependsOnElectricity: 'yes' is not true or false",
        "sheet datasets, row 2, column C: retentionPeriod: '30 days' is not an ISO 8601 duration (e.g. P30D, P1Y)",
    ]
    assert caught.value.problems[0].to_dict() == {"sheet": "datasets", "row": 3, "column": "A", "source": "bad.xlsx",
                                                  "message": "the row has values but no id"}


def test_cli_import_reports_problems_and_writes_nothing(tmp_path):
    bad = tmp_path / "city.csv"
    bad.write_text(f"id,namespace,label@en,population\ncity,{NS},Test Town,12.5\n")
    out = tmp_path / "out.ttl"
    r = scra_cli("import", str(bad), "-o", str(out), text=True)
    assert r.returncode == 2 and not out.exists()
    assert "sheet city, row 2, column D: population: '12.5' is not a whole number" in r.stderr


def test_a_csv_sheet_is_named_by_its_file_the_option_or_its_header(tmp_path):
    from scra.services import read_files

    city = tmp_path / "city.csv"
    city.write_text(f"id,namespace,label@en,population\ncity,{NS},Test Town,1200\n", encoding="utf-8")
    svc = tmp_path / "export-1.csv"  # titles, not keys; only the services sheet has all these columns
    svc.write_text("Id,Name (English),City,Domains,Beneficiary groups\n"
                   "svc,Bus,city,scra:domain-mobility,\"scra:beneficiary-resident\nscra:beneficiary-visitor\"\n")
    area = tmp_path / "export-2.csv"  # id and label: every sheet has them
    area.write_text("id,label@en\nvalley,The valley\n")
    with pytest.raises(TableInputError, match="cannot tell which sheet this CSV file is"):
        read_files([city, svc, area])
    graph = read_files([city, svc]).graph
    services = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/scra#Service")))
    assert services == {rdflib.URIRef(NS + "svc")}
    assert len(set(graph.objects(rdflib.URIRef(NS + "svc"), rdflib.URIRef("https://w3id.org/scra#serves")))) == 2
    graph = read_files([city, area], sheet="areas").graph
    assert (rdflib.URIRef(NS + "valley"), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/scra#Area")) in graph
    r = scra_cli("import", str(area), "--sheet", "areas", text=True)
    assert r.returncode == 2 and "local name but the description has no namespace" in r.stderr


def test_an_empty_template_does_not_import():
    with pytest.raises(InputError, match="no rows"):
        import_tables([("t.xlsx", template())])


def test_not_a_workbook():
    with pytest.raises(TableInputError, match="not an .xlsx workbook"):
        import_tables([("x.xlsx", b"PK\x03\x04 broken")])


def test_an_id_is_one_row():
    data = _workbook({"city": [["id", "namespace", "population"], ["city", NS, 10], ["city", None, 20]],
                      "areas": [["id"], ["city"]]})
    with pytest.raises(TableInputError) as caught:
        import_tables([("dup.xlsx", data)])
    assert [str(p) for p in caught.value.problems] == [
        "sheet city, row 3, column A: id 'city' is already used on sheet city, row 2",
        "sheet areas, row 2, column A: id 'city' is already used on sheet city, row 2"]
