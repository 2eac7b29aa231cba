"""SPARQL 1.1 Protocol: query at /sparql (GET, POST form, POST direct), update at /update (and POST
/sparql, as one endpoint, like Fuseki's), and the service description for GET /sparql without a query.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from scra.errors import ReadOnlyGraphError, ScraError
from scra.formats import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES, rdf_format
from scra.http import conneg
from scra.http.errors import ApiError, syntax_error
from scra.http.offload import off_loop
from scra.http.querypool import writing
from scra.http.results import negotiated
from scra.http.security import check_token, refuse_external_access
from scra.sparqltext import keywords
from scra.vocab import KG_GRAPHS, RDFS_NS, SCRA_NS

router = APIRouter(tags=["SPARQL"])

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
FORM = "application/x-www-form-urlencoded"
# Relative IRIs in a request resolve against this base (the protocol lets the service choose it). It is
# put in front of the user's text on the same line, so line numbers in syntax errors stay right.
BASE_IRI = "https://w3id.org/scra/sparql/"
_BASE = f"BASE <{BASE_IRI}> "
ABSOLUTE_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*$')

_QUERY_PARAMS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "A SPARQL 1.1 query. Without it, GET answers the service description.",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
]
_UPDATE_PARAMS = [
    {
        "name": "using-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
    {
        "name": "using-named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
]
_RESULT_TYPES: dict[str, dict] = {t: {} for t in RESULTS_MEDIA_TYPES + GRAPH_MEDIA_TYPES}
_QUERY_BODY = {
    "content": {
        FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}, "update": {"type": "string"}}}},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    }
}
_UPDATE_BODY = {
    "content": {
        FORM: {"schema": {"type": "object", "properties": {"update": {"type": "string"}}, "required": ["update"]}},
        "application/sparql-update": {"schema": {"type": "string"}},
    }
}


# ---------------------------------------------------------------- parameters and bodies


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ApiError(400, f"more than one '{name}' parameter: send exactly one")
    return values[0] if values else None


def check_iri(value: str, name: str) -> str:
    """`value` if it is an absolute IRI that the store accepts (pyoxigraph's IRI parser is the judge)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise ApiError(400, f"'{name}' must be an absolute IRI, got '{value[:200]}' ({exc})") from None
    if not ABSOLUTE_IRI.match(value):
        raise ApiError(400, f"'{name}' must be an absolute IRI, got '{value[:200]}'")
    return value


def _iris(params: list[tuple[str, str]], name: str) -> list[str]:
    return [check_iri(v, name) for k, v in params if k == name]


def _media_type(request: Request) -> tuple[str, str | None]:
    header = request.headers.get("content-type", "")
    media, _, rest = header.partition(";")
    charset = None
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _text(body: bytes, charset: str | None, what: str) -> str:
    if charset and charset not in ("utf-8", "utf8"):
        raise ApiError(400, f"the {what} must be UTF-8 (got charset={charset})", "bad_encoding")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {what} is not valid UTF-8 (byte {exc.start})", "bad_encoding") from None


async def _form(request: Request, charset: str | None) -> list[tuple[str, str]]:
    text = _text(await request.body(), charset, "form body")
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"malformed form body: {exc}") from None


