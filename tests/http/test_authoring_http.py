"""POST /validate and PUT /cities/{id} read workbooks, CSV sheets and ArchiMate models by Content-Type
(scra.authoring); RDF bodies are read exactly as before (test_service.py)."""
from __future__ import annotations

import pytest
import rdflib
from httpkit import AUTH, assert_json_error
from rdflib.compare import isomorphic

from helpers import REPO

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA = REPO / "tests" / "authoring" / "data"
VILLAGE = REPO / "examples" / "smart-village.ttl"


@pytest.fixture(scope="module")
def village_xlsx() -> bytes:
    from scra.authoring import export_workbook

    return export_workbook(rdflib.Graph().parse(VILLAGE)).data


def test_validate_a_workbook(client, village_xlsx):
    r = client.post("/validate", content=village_xlsx, headers={"Content-Type": XLSX})
    assert r.status_code == 200, r.text
    assert r.json()["conforms"] is True and r.json()["counts"] == {"violation": 0, "warning": 3, "info": 0}


def test_validate_csv_files_in_a_form(client):
    from scra.authoring.mapping import SHEETS
    from scra.authoring.tables import graph_to_tables
    from scra.authoring.workbook import write_csv

    exported = graph_to_tables(rdflib.Graph().parse(VILLAGE))
    files = [("file", (f"{s.key}.csv", write_csv(exported, s.key).encode(), "text/csv"))
             for s in SHEETS if exported.rows[s.key]]
    r = client.post("/validate", files=files)
    assert r.status_code == 200, r.text
    assert r.json()["counts"] == {"violation": 0, "warning": 3, "info": 0}


def test_a_csv_body_with_problems_is_400_with_every_place(client):
    body = "id,namespace,label@en,population\ncity,https://example.org/t#,Town,lots\n"
    r = client.post("/validate", content=body, headers={"Content-Type": "text/csv"}, params={"sheet": "city"})
    assert_json_error(r, 400)
    assert r.json()["error"] == "table_input_error"
    assert r.json()["problems"] == [{"sheet": "city", "row": 2, "column": "D", "source": "request-body",
                                     "message": "population: 'lots' is not a whole number"}]


@pytest.mark.parametrize("media", ["application/xml", "text/xml", "application/vnd.opengroup.archimate+xml"])
def test_validate_an_archimate_model(client, media):
    r = client.post("/validate", content=(DATA / "hillport.archimate.xml").read_bytes(),
                    headers={"Content-Type": media})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["conforms"] is True and body["counts"] == {"violation": 0, "warning": 0, "info": 0}
    assert len(body["unmapped"]) == 4 and "Node: Depot server" in body["unmapped"][1]


def test_xml_that_is_not_archimate_is_still_415(client):
    rdfxml = rdflib.Graph().parse(VILLAGE).serialize(format="xml")
    assert_json_error(client.post("/validate", content=rdfxml, headers={"Content-Type": "application/xml"}), 415)
    assert client.post("/validate", content=rdfxml, headers={"Content-Type": "application/rdf+xml"}).status_code == 200


def test_a_broken_workbook_is_400(client):
    assert_json_error(client.post("/validate", content=b"PK\x03\x04 nope", headers={"Content-Type": XLSX}), 400)


def test_put_a_city_from_a_workbook_and_an_archimate_model(client, village_xlsx):
    r = client.put("/cities/authoring-village", content=village_xlsx, headers={"Content-Type": XLSX, **AUTH})
    assert r.status_code in (200, 201), r.text
    assert r.json()["triples"] == len(rdflib.Graph().parse(VILLAGE))
    stored = rdflib.Graph().parse(data=client.get("/cities/authoring-village",
                                                  headers={"Accept": "text/turtle"}).text, format="turtle")
    from scra.authoring import export_workbook, import_tables

    assert isomorphic(import_tables([("s.xlsx", export_workbook(stored).data)]), rdflib.Graph().parse(VILLAGE))
    r = client.put("/cities/authoring-hillport", content=(DATA / "hillport.archimate.xml").read_bytes(),
                   headers={"Content-Type": "application/xml", **AUTH})
    assert r.status_code in (200, 201), r.text
    assert r.json()["conforms"] is True and len(r.json()["unmapped"]) == 4
    assert client.delete("/cities/authoring-village", headers=AUTH).status_code == 204
    assert client.delete("/cities/authoring-hillport", headers=AUTH).status_code == 204


def test_put_refuses_csv_sheets_with_violations(client):
    city = "id,namespace,label@en\ncity,https://example.org/t#,Town\n"
    services = "id,label@en,ofCity\nsvc,A service with no domain,city\n"
    files = [("file", ("city.csv", city.encode(), "text/csv")), ("file", ("services.csv", services.encode(), "text/csv"))]
    r = client.put("/cities/authoring-broken", files=files, headers=AUTH)
    assert r.status_code == 422 and r.json()["counts"]["violation"] >= 1
    assert client.get("/cities/authoring-broken").status_code == 404
