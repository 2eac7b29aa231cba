"""The installed `scra` console script, started as a user starts it: the one place the CLI runs in a real
process (every other CLI test runs in-process with click's CliRunner, see helpers.scra_cli)."""
from __future__ import annotations

import pytest

from helpers import REPO, run_scra, scra_cli


@pytest.mark.live
def test_the_entry_point_starts():
    result = run_scra("--version")
    assert result.returncode == 0 and result.stdout.decode().startswith("scra, version ")


@pytest.mark.live
def test_exit_status_and_streams_reach_the_shell():
    broken = run_scra("validate", str(REPO / "examples" / "broken" / "structure.ttl"), "--format", "json")
    assert broken.returncode == 1 and broken.stdout.decode().lstrip().startswith("{") and not broken.stderr
    missing = run_scra("validate", "no-such.ttl")
    assert missing.returncode == 2 and "no-such.ttl" in missing.stderr.decode() and not missing.stdout


def test_help_lists_every_command():
    listed = scra_cli("--help").stdout.decode()
    for command in ("validate", "load", "cities", "drop", "query", "queries", "report", "serve", "info", "export",
                    "check"):
        assert command in listed
