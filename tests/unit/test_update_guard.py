"""The update guard: a SPARQL update may write any graph except the knowledge graph, its closure and the
store's metadata (everything under https://w3id.org/scra/graph/ but the city graphs)."""
from __future__ import annotations

import pytest

# -- shim: the one line that names where the functions live (fix it here when the module moves) --
from scra.errors import ReadOnlyGraphError
from scra.store.guard import check_update

KG = "https://w3id.org/scra/graph/kg"
CLOSURE = "https://w3id.org/scra/graph/kg-inferred"
META = "https://w3id.org/scra/graph/meta"
CITY = "https://w3id.org/scra/graph/city/demo"
OTHER = "http://example.org/g"
T = "<http://example.org/s> <http://example.org/p> <http://example.org/o> ."


@pytest.mark.parametrize("update", [
    f"INSERT DATA {{ {T} }}",
    f"INSERT DATA {{ GRAPH <{OTHER}> {{ {T} }} }}",
    f"INSERT DATA {{ GRAPH <{CITY}> {{ {T} }} }}",
    f"DELETE DATA {{ GRAPH <{CITY}> {{ {T} }} }}",
    f"DELETE WHERE {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}",
    f"INSERT {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{KG}> {{ ?s ?p ?o }} }}",  # reading the KG
    f"WITH <{OTHER}> DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{KG}> {{ ?s ?p ?o }} }}",
    f"COPY <{KG}> TO <{OTHER}>", f"ADD <{KG}> TO <{OTHER}>",
    f"DROP GRAPH <{OTHER}>", f"CLEAR SILENT GRAPH <{CITY}>", f"CREATE GRAPH <{OTHER}>", "CLEAR DEFAULT",
    "DROP DEFAULT",
    f"MOVE <{OTHER}> TO <{CITY}>",
    f"INSERT DATA {{ GRAPH <{OTHER}> {{ <http://e/s> <http://e/p> \"GRAPH <{KG}> {{ }}\" }} }}",  # text, not syntax
])
def test_allowed(update):
    assert check_update(update) is None


@pytest.mark.parametrize("update, match", [
    (f"INSERT DATA {{ GRAPH <{KG}> {{ {T} }} }}", "read-only"),
    (f"INSERT DATA {{ GRAPH <{CLOSURE}> {{ {T} }} }}", "read-only"),
    (f"INSERT DATA {{ GRAPH <{META}> {{ {T} }} }}", "read-only"),
    (f"INSERT DATA {{ GRAPH <https://w3id.org/scra/graph/anything> {{ {T} }} }}", "read-only"),
    (f"INSERT DATA {{ GRAPH <https://w3id.org/scra/graph/city/Not_A_City> {{ {T} }} }}", "read-only"),
    (f"DELETE DATA {{ GRAPH <{KG}> {{ {T} }} }}", "read-only"),
    (f"DELETE WHERE {{ GRAPH <{META}> {{ ?s ?p ?o }} }}", "read-only"),
    (f"WITH <{KG}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "read-only"),
    (f"DELETE {{ GRAPH <{KG}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}", "read-only"),
    ("INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", r"GRAPH \?g in the INSERT template"),
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", r"GRAPH \?g in the DELETE template"),
    ("DROP ALL", "ALL"), ("CLEAR ALL", "ALL"), ("CLEAR NAMED", "NAMED"), ("DROP SILENT NAMED", "NAMED"),
    (f"DROP GRAPH <{KG}>", "read-only"), (f"CLEAR GRAPH <{META}>", "read-only"), (f"CREATE GRAPH <{KG}>", "read-only"),
    (f"ADD <{OTHER}> TO <{KG}>", "read-only"), (f"COPY <{OTHER}> TO <{CLOSURE}>", "read-only"),
    (f"MOVE <{KG}> TO <{OTHER}>", "read-only"),  # MOVE drops its source
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"), (f"LOAD SILENT <file:///etc/passwd> INTO GRAPH <{OTHER}>", "LOAD"),
    (f"PREFIX g: <https://w3id.org/scra/graph/>\nINSERT DATA {{ GRAPH g:kg {{ {T} }} }}", "read-only"),
    (f"BASE <https://w3id.org/scra/graph/>\nINSERT DATA {{ GRAPH <kg> {{ {T} }} }}", "read-only"),
    (f"INSERT DATA {{ GRAPH <{OTHER}> {{ {T} }} }} ;\nDROP GRAPH <{KG}>", "read-only"),  # any operation counts
    ("INSERT DATA { <a> <b> ", "could not be parsed"),
    ("0", "could not be parsed"),
])
def test_refused(update, match):
    with pytest.raises(ReadOnlyGraphError, match=match):
        check_update(update)


@pytest.mark.parametrize("update", ["# nothing to do", "PREFIX ex: <http://example.org/>"])
def test_no_operation_is_allowed(update):
    assert check_update(update) is None


def test_refusal_is_a_permission_error():
    assert issubclass(ReadOnlyGraphError, PermissionError)


# ---------------------------------------------------------------- large updates (the data blocks are skimmed)

def _rows(n: int, graph_text: str = "") -> str:
    return "".join(f'<http://example.org/r{i}> <http://example.org/p> "row {i} {graph_text}" .\n' for i in range(n))


def test_large_update_is_big_enough_to_take_the_fast_path():
    assert len(_rows(100)) > 4096


def test_large_allowed_update_with_syntax_inside_strings():
    tricky = f'}} }} ; DROP ALL ; INSERT DATA {{ GRAPH <{KG}> {{ <a> <b> <c> }} }} # \\" \'\'\' '
    update = (f"# a comment with }} and GRAPH <{KG}> {{\n"
              f"INSERT DATA {{ GRAPH <{CITY}> {{\n{_rows(100, tricky)}"
              f'<http://e/s> <http://e/p> """long "string" with }} and GRAPH <{KG}> {{""" .\n}} }}')
    assert check_update(update) is None


@pytest.mark.parametrize("tail, match", [
    (f"GRAPH <{KG}> {{ {T} }}", "read-only"),
    (f"GRAPH <{META}> {{ {T} }}", "read-only"),
])
def test_large_update_hiding_a_forbidden_graph_in_the_data_block(tail, match):
    update = f"INSERT DATA {{ GRAPH <{CITY}> {{\n{_rows(100)}}}\n{tail} }}"
    with pytest.raises(ReadOnlyGraphError, match=match):
        check_update(update)


def test_large_update_with_a_prefixed_graph_name():
    update = (f"PREFIX g: <https://w3id.org/scra/graph/>\n"
              f"INSERT DATA {{ GRAPH <{CITY}> {{\n{_rows(100)}}} GRAPH g:kg {{ {T} }} }}")
    with pytest.raises(ReadOnlyGraphError, match="read-only"):
        check_update(update)


def test_large_update_followed_by_a_forbidden_operation():
    update = f"INSERT DATA {{ GRAPH <{CITY}> {{\n{_rows(100)}}} }} ;\nCLEAR ALL"
    with pytest.raises(ReadOnlyGraphError, match="ALL"):
        check_update(update)


def test_large_unbalanced_update_is_refused():
    with pytest.raises(ReadOnlyGraphError, match="could not be parsed"):
        check_update(f"INSERT DATA {{ GRAPH <{CITY}> {{\n{_rows(100)}")
