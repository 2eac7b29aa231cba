"""Progress of long CLI operations: shown on a terminal (phase and elapsed time), silent when piped."""
from __future__ import annotations

import io
import time

from scra.cli.options import Spinner, input_size


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_piped():
    out = io.StringIO()
    with Spinner(delay=0, stream=out) as progress:
        progress("validating")
        time.sleep(0.3)
    assert out.getvalue() == ""


def test_phase_and_elapsed_on_a_terminal():
    out = Tty()
    with Spinner(delay=0, stream=out) as progress:
        progress("storing 1,000 triples")
        time.sleep(0.35)
    assert "storing 1,000 triples (0 s)" in out.getvalue()


def test_input_size(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_bytes(b"x" * 1_500_000)
    b.write_bytes(b"y" * 500_000)
    assert input_size([a]) == f"{a} (1.5 MB)"
    assert input_size([a, b]) == "2 files (2.0 MB)"
