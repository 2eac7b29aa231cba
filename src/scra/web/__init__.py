"""The web application: pages for people, server-rendered with Jinja2, on the same service as the API.

`install(app)` adds them; call it before the API routers are included, so that a browser's request to a
URL the API also serves (``/``, ``/sparql``, ``/cities/{id}`` …) reaches the page (see
:class:`scra.web.pages.BrowserRoute`) and every other client's the API, unchanged.
A new page is one route (in ``browse.py`` or ``tools.py``, or a new module listed in ``ROUTERS``) and
one template extending ``templates/base.html``; its strings go to the ``web`` section of
``scra/messages/{en,ja}.json``.
"""

from __future__ import annotations

from fastapi import FastAPI

from scra.web import assets, browse, tools

ROUTERS = (browse.browser, browse.pages, tools.browser, tools.pages, assets.router)


def install(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    assets.mount(app)
