"""Reading pages: home, the reference architectures and catalogues to browse, the standards catalogue
with filters, term pages and search. All read the KG index (scra.web.kgindex)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Path, Query, Request

from scra.vocab import PREFIXES, SCRA_NS
from scra.web.kgindex import DCT, DEFINITIONS, LABELS, OWL, RDF_TYPE, SKOS, SOURCES, KGIndex, Lit
from scra.web.pages import BrowserRoute, kg, not_found, render, request_lang

S = SCRA_NS
browser = APIRouter(route_class=BrowserRoute, include_in_schema=False)  # URLs the API also answers
pages = APIRouter(include_in_schema=False)  # HTML-only URLs
PAGE_SIZE = 20


@dataclass(frozen=True)
class Group:
    title: str  # key in the "web" messages
    classes: tuple[str, ...]
    element_of: str | None = None  # only the elements of this reference architecture
    parent: str | None = None  # drawn as a tree along this property


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    groups: tuple[Group, ...]


SECTIONS = (
    Section(
        "jp-scra",
        "sec_jp",
        "sec_jp_intro",
        (
            Group("grp_components", (S + "ArchitectureComponent",), S + "jp-scra"),
            Group("grp_principles", (S + "ArchitecturePrinciple",), S + "jp-scra"),
            Group("grp_characteristics", (S + "CityOSCharacteristic",)),
            Group("grp_asset_types", (S + "AssetComponentType",)),
            Group("grp_roles", (S + "OrganisationalRole",)),
            Group("grp_steps", (S + "UsageStep",)),
        ),
    ),
    Section(
        "city-os",
        "sec_cityos",
        "sec_cityos_intro",
        (
            Group(
                "grp_function_groups",
                (S + "CityOSFunctionGroup", S + "CityOSFunctionBlock", S + "CityOSFunction"),
                parent=PREFIXES["dcterms"] + "isPartOf",
            ),
        ),
    ),
    Section(
        "iec",
        "sec_iec",
        "sec_iec_intro",
        (
            Group("grp_components", (S + "ArchitectureComponent",), S + "iec-scra"),
            Group("grp_principles", (S + "ArchitecturePrinciple",), S + "iec-scra"),
            Group("grp_viewpoints", (S + "Viewpoint",)),
            Group("grp_concepts", (S + "DefinedConcept",)),
        ),
    ),
    Section("aspects", "sec_aspects", "sec_aspects_intro", (Group("sec_aspects", (S + "Aspect",)),)),
    Section(
        "domains", "sec_domains", "sec_domains_intro", (Group("sec_domains", (S + "Domain",), parent=SKOS + "broader"),)
    ),
    Section(
        "beneficiaries",
        "sec_beneficiaries",
        "sec_beneficiaries_intro",
        (Group("sec_beneficiaries", (S + "BeneficiaryGroup",)), Group("grp_city_types", (S + "CityType",))),
    ),
    Section(
        "bodies",
        "sec_bodies",
        "sec_bodies_intro",
        (Group("sec_bodies", (S + "Body",), parent=PREFIXES["org"] + "subOrganizationOf"),),
    ),
    Section(
        "indicators",
        "sec_indicators",
        "sec_indicators_intro",
        (
            Group("grp_indicator_sets", (S + "IndicatorSet",)),
            Group("grp_indicator_themes", (S + "IndicatorTheme",)),
            Group("grp_indicator_categories", (S + "IndicatorCategory",), parent=SKOS + "broader"),
            Group("grp_indicator_kinds", (S + "IndicatorKind",)),
            Group("grp_frameworks", (S + "Framework", S + "FrameworkElement"), parent=PREFIXES["dcterms"] + "isPartOf"),
        ),
    ),
    Section("sdgs", "sec_sdgs", "sec_sdgs_intro", (Group("sec_sdgs", (S + "SDG",)),)),
    Section(
        "technologies",
        "sec_technologies",
        "sec_technologies_intro",
        (
            Group("sec_technologies", (S + "CommunicationTechnology",)),
            Group("grp_spectrum", (S + "SpectrumType",)),
            Group("grp_ranges", (S + "RangeClass",)),
            Group("grp_netroles", (S + "NetworkRole",)),
        ),
    ),
    Section(
        "context",
        "sec_context",
        "sec_context_intro",
        (Group("sec_context", (S + "PolicyContext",)), Group("grp_use_cases", (S + "UseCaseCollection",))),
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}


def _items(index: KGIndex, group: Group) -> list[str]:
    found: list[str] = []
    for cls in group.classes:
        found += [i for i in index.instances(cls) if i not in found]
    if group.element_of:
        found = [i for i in found if group.element_of in index.values(i, S + "elementOf")]
    return found


def _tree(index: KGIndex, items: list[str], parent: str | None) -> list[dict]:
    """[{iri, children}] — roots are the items whose parent is not among the items."""
    members = set(items)
    children: dict[str, list[str]] = {}
    roots = []
    for item in items:
        up = next((p for p in index.values(item, parent) if p in members), None) if parent else None
        if up is None:
            roots.append(item)
        else:
            children.setdefault(up, []).append(item)

    def node(iri: str, seen: frozenset) -> dict:
        return {"iri": iri, "children": [node(c, seen | {iri}) for c in children.get(iri, []) if c not in seen]}

    return [node(r, frozenset()) for r in roots]


@browser.get("/")
async def home(request: Request):
    index = kg(request)
    counts = {s.key: sum(len(_items(index, g)) for g in s.groups) for s in SECTIONS}
    return render(
        request, "home.html", sections=SECTIONS, counts=counts, standards=len(index.instances(S + "Standard"))
    )


@pages.get("/browse")
async def browse_index(request: Request):
    index = kg(request)
    counts = {s.key: sum(len(_items(index, g)) for g in s.groups) for s in SECTIONS}
    return render(
        request, "browse_index.html", sections=SECTIONS, counts=counts, standards=len(index.instances(S + "Standard"))
    )


@pages.get("/browse/crosswalk")
async def crosswalk(request: Request):
    index = kg(request)
    rows = []
    for axiom in sorted(index.inbound.get(OWL + "Axiom", {}).get(RDF_TYPE, [])):
        prop = index.value(axiom, OWL + "annotatedProperty")
        if not (isinstance(prop, str) and prop.startswith(SKOS) and prop.endswith("Match")):
            continue
        rows.append(
            {
                "source": index.value(axiom, OWL + "annotatedSource"),
                "property": prop,
                "target": index.value(axiom, OWL + "annotatedTarget"),
                "axiom": axiom,
            }
        )
    return render(request, "crosswalk.html", rows=rows)


@pages.get("/browse/standards")
async def standards(
    request: Request,
    body: str | None = None,
    type: str | None = None,
    status: str | None = None,
    domain: str | None = None,
    aspect: str | None = None,
    page: int = Query(1, ge=1),
):
    index = kg(request)
    everything = index.instances(S + "Standard")

    def bodies_of(std):
        return set(index.values(std, DCT + "publisher")) | set(index.values(std, S + "committee"))

    filters = {  # name -> (values of a standard, the facet's choices)
        "body": bodies_of,
        "type": lambda s: set(index.values(s, PREFIXES["dcterms"] + "type")),
        "status": lambda s: set(index.values(s, PREFIXES["adms"] + "status")),
        "domain": lambda s: set(index.values(s, S + "servesDomain")),
        "aspect": lambda s: set(index.values(s, S + "addressesAspect")),
    }
    chosen = {"body": body, "type": type, "status": status, "domain": domain, "aspect": aspect}
    facets = {
        name: sorted(
            {v for s in everything for v in of(s) if isinstance(v, str)}, key=lambda v: index.label(v, "en").lower()
        )
        for name, of in filters.items()
    }
    shown = [s for s in everything if all(not want or S + want in filters[name](s) for name, want in chosen.items())]
    shown.sort(key=lambda s: str(index.value(s, DCT + "identifier") or index.label(s, "en")))
    pages_total = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(page, pages_total)
    return render(
        request,
        "standards.html",
        facets=facets,
        chosen=chosen,
        total=len(shown),
        rows=shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages_total,
        local=lambda iri: iri[len(S) :] if iri.startswith(S) else iri,
    )


@pages.get("/browse/{key}")
async def browse_section(request: Request, key: str = Path(pattern=r"^[a-z-]{2,40}$")):
    section = BY_KEY.get(key)
    if section is None:
        return not_found(request, f"/browse/{key}")
    index = kg(request)
    groups = [(g, _tree(index, _items(index, g), g.parent)) for g in section.groups]
    return render(request, "browse.html", section=section, groups=[(g, t) for g, t in groups if t])


# ---------------------------------------------------------------- term pages

SHOWN_APART = set(LABELS) | set(DEFINITIONS) | set(SOURCES) | {RDF_TYPE}


def _described(index: KGIndex, node: str, depth: int = 0):
    """A blank node as what it says: a list's items, or its statements (never its id)."""
    if depth > 3:
        return {"kind": "more"}
    first = index.value(node, PREFIXES_RDF + "first")
    if first is not None:
        items: list = []
        cursor = node
        while cursor and cursor != PREFIXES_RDF + "nil" and len(items) < 200:
            items.append(_value(index, index.value(cursor, PREFIXES_RDF + "first"), depth + 1))
            cursor = index.value(cursor, PREFIXES_RDF + "rest")
        return {"kind": "list", "items": items}
    return {
        "kind": "node",
        "facts": [(p, [_value(index, v, depth + 1) for v in vs]) for p, vs in sorted(index.out.get(node, {}).items())],
    }


