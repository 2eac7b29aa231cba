"""PUT /cities keeps every literal as written (issue 15), like the CLI and the Python API
(tests/store/test_literals.py): /validate of the body, the stored graph and /cities/{id}/report agree."""
from __future__ import annotations

from httpkit import AUTH

from scra.vocab import city_graph

ILL_TYPED = """@prefix scra: <https://w3id.org/scra#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <https://example.org/literals#> .
c:city a scra:City ; rdfs:label "Literal City"@en ; scra:population "12a"^^xsd:integer .
c:svc a scra:Service ; rdfs:label "Grid service"@en ; scra:ofCity c:city ;
    scra:dependsOnElectricity "yes"^^xsd:boolean .
"""
TURTLE = {"Content-Type": "text/turtle"}


def violations(body: dict) -> set:
    return {(r["focus_node"], r["shape"], r["value"]) for r in body["results"] if r["severity"] == "violation"}


def test_put_cities_keeps_literals_as_written(client, http_store):
    validated = client.post("/validate", content=ILL_TYPED, headers=TURTLE)
    assert validated.status_code == 200, validated.text
    found = violations(validated.json())
    assert {"yes", "12a"} <= {v for (_f, _s, v) in found}
    refused = client.put("/cities/http-literals", content=ILL_TYPED, headers={**TURTLE, **AUTH})
    assert refused.status_code == 422 and violations(refused.json()) == found
    stored = client.put("/cities/http-literals?force=true", content=ILL_TYPED, headers={**TURTLE, **AUTH})
    assert stored.status_code in (200, 201), stored.text
    try:
        objects = {str(t.object) for t in http_store.graph_triples(city_graph("http-literals"))}
        assert '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>' in objects
        assert '"12a"^^<http://www.w3.org/2001/XMLSchema#integer>' in objects
        back = client.get("/cities/http-literals", headers={"Accept": "application/n-triples"})
        assert '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>' in back.text
        revalidated = client.post("/validate", content=back.text, headers={"Content-Type": "application/n-triples"})
        assert violations(revalidated.json()) == found
    finally:
        client.delete("/cities/http-literals", headers=AUTH)
