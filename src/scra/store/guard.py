"""The update guard: which SPARQL updates a client may send through :meth:`scra.store.Store.update`.

Only scra itself writes the knowledge graph, its closure and the meta graph; clients may write city
graphs, the default graph and graphs outside ``https://w3id.org/scra/graph/``.

    >>> check_update("INSERT DATA { GRAPH <https://w3id.org/scra/graph/city/demo> { <urn:a> <urn:b> 1 } }")
    >>> check_update("CLEAR GRAPH <https://w3id.org/scra/graph/kg>")
    Traceback (most recent call last):
    scra.errors.ReadOnlyGraphError: update refused: <https://w3id.org/scra/graph/kg> is read-only (the knowledge graph and the store's metadata change only through `scra` itself)
"""

from __future__ import annotations

from typing import Any

from scra.errors import ReadOnlyGraphError
from scra.sparqltext import strip_data_blocks
from scra.vocab import GRAPH_BASE, city_id_of

# Below this size the update is parsed as it is: reducing its data blocks would cost more than it saves.
_REDUCE_FROM = 4096


def check_update(sparql: str) -> None:
    """Refuse a SPARQL update that could write the knowledge graph, its closure or the meta graph.

    The update is parsed (rdflib's SPARQL 1.1 parser, which resolves PREFIX/BASE, so no spelling of an
    IRI slips through) and every operation's *target* graphs are checked:

    * INSERT/DELETE DATA, DELETE WHERE, DELETE/INSERT templates (and their WITH graph), DROP/CLEAR/CREATE,
      the target of ADD/COPY/MOVE and the source of MOVE must name a graph outside
      ``https://w3id.org/scra/graph/`` or a city graph; the default graph is allowed (nothing lives there);
    * ``GRAPH ?var`` in a template, ``DROP/CLEAR ALL|NAMED`` are refused: they could reach any graph;
    * ``LOAD`` is refused: the store never fetches URLs on a client's behalf;
    * an update the parser cannot read is refused (it could not be checked).

    Reading the knowledge graph in a WHERE clause, or copying from it, is fine. Large updates have the
    triples of their INSERT/DELETE DATA blocks dropped first (:func:`scra.sparqltext.strip_data_blocks`),
    so that rdflib's slow parser reads only the graph names.
    """
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    text = sparql if len(sparql) < _REDUCE_FROM else strip_data_blocks(sparql)
    try:
        parsed = translateUpdate(parseUpdate(text))
    except Exception as exc:
        message = " ".join(str(exc).split())[:300]
        raise ReadOnlyGraphError(
            f"update refused: it could not be parsed to check which graphs it writes ({message})"
        ) from None

    # CompValue.get() does not behave like dict.get(); dict.get() is used on purpose
    # an update with no operation (only comments or prologue) translates to a plain empty list
    for op in getattr(parsed, "algebra", None) or ():
        name = op.name
        if name == "Load":
            raise ReadOnlyGraphError("update refused: LOAD would fetch a URL; upload the data instead")
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            for graph in dict.get(op, "quads") or {}:
                _target(graph, name)
        elif name == "Modify":
            with_graph = dict.get(op, "withClause")
            for part in ("delete", "insert"):
                template = dict.get(op, part)
                if template is None:
                    continue
                if dict.get(template, "triples"):
                    _target(with_graph, "WITH")
                for graph in dict.get(template, "quads") or {}:
                    _target(graph, f"the {part.upper()} template")
        elif name in ("Drop", "Clear", "Create"):
            _target(dict.get(op, "graphiri"), name.upper())
        elif name in ("Add", "Copy", "Move"):
            graphs: Any = dict.get(op, "graph")
            source, dest = graphs
            _target(dest, name.upper())
            if name == "Move":
                _target(source, "MOVE (its source is dropped)")
        else:
            raise ReadOnlyGraphError(f"update refused: unknown operation {name}")


def _target(graph: Any, what: str) -> None:
    """Refuse ``graph`` as the target of ``what`` unless a client may write it."""
    from rdflib.term import Variable

    if graph is None or graph == "DEFAULT":
        return
    if graph in ("ALL", "NAMED"):
        raise ReadOnlyGraphError(
            f"update refused: {what} {graph} would also reach the knowledge graph; name the graph(s) to change"
        )
    if isinstance(graph, Variable):
        raise ReadOnlyGraphError(
            f"update refused: GRAPH ?{graph} in {what} could reach the knowledge graph; name the graph(s) to change"
        )
    iri = str(graph)
    if iri.startswith(GRAPH_BASE) and city_id_of(iri) is None:
        raise ReadOnlyGraphError(
            f"update refused: <{iri}> is read-only (the knowledge graph and the "
            "store's metadata change only through `scra` itself)"
        )
