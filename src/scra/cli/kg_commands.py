"""`scra info`, `scra export`, `scra check`: the knowledge graph itself."""

from __future__ import annotations

import json
import sys

import click

from scra import __version__
from scra.cli import EXIT_BAD_INPUT, EXIT_FAILED, fail, main
from scra.cli.options import store_options, write_output
from scra.formats import rdf_format
from scra.kg import kg_stats, load_kg
from scra.lang import DEFAULT_LANG, LANGUAGES

# --format choices: names in scra.formats (the triple syntaxes; the KG is one graph)
EXPORT_FORMATS = ("ttl", "nt", "jsonld", "xml")
DESCRIPTION_FORMATS = ("xlsx", "archimate")  # scra.services.authoring.EXPORT_KINDS


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def info(as_json: bool) -> None:
    """Counts of the knowledge graph: terms, standards, bodies, indicators, JA label coverage."""
    stats = kg_stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    click.echo(f"scra {__version__} knowledge graph")
    rows = [
        ("triples", stats["triples"]),
        ("modules", stats["modules"]),
        ("terms (scra: IRIs defined)", stats["terms"]),
        ("classes", stats["classes"]),
        ("object properties", stats["object_properties"]),
        ("datatype properties", stats["datatype_properties"]),
        ("annotation properties", stats["annotation_properties"]),
        ("individuals", stats["individuals"]),
        ("standards", stats["standards"]),
        ("bodies", stats["bodies"]),
        ("indicator sets", stats["indicator_sets"]),
        ("indicators", stats["indicators"]),
        ("terms with a Japanese label", f"{stats['labels_ja']} ({stats['ja_coverage_percent']}%)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"  {name:<{width}}  {value}")
    click.echo("individuals per class:")
    for cls, count in stats["individuals_per_class"].items():
        click.echo(f"  {cls:<{width}}  {count}")


@main.command()
@click.argument("source", metavar="[CITY|FILE]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS + DESCRIPTION_FORMATS),
    default="ttl",
    show_default=True,
    help="RDF syntax; for a city also xlsx (the authoring workbook) or archimate.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of the workbook's titles and help (xlsx).",
)
@click.option(
    "--allow-loss",
    is_flag=True,
    help="Write the workbook / model even when some triples cannot be held (they are listed on stderr).",
)
@store_options
def export(source: str | None, fmt: str, output: str | None, lang: str, allow_loss: bool, store_spec) -> None:
    """Without CITY|FILE: write the whole knowledge graph as one merged file.

    With a stored city's id or a description file: write that description, as RDF or --format xlsx /
    archimate. A triple the workbook or model cannot hold is listed, and nothing is written (exit 1)
    unless --allow-loss.
    """
    if source is None:
        if fmt in DESCRIPTION_FORMATS:
            fail(f"--format {fmt} exports a city description: name a stored city or a file", EXIT_BAD_INPUT)
        write_output(output, load_kg().serialize(format=rdf_format(fmt).rdflib, encoding="utf-8"))
        return
    from scra.services.authoring import description, export_description

    graph = description(source, store_spec)
    if fmt not in DESCRIPTION_FORMATS:
        write_output(output, graph.serialize(format=rdf_format(fmt).rdflib, encoding="utf-8"))
        return
    exported = export_description(graph, fmt, lang)
    for line in exported.unheld:
        click.echo(f"cannot hold: {line}", err=True)
    if exported.unheld and not allow_loss:
        fail(
            f"{len(exported.unheld)} triple(s) the {fmt} format cannot hold (listed above); nothing written. "
            "Use --allow-loss to write the rest",
            EXIT_FAILED,
        )
    if exported.implied:
        click.echo(f"note: {exported.implied} inferred type(s) left out (storing the import adds them back)", err=True)
    write_output(output, exported.data)


@main.command()
@click.option("--reasoner/--no-reasoner", default=True, show_default=True, help="Also run HermiT (needs Java).")
def check(reasoner: bool) -> None:
    """Run the knowledge graph's quality gate: meta-shapes and DL consistency."""
    from scra.kg.quality import check_meta

    kg = load_kg()
    findings = check_meta(kg)
    for f in findings:
        click.echo(f"{f.severity}: {f.focus_node} {f.path or ''}: {f.message}")
    click.echo(f"meta-shapes: {len(findings)} finding(s)")
    failed = bool(findings)
    if reasoner:
        from scra.kg.reasoning import check_consistency

        result = check_consistency(kg)
        if not result.consistent:
            click.echo(f"HermiT: {result.message}")
        for cls in result.unsatisfiable_classes:
            click.echo(f"HermiT: unsatisfiable class {cls}")
        click.echo(f"HermiT: {'ok' if result.ok else 'FAILED'} in {result.seconds:.1f} s")
        failed = failed or not result.ok
    sys.exit(1 if failed else 0)
