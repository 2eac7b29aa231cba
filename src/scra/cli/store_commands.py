"""`scra load`, `scra cities`, `scra drop`: city descriptions in the store."""
from __future__ import annotations

import json
import sys
import time

import click

from scra.cli import main
from scra.cli.options import Spinner, store_options

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


def _bad_input(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


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
    from scra.store import check_city_id
    from scra.validation.input import RDFInputError, read_rdf_files

    try:
        check_city_id(city_id)
    except ValueError as exc:
        _bad_input(str(exc))
    start = time.monotonic()
    with Spinner() as progress:
        progress("reading")
        try:
            graph = read_rdf_files(list(files), input_format)
        except RDFInputError as exc:
            _bad_input(str(exc))
        progress("validating")
        report = _validate(graph)
        if report is not None and report.counts.get("violation", 0):
            if not force:
                progress.__exit__(None, None, None)
                click.echo(report.to_text(color=sys.stdout.isatty()), color=sys.stdout.isatty())
                click.echo(f"error: not stored: {report.counts['violation']} violation(s); fix them or use --force",
                           err=True)
                sys.exit(EXIT_REFUSED)
            click.echo(f"warning: storing despite {report.counts['violation']} violation(s) (--force)", err=True)
        progress("opening the store")
        with store_spec.open(progress=progress) as store:
            info = store.put_city(city_id, graph, label=label, progress=progress)
    click.echo(f"stored city '{city_id}' ({info['triples']} triples + {info['inferred_types']} inferred types) "
               f"in {store_spec.describe()} in {time.monotonic() - start:.1f} s")


def _validate(graph):
    """The validation report, or None (with a warning) if validation is not available in this build."""
    try:
        from scra.validation import validate
    except ImportError as exc:  # pragma: no cover - only while validation is being written
        click.echo(f"warning: validation unavailable ({exc}); storing without validating", err=True)
        return None
    from scra.validation.input import RDFInputError

    try:
        return validate(graph)
    except RDFInputError as exc:
        _bad_input(str(exc))
    except Exception as exc:
        if exc.__class__.__name__ == "EngineError":
            _bad_input(str(exc))
        raise


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
        return "  ".join(rjust(c, w) if i in numeric else ljust(c, w) for i, (c, w) in enumerate(zip(cells, widths)))

    click.echo(line(headers).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo(line(row).rstrip())


@main.command()
@click.argument("city_id", metavar="ID")
@store_options
def drop(city_id, store_spec):
    """Remove city ID from the store (exit 1 if there is no such city)."""
    from scra.store import check_city_id

    try:
        check_city_id(city_id)
    except ValueError as exc:
        _bad_input(str(exc))
    with store_spec.open() as store:
        existed = store.drop_city(city_id)
    if not existed:
        click.echo(f"error: no city '{city_id}' in {store_spec.describe()}", err=True)
        sys.exit(EXIT_REFUSED)
    click.echo(f"dropped city '{city_id}'")
