"""Helpers shared by test modules (importable as `helpers`: pyproject sets pythonpath = tests)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRA_CMD = Path(sys.executable).parent / "scra"


def run_scra(*args: str, input: bytes | None = None, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `scra` console script as a user would."""
    return subprocess.run([str(SCRA_CMD), *args], input=input, capture_output=True, timeout=timeout, cwd=REPO, env=env)
