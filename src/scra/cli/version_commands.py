"""`scra diff` and `scra migrate`: what changed between ontology versions, and rewriting a description
for the current one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from scra.cli import main
from scra.errors import InputError
from scra.formats import rdf_format, rdf_format_for_path
from scra.kg.migrate import migrate_text
from scra.kg.versions import CURRENT, affected_statements, diff


def _input_format(path: str, explicit: str | None):
    try:
        fmt = rdf_format(explicit) if explicit else rdf_format_for_path(path)
    except ValueError as exc:
        raise InputError(str(exc), source=path) from None
    if fmt is None:
        raise InputError("cannot tell the RDF syntax from the extension; use --input-format", source=path)
    return fmt


@main.command("diff")
@click.option("--from", "from_version", required=True, metavar="VERSION", help="Older version, e.g. 0.1.0.")
@click.option("--to", "to_version", default=CURRENT, show_default=True, metavar="VERSION")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--input-format", help="RDF syntax of CITY-FILE when its extension does not say.")
@click.argument("city_file", required=False, type=click.Path(exists=True, dir_okay=False))
def diff_command(from_version, to_version, fmt, input_format, city_file):
    """Terms added, deprecated and changed between two ontology versions; with CITY-FILE, the statements
    of that description that a change affects."""
    from scra.validation.input import read_rdf_file

    change = diff(from_version, to_version)
    data = change.to_dict()
    if city_file:
        description = read_rdf_file(city_file, input_format)
        data["affected"] = affected_statements(description, change)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    counts = data["counts"]
    click.echo(
        f"ontology {from_version} -> {to_version}: {counts['added']} added, {counts['deprecated']} "
        f"deprecated, {counts['removed']} removed, {counts['changed']} changed"
    )
    if data["added"]:
        click.echo("added:")
        for term in data["added"]:
            click.echo(f"  + {term}")
    if data["deprecated"]:
        click.echo("deprecated (use instead):")
        for term, replacements in data["deprecated"].items():
            click.echo(f"  ~ {term} -> {', '.join(replacements) or '(no replacement)'}")
    if data["removed"]:
        click.echo("removed:")
        for term in data["removed"]:
            click.echo(f"  - {term}")
    if data["changed"]:
        click.echo(f"changed: {len(data['changed'])} terms (--format json lists each fact)")
    if city_file:
        affected = data["affected"]
        click.echo(f"{city_file}: {len(affected)} statement(s) affected")
        for item in affected:
            use = f" -> {', '.join(item['replacements'])}" if item["replacements"] else ""
            click.echo(
                f"  {item['subject']} {item['predicate']} {item['object']}  [{item['term']} {item['status']}{use}]"
            )


@main.command("migrate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="File to write (default: stdout). May be FILE itself.",
)
@click.option("--input-format", help="RDF syntax when the extension does not say.")
def migrate_command(file, output, input_format):
    """Rewrite FILE's deprecated terms to their replacements, keeping comments, prefixes and layout."""
    fmt = _input_format(file, input_format)
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", source=file) from None
    from scra.validation.input import parse_rdf

    parse_rdf(text, file, fmt.rdflib)  # refuse what the validator refuses, with file and line
    result = migrate_text(text, fmt)
    if output:
        Path(output).write_text(result.text, encoding="utf-8")
    else:
        click.echo(result.text, nl=False)
    for term, count in result.replaced.items():
        click.echo(f"migrated {term} ({count}x)", err=True)
    for term, options in result.undecided.items():
        click.echo(
            f"left as is: {term} -> {', '.join(options) or '(no replacement)'}: needs a decision (several "
            "replacements, or subject and object swap; docs/migration-0.2.md)",
            err=True,
        )
