"""Term pages: /terms/{name} (HTML for a browser; Turtle, JSON-LD … by content negotiation) and
/search?q=…&lang=en|ja (label search). Read from the knowledge graph in the store."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from scra.formats import rdf_format
from scra.http import conneg
from scra.http.errors import ApiError
from scra.http.offload import off_loop
from scra.http.results import negotiated
from scra.http.sparqlrows import literal, rows
from scra.http.validate import Lang
from scra.lang import pick
from scra.vocab import DCTERMS_NS as DCT
from scra.vocab import KG_GRAPH, compact
from scra.vocab import RDFS_NS as RDFS
from scra.vocab import SCRA_NS as SCRA
from scra.vocab import SKOS_NS as SKOS

router = APIRouter(tags=["Terms"])

TERM_NAME = r"^[A-Za-z_][A-Za-z0-9_.\-]{0,199}$"
LABELS = (f"{RDFS}label", f"{SKOS}prefLabel")
DEFINITIONS = (f"{SKOS}definition", f"{RDFS}comment", f"{DCT}description")
SOURCES = (f"{DCT}source", f"{RDFS}isDefinedBy", f"{RDFS}seeAlso")


def _facts(store, iri: str) -> dict:
    out = rows(
        store.query(
            f"SELECT ?p ?o ?olabel WHERE {{ <{iri}> ?p ?o "
            f"OPTIONAL {{ ?o <{RDFS}label> ?olabel FILTER(lang(?olabel) = 'en') }} }}",
            default_graph_uris=[KG_GRAPH],
        )
    )
    inbound = rows(
        store.query(
            f"SELECT ?s ?p ?slabel WHERE {{ ?s ?p <{iri}> "
            f"OPTIONAL {{ ?s <{RDFS}label> ?slabel FILTER(lang(?slabel) = 'en') }} }} LIMIT 500",
            default_graph_uris=[KG_GRAPH],
        )
    )
    return {"out": out, "in": inbound}


def _values(facts: dict, predicates) -> list[dict]:
    return [r["o"] for r in facts["out"] if r["p"]["value"] in predicates]


def _by_tag(values: list[dict]) -> dict[str, str]:
    """{language tag ('' untagged): text}, the first value of each tag."""
    found: dict[str, str] = {}
    for value in values:
        found.setdefault(value.get("xml:lang") or "", value["value"])
    return found


def _link(value: dict, label: dict | None = None) -> str:
    if value["type"] != "uri":
        tag = f' <span class="lang">@{escape(value["xml:lang"])}</span>' if value.get("xml:lang") else ""
        return escape(value["value"]) + tag
    iri = value["value"]
    text = escape(label["value"] if label else compact(iri))
    href = "/terms/" + iri[len(SCRA) :] if iri.startswith(SCRA) else iri
    return f'<a href="{escape(href)}" title="{escape(iri)}">{text}</a>'


def _page(name: str, iri: str, facts: dict) -> str:
    labels, definitions = _by_tag(_values(facts, LABELS)), _by_tag(_values(facts, DEFINITIONS))
    # English (scra.lang's fallbacks) as the heading; the Japanese line only when there is Japanese text
    label_en, label_ja = pick(labels, "en") or name, labels.get("ja", "")
    rows_out = "".join(
        f"<tr><td>{_link(r['p'])}</td><td>{_link(r['o'], r.get('olabel'))}</td></tr>"
        for r in sorted(facts["out"], key=lambda r: (r["p"]["value"], r["o"]["value"]))
    )
    rows_in = "".join(
        f"<tr><td>{_link(r['s'], r.get('slabel'))}</td><td>{_link(r['p'])}</td></tr>"
        for r in sorted(facts["in"], key=lambda r: (r["p"]["value"], r["s"]["value"]))
    )
    sources = "".join(f"<li>{_link(v)}</li>" for v in _values(facts, SOURCES)) or "<li>—</li>"
    definition_en, definition_ja = escape(pick(definitions, "en")) or "—", escape(definitions.get("ja", "")) or "—"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(label_en)} — scra</title>
<link rel="alternate" type="text/turtle" href="/terms/{escape(name)}?format=ttl">
<style>body{{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}td{{border-top:1px solid #ddd;padding:.3rem;vertical-align:top}}
.iri{{color:#555;font-family:monospace}}.lang{{color:#888;font-size:.8em}}</style></head><body>
<h1>{escape(label_en)}</h1>
<p lang="ja"><strong>{escape(label_ja) or "—"}</strong> <span class="lang">(日本語)</span></p>
<p class="iri">{escape(iri)}</p>
<h2>Definition</h2><p>{definition_en}</p><p lang="ja">{definition_ja}</p>
<h2>Source</h2><ul>{sources}</ul>
<h2>Links out</h2><table>{rows_out}</table>
<h2>Links in</h2><table>{rows_in or "<tr><td>—</td></tr>"}</table>
<p><a href="/search">search</a> · <a href="/sparql">SPARQL</a> · <a href="/docs">API</a></p></body></html>"""


