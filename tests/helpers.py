"""Helpers shared by test modules (importable as `helpers`: pyproject sets pythonpath = tests)."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRA_CMD = Path(sys.executable).parent / "scra"
# Hidden from every run unless a test sets them: no test may reach a store it did not make (./data/store).
STORE_VARIABLES = ("SCRA_STORE", "SCRA_ENDPOINT")


def scra_cli(*args: str, input: bytes | str | None = None, env: dict | None = None, text: bool = False,
             cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run `scra ARGS` in this process with click's CliRunner, as the console script would run it.

    The answer is a CompletedProcess (returncode; stdout and stderr separate, bytes, or str with `text`), the
    same as `run_scra` gives, so a test reads the same whichever way scra ran. `env` adds variables to the
    environment (None removes one); $SCRA_STORE and $SCRA_ENDPOINT are removed unless given. Runs in `cwd`
    (the repository, like run_scra). An exception that escapes the command fails the test with its traceback.
    """
    from click.testing import CliRunner

    from scra.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2: stderr apart from stdout
    except TypeError:
        runner = CliRunner()  # click >= 8.2 always keeps them apart
    overlay = {name: None for name in STORE_VARIABLES}
    overlay.update(env or {})
    with _cwd(cwd):
        result = runner.invoke(main, list(args), input=input, env=overlay, prog_name="scra", catch_exceptions=False)
    stdout, stderr = result.stdout_bytes, result.stderr_bytes or b""
    if text:
        stdout, stderr = stdout.decode("utf-8"), stderr.decode("utf-8")
    return subprocess.CompletedProcess(["scra", *args], result.exit_code, stdout, stderr)


@contextmanager
def _cwd(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_scra(*args: str, input: bytes | None = None, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `scra` console script in a subprocess, as a user would (live tests only: a process
    start costs about a second; everything else uses `scra_cli`)."""
    return subprocess.run([str(SCRA_CMD), *args], input=input, capture_output=True, timeout=timeout, cwd=REPO, env=env)
