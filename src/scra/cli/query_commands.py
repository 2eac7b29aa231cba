"""`scra queries`, `scra query`, `scra report`, `scra indicators`: named queries, the gap analysis and the
U4SSC KPI coverage of a city."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from scra.cli import main
from scra.cli.options import store_options
from scra.errors import InputError, NotFound
from scra.formats import RESULTS_FORMATS
from scra.lang import DEFAULT_LANG, LANGUAGES
from scra.queries import compact, list_queries
from scra.report import FORMATS as REPORT_FORMATS
from scra.report import format_report, report_for_city, report_for_file
from scra.services import format_view, indicator_view, indicator_view_for_file, load_query, run_query, serialize
from scra.textwidth import clip, ljust, width
from scra.vocab import CITY_ID


@main.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_named_queries(fmt: str) -> None:
    """List the named queries with their titles and parameters."""
    catalogue = list_queries()
    if fmt == "json":
        click.echo(json.dumps([q.to_dict() for q in catalogue], indent=2, ensure_ascii=False))
        return
    width = max(len(q.name) for q in catalogue)
    for q in catalogue:
        click.echo(f"{q.name:<{width}}  {q.title}")
        for p in q.params:
            extra = f"default {p.default}" if p.default is not None else "optional" if p.optional else "required"
            click.echo(f"{'':<{width}}    --param {p.name}=… ({p.type}, {extra})")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.UsageError(f"--param '{pair}': use NAME=VALUE, e.g. --param domain=scra:domain-energy")
        name, value = pair.split("=", 1)
        name = name.strip()
        if name in params:
            raise click.UsageError(f"--param '{name}' is given twice")
        params[name] = value
    return params


def _table(variables: list[str], rows: list[dict]) -> str:
    cells = [[" ".join(compact(r.get(v)).split()) for v in variables] for r in rows]
    widths = [min(60, max([width(v)] + [width(c[i]) for c in cells])) for i, v in enumerate(variables)]
    lines = [
        "  ".join(ljust(v, w) for v, w in zip(variables, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for c in cells:
        lines.append("  ".join(ljust(clip(x, w), w) for x, w in zip(c, widths, strict=True)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@main.command("query")
@click.argument("name", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Run the query in this .rq file (its header may declare parameters) instead of a named one.",
)
@click.option(
    "--param",
    "-p",
    "param_pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; repeat for several (see `scra queries`).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *(f.name for f in RESULTS_FORMATS if f.name != "xml")]),
    default="table",
    show_default=True,
    help="table for people; json (SPARQL results JSON), csv or tsv for tools.",
)
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@store_options
def query_command(name, query_file, param_pairs, fmt, timeout, store_spec):
    """Run the named query NAME (or --file Q.rq) on the store."""
    if bool(name) == bool(query_file):
        raise click.UsageError("give a query NAME or --file Q.rq (one of them)")
    params = _parse_params(param_pairs)
    query = load_query(name, query_file)
    with store_spec.open(reading=True) as store:
        result = run_query(store, query, params, timeout=timeout)
        if fmt == "table" and result.kind == "ask":
            click.echo("true" if result.boolean else "false")
        elif fmt == "table" and result.kind == "select":
            click.echo(_table(list(result.variables), list(result.rows())))
        else:  # a graph is written as N-Triples, or JSON-LD for --format json
            target = fmt if result.kind != "graph" else "jsonld" if fmt == "json" else "nt"
            sys.stdout.buffer.write(serialize(result, target).body)
            sys.stdout.flush()


@main.command("report")
@click.argument("target")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="html is one self-contained file you can send as it is.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of headings and labels (labels from the knowledge graph, @ja when known).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@store_options
def report_command(target, fmt, lang, output, store_spec):
    """Gap analysis of a city: TARGET is a description file (no store needed) or a city id in the store."""
    from scra.cli.options import Spinner, input_size

    path = Path(target)
    if path.is_file():
        with Spinner() as progress:
            progress(f"validating and reporting {input_size([path])}")
            data = report_for_file([path], lang=lang)
    else:
        if not CITY_ID.match(target):
            raise InputError(f"'{target}' is neither a file nor a city id")
        with store_spec.open(reading=True) as store:
            known = [c["id"] for c in store.cities()]
            if target not in known:
                raise NotFound(
                    f"no file '{target}' and no city '{target}' in the store {store_spec.describe()}"
                    + (f" (stored cities: {', '.join(known)})" if known else "")
                )
            data = report_for_city(store, target, lang=lang)
    text = format_report(data, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("indicators")
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of headings and labels (labels from the knowledge graph, @ja when known).",
)
@store_options
def indicators_command(target, fmt, lang, store_spec):
    """U4SSC KPI coverage of a city: reported, computable from its data sets, or missing data.

    TARGET is a description file (no store needed) or a city id in the store."""
    path = Path(target)
    if path.is_file():
        view = indicator_view_for_file([path], lang=lang)
    else:
        if not CITY_ID.match(target):
            raise InputError(f"'{target}' is neither a file nor a city id")
        with store_spec.open() as store:
            known = [c["id"] for c in store.cities()]
            if target not in known:
                raise NotFound(
                    f"no file '{target}' and no city '{target}' in the store {store_spec.describe()}"
                    + (f" (stored cities: {', '.join(known)})" if known else "")
                )
            view = indicator_view(store, target, lang=lang)
    click.echo(format_view(view, fmt, lang=lang), nl=False)
