"""Named SPARQL queries (``queries/*.rq``): load, list, bind parameters, run.

``list_queries()`` gives the catalogue; ``run_rows(store, "standards-for-domain", {"domain":
"scra:domain-health"})`` runs one on a store and returns ``(variables, rows)``. Modules:
:mod:`~scra.queries.catalogue` (headers, the folder), :mod:`~scra.queries.binding` (values -> terms, the
VALUES block), :mod:`~scra.queries.running` (run_query, run_rows, compact).

Header format
-------------
Each ``.rq`` file starts with comment lines ``# key: value``; the first line that is not such a comment
ends the header::

    # title: Standards for a domain
    # description: Catalogue standards that serve a city service domain or any narrower domain.
    # param: domain (iri, default scra:domain-energy) — the domain
    # param: city (city, optional) — the city id in the store; all cities when absent
    # example: scra query standards-for-domain --param domain=scra:domain-health

``param: NAME (TYPE[, default VALUE | , optional]) — DESCRIPTION`` (``-`` also separates). A parameter
with neither a default nor ``optional`` is required. Types:

* ``iri``: ``scra:x`` (or another known prefix: rdfs, rdf, owl, skos, dcterms, xsd, sh), ``<…>`` or a full
  ``http(s)://`` / ``urn:`` IRI; binds ``?NAME``.
* ``string``: a plain literal; binds ``?NAME``.
* ``integer``: an ``xsd:integer`` literal; binds ``?NAME``.
* ``boolean``: ``true``/``false``; binds ``?NAME``.
* ``city``: a city id in the store (``jp-midsize-city``); binds ``?NAME_graph`` to the city's named graph
  and, if the query text uses ``?NAME``, ``?NAME`` to the city node (the ``scra:City`` of that graph that
  most resources point to with ``scra:ofCity``).

An optional parameter that is not given is left unbound.

Binding
-------
Values are never pasted into the query text as text: each is turned into an RDF term by pyoxigraph's term
constructors (which reject invalid IRIs and escape literals) and the terms are bound by a ``VALUES``
block inserted at the start of the outermost ``WHERE`` group. This works unchanged on the embedded store
and on any SPARQL 1.1 server. (pyoxigraph 0.5 also has ``substitutions=``, but it only substitutes
variables of the SELECT projection, so it cannot bind ``?city_graph``-style variables.)

Consequence for query authors: a parameter is bound in the outermost group, so a ``FILTER``/``BIND`` that
reads a parameter must sit in that group (or at the top of an ``OPTIONAL`` written in it), not inside a
``GRAPH``/``UNION`` sub-group, which SPARQL evaluates before the join. Triple patterns may use parameters
anywhere.
"""

from __future__ import annotations

from scra.errors import QueryError, UnknownQueryError
from scra.queries.binding import bind_values, bound_text, city_node, prepare, to_iri, values_block
from scra.queries.catalogue import PARAM_TYPES, NamedQuery, Param, get_query, list_queries, load_queries, parse_query
from scra.queries.running import compact, run_query, run_rows
from scra.store.memory import as_graph, memory_store
from scra.vocab import PREFIXES, SCRA_NS

# _city_node and _as_graph: the names scra.report imports (their homes: binding.city_node, store.memory)
_city_node = city_node
_as_graph = as_graph

__all__ = [
    "QueryError",
    "UnknownQueryError",
    "NamedQuery",
    "Param",
    "PARAM_TYPES",
    "parse_query",
    "load_queries",
    "list_queries",
    "get_query",
    "bind_values",
    "bound_text",
    "values_block",
    "prepare",
    "to_iri",
    "city_node",
    "run_query",
    "run_rows",
    "compact",
    "memory_store",
    "as_graph",
    "SCRA_NS",
    "PREFIXES",
]
