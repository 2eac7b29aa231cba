"""`scra load`, `scra cities`, `scra drop`: city descriptions in the store."""

from __future__ import annotations

import json
import shlex
import sys
import time

import click

from scra.cli import EXIT_FAILED, EXIT_STORE_BUSY, fail, main
from scra.cli.options import Spinner, served_url, store_options
from scra.errors import StoreBusy
from scra.services import check_city_id, store_city


def _through_the_server(store_spec, what: str, command: str) -> None:
    """The store is held by `scra serve`: say exactly how to do the write through it, exit EXIT_STORE_BUSY."""
    url = served_url(store_spec.describe()) or "http://127.0.0.1:8000"
    fail(
        f"the store {store_spec.describe()} is in use by a running `scra serve` ({url}). {what} through it "
        f"with its token:\n  {command.replace('URL', url)}\nor stop the server and run this command again",
        EXIT_STORE_BUSY,
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--city", "city_id", required=True, help="Id of the city in the store: a-z, 0-9, '-' (max 64).")
@click.option("--label", help="Human-readable name shown by `scra cities` (default: the id).")
@click.option("--force", is_flag=True, help="Store even if validation finds violations.")
@click.option(
    "--input-format",
    default=None,
    help="RDF syntax of the files (turtle, nt, jsonld, xml, trig, nquads); default: by extension.",
)
@store_options
def load(files, city_id, label, force, input_format, store_spec):
    """Validate FILES (one city description) and store them as city ID, replacing any previous version.

    Refuses (exit 1, printing the validation report) when there are violations, unless --force.
    Exit 2 on bad input, 3 when `scra serve` holds the store (the message gives the request that stores
    the city through it). The replacement is atomic: a failure leaves the previous version intact.
    """
    start = time.monotonic()
    try:
        with Spinner() as progress:
            outcome = store_city(
                store_spec, city_id, list(files), label=label, force=force, input_format=input_format, progress=progress
            )
    except StoreBusy:
        from urllib.parse import urlencode

        query = urlencode({k: v for k, v in (("force", "true" if force else None), ("label", label)) if v})
        parts = " ".join(f"-F file=@{shlex.quote(f)}" for f in files)
        _through_the_server(
            store_spec,
            "Store the city",
            f'curl -X PUT -H "Authorization: Bearer $SCRA_TOKEN" {parts} '
            f'"URL/cities/{city_id}{"?" + query if query else ""}"',
        )
    if not outcome.stored:
        color = sys.stdout.isatty()
        click.echo(outcome.report.to_text(color=color), color=color)
        fail(f"not stored: {outcome.violations} violation(s); fix them or use --force", EXIT_FAILED)
    if outcome.forced:
        click.echo(f"warning: stored despite {outcome.violations} violation(s) (--force)", err=True)
    city = outcome.city or {}
    click.echo(
        f"stored city '{city_id}' ({city['triples']} triples + {city['inferred_types']} inferred types) "
        f"in {store_spec.describe()} in {time.monotonic() - start:.1f} s"
    )


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def cities(fmt, store_spec):
    """List the cities in the store."""
    with store_spec.open(reading=True) as store:
        listed = store.cities()
    if fmt == "json":
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    if not listed:
        click.echo(f"no cities in {store_spec.describe()}")
        return
    headers = ("id", "label", "triples", "inferred types", "loaded at")
    rows = [(c["id"], c["label"], str(c["triples"]), str(c["inferred_types"]), c["loaded_at"] or "") for c in listed]
    from scra.textwidth import ljust, rjust, width

    widths = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    numeric = {2, 3}

    def line(cells):
        return "  ".join(
            rjust(c, w) if i in numeric else ljust(c, w) for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        )

    click.echo(line(headers).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo(line(row).rstrip())


@main.command()
@click.argument("city_id", metavar="ID")
@store_options
def drop(city_id, store_spec):
    """Remove city ID from the store (exit 1 if there is no such city)."""
    check_city_id(city_id)
    try:
        with store_spec.open() as store:
            existed = store.drop_city(city_id)
    except StoreBusy:
        _through_the_server(
            store_spec,
            "Remove the city",
            f'curl -X DELETE -H "Authorization: Bearer $SCRA_TOKEN" "URL/cities/{city_id}"',
        )
    if not existed:
        fail(f"no city '{city_id}' in {store_spec.describe()}", EXIT_FAILED)
    click.echo(f"dropped city '{city_id}'")