def _url_params(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


# ---------------------------------------------------------------- query


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (None if neither); ApiError(400) for an update."""
    for word, depth, _offset in keywords(text):
        if depth == 0 and word in QUERY_FORMS:
            return word
        if depth == 0 and word in UPDATE_WORDS:
            raise ApiError(400, f"this is a SPARQL update ({word}), not a query: POST it to /update", "not_a_query")
    return None


def _offers(form: str | None) -> tuple[str, ...]:
    if form in ("CONSTRUCT", "DESCRIBE"):
        return conneg.RDF_GRAPH
    if form == "ASK":
        return conneg.BOOLEAN_RESULTS
    return conneg.SPARQL_RESULTS


async def run_query(request: Request, text: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    if not text.strip():
        raise ApiError(400, "the query is empty")
    refuse_external_access(text)
    form = query_form(text)
    accept = request.headers.get("accept")
    media = conneg.choose(accept, _offers(form))
    store, settings = request.app.state.store, request.app.state.settings
    pool = getattr(request.app.state, "query_pool", None)
    if pool is not None:  # the embedded store: in a worker process that is killed at the time limit
        kwargs = {"default_graph_uris": default_graphs or None, "named_graph_uris": named_graphs or None}
        with evaluation_errors("query"):
            try:
                out = await pool.run(_BASE + text, kwargs, media, accept, settings.result_limit, settings.query_timeout)
            except SyntaxError as exc:
                raise syntax_error(exc, shift=len(_BASE)) from None
        return _answer(out, settings)

    def work():
        with evaluation_errors("query"):
            try:
                if not isinstance(store, ox_backed()):
                    # a remote server: SPARQL 1.1 syntax is checked here, so that every engine reports a syntax
                    # error the same way (line and column) and nothing but SPARQL 1.1 is forwarded
                    import pyoxigraph as ox

                    ox.Store().query(_BASE + text)  # parses; evaluation is lazy and on nothing
                result = store.query(
                    _BASE + text,
                    default_graph_uris=default_graphs or None,
                    named_graph_uris=named_graphs or None,
                    timeout=settings.query_timeout,
                )
            except SyntaxError as exc:
                raise syntax_error(exc, shift=len(_BASE)) from None
            return negotiated(result, media, accept, settings.result_limit)

    return _answer(await off_loop(work, settings.query_timeout), settings)


def ox_backed() -> tuple[type, ...]:
    from scra.store import EmbeddedStore

    return (EmbeddedStore,)


def _answer(out, settings) -> Response:
    headers = {"Vary": "Accept"}
    if out.truncated:
        headers["X-Scra-Result-Limit"] = str(settings.result_limit)  # more rows exist than were sent
    return Response(out.body, media_type=_with_charset(out.media_type), headers=headers)


@contextmanager
def evaluation_errors(what: str):
    """pyoxigraph reports evaluation failures (CLEAR of a missing graph, …) as RuntimeError/OSError/
    ValueError: those are the request's fault (400). scra's own errors (store outages, time limits …)
    pass through."""
    try:
        yield
    except (ScraError, TimeoutError, ApiError, SyntaxError):
        raise
    except (RuntimeError, OSError, ValueError) as exc:
        raise ApiError(400, f"the {what} failed: {' '.join(str(exc).split())[:500]}", f"{what}_failed") from None


def _with_charset(media: str) -> str:
    return media if "charset" in media else f"{media}; charset=utf-8"


# ---------------------------------------------------------------- update


def apply_using(text: str, using: list[str], using_named: list[str]) -> str:
    """Add the protocol's USING / USING NAMED to every DELETE/INSERT … WHERE operation.

    The protocol forbids combining them with USING or WITH in the request (400)."""
    if not using and not using_named:
        return text
    words = keywords(text)
    if any(depth == 0 and word in ("USING", "WITH") for word, depth, _ in words):
        raise ApiError(
            400,
            "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update itself",
            "dataset_conflict",
        )
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    inserts = []
    for i, (word, depth, offset) in enumerate(words):
        if depth == 0 and word == "WHERE":
            if i > 0 and words[i - 1][0] == "DELETE":
                raise ApiError(
                    400,
                    "using-graph-uri / using-named-graph-uri cannot be applied to DELETE WHERE; "
                    "write it as DELETE { … } WHERE { … }",
                    "dataset_conflict",
                )
            inserts.append(offset)
    for offset in reversed(inserts):
        text = text[:offset] + clause + text[offset:]
    return text


async def run_update(request: Request, text: str, params: list[tuple[str, str]]) -> Response:
    settings = request.app.state.settings
    check_token(request.headers.get("authorization"), settings.token)
    if not text.strip():
        raise ApiError(400, "the update is empty")
    refuse_external_access(text)
    for word, depth, _ in keywords(text):
        if depth == 0 and word in QUERY_FORMS:
            raise ApiError(400, f"this is a SPARQL query ({word}), not an update: send it to /sparql", "not_an_update")
        if depth == 0:
            break
    text = apply_using(text, _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri"))
    store = request.app.state.store
    if not any(depth == 0 and word in UPDATE_WORDS for word, depth, _ in keywords(text)):
        # No operation at all (only a prologue or comments): valid SPARQL and a no-op, or a syntax error.
        # Checked on an empty in-memory store; the store's graph guard is not needed for it.
        import pyoxigraph as ox

        try:
            ox.Store().update(_BASE + text)
        except SyntaxError as exc:
            raise syntax_error(exc, "update", shift=len(_BASE)) from None
        return Response(status_code=204)

    def work() -> None:
        try:
            with evaluation_errors("update"):
                store.update(_BASE + text, timeout=settings.query_timeout)
        except SyntaxError as exc:
            raise syntax_error(exc, "update", shift=len(_BASE)) from None
        except ReadOnlyGraphError as exc:
            if "could not be parsed" in str(exc):  # the store's guard parses first: a syntax error
                raise ApiError(400, f"update syntax error: {exc}", "syntax_error") from None
            raise

    await off_loop(writing(request, work), settings.query_timeout, "update")
    return Response(status_code=204)


# ---------------------------------------------------------------- routes


async def _dispatch_post(request: Request, allow_query: bool) -> Response:
    media, charset = _media_type(request)
    url_params = _url_params(request)
    if media == FORM:
        params = url_params + await _form(request, charset)
        query = _single(params, "query") if allow_query else None
        update = _single(params, "update")
        if query is not None and update is not None:
            raise ApiError(400, "send either 'query' or 'update', not both")
        if query is not None:
            return await run_query(request, query, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"))
        if update is not None:
            return await run_update(request, update, params)
        raise ApiError(400, "the form has no 'query' or 'update' field" if allow_query else "the form has no 'update'")
    if media == "application/sparql-query" and allow_query:
        if any(k == "query" for k, _ in url_params):
            raise ApiError(400, "a direct POST carries the query in the body; do not also send 'query' in the URL")
        text = _text(await request.body(), charset, "query")
        return await run_query(
            request, text, _iris(url_params, "default-graph-uri"), _iris(url_params, "named-graph-uri")
        )
    if media == "application/sparql-update":
        text = _text(await request.body(), charset, "update")
        return await run_update(request, text, url_params)
    accepted = (
        f"{FORM}, application/sparql-query or application/sparql-update"
        if allow_query
        else f"{FORM} or application/sparql-update"
    )
    raise ApiError(415, f"unsupported Content-Type '{media or '(none)'}': use {accepted}")


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description without a query",
    openapi_extra={
        "parameters": _QUERY_PARAMS,
        "responses": {"200": {"content": _RESULT_TYPES, "description": "results"}},
    },
)
async def sparql_get(request: Request) -> Response:
    params = _url_params(request)
    if any(k == "update" for k, _ in params):
        raise ApiError(400, "SPARQL update is not allowed with GET: POST it to /update", "update_via_get")
    query = _single(params, "query")
    if query is None:
        return service_description(request)
    return await run_query(request, query, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"))


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or direct); updates too, with the token",
    openapi_extra={
        "parameters": _QUERY_PARAMS + _UPDATE_PARAMS,
        "requestBody": _QUERY_BODY,
        "responses": {"200": {"content": _RESULT_TYPES, "description": "results"}},
    },
)
async def sparql_post(request: Request) -> Response:
    return await _dispatch_post(request, allow_query=True)


@router.post(
    "/update",
    summary="SPARQL 1.1 Update (needs Authorization: Bearer <token>)",
    status_code=204,
    openapi_extra={"parameters": _UPDATE_PARAMS, "requestBody": _UPDATE_BODY},
)
async def update_post(request: Request) -> Response:
    return await _dispatch_post(request, allow_query=False)


# ---------------------------------------------------------------- service description


def service_description(request: Request) -> Response:
    accept = request.headers.get("accept")
    if conneg.wants_html(accept):
        return HTMLResponse(_html_page(str(request.url_for("sparql_get"))))
    media = conneg.choose(accept, conneg.RDF_GRAPH)
    endpoint = str(request.url_for("sparql_get"))
    return Response(_description(endpoint, media), media_type=_with_charset(media), headers={"Vary": "Accept"})


@lru_cache(maxsize=16)
def _description(endpoint: str, media: str) -> bytes:
    from rdflib import BNode, Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    FORMATS = Namespace("http://www.w3.org/ns/formats/")
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = BNode("service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    for lang in (SD.SPARQL11Query, SD.SPARQL11Update):
        graph.add((service, SD.supportedLanguage, lang))
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    ):
        graph.add((service, SD.resultFormat, FORMATS[fmt]))
    # no sd:BasicFederatedQuery: SERVICE is refused on purpose
    dataset = BNode("dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    for iri in KG_GRAPHS:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(iri)))
    return graph.serialize(format=rdf_format(media).rdflib, encoding="utf-8")


def _html_page(endpoint: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scra SPARQL endpoint</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto}}textarea{{width:100%;height:14rem;font-family:monospace}}</style>
</head><body><h1>scra SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol endpoint: <code>{endpoint}</code>. Results as JSON, XML, CSV, TSV, or RDF by <code>Accept</code>.</p>
<form method="get" action="{endpoint}"><textarea name="query">PREFIX scra: &lt;{SCRA_NS}&gt;
PREFIX rdfs: &lt;{RDFS_NS}&gt;
SELECT ?term ?label WHERE {{ ?term rdfs:label ?label FILTER(lang(?label) = "en") }} LIMIT 20</textarea>
<p><button type="submit">Run query</button></p></form><p><a href="/docs">API documentation</a></p></body></html>"""
