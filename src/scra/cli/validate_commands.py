"""`scra validate`: check city architecture descriptions against the reference architectures."""

from __future__ import annotations

import sys

import click

from scra.cli import EXIT_FAILED, EXIT_OK, main
from scra.lang import DEFAULT_LANG, LANGUAGES


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle", "csv"]),
    default="text",
    show_default=True,
    help="text for people; json, turtle (sh:ValidationReport) or csv for tools.",
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANG, show_default=True, help="Language of messages."
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Exit 1 when anything at or above this severity is found.",
)
@click.option(
    "--input-format",
    default=None,
    help="RDF syntax of the files (turtle, nt, jsonld, xml, trig, nquads); default: by extension.",
)
@click.option("--engine", default=None, help="SHACL engine (default: the fastest correct one available).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
def validate(files, fmt, lang, fail_on, input_format, engine, color):
    """Validate FILES (one city description, possibly split over several files).

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it (or no engine can run),
    2 bad input or usage.
    """
    from scra.cli.options import Spinner, input_size
    from scra.validation import validate as run_validation

    with Spinner() as progress:  # on a terminal, once it takes more than a moment; silent when piped
        progress(f"validating {input_size(files)}")
        report = run_validation(list(files), input_format=input_format, lang=lang, engine=engine)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "turtle":
        click.echo(report.to_rdf("turtle"))
    elif fmt == "csv":
        click.echo(report.to_csv(), nl=False)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(report.to_text(color=use_color), color=use_color)
    sys.exit(EXIT_FAILED if report.fails_at(fail_on) else EXIT_OK)
