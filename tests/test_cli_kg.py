"""`scra info` and `scra export` as a user runs them (in-process, click's CliRunner)."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph

from helpers import scra_cli
from scra.cli.kg_commands import EXPORT_FORMATS


def test_info_prints_counts(kg):
    result = scra_cli("info")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    for label in ("standards", "bodies", "indicators", "classes", "Japanese label"):
        assert label in out
    stats = json.loads(scra_cli("info", "--json").stdout)
    assert stats["triples"] == len(kg)
    assert stats["standards"] >= 30 and stats["bodies"] >= 30
    assert f'{stats["standards"]}' in out


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_round_trips(kg, tmp_path, fmt):
    target = tmp_path / f"kg.{fmt}"
    result = scra_cli("export", "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr.decode()
    parse_format = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}[fmt]
    exported = Graph().parse(target, format=parse_format)
    assert len(exported) == len(kg)


def test_export_to_stdout_is_turtle(kg):
    result = scra_cli("export")
    assert result.returncode == 0
    assert len(Graph().parse(data=result.stdout.decode(), format="turtle")) == len(kg)


def test_export_rejects_unknown_format():
    result = scra_cli("export", "--format", "docx")
    assert result.returncode == 2
    assert "docx" in result.stderr.decode()
