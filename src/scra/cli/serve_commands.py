"""`scra serve`: the HTTP service on uvicorn."""

from __future__ import annotations

import os

import click

from scra.cli import main
from scra.cli.options import ENDPOINT_HELP, STORE_HELP


def _record_url(store_dir: str, url: str) -> None:
    """Best effort: the file is read only while the store is locked (so a stale one after a kill is
    harmless: the next server rewrites it)."""
    import atexit
    from pathlib import Path

    from scra.cli.options import SERVED_FILE

    marker = Path(store_dir) / SERVED_FILE
    try:
        marker.write_text(url + "\n", encoding="utf-8")
    except OSError:
        return
    atexit.register(lambda: marker.unlink(missing_ok=True))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help=STORE_HELP)
@click.option("--endpoint", metavar="URL", help=ENDPOINT_HELP)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (more than one needs --endpoint: an embedded store belongs to one process).",
)
@click.option("--token", envvar="SCRA_TOKEN", help="Bearer token that enables writes [env SCRA_TOKEN].")
@click.option(
    "--query-timeout",
    type=float,
    envvar="SCRA_QUERY_TIMEOUT",
    help="Seconds per query or validation; 503 past it [env SCRA_QUERY_TIMEOUT, default 10].",
)
@click.option(
    "--max-body",
    type=int,
    envvar="SCRA_MAX_BODY",
    help="Largest request body in bytes; 413 past it [env SCRA_MAX_BODY, default 10 MB].",
)
@click.option(
    "--result-limit",
    type=int,
    envvar="SCRA_RESULT_LIMIT",
    help="Most rows a SELECT returns [env SCRA_RESULT_LIMIT, default none].",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(host, port, store_dir, endpoint, workers, token, query_timeout, max_body, result_limit, log_level):
    """Serve the SPARQL endpoint, validation, cities and term pages over HTTP."""
    import uvicorn

    from scra.http.settings import Settings

    settings = Settings.from_env(
        store_dir=store_dir,
        endpoint=endpoint,
        token=token,
        query_timeout=query_timeout,
        max_body=max_body,
        result_limit=result_limit,
    )
    if workers > 1 and not settings.endpoint:
        raise click.UsageError(
            "--workers > 1 needs --endpoint: the embedded store can be opened by one process only; "
            "run an Oxigraph server (or Fuseki, GraphDB, Virtuoso) and point the workers at it"
        )
    target = "scra.http.app:create_app_from_env"
    if workers == 1:  # open the store here: a clear message if it is in use, and the KG loaded before we listen
        from scra.http.app import create_app

        target = create_app(settings)  # StoreError: one line and exit 1, like every command
    else:
        os.environ.update(settings.to_env())  # the factory rebuilds the same settings in every worker
    shown = f"[{host}]" if ":" in host else host
    if not settings.endpoint:  # so that `scra load` next to this server can say where to send the city
        _record_url(settings.store.describe(), f"http://{shown}:{port}")
    click.echo(
        f"scra ({settings.store.describe()}) "
        f"serving on http://{shown}:{port}/  (SPARQL: /sparql, API docs: /docs; "
        f"writes {'enabled' if settings.token else 'disabled'})",
        err=True,
    )
    uvicorn.run(
        target,
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=log_level in ("info", "debug"),
        proxy_headers=False,
    )
