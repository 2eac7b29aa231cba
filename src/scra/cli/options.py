"""Options shared by the commands that use the store: ``--store DIR`` / ``--endpoint URL``.

    @main.command()
    @store_options
    def mycommand(store_spec):
        with store_spec.open() as store:       # exits 1 with one clear line if the store cannot be opened
            ...

``--store`` defaults to $SCRA_STORE, then ./data/store; ``--endpoint`` defaults to $SCRA_ENDPOINT (a SPARQL
server's base URL, e.g. http://localhost:7878 for Oxigraph server). A value given on the command line wins
over the environment; giving both on the command line is a usage error (exit 2).
"""
from __future__ import annotations

import functools
import itertools
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import click


@dataclass
class StoreSpec:
    store_dir: str | None = None
    endpoint: str | None = None

    def describe(self) -> str:
        from scra.store import DEFAULT_STORE_DIR

        return self.endpoint or str(self.store_dir or DEFAULT_STORE_DIR)

    @contextmanager
    def open(self, *, ensure_kg: bool = True, read_only: bool = False, progress=None):
        """Open the store (a context manager); StoreError becomes a one-line message and exit 1."""
        from scra.store import StoreError, open_store

        try:
            store = open_store(self.store_dir, self.endpoint, ensure_kg=ensure_kg, read_only=read_only,
                               progress=progress)
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        try:
            yield store
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        finally:
            store.close()


def store_options(func):
    """Add --store/--endpoint to a command; it receives them as one ``store_spec`` (a StoreSpec)."""

    @click.option("--store", "store_dir", type=click.Path(file_okay=False), envvar="SCRA_STORE",
                  help="Directory of the embedded store [env SCRA_STORE; default ./data/store].")
    @click.option("--endpoint", envvar="SCRA_ENDPOINT", metavar="URL",
                  help="Base URL of a SPARQL 1.1 server to use instead (Oxigraph: http://host:7878) "
                       "[env SCRA_ENDPOINT].")
    @functools.wraps(func)
    def wrapper(*args, store_dir=None, endpoint=None, **kwargs):
        ctx = click.get_current_context()
        if store_dir and endpoint:
            from click.core import ParameterSource

            from_cli = {name: ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
                        for name in ("store_dir", "endpoint")}
            if from_cli["store_dir"] and from_cli["endpoint"]:
                raise click.UsageError("give either --store or --endpoint, not both")
            if from_cli["store_dir"]:
                endpoint = None
            elif from_cli["endpoint"]:
                store_dir = None
            else:  # both from the environment: the endpoint wins
                store_dir = None
        return func(*args, store_spec=StoreSpec(store_dir or None, endpoint or None), **kwargs)

    return wrapper


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
