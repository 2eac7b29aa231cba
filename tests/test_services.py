"""scra.services and the two error mappings, in-process: the store precedence rule, the refusal of a
description with violations, and one meaning of each error class on the command line and over HTTP."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph

from scra import errors
from scra.cli import exit_status, main
from scra.http.errors import api_error
from scra.services import StoreChoice, choose_store, store_city

BAD = """@prefix scra: <https://w3id.org/scra#> .
<https://example.org/t#city> a scra:City .
"""


@pytest.mark.parametrize("store_dir,endpoint,env,expected", [
    ("d", None, {"SCRA_ENDPOINT": "http://e"}, StoreChoice("d", None)),       # explicit beats environment
    (None, "http://x", {"SCRA_STORE": "s"}, StoreChoice(None, "http://x")),
    (None, None, {"SCRA_STORE": "s", "SCRA_ENDPOINT": "http://e"}, StoreChoice(None, "http://e")),
    (None, None, {"SCRA_STORE": "s"}, StoreChoice("s", None)),
    (None, None, {}, StoreChoice(None, None)),                                # the default ./data/store
])
def test_store_precedence(store_dir, endpoint, env, expected):
    assert choose_store(store_dir, endpoint, environ=env) == expected


def test_both_explicit_is_bad_input():
    with pytest.raises(errors.InputError, match="not both"):
        choose_store("d", "http://e", environ={})


def test_violations_are_refused_before_the_store_is_opened():
    never = StoreChoice(endpoint="http://127.0.0.1:9")  # opening it would fail
    outcome = store_city(never, "t", Graph().parse(data=BAD, format="turtle"))
    assert not outcome.stored and outcome.violations >= 1 and not outcome.forced
    with pytest.raises(errors.InputError, match="invalid city id"):
        store_city(never, "Not Valid", Graph().parse(data=BAD, format="turtle"))
    with pytest.raises(errors.InputError, match="empty"):
        store_city(never, "t", Graph())


@pytest.mark.parametrize("exc,code,status", [
    (errors.RDFInputError("f.ttl", "bad"), 2, 400), (errors.QueryError("bad"), 2, 400),
    (errors.UnknownQueryError("no such query"), 2, 404), (errors.ReadOnlyGraphError("kg"), 2, 403),
    (errors.StoreError("down"), 1, 503), (errors.EngineError("no java"), 1, 503), (errors.Timeout("slow"), 1, 503),
    (errors.StoreBusy("held by scra serve"), 3, 503),
])
def test_one_meaning_per_error_class(exc, code, status):
    assert exit_status(exc) == code
    assert api_error(exc).status == status


def test_cli_prints_one_line_for_a_scra_error():
    result = CliRunner().invoke(main, ["cities", "--store", "s", "--endpoint", "http://e"])
    assert result.exit_code == 2 and result.output.strip() == "error: give either --store or --endpoint, not both"
