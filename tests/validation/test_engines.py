"""SHACL engines: the fast engines give pySHACL's result sets; bad input is reported with file/line/column."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph

from scra.resources import shapes_dir
from scra.validation import engines
from scra.validation.input import RDFInputError

REPO = Path(__file__).resolve().parents[2]
HAVE = engines.available_engines()


def _generator():
    spec = importlib.util.spec_from_file_location("bench_validate", REPO / "benchmarks" / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    from scra.validation import kg_closure

    shapes = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        if path.name != "meta.ttl":
            shapes.parse(path, format="turtle")
    text, _count = _generator().generate(10_000, seed=7)  # the issue: compare on a generated 10k description
    data = tmp_path_factory.mktemp("engines") / "city-10k.ttl"
    data.write_text(text, encoding="utf-8")
    return data, shapes, kg_closure()


def test_pyshacl_is_always_available():
    assert "pyshacl" in HAVE
    assert engines.default_engine() in HAVE


@pytest.mark.parametrize("engine", [e for e in ("jena",) if e in HAVE])
def test_same_result_set_as_pyshacl(setting, engine):
    data, shapes, closure = setting
    reference = engines.result_key_set(engines.validate_with("pyshacl", [data], shapes, closure))
    other = engines.result_key_set(engines.validate_with(engine, [data], shapes, closure))
    assert reference, "the generated description should have findings"
    assert other == reference, {"only pyshacl": sorted(reference - other)[:5], f"only {engine}": sorted(other - reference)[:5]}


@pytest.mark.skipif("jena" not in HAVE, reason="Jena not built (scripts/build-jena.sh)")
@pytest.mark.parametrize("mode", ["worker", "oneshot"])
def test_jena_reports_syntax_errors_with_position(tmp_path, setting, mode):
    _data, shapes, closure = setting
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix scra: <https://w3id.org/scra#> .\nscra:a a scra:Service ;\n  scra:inDomain scra:domain-mobility\n"
                   "scra:b a scra:Service .\n", encoding="utf-8")
    with pytest.raises(RDFInputError) as caught:
        engines.validate_with("jena", [bad], shapes, closure, jena_mode=mode)
    assert caught.value.source == str(bad) and caught.value.line == 4 and caught.value.column == 1


@pytest.mark.skipif("jena" not in HAVE, reason="Jena not built (scripts/build-jena.sh)")
def test_jena_refuses_foreign_owl_imports(tmp_path, setting):
    _data, shapes, closure = setting
    data = tmp_path / "imports.ttl"
    data.write_text("<urn:x> <http://www.w3.org/2002/07/owl#imports> <http://example.org/other.ttl> .\n", encoding="utf-8")
    with pytest.raises(RDFInputError, match="owl:imports"):
        engines.validate_with("jena", [data], shapes, closure)
