"""Working pages: validate an upload, the cities and their reports, named queries, the SPARQL editor.

Each calls the same library functions as the API (scra.validation, scra.report, scra.queries, the store);
slow work runs in the thread pool so the event loop keeps serving.
"""

from __future__ import annotations

import base64
import re
from itertools import islice

from fastapi import APIRouter, Path, Query, Request
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from scra.formats import RDF_FORMATS, find_rdf_format
from scra.lang import section
from scra.vocab import SCRA_NS, sparql_prefixes
from scra.web.browse import PAGE_SIZE
from scra.web.pages import BrowserRoute, environment, kg, not_found, render, request_lang

browser = APIRouter(route_class=BrowserRoute, include_in_schema=False)
pages = APIRouter(include_in_schema=False)
CITY_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"
MAX_UPLOAD = 20 * 1024 * 1024


# ---------------------------------------------------------------- validation


def _data_uri(text: str, media: str) -> str:
    return f"data:{media};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def grouped(results) -> list[dict]:
    """Results by reference-architecture element, then (for results tied to none) by aspect."""
    groups: dict[tuple[str, str], dict] = {}
    for result in results:
        kind, key = (
            ("element", result.ra_element[0])
            if result.ra_element
            else ("aspect", result.aspect[0])
            if result.aspect
            else ("other", "")
        )
        group = groups.setdefault(
            (kind, key), {"kind": kind, "iri": key, "results": [], "counts": {"violation": 0, "warning": 0, "info": 0}}
        )
        group["results"].append(result)
        group["counts"][result.severity] += 1
    order = {"element": 0, "aspect": 1, "other": 2}
    return sorted(
        groups.values(), key=lambda g: (order[g["kind"]], -g["counts"]["violation"], -g["counts"]["warning"], g["iri"])
    )


def report_context(report, title: str) -> dict:
    return {"report": report, "groups": grouped(report.results), "title": title}


def downloads(request: Request, report, title: str) -> dict[str, str]:
    standalone = (
        environment()
        .get_template("report_file.html")
        .render(**report_context(report, title), **_template_words(request))
    )
    return {
        "json": _data_uri(report.to_json(), "application/json"),
        "csv": _data_uri(report.to_csv(), "text/csv"),
        "ttl": _data_uri(report.to_rdf("turtle"), "text/turtle"),
        "html": _data_uri(standalone, "text/html"),
    }


def _template_words(request: Request) -> dict:
    from scra.web.pages import CSS_FILE

    lang = request_lang(request)
    words = section("web", lang)
    index = kg(request)
    return {
        "t": lambda key, **v: words[key].format(**v) if v else words[key],
        "lang": lang,
        "label": lambda term: index.label(term, lang),
        "label_lang": lambda term: index.label_lang(term, lang),
        "css": CSS_FILE.read_text(encoding="utf-8"),
        "link_base": str(request.base_url).rstrip("/"),
    }


@browser.get("/validate")
async def validate_form(request: Request):
    return render(request, "validate.html", formats=RDF_FORMATS, error=None, text="", syntax="turtle")


def _parse(documents: list) -> Graph:
    """RDF, workbooks, CSV sheets and ArchiMate files, read as the API reads them (scra.services.authoring)."""
    from scra.services.authoring import read_documents

    return read_documents(documents).graph


@browser.post("/validate")
async def validate_upload(request: Request):
    from scra.errors import InputError
    from scra.validation import validate

    lang = request_lang(request)
    form = await request.form(max_files=20, max_fields=20, max_part_size=MAX_UPLOAD)
    text, syntax = str(form.get("text") or ""), str(form.get("syntax") or "turtle")
    from scra.services.authoring import Document, kind_of

    documents: list[Document] = []
    try:
        for _key, value in form.multi_items():
            if isinstance(value, str) or not value.filename:
                continue
            name = re.sub(r"[^\w.\-]", "_", value.filename)
            data = await value.read()
            found = kind_of(name, data)
            if found is None:
                raise InputError(f"{name}: " + section("web", lang)["unknown_syntax"])
            documents.append(Document(name, found[0], data, found[1]))
        if text.strip():
            fmt = find_rdf_format(syntax)
            documents.append(Document("pasted-text", "rdf", text.encode("utf-8"), fmt.rdflib if fmt else "turtle"))
        if not documents:
            raise InputError(section("web", lang)["nothing_to_validate"])
        graph = await run_in_threadpool(_parse, documents)
        report = await run_in_threadpool(lambda: validate(graph, lang=lang))
    except InputError as exc:
        return render(
            request, "validate.html", status=400, formats=RDF_FORMATS, error=str(exc), text=text, syntax=syntax
        )
    title = ", ".join(d.source for d in documents)
    return render(
        request, "validation_report.html", **report_context(report, title), downloads=downloads(request, report, title)
    )


