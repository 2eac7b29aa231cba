"""Query results in the negotiated media type, written by scra.services.serialize (natively, by
pyoxigraph, or a remote server's bytes passed through; a SELECT capped by SCRA_RESULT_LIMIT reads only
its first N solutions)."""

from __future__ import annotations

import pyoxigraph as ox

from scra.formats import find_rdf_format, find_results_format, rdf_format
from scra.http import conneg
from scra.services import Serialized, serialize


def negotiated(result, media: str, accept: str | None, limit: int | None = None) -> Serialized:
    """``result`` in ``media``, the type negotiated for the form predicted from the query text; if the
    result's real form differs (or ``media`` cannot carry it), negotiate again for the real one."""
    kind = result.kind
    if kind == "graph":
        if find_rdf_format(media) is None:
            media = conneg.choose(accept, conneg.RDF_GRAPH)
    else:
        found = find_results_format(media)
        if found is None or (kind == "ask" and found.name in ("csv", "tsv")):
            media = conneg.choose(accept, conneg.SPARQL_RESULTS if kind == "select" else conneg.BOOLEAN_RESULTS)
    return serialize(result, media, limit=limit)


def serialize_triples(triples, media: str) -> bytes:
    """pyoxigraph Triples (e.g. Store.graph_triples) in an RDF media type."""
    fmt = rdf_format(media)
    if fmt.dataset:
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return ox.serialize(triples, None, fmt.oxigraph) or b""
