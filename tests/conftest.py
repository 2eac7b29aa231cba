"""Shared fixtures: the real knowledge graph and the real `scra` command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRA_CMD = Path(sys.executable).parent / "scra"


@pytest.fixture(scope="session")
def kg():
    import scra

    return scra.load_kg()


def run_scra(*args: str, input: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `scra` console script as a user would."""
    return subprocess.run([str(SCRA_CMD), *args], input=input, capture_output=True, timeout=timeout, cwd=REPO)
