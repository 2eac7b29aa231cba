"""Options shared by the commands that use the store, and the progress spinner.

    @main.command()
    @store_options
    def mycommand(store_spec):              # a scra.services.StoreChoice
        with store_spec.open() as store:
            ...

``--store DIR`` / ``--endpoint URL`` choose the store by the rule of :mod:`scra.services.stores`
(the command line wins over $SCRA_STORE / $SCRA_ENDPOINT; both on the command line: exit 2).
"""

from __future__ import annotations

import functools
import itertools
import sys
import threading
import time

import click

from scra.services import choose_store

STORE_HELP = "Directory of the embedded store [env SCRA_STORE; default ./data/store]."
ENDPOINT_HELP = (
    "Base URL of a SPARQL 1.1 server to use instead (Oxigraph: http://host:7878) "
    "[env SCRA_ENDPOINT, which wins over SCRA_STORE]."
)


def store_options(func):
    """Add --store/--endpoint to a command; it receives the chosen store as ``store_spec``."""

    @click.option("--store", "store_dir", type=click.Path(file_okay=False), help=STORE_HELP)
    @click.option("--endpoint", metavar="URL", help=ENDPOINT_HELP)
    @functools.wraps(func)
    def wrapper(*args, store_dir=None, endpoint=None, **kwargs):
        return func(*args, store_spec=choose_store(store_dir, endpoint), **kwargs)

    return wrapper


SERVED_FILE = "scra-serve.url"  # in the store directory while `scra serve` holds it


def served_url(store_dir) -> str | None:
    """The URL of the `scra serve` holding this embedded store, as it recorded it (None if unknown)."""
    from pathlib import Path

    try:
        return (Path(store_dir) / SERVED_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def input_size(files) -> str:
    """'city.ttl (3.6 MB)' / '3 files (12.0 MB)' for progress lines."""
    import os

    total = 0
    for f in files:
        try:
            total += os.path.getsize(f)
        except OSError:
            pass
    name = str(files[0]) if len(files) == 1 else f"{len(files)} files"
    return f"{name} ({total / 1e6:.1f} MB)"


class Spinner:
    """Phase names with a spinner and elapsed time on stderr, shown only on a terminal and only once the
    work has taken longer than ``delay`` seconds (quick loads print nothing)."""

    def __init__(self, delay: float = 1.5, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.delay = delay
        self.phase = ""
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._thread = None
        self._shown = False

    def __call__(self, phase: str) -> None:
        self.phase = phase

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self):
        for frame in itertools.cycle("|/-\\"):
            if self._stop.wait(0.1):
                break
            elapsed = time.monotonic() - self._start
            if elapsed >= self.delay:
                self._shown = True
                self.stream.write(f"\r{frame} {self.phase} ({elapsed:.0f} s)\033[K")
                self.stream.flush()

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread:
            self._thread.join()
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def write_output(output: str | None, data: bytes) -> None:
    """Bytes to the file named (saying so on stderr), else to stdout."""
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
