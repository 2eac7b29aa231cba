"""Content negotiation: Accept parsing (q-values, wildcards, malformed ranges) and the choice of a media type."""
from __future__ import annotations

import pytest

# -- shim: the one line that names where the functions live (fix it here when the module moves) --
from scra.http.conneg import BOOLEAN_RESULTS, RDF_GRAPH, SPARQL_RESULTS, choose, parse_accept, wants_html

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"


def _status(call) -> int:
    with pytest.raises(Exception) as caught:
        call()
    return caught.value.status


# ---------------------------------------------------------------- parse_accept

def test_ranges_with_q_and_client_order():
    assert parse_accept("text/html;q=0.8, application/json") == (("text", "html", 0.8, 0),
                                                                  ("application", "json", 1.0, 1))


def test_case_and_spaces_do_not_matter():
    assert parse_accept("  TEXT/CSV ; Q=0.5 ") == (("text", "csv", 0.5, 0),)


def test_malformed_ranges_are_skipped_and_keep_the_order_of_the_others():
    assert parse_accept("garbage, text/csv, ,;q=1") == (("text", "csv", 1.0, 1),)
    assert parse_accept("") == ()


@pytest.mark.parametrize("param, q", [("q=2", 1.0), ("q=-1", 0.0), ("q=x", 0.0), ("q=", 0.0), ("q=0.25", 0.25),
                                      ("level=1", 1.0), ("charset=utf-8;q=0.3", 0.3)])
def test_q_is_clamped_and_bad_q_means_not_acceptable(param, q):
    assert parse_accept(f"text/csv;{param}")[0][2] == q


def test_wildcards_are_ranges_too():
    assert parse_accept("*/*;q=0.1, text/*") == (("*", "*", 0.1, 0), ("text", "*", 1.0, 1))


# ---------------------------------------------------------------- choose

@pytest.mark.parametrize("accept", [None, "", "   "])
def test_no_accept_means_the_first_offer(accept):
    assert choose(accept, SPARQL_RESULTS) == JSON
    assert choose(accept, BOOLEAN_RESULTS) == JSON
    assert choose(accept, RDF_GRAPH) == "text/turtle"


@pytest.mark.parametrize("accept, expected", [
    (XML, XML), (CSV, CSV), (TSV, TSV),
    ("application/json", JSON),                           # alias, answered with the canonical type
    ("application/xml", XML), ("text/xml", XML),
    (f"{JSON};q=0.5, {XML};q=0.9", XML),                  # q decides
    ("text/csv;q=0.1, */*;q=0.2", JSON),                   # a wildcard with a higher q beats a named type
    ("text/*", CSV),                                       # the server's order among equals
    ("*/*", JSON),
    ("text/*;q=0.5, text/csv;q=0.1", TSV),                 # the most specific range gives a type its q
    (f"*/*, {JSON};q=0", XML),                             # q=0 excludes, even under a wildcard
    ("text/tab-separated-values, text/csv", TSV),          # equal q: the client's order
    ("text/csv, text/tab-separated-values", CSV),
    ("*/*, text/csv", CSV),                                # equal q: a named type beats one reached by wildcard
    ("image/png, text/csv;q=0.01", CSV),
])
def test_select_results(accept, expected):
    assert choose(accept, SPARQL_RESULTS) == expected


@pytest.mark.parametrize("accept, expected", [
    ("application/json", "application/ld+json"), ("application/xml", "application/rdf+xml"),
    ("text/plain", "application/n-triples"),
    ("application/x-turtle", "text/turtle"), ("application/trig", "application/trig"),
    ("application/sparql-results+json, text/turtle;q=0.9, application/rdf+xml;q=0.5", "text/turtle"),
])
def test_graph_results_and_their_aliases(accept, expected):
    assert choose(accept, RDF_GRAPH) == expected


def test_boolean_results():
    assert choose("text/xml", BOOLEAN_RESULTS) == XML
    assert choose("application/json", BOOLEAN_RESULTS) == JSON


@pytest.mark.parametrize("accept, offers", [("image/png", SPARQL_RESULTS), ("text/turtle", SPARQL_RESULTS),
                                            ("text/csv", BOOLEAN_RESULTS), (JSON, RDF_GRAPH),
                                            ("text/xml", RDF_GRAPH),  # an alias for results only
                                            ("text/csv;q=0, */*;q=0", SPARQL_RESULTS)])
def test_nothing_acceptable_is_406(accept, offers):
    assert _status(lambda: choose(accept, offers)) == 406


def test_406_names_the_canonical_types_on_offer():
    with pytest.raises(Exception) as caught:
        choose("image/png", SPARQL_RESULTS)
    message = caught.value.message
    assert "image/png" in message and f"{JSON}, {XML}, {CSV}, {TSV}" in message
    assert "application/xml" not in message  # aliases are not advertised


# ---------------------------------------------------------------- wants_html

@pytest.mark.parametrize("accept, expected", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # a browser
    ("text/html", True),
    ("text/turtle, text/html", False),        # as good as Turtle: not a browser
    ("text/html;q=0.9, application/json", False),
    ("*/*", False), ("text/html;q=0", False), ("", False), (None, False),
])
def test_wants_html(accept, expected):
    assert wants_html(accept) is expected
