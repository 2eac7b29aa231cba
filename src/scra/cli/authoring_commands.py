"""`scra template`, `scra import`: city descriptions written as workbooks, CSV sheets or ArchiMate models.
(`scra export CITY|FILE --format xlsx|archimate` is in kg_commands, beside the knowledge-graph export.)"""

from __future__ import annotations

import click

from scra.cli import main
from scra.cli.options import write_output
from scra.formats import RDF_FORMAT_NAMES, rdf_format
from scra.lang import DEFAULT_LANG, LANGUAGES


@main.command()
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of the column titles and the help sheet.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The workbook to write (.xlsx).",
)
def template(lang: str, output: str) -> None:
    """Write the empty city-description workbook: one sheet per part of a description, a help sheet,
    drop-down lists from the knowledge graph. Fill it, then `scra import`."""
    from scra.authoring import template as make

    write_output(output, make(lang))


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RDF_FORMAT_NAMES),
    default="turtle",
    show_default=True,
    help="RDF syntax to write.",
)
@click.option("--sheet", default=None, help="The sheet a CSV file holds, when its name does not say (e.g. services).")
def import_(files, output, fmt, sheet) -> None:
    """Turn FILES — a filled workbook (.xlsx), CSV files named after its sheets (services.csv …), ArchiMate
    exchange files, RDF files — into one city description.

    Every cell that does not map is reported with its sheet, row and column (exit 2, nothing written);
    what an ArchiMate model holds that does not map is listed on stderr.
    """
    from scra.services import read_files

    imported = read_files(list(files), sheet=sheet)
    for line in imported.unmapped:
        click.echo(f"not mapped: {line}", err=True)
    write_output(output, imported.graph.serialize(format=rdf_format(fmt).rdflib, encoding="utf-8"))
