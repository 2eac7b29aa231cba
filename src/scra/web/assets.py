"""Static files: scra's own CSS/JS (``static/``) and the npm packages `make install` put in
``node_modules/`` (YASGUI, Swagger UI, ReDoc, axe-core), served by scra itself: no page loads anything
from another host. `/docs` and `/redoc` are FastAPI's pages pointed at these local copies."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
# SCRA_WEB_ASSETS names another node_modules folder (an installed wheel has none beside it)
NODE_MODULES = Path(os.environ.get("SCRA_WEB_ASSETS") or Path(__file__).resolve().parents[3] / "node_modules")
VENDOR = {  # URL folder -> folder inside node_modules
    "yasgui": "@zazuko/yasgui/build",
    "swagger-ui": "swagger-ui-dist",
    "redoc": "redoc/bundles",
    "axe-core": "axe-core",
}
router = APIRouter(include_in_schema=False)
FAVICON = "/static/scra/favicon.svg"


def mount(app: FastAPI) -> None:
    app.mount("/static/scra", StaticFiles(directory=STATIC), name="web-static")
    for name, folder in VENDOR.items():
        app.mount(
            f"/static/vendor/{name}",
            StaticFiles(directory=NODE_MODULES / folder, check_dir=False),
            name=f"vendor-{name}",
        )


def installed() -> bool:
    return all((NODE_MODULES / folder).is_dir() for folder in VENDOR.values())


@router.get("/docs")
async def swagger(request: Request):
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        oauth2_redirect_url="/docs/oauth2-redirect",
    )


@router.get("/docs/oauth2-redirect")
async def swagger_redirect():
    return get_swagger_ui_oauth2_redirect_html()


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    # ReDoc draws its "powered by" logo from its CDN: point it at scra's own icon instead
    text = (NODE_MODULES / VENDOR["redoc"] / "redoc.standalone.js").read_bytes()
    return text.replace(b"https://cdn.redoc.ly/redoc/logo-mini.svg", FAVICON.encode())


@router.get("/static/vendor/redoc/redoc.standalone.js")
async def redoc_bundle() -> Response:
    try:
        body = _redoc_bundle()
    except OSError:
        return Response("ReDoc is not installed: run `make install`", status_code=404, media_type="text/plain")
    return Response(body, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@router.get("/redoc")
async def redoc(request: Request):
    return get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API",
        redoc_js_url="/static/vendor/redoc/redoc.standalone.js",
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
