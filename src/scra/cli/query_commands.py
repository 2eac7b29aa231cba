"""`scra queries`, `scra query`, `scra report`: named queries and the gap analysis of a city."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from scra.cli import main
from scra.cli.options import store_options

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@main.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_named_queries(fmt: str) -> None:
    """List the named queries with their titles and parameters."""
    from scra.queries import list_queries

    catalogue = list_queries()
    if fmt == "json":
        click.echo(json.dumps([q.to_dict() for q in catalogue], indent=2, ensure_ascii=False))
        return
    width = max(len(q.name) for q in catalogue)
    for q in catalogue:
        click.echo(f"{q.name:<{width}}  {q.title}")
        for p in q.params:
            extra = (f"default {p.default}" if p.default is not None else "optional" if p.optional else "required")
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
    from scra.queries import compact
    from scra.textwidth import clip, ljust, width

    cells = [[" ".join(compact(r.get(v)).split()) for v in variables] for r in rows]
    widths = [min(60, max([width(v)] + [width(c[i]) for c in cells])) for i, v in enumerate(variables)]
    lines = ["  ".join(ljust(v, w) for v, w in zip(variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for c in cells:
        lines.append("  ".join(ljust(clip(x, w), w) for x, w in zip(c, widths, strict=True)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@main.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False),
              help="Run the query in this .rq file (its header may declare parameters) instead of a named one.")
@click.option("--param", "-p", "param_pairs", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; repeat for several (see `scra queries`).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]), default="table",
              show_default=True, help="table for people; json (SPARQL results JSON), csv or tsv for tools.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@store_options
def query_command(name, query_file, param_pairs, fmt, timeout, store_spec):
    """Run the named query NAME (or --file Q.rq) on the store."""
    from scra.queries import NamedQuery, QueryError, UnknownQueryError, get_query, prepare

    if bool(name) == bool(query_file):
        raise click.UsageError("give a query NAME or --file Q.rq (one of them)")
    params = _parse_params(param_pairs)
    try:
        query = NamedQuery.from_file(query_file) if query_file else get_query(name)
    except (UnknownQueryError, QueryError) as exc:
        _fail(str(exc), EXIT_USAGE)
    with store_spec.open() as store:
        try:
            text = prepare(store, query, params)
        except QueryError as exc:
            _fail(str(exc), EXIT_USAGE)
        try:
            result = store.query(text, **({"timeout": timeout} if timeout else {}))
            if fmt == "table":
                if result.kind == "ask":
                    click.echo("true" if result.boolean else "false")
                elif result.kind == "graph":
                    sys.stdout.buffer.write(result.serialize("nt"))
                else:
                    variables = list(result.variables)
                    click.echo(_table(variables, list(result.rows())))
            else:
                if result.kind == "graph":
                    fmt_rdf = {"json": "json-ld", "csv": "nt", "tsv": "nt"}[fmt]
                    sys.stdout.buffer.write(result.serialize(fmt_rdf))
                else:
                    sys.stdout.buffer.write(result.serialize(fmt))
                sys.stdout.flush()
        except (SyntaxError, ValueError, OSError, TimeoutError) as exc:
            _fail(f"query '{query.name}' failed: {exc}")


@main.command("report")
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md", "html"]), default="text",
              show_default=True, help="html is one self-contained file you can send as it is.")
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True,
              help="Language of headings and labels (labels from the knowledge graph, @ja when known).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@store_options
def report_command(target, fmt, lang, output, store_spec):
    """Gap analysis of a city: TARGET is a description file (no store needed) or a city id in the store."""
    from scra.report import format_report, report_for_city, report_for_file

    path = Path(target)
    if path.is_file():
        from scra.validation.input import RDFInputError

        try:
            data = report_for_file([path], lang=lang)
        except RDFInputError as exc:
            _fail(str(exc), EXIT_USAGE)
    else:
        from scra.store.base import CITY_ID

        if not CITY_ID.match(target):
            _fail(f"'{target}' is neither a file nor a city id", EXIT_USAGE)
        with store_spec.open() as store:
            known = [c["id"] for c in store.cities()]
            if target not in known:
                _fail(f"no file '{target}' and no city '{target}' in the store {store_spec.describe()}"
                      + (f" (stored cities: {', '.join(known)})" if known else ""), EXIT_USAGE)
            data = report_for_city(store, target, lang=lang)
    text = format_report(data, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
