"""The installed `scra` console script, started as a user starts it: the one place the CLI runs in a real
process (every other CLI test runs in-process with click's CliRunner, see helpers.scra_cli)."""
from __future__ import annotations

import pytest

from helpers import REPO, run_scra

pytestmark = pytest.mark.live


def test_version_and_help():
    result = run_scra("--version")
    assert result.returncode == 0 and result.stdout.decode().startswith("scra, version ")
    listed = run_scra("--help").stdout.decode()
    for command in ("validate", "load", "cities", "drop", "query", "queries", "report", "serve", "info", "export"):
        assert command in listed


def test_exit_status_and_streams_reach_the_shell():
    clean = run_scra("validate", str(REPO / "examples" / "ai-video-surveillance.ttl"), "--no-color")
    assert clean.returncode == 0 and "conforms" in clean.stdout.decode()
    broken = run_scra("validate", str(REPO / "examples" / "broken" / "structure.ttl"), "--format", "json")
    assert broken.returncode == 1 and broken.stdout.decode().lstrip().startswith("{")
    missing = run_scra("validate", "no-such.ttl")
    assert missing.returncode == 2 and "no-such.ttl" in missing.stderr.decode() and not missing.stdout