@router.get(
    "/terms/{name}",
    summary="A term of the knowledge graph: HTML page or RDF by content negotiation",
    responses={200: {"content": {"text/html": {}, "text/turtle": {}, "application/ld+json": {}}}},
)
async def term(
    request: Request,
    name: str = Path(pattern=TERM_NAME),
    format: str | None = Query(None, pattern="^(ttl|nt|jsonld|rdf|html)$", description="override content negotiation"),
) -> Response:
    iri = SCRA + name
    store, settings = request.app.state.store, request.app.state.settings
    # ?format= names a syntax of scra.formats (or html) and overrides the Accept header
    accept = (
        ("text/html" if format == "html" else rdf_format(format).media_type)
        if format
        else request.headers.get("accept")
    )
    html = accept == "text/html" or conneg.wants_html(accept)
    media = None if html else conneg.choose(accept, conneg.RDF_GRAPH)
    exists = await off_loop(
        lambda: bool(store.query(f"ASK {{ <{iri}> ?p ?o }}", default_graph_uris=[KG_GRAPH])), settings.query_timeout
    )
    if not exists:
        raise ApiError(404, f"no term scra:{name} in the knowledge graph")
    if html:
        facts = await off_loop(lambda: _facts(store, iri), settings.query_timeout)
        return HTMLResponse(_page(name, iri, facts), headers={"Vary": "Accept"})

    def work():
        result = store.query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", default_graph_uris=[KG_GRAPH])
        return negotiated(result, media, accept)

    out = await off_loop(work, settings.query_timeout)
    return Response(out.body, media_type=f"{out.media_type}; charset=utf-8", headers={"Vary": "Accept"})


@router.get("/search", summary="Search the knowledge graph's terms by label")
async def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200),
    lang: Lang | None = None,
    limit: int = Query(20, ge=1, le=200),
) -> JSONResponse:
    store, settings = request.app.state.store, request.app.state.settings
    lang_filter = f"FILTER(lang(?label) = {literal(lang.value)})" if lang else ""
    query = f"""SELECT DISTINCT ?term ?label WHERE {{
        VALUES ?p {{ <{RDFS}label> <{SKOS}prefLabel> <{SKOS}altLabel> }}
        ?term ?p ?label . FILTER(isIRI(?term) && STRSTARTS(STR(?term), {literal(SCRA)}))
        FILTER(CONTAINS(LCASE(STR(?label)), LCASE({literal(q)}))) {lang_filter} }}"""
    found = await off_loop(lambda: rows(store.query(query, default_graph_uris=[KG_GRAPH])), settings.query_timeout)
    needle = q.lower()
    best: dict[str, tuple] = {}
    for row in found:
        text, iri = row["label"]["value"], row["term"]["value"]
        rank = 0 if text.lower() == needle else 1 if text.lower().startswith(needle) else 2
        key = (rank, len(text), text)
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, row["label"])
    hits = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
    return JSONResponse(
        {
            "query": q,
            "lang": lang.value if lang else None,
            "count": len(hits),
            "results": [
                {
                    "iri": iri,
                    "name": iri[len(SCRA) :],
                    "label": label["value"],
                    "lang": label.get("xml:lang"),
                    "page": f"/terms/{iri[len(SCRA) :]}",
                }
                for iri, (_key, label) in hits
            ],
        }
    )
