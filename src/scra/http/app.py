"""The scra HTTP service: `create_app(settings)` builds the FastAPI application.

One router per concern (sparql, graph_store, validate, cities, queries, terms); errors, limits and
security live in their own modules. The store is opened once per process and shared by all requests.
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from scra import __version__, web
from scra.http import cities, errors, graph_store, queries, sparql, terms, validate
from scra.http.limits import EdgeMiddleware
from scra.http.offload import off_loop, running
from scra.http.settings import Settings

DESCRIPTION = """The Smart City Reference Architecture knowledge graph over HTTP.

* **SPARQL 1.1** query at `/sparql`, update at `/update`, Graph Store Protocol at `/graph-store`
* **Validation** of a city description at `/validate`; **cities** kept in the store at `/cities`
* **Terms** at `/terms/{name}` and label search at `/search`; named queries at `/queries`

Reading is open. Writing needs `Authorization: Bearer <token>` (403 when the server has no token).
Every error is JSON: `{"error", "message", "line"?, "column"?}`."""


def create_app(settings: Settings | None = None, store=None) -> FastAPI:
    """The application over `store`, or over the store the settings name (opened here, closed at shutdown)."""
    settings = settings or Settings.from_env()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.query_pool is not None:
            app.state.query_pool.prestart(2)
        yield
        if app.state.query_pool is not None:
            app.state.query_pool.close()
        if owned:
            app.state.store.close()  # flushes the embedded store

    app = FastAPI(
        title="scra", version=__version__, description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None
    )  # /docs and /redoc: scra.web, with local assets
    app.state.settings = settings
    app.state.store = store if store is not None else settings.store.open()  # loads the KG if it changed
    app.state.query_pool = _query_pool(app.state.store, settings)
    errors.install(app)
    web.install(app)  # pages for browsers first: they match only requests that prefer HTML
    for module in (sparql, graph_store, validate, cities, queries, terms):
        app.include_router(module.router)

    @app.get("/health", tags=["Service"], summary="Liveness and store check")
    async def health(request: Request) -> JSONResponse:
        ok = await off_loop(lambda: bool(request.app.state.store.query("ASK {}")), 5.0, "health check")
        pool = request.app.state.query_pool
        return JSONResponse(
            {
                "status": "ok" if ok else "degraded",
                "version": __version__,
                "store": settings.store.describe(),
                "running": running() + (pool.running if pool is not None else 0),
                **({"queries": pool.stats()} if pool is not None else {}),
                "writes": "enabled" if settings.token else "disabled",
            }
        )

    @app.get("/", tags=["Service"], summary="What is served here")
    async def index() -> JSONResponse:
        return JSONResponse(
            {
                "name": "scra",
                "version": __version__,
                "endpoints": {
                    "sparql": "/sparql",
                    "update": "/update",
                    "graph_store": "/graph-store",
                    "validate": "/validate",
                    "cities": "/cities",
                    "queries": "/queries",
                    "terms": "/terms/{name}",
                    "search": "/search?q=",
                    "health": "/health",
                    "docs": "/docs",
                    "openapi": "/openapi.json",
                },
            }
        )

    app.add_middleware(EdgeMiddleware, max_body=settings.max_body, cors_origins=settings.cors_origins)
    # What start-up loaded (the knowledge graph as rdflib objects, module state) lives as long as the
    # process: keep the cyclic GC from walking it again and again while requests are served.
    gc.collect()
    gc.freeze()
    return app


def _query_pool(store, settings: Settings):
    """Worker processes for /sparql queries when the store is embedded (scra.http.querypool)."""
    from scra.store import EmbeddedStore

    if not isinstance(store, EmbeddedStore) or settings.query_workers <= 0:
        return None
    from scra.http.querypool import QueryPool

    pool = QueryPool(str(store.path), size_max=settings.query_workers)
    if settings.heavy_queries:
        pool.heavy_max = settings.heavy_queries
    return pool


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` (used by `scra serve`, also with several workers)."""
    return create_app(Settings.from_env())
