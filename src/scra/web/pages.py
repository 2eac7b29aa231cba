"""What every page shares: the browser-only route class, the language of a request, the Jinja2
environment and `render` (one template per page, all extending ``base.html``).

A page at a URL the API also serves (``/``, ``/sparql``, ``/cities/{id}`` …) is registered with
:class:`BrowserRoute`: it matches only when the client prefers HTML (``scra.http.conneg.wants_html``), so
an API client's request falls through to the API route unchanged.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.routing import Match

from scra import __version__
from scra.http.conneg import wants_html
from scra.lang import DEFAULT_LANG, LANGUAGES, section
from scra.web.kgindex import KGIndex, curie, term_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSS_FILE = Path(__file__).resolve().parent / "static" / "scra.css"
LANG_COOKIE = "scra_lang"


class BrowserRoute(APIRoute):
    """A route that exists only for browsers (Accept prefers text/html)."""

    def matches(self, scope):
        if scope["type"] == "http":
            accept = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"accept"), "")
            if not wants_html(accept):
                return Match.NONE, {}
        return super().matches(scope)


def request_lang(request: Request) -> str:
    """?lang=, then the cookie the switch set, then Accept-Language, then English."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    best, best_q = DEFAULT_LANG, 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best


def kg(request: Request) -> KGIndex:
    """The knowledge-graph index of this application's store, built at first use."""
    state = request.app.state
    if getattr(state, "web_kg", None) is None:
        state.web_kg = KGIndex.from_store(state.store)
    return state.web_kg


def is_japanese(text: str) -> bool:
    """Whether a text is (partly) Japanese: a shape's "why" has no language tag left when it reaches us."""
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text or "")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(curie=curie, term_path=term_path, version=__version__, languages=LANGUAGES)
    env.filters["japanese"] = is_japanese
    return env


def url_with(request: Request, **changes) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    lang = request_lang(request)
    words = section("web", lang)

    def t(key: str, **values) -> str:
        text = words[key]
        return text.format(**values) if values else text

    index = kg(request)

    def label(term) -> str:
        return index.label(term, lang)

    def label_lang(term) -> str:
        return index.label_lang(term, lang)

    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            t=t,
            label=label,
            label_lang=label_lang,
            kg=index,
            url_with=lambda **c: url_with(request, **c),
            path=request.url.path,
            today=_dt.date.today().isoformat(),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status, headers={"Vary": "Accept, Accept-Language, Cookie"})
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


def not_found(request: Request, what: str) -> HTMLResponse:
    return render(request, "error.html", status=404, what=what)
