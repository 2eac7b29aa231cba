"""`scra load`, `scra cities`, `scra drop`: city descriptions in the store."""
from __future__ import annotations

import json
import sys
import time

import click

from scra.cli import EXIT_FAILED, fail, main
from scra.cli.options import Spinner, store_options
from scra.services import check_city_id, store_city


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--city", "city_id", required=True, help="Id of the city in the store: a-z, 0-9, '-' (max 64).")
@click.option("--label", help="Human-readable name shown by `scra cities` (default: the id).")
@click.option("--force", is_flag=True, help="Store even if validation finds violations.")
@click.option("--input-format", default=None,
              help="RDF syntax of the files (turtle, nt, jsonld, xml, trig, nquads); default: by extension.")
@store_options
def load(files, city_id, label, force, input_format, store_spec):
    """Validate FILES (one city description) and store them as city ID, replacing any previous version.

    Refuses (exit 1, printing the validation report) when there are violations, unless --force.
    Exit 2 on bad input. The replacement is atomic: a failure leaves the previous version intact.
    """
    start = time.monotonic()
    with Spinner() as progress:
        outcome = store_city(store_spec, city_id, list(files), label=label, force=force,
                             input_format=input_format, progress=progress)
    if not outcome.stored:
        color = sys.stdout.isatty()
        click.echo(outcome.report.to_text(color=color), color=color)
        fail(f"not stored: {outcome.violations} violation(s); fix them or use --force", EXIT_FAILED)
    if outcome.forced:
        click.echo(f"warning: stored despite {outcome.violations} violation(s) (--force)", err=True)
    city = outcome.city or {}
    click.echo(f"stored city '{city_id}' ({city['triples']} triples + {city['inferred_types']} inferred types) "
               f"in {store_spec.describe()} in {time.monotonic() - start:.1f} s")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def cities(fmt, store_spec):
    """List the cities in the store."""
    with store_spec.open() as store:
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
        return "  ".join(rjust(c, w) if i in numeric else ljust(c, w) for i, (c, w) in enumerate(zip(cells, widths, strict=False)))

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
    with store_spec.open() as store:
        existed = store.drop_city(city_id)
    if not existed:
        fail(f"no city '{city_id}' in {store_spec.describe()}", EXIT_FAILED)
    click.echo(f"dropped city '{city_id}'")