# ---------------------------------------------------------------- cities


@browser.get("/cities")
async def cities(request: Request):
    found = await run_in_threadpool(request.app.state.store.cities)
    return render(request, "cities.html", cities=found)


@browser.get("/cities/{city_id}")
async def city(request: Request, city_id: str = Path(pattern=CITY_ID)):
    from scra.report import report_for_city
    from scra.validation import validate

    store, lang = request.app.state.store, request_lang(request)
    known = {c["id"]: c for c in await run_in_threadpool(store.cities)}
    if city_id not in known:
        return not_found(request, city_id)

    def work():
        description = store.get_city(city_id)
        return report_for_city(store, city_id, lang=lang).to_dict(), validate(description, lang=lang)

    fmt = find_rdf_format(request.query_params.get("format") or "")
    if fmt is not None:
        from fastapi.responses import Response

        body = await run_in_threadpool(lambda: store.get_city(city_id).serialize(format=fmt.rdflib, encoding="utf-8"))
        return Response(
            body,
            media_type=f"{fmt.media_type}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{city_id}{fmt.extension}"'},
        )
    data, validation = await run_in_threadpool(work)
    rdf = {f.name: f"/cities/{city_id}?format={f.name}" for f in RDF_FORMATS if not f.dataset}
    return render(
        request,
        "city.html",
        city=known[city_id],
        data=data,
        validation=validation,
        groups=grouped(validation.results),
        rdf=rdf,
        downloads=downloads(request, validation, known[city_id]["label"]),
    )


# ---------------------------------------------------------------- named queries


def _choices(request: Request, query, param) -> list[tuple[str, str]] | None:
    """Choices for a parameter from the KG: cities for `city`, the two languages for `lang`, and for an
    IRI the individuals of the classes of the terms its default and description name (scra:x or scra:x-…)."""
    lang = request_lang(request)
    if param.type == "city":
        return [(c["id"], c["label"]) for c in request.app.state.store.cities()]
    if param.type == "string" and param.name == "lang":
        return [("en", "English"), ("ja", "日本語")]
    if param.type != "iri":
        return None
    index = kg(request)
    mentioned = re.findall(r"scra:([A-Za-z0-9_-]+(?:…|\.\.\.)?)", f"{param.default or ''} {param.description}")
    classes, prefixes = set(), []
    for name in mentioned:
        if name.endswith(("…", "...")):
            prefixes.append(SCRA_NS + name.rstrip(".…"))
        else:
            classes.update(index.types(SCRA_NS + name))
    found = {i for c in classes for i in index.instances(c)}
    found |= {s for s in index.out if any(s.startswith(p) for p in prefixes)}
    if not found:
        return None
    return sorted(
        ((f"scra:{i[len(SCRA_NS) :]}", index.label(i, lang)) for i in found if i.startswith(SCRA_NS)),
        key=lambda c: c[1].lower(),
    )


@browser.get("/queries")
async def query_list(request: Request):
    from scra.queries import list_queries

    return render(request, "queries.html", queries=list_queries())


