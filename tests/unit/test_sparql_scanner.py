"""The SPARQL keyword scanner behind the security check: bare SERVICE, LOAD and DEFINE are refused; the same
words inside strings, IRIs, comments, prefixed names, variables, language tags and blank nodes are not."""
from __future__ import annotations

import pytest

# -- shim: the one line that names where the functions live (fix it here when the module moves) --
from scra.http.security import refuse_external_access
from scra.sparqltext import keywords


def words(text: str) -> list[str]:
    return [word for word, _depth, _offset in keywords(text) if word not in "{}"]


def refusal(text: str):
    with pytest.raises(Exception) as caught:
        refuse_external_access(text)
    return caught.value


# ---------------------------------------------------------------- keywords

def test_words_are_upper_cased_with_brace_depth_and_offset():
    assert keywords("select * where { ?s ?p ?o }") == (("SELECT", 0, 0), ("WHERE", 0, 9), ("{", 1, 15),
                                                       ("}", 0, 26))


def test_nested_braces_track_depth():
    found = keywords("ASK { { SERVICE <x> { } } }")
    assert ("SERVICE", 2, 8) in found
    assert [d for w, d, _ in found if w in "{}"] == [1, 2, 3, 2, 1, 0]


@pytest.mark.parametrize("text", [
    '"SERVICE"', "'LOAD'", '"""a "SERVICE" b"""', "'''a 'LOAD' b'''", '"a \\" SERVICE"',
    "<http://example.org/SERVICE>", "# SERVICE in a comment", "?service", "$load", "ex:load", "service:x",
    ":define", "_:service", '"x"@service', "<urn:load>",
])
def test_tokens_that_are_not_keywords(text):
    assert words(text) == []


def test_words_after_skipped_tokens_are_found():
    text = '# comment\nSELECT ?load WHERE { BIND("SERVICE" AS ?x) <http://x/LOAD> ex:define ?define }'
    assert words(text) == ["SELECT", "WHERE", "BIND", "AS"]


def test_digits_start_no_word():
    assert words("LIMIT 10 OFFSET 20") == ["LIMIT", "OFFSET"]
    assert words("SERVICE1 1SERVICE") == ["SERVICE1", "SERVICE"]  # a name may hold digits; a digit in front hides none


# ---------------------------------------------------------------- refuse_external_access

@pytest.mark.parametrize("text, word, line, column", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE", 1, 18),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE", 1, 18),
    ("PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  SERVICE ?endpoint { ?s ?p ?o }\n}", "SERVICE", 3, 3),
    ("SELECT * WHERE { { SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } } } }", "SERVICE", 1, 37),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD", 1, 1),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://example.org/g>", "LOAD", 1, 1),
    ("DEFINE input:grab-all \"yes\"\nSELECT * FROM <http://x/> { ?s ?p ?o }", "DEFINE", 1, 1),
    ("INSERT { GRAPH <http://e/g> { ?s ?p ?o } }\nWHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE", 2, 9),
])
def test_refused_with_position(text, word, line, column):
    exc = refusal(text)
    assert exc.status == 400 and exc.error == "forbidden_operation"
    assert word in exc.message
    assert (exc.line, exc.column) == (line, column)


def test_the_first_keyword_is_reported():
    assert refusal("LOAD <http://a/> ; SELECT * { SERVICE <x> {} }").line == 1
    assert "LOAD" in refusal("LOAD <http://a/> ; SELECT * { SERVICE <x> {} }").message


@pytest.mark.parametrize("text", [
    'PREFIX service: <http://example.org/service/>\nSELECT ?service WHERE { BIND("SERVICE <x> LOAD" AS ?service) '
    '# SERVICE in a comment\n  OPTIONAL { ?service service:load <http://example.org/SERVICE> } }',
    "SELECT * WHERE { ?s <http://example.org/load> ?o }",
    "SELECT (1 AS ?x) {}", "ASK {}", "",
])
def test_valid_queries_that_mention_the_words_pass(text):
    assert refuse_external_access(text) is None


def test_an_unterminated_string_does_not_hide_a_keyword():
    # the scanner never lets doubt through: an unclosed string is no string, so the word counts
    assert refusal('SELECT * { ?s ?p "x } SERVICE <http://x/> { ?s ?p ?o } }').error == "forbidden_operation"
