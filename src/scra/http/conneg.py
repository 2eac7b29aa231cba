"""Content negotiation: Accept with q-values, chosen per kind of result (406 when nothing fits).

Each kind (SELECT/ASK results, RDF graphs, reports ...) offers its own media types in the server's
order of preference; `choose` returns the offered type the client rates highest, ties going to the
server's order. An absent or empty Accept means "anything" (the first offer).
"""

from __future__ import annotations

from functools import lru_cache

from scra import formats
from scra.http.errors import ApiError

# kind -> offered media types, best first (from scra.formats). Aliases are accepted and answered with the
# canonical type of the kind (application/json: JSON-LD for a graph, SPARQL results JSON otherwise).
SPARQL_RESULTS = formats.offers("select")
BOOLEAN_RESULTS = formats.offers("ask")
RDF_GRAPH = formats.offers("graph")
# the validation report: JSON (scra's own shape), the sh:ValidationReport in RDF, or a CSV table
REPORT = (
    "application/json",
    *(formats.rdf_format(n).media_type for n in ("turtle", "jsonld", "xml", "nt")),
    "text/csv",
)


def canonical(media_type: str, kind: tuple[str, ...]) -> str:
    if kind is REPORT:
        return media_type
    return formats.canonical_media_type(media_type, "graph" if kind is RDF_GRAPH else "select")


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[tuple[str, str, float, int], ...]:
    """[(type, subtype, q, order)] for each well-formed range; malformed ranges are skipped."""
    ranges = []
    for order, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        mtype, _, subtype = media.partition("/")
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append((mtype.strip(), subtype.strip(), q, order))
    return tuple(ranges)


def _rank(offer: str, ranges) -> tuple[float, int, int]:
    """(q, specificity, -client order) of the most specific range matching `offer` (RFC 9110 §12.5.1).

    q decides; at equal q a type the client named outranks one it only reached through a wildcard,
    then the client's own order decides, then (in `_choose`) the server's."""
    mtype, _, subtype = offer.partition("/")
    best, best_specificity, best_order = 0.0, -1, 0
    for rtype, rsub, q, order in ranges:
        if rtype == mtype and rsub == subtype:
            specificity = 2
        elif rtype == mtype and rsub == "*":
            specificity = 1
        elif rtype == "*" and rsub == "*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best, best_specificity, best_order = q, specificity, order
    return best, best_specificity, -best_order


def _quality(offer: str, ranges) -> float:
    return _rank(offer, ranges)[0]


@lru_cache(maxsize=1024)
def _choose(accept: str, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_rank = None, (0.0, -1, 0)
    for offer in offers:
        rank = _rank(offer, ranges)
        if rank[0] > 0 and rank > best_rank:
            best, best_rank = offer, rank
    return best


def choose(accept: str | None, offers: tuple[str, ...]) -> str:
    """The canonical media type to answer with, or ApiError(406) when nothing fits."""
    accept = (accept or "").strip()
    if not accept:
        return canonical(offers[0], offers)
    chosen = _choose(accept, offers)
    if chosen is None:
        raise ApiError(
            406,
            f"none of the acceptable media types ({accept[:200]}) can be produced here; "
            f"available: {', '.join(o for o in offers if canonical(o, offers) == o)}",
        )
    return canonical(chosen, offers)


def wants_html(accept: str | None) -> bool:
    """True when a browser asks: text/html rated above every RDF and JSON type."""
    if not accept:
        return False
    ranges = parse_accept(accept)
    html = _quality("text/html", ranges)
    return html > 0 and all(
        _quality(o, ranges) < html for o in ("text/turtle", "application/json", "application/ld+json")
    )
