"""Which store to use: the one precedence rule for ``--store`` / ``--endpoint`` / $SCRA_STORE /
$SCRA_ENDPOINT, shared by every command and by ``scra serve`` (its Settings).

1. A value given explicitly (``--store DIR`` or ``--endpoint URL`` on the command line, or the
   ``store_dir`` / ``endpoint`` of the service's Settings) wins over the environment.
2. Both given explicitly is an error (InputError: exit 2 on the command line).
3. Neither given: $SCRA_ENDPOINT, else $SCRA_STORE (when both are set, the endpoint wins).
4. Nothing anywhere: the embedded store in ./data/store.

    >>> choose_store("/tmp/s", environ={"SCRA_ENDPOINT": "http://db:7878"}).describe()
    '/tmp/s'
    >>> choose_store(environ={"SCRA_STORE": "/tmp/s", "SCRA_ENDPOINT": "http://db:7878"}).describe()
    'http://db:7878'
    >>> choose_store(environ={}).describe()
    'data/store'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scra.errors import InputError, StoreBusy
from scra.store import DEFAULT_STORE_DIR, Store, open_store


@dataclass(frozen=True)
class StoreChoice:
    """The store chosen by :func:`choose_store`: an endpoint, a directory, or neither (the default)."""

    store_dir: str | None = None
    endpoint: str | None = None

    def describe(self) -> str:
        """The endpoint URL or the store directory, as messages name the store."""
        return self.endpoint or str(self.store_dir or DEFAULT_STORE_DIR)

    def open(self, *, ensure_kg: bool = True, read_only: bool = False, reading: bool = False, progress=None) -> Store:
        """Open the chosen store (a context manager); StoreError when it cannot be opened.

        ``reading``: the caller only reads. An embedded store held by another process (``scra serve``) is
        then opened read-only (pyoxigraph ``Store.read_only``: a snapshot as of the opening, the knowledge
        graph as that process loaded it) instead of raising StoreBusy. pyoxigraph documents reading while
        another process writes as undefined behaviour: the read-only open never writes, and the snapshot
        stayed whole through the writer's updates and compactions when tried, but a read command may fail
        while the server stores a city (run it again)."""
        if reading and not read_only and not self.endpoint:
            try:
                return self.open(ensure_kg=ensure_kg, progress=progress)
            except StoreBusy:
                return self.open(ensure_kg=False, read_only=True, progress=progress)
        if self.endpoint:
            return open_store(endpoint=self.endpoint, ensure_kg=ensure_kg, read_only=read_only, progress=progress)
        return open_store(
            self.store_dir or DEFAULT_STORE_DIR, ensure_kg=ensure_kg, read_only=read_only, progress=progress
        )


def choose_store(
    store_dir: str | Path | None = None, endpoint: str | None = None, *, environ: Mapping[str, str] | None = None
) -> StoreChoice:
    """The store to use, by the rule in this module's docstring (``environ`` defaults to os.environ)."""
    if store_dir and endpoint:
        raise InputError("give either --store or --endpoint, not both")
    if not store_dir and not endpoint:
        env = os.environ if environ is None else environ
        endpoint = env.get("SCRA_ENDPOINT") or None
        store_dir = None if endpoint else env.get("SCRA_STORE") or None
    return StoreChoice(str(store_dir) if store_dir else None, endpoint or None)