PREFIXES_RDF = RDF_TYPE[: -len("type")]


def _value(index: KGIndex, value, depth: int = 0):
    if isinstance(value, Lit):
        return {"kind": "literal", "value": value}
    if isinstance(value, str) and value.startswith("_:"):
        return _described(index, value, depth)
    return {"kind": "iri", "value": value}


@browser.get("/terms/{name}")
async def term_page(request: Request, name: str = Path(pattern=r"^[A-Za-z_][A-Za-z0-9_.\-]{0,199}$")):
    index = kg(request)
    iri = S + name
    if not index.exists(iri) and iri not in index.inbound:
        return not_found(request, f"scra:{name}")
    facts = index.out.get(iri, {})
    sources = list(dict.fromkeys(v for p in SOURCES for v in facts.get(p, [])))  # each source once
    out = [(p, [_value(index, v) for v in vs]) for p, vs in sorted(facts.items()) if p not in SHOWN_APART]
    inbound = [
        (p, sorted({s for s in subjects if not s.startswith("_:")}, key=index.order_key))
        for p, subjects in sorted(index.inbound.get(iri, {}).items())
    ]
    inbound = [(p, subjects) for p, subjects in inbound if subjects]
    statements = [
        {
            "source": index.value(a, OWL + "annotatedSource"),
            "property": index.value(a, OWL + "annotatedProperty"),
            "target": index.value(a, OWL + "annotatedTarget"),
            "notes": [
                (p, [_value(index, v) for v in vs])
                for p, vs in sorted(index.out.get(a, {}).items())
                if not p.startswith(OWL) and p != RDF_TYPE
            ],
        }
        for a in index.axioms_about(iri)
    ]
    labels = [v for p in LABELS for v in facts.get(p, []) if isinstance(v, Lit)]
    definitions = [v for p in DEFINITIONS for v in facts.get(p, []) if isinstance(v, Lit)]
    return render(
        request,
        "term.html",
        iri=iri,
        name=name,
        types=index.types(iri),
        labels=labels,
        definitions=definitions,
        sources=sources,
        out=out,
        inbound=inbound,
        statements=statements,
    )


@browser.get("/search")
async def search_page(request: Request, q: str = Query("", max_length=200), page: int = Query(1, ge=1)):
    index = kg(request)
    hits = index.search(q, request_lang(request)) if q.strip() else []
    pages_total = max(1, -(-len(hits) // PAGE_SIZE))
    page = min(page, pages_total)
    return render(
        request,
        "search.html",
        q=q,
        total=len(hits),
        page=page,
        pages=pages_total,
        hits=hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
    )