@browser.get("/queries/{name}")
async def query_page(
    request: Request, name: str = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"), page: int = Query(1, ge=1)
):
    from scra.queries import get_query, prepare, run_query

    try:
        query = get_query(name)
    except KeyError:
        return not_found(request, name)
    store = request.app.state.store
    params = {k: v for k, v in request.query_params.items() if query.param(k) is not None and v != ""}
    choices = {p.name: await run_in_threadpool(_choices, request, query, p) for p in query.params}
    ran = "run" in request.query_params or bool(params)
    table, error, text = None, None, query.text
    fmt = request.query_params.get("format")
    if fmt in ("csv", "json", "tsv", "xml"):
        from fastapi.responses import Response

        from scra.formats import results_format

        try:
            body = await run_in_threadpool(lambda: run_query(store, query, params).serialize(fmt))
        except (ValueError, KeyError) as exc:
            return render(request, "error.html", status=400, what=str(exc))
        media = results_format(fmt).media_type
        return Response(
            body,
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
        )
    if ran:
        try:
            text = await run_in_threadpool(prepare, store, query, params)
            timeout = request.app.state.settings.query_timeout
            # a pyoxigraph result is read in the thread that made it
            table = await run_in_threadpool(lambda: _table(run_query(store, query, params, timeout=timeout)))
        except (ValueError, KeyError) as exc:
            error = str(exc)
    rows = table["rows"] if table else []
    pages_total = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages_total)
    return render(
        request,
        "query.html",
        query=query,
        params=params,
        choices=choices,
        error=error,
        text=text,
        table=table,
        shown=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages_total,
        ran=ran,
    )


SHOWN_PREFIXES = (
    "scra",
    "rdf",
    "rdfs",
    "owl",
    "skos",
    "dcterms",
    "xsd",
)  # declared by the first query; the named-query examples carry their own
TABLE_LIMIT = 10_000  # rows kept for the HTML table (the API and ?format= downloads are not capped here)


def _table(result) -> dict:
    if result.kind == "ask":
        return {"variables": ["boolean"], "rows": [{"boolean": {"kind": "literal", "value": str(bool(result))}}]}
    if result.kind == "graph":
        rows = [
            {"subject": _cell(t.subject), "predicate": _cell(t.predicate), "object": _cell(t.object)}
            for t in islice(result.triples(), TABLE_LIMIT)
        ]
        return {"variables": ["subject", "predicate", "object"], "rows": rows}
    variables = list(result.variables)
    rows = [{name: _cell(term) for name, term in row.items()} for row in islice(result.rows(terms=True), TABLE_LIMIT)]
    return {"variables": variables, "rows": rows}


def _cell(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", "value": term.value}
    if isinstance(term, ox.Literal):
        return {"kind": "literal", "value": term.value, "lang": term.language or ""}
    return {"kind": "literal", "value": str(term), "lang": ""}


# ---------------------------------------------------------------- SPARQL


@browser.get("/sparql")
async def sparql_page(
    request: Request, query: str | None = Query(None, max_length=100_000), page: int = Query(1, ge=1)
):
    from scra.queries import list_queries

    examples = [{"name": q.name, "title": q.title, "text": q.text} for q in list_queries()]
    table, error = None, None
    if query:
        from scra.errors import InputError, Unavailable
        from scra.http.errors import ApiError
        from scra.http.security import refuse_external_access

        store = request.app.state.store
        try:
            refuse_external_access(query)  # the API's guard: no SERVICE, LOAD or file access
            table = await run_in_threadpool(
                lambda: _table(store.query(query, timeout=request.app.state.settings.query_timeout))
            )
        except TypeError:
            error = section("web", request_lang(request))["not_a_select"]
        except ApiError as exc:
            error = exc.message
        except (InputError, Unavailable, ValueError, SyntaxError, OSError) as exc:
            error = str(exc)
    rows = table["rows"] if table else []
    pages_total = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages_total)
    default = (
        sparql_prefixes(*SHOWN_PREFIXES)
        + "\nSELECT ?standard ?label WHERE {\n  ?standard a scra:Standard ; rdfs:label ?label .\n} LIMIT 20\n"
    )
    return render(
        request,
        "sparql.html",
        query=query or default,
        examples=examples,
        table=table,
        error=error,
        shown=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages_total,
        prefixes=sparql_prefixes(),
    )
