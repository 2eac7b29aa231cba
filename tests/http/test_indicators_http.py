"""GET /cities/{id}/indicators: a stored city's U4SSC KPI coverage as JSON (in-process, ASGI)."""
from __future__ import annotations

from pathlib import Path

from httpkit import AUTH, assert_json_error

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jp-midsize-city.ttl"


def test_city_indicators(client):
    r = client.put("/cities/http-kpi-town", content=EXAMPLE.read_bytes(), headers={"Content-Type": "text/turtle", **AUTH})
    assert r.status_code in (200, 201), r.text
    try:
        r = client.get("/cities/http-kpi-town/indicators")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        view = r.json()
        assert view["city_id"] == "http-kpi-town"
        assert view["counts"] == {"reported": 2, "computable": 1, "not_computable": 22, "unknown": 37}
        assert [k["notation"] for k in view["closest"]][:2] == ["EC: ICT: ICT: 1C", "EC: ICT: ICT: 2C"]
        ja = client.get("/cities/http-kpi-town/indicators", params={"lang": "ja"}).json()
        assert next(r for r in ja["by_domain"] if r["iri"] is None)["label"] == "(分野なし)"
        assert next(r for r in ja["by_domain"] if r["iri"] and r["iri"].endswith("domain-health"))["label"] == "医療・健康"
        assert_json_error(client.get("/cities/http-kpi-town/indicators", params={"lang": "fr"}), (400, 422))
    finally:
        client.delete("/cities/http-kpi-town", headers=AUTH)
    assert_json_error(client.get("/cities/nowhere/indicators"), 404)
