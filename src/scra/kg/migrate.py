"""Rewrite a city description's deprecated terms to their replacements, keeping everything else.

Turtle, TriG and N-Triples/N-Quads are rewritten token by token (the SPARQL scanner's terminals are
Turtle's), so comments, prefixes, layout and every other term stay exactly as written; a prefix the
replacement needs is declared after the file's last prefix line. JSON-LD and RDF/XML are rewritten as
graphs and serialised again (their comments and layout cannot be kept). A deprecated term with several
possible replacements (or one that may swap subject and object) is left as it is and reported: that is
the author's decision (docs/migration-0.2.md says how).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from scra.formats import RdfFormat
from scra.kg.versions import CURRENT, deprecations, load_version
from scra.sparqltext import tokens

_TEXT_SYNTAXES = ("turtle", "trig", "nt", "nquads")


@dataclass
class Migration:
    text: str
    replaced: dict[str, int] = field(default_factory=dict)  # old term -> occurrences rewritten
    undecided: dict[str, list[str]] = field(default_factory=dict)  # old term -> its possible replacements

    def to_dict(self) -> dict:
        return {"replaced": self.replaced, "undecided": self.undecided}


def replacements(version: str = CURRENT) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(deprecated term -> its one replacement, deprecated term -> several or none, or a replacement that may
    read the other way round). When a property and its inverse are deprecated to the same replacement, one of
    them reads the other way (``S scra:defines X`` becomes ``X rdfs:isDefinedBy S``); the triples do not
    say which, and a token rewrite cannot swap subject and object, so both are left to the author."""
    graph = load_version(version)
    found = deprecations(graph)
    single: dict[str, str] = {}
    other: dict[str, list[str]] = {}
    for term, targets in found.items():
        inverses = {str(o) for o in graph.objects(URIRef(term), OWL.inverseOf)}
        inverses |= {str(s) for s in graph.subjects(OWL.inverseOf, URIRef(term))}
        if any(found.get(i) == targets for i in inverses):
            other[term] = targets
        elif len(targets) == 1:
            single[term] = targets[0]
        else:
            other[term] = targets
    return single, other


def _known_prefixes(version: str) -> dict[str, str]:
    return {str(ns): prefix for prefix, ns in load_version(version).namespaces() if prefix}


def migrate_text(text: str, fmt: RdfFormat, version: str = CURRENT) -> Migration:
    """The description rewritten for the ontology ``version``."""
    single, other = replacements(version)
    if fmt.name not in _TEXT_SYNTAXES:
        return _migrate_graph(text, fmt, single, other)
    stream = list(tokens(text))
    prefixes: dict[str, str] = {}  # prefix -> namespace, as the file declares them
    last_prefix_end = 0
    for i, (kind, value, _at) in enumerate(stream):
        if kind in ("name", "word") and value.lower() in ("@prefix", "prefix"):
            name = next((v for k, v, _ in stream[i + 1 : i + 4] if k == "name"), None)
            iri = next((v for k, v, _ in stream[i + 1 : i + 6] if k == "iri"), None)
            if name and iri:
                prefixes[name[:-1]] = iri[1:-1]
                end = text.find("\n", stream[i][2])
                last_prefix_end = len(text) if end < 0 else end + 1
    namespace_prefix = {ns: p for p, ns in prefixes.items()}
    known = _known_prefixes(version)
    needed: dict[str, str] = {}
    result = Migration("")
    out = []

    def written(iri: str) -> str:
        if fmt.name in ("nt", "nquads"):
            return f"<{iri}>"
        for ns, prefix in {**namespace_prefix, **{n: p for n, p in needed.items()}}.items():
            if iri.startswith(ns) and iri[len(ns) :].replace("-", "").replace("_", "").isalnum():
                return f"{prefix}:{iri[len(ns) :]}"
        for ns, prefix in known.items():
            local = iri[len(ns) :]
            if iri.startswith(ns) and local.replace("-", "").replace("_", "").isalnum() and prefix not in prefixes:
                needed[ns] = prefix
                return f"{prefix}:{local}"
        return f"<{iri}>"

    for kind, value, _at in stream:
        iri = None
        if kind == "iri":
            iri = value[1:-1]
        elif kind == "name" and ":" in value and not value.startswith(("_:", "@")):
            prefix, local = value.split(":", 1)
            if prefix in prefixes:
                iri = prefixes[prefix] + local
        if iri in single:
            out.append(written(single[iri]))
            result.replaced[iri] = result.replaced.get(iri, 0) + 1
            continue
        if iri in other:
            result.undecided[iri] = other[iri]
        out.append(value)
    new_text = "".join(out)
    if needed:
        # after the file's last prefix line, unless a rewritten term stands before it (then at the top)
        declarations = "".join(f"@prefix {p}: <{ns}> .\n" for ns, p in sorted(needed.items(), key=lambda x: x[1]))
        at = 0 if _rewritten_before(stream, last_prefix_end, single, prefixes) else last_prefix_end
        new_text = new_text[:at] + declarations + new_text[at:]
    result.text = new_text
    return result


def _rewritten_before(stream, offset: int, single: dict, prefixes: dict) -> bool:
    """True when a term before ``offset`` was rewritten (then prefixes go at the top instead)."""
    for kind, value, at in stream:
        if at >= offset:
            return False
        iri = value[1:-1] if kind == "iri" else None
        if kind == "name" and ":" in value and value.split(":", 1)[0] in prefixes:
            iri = prefixes[value.split(":", 1)[0]] + value.split(":", 1)[1]
        if iri in single:
            return True
    return False


def _migrate_graph(text: str, fmt: RdfFormat, single: dict[str, str], other: dict[str, list[str]]) -> Migration:
    graph = Graph()
    graph.parse(data=text, format=fmt.rdflib)
    result = Migration("")
    rewritten = Graph()
    for prefix, ns in graph.namespaces():
        rewritten.bind(prefix, ns)
    for triple in graph:
        new = []
        for node in triple:
            if isinstance(node, URIRef) and str(node) in single:
                result.replaced[str(node)] = result.replaced.get(str(node), 0) + 1
                node = URIRef(single[str(node)])
            elif isinstance(node, URIRef) and str(node) in other:
                result.undecided[str(node)] = other[str(node)]
            new.append(node)
        rewritten.add((new[0], new[1], new[2]))
    result.text = rewritten.serialize(format=fmt.rdflib)
    return result
