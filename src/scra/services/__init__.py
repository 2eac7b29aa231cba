"""The business rules shared by the command line and the HTTP service.

``scra.cli`` and ``scra.http`` parse their arguments, call one of these and render the outcome; they
decide nothing themselves. Errors are the classes of :mod:`scra.errors`, which each front end maps in
one place (``scra.cli.main``, ``scra.http.errors.install``).

* :func:`choose_store` — which store a command or the server uses (the one precedence rule)
* :func:`store_city` — validate a description, refuse it on violations unless forced, store it
* :func:`read_files`, :func:`read_documents`, :func:`export_description` — workbooks, CSV sheets and
  ArchiMate models in and out (scra.authoring)
* :func:`load_query`, :func:`run_query`, :func:`serialize` — run a named query and write its result
* :func:`indicator_view`, :func:`indicator_view_for_file`, :func:`format_view` — a city's U4SSC KPI coverage
"""

from __future__ import annotations

from scra.services.authoring import Document, Imported, export_description, read_documents, read_files
from scra.services.cities import StoredCity, check_city_id, store_city
from scra.services.indicators import format_view, indicator_view, indicator_view_for_file
from scra.services.queries import Serialized, load_query, run_query, serialize
from scra.services.stores import StoreChoice, choose_store

__all__ = [
    "Document",
    "Imported",
    "Serialized",
    "StoreChoice",
    "StoredCity",
    "check_city_id",
    "choose_store",
    "export_description",
    "format_view",
    "indicator_view",
    "indicator_view_for_file",
    "load_query",
    "read_documents",
    "read_files",
    "run_query",
    "serialize",
    "store_city",
]
