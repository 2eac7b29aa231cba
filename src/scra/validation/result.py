"""The result model of a validation and its projections for tools (JSON, CSV, the SHACL report in RDF)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from rdflib import Graph

from scra.validation.text import render_text

SEVERITIES = ("violation", "warning", "info")


@dataclass
class ValidationResult:
    """One finding, explained: where, how severe, what is wrong, why it matters, which standards help."""

    focus_node: str
    focus_label: str
    path: str | None
    severity: str
    message: str
    shape: str | None
    constraint: str | None
    value: str | None
    why: str
    aspect: list[str] = field(default_factory=list)
    ra_element: list[str] = field(default_factory=list)
    recommended_standards: list[dict] = field(default_factory=list)


@dataclass
class ValidationReport:
    """All findings (sorted by severity, then focus node) and the engine's sh:ValidationReport graph."""

    results: list[ValidationResult]
    report_graph: Graph
    lang: str = "en"

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.severity for r in self.results)
        return {s: found.get(s, 0) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True when there is no Violation. Warnings and Infos are departures and advice, not breakage."""
        return self.counts["violation"] == 0

    def fails_at(self, level: str) -> bool:
        """Whether anything at or above `level` (violation > warning > info) was found."""
        order = SEVERITIES[: SEVERITIES.index(level) + 1]
        return any(self.counts[s] for s in order)

    @classmethod
    def from_dict(cls, data: dict, lang: str = "en") -> ValidationReport:
        """The report :meth:`to_dict` wrote (without the engine's report graph: ``report_graph`` is empty)."""
        return cls([ValidationResult(**r) for r in data["results"]], Graph(), lang)

    def to_dict(self) -> dict:
        return {"conforms": self.conforms, "counts": self.counts, "results": [asdict(r) for r in self.results]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_rdf(self, fmt: str = "turtle") -> str:
        return self.report_graph.serialize(format=fmt)

    def to_text(self, color: bool = False) -> str:
        """For people: results grouped by reference-architecture element or aspect, then counts."""
        return render_text(self, color)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        columns = [
            "severity",
            "focus_node",
            "focus_label",
            "path",
            "message",
            "value",
            "shape",
            "constraint",
            "aspect",
            "ra_element",
            "recommended_standards",
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in self.results:
            row = {c: getattr(r, c) for c in columns}
            row["aspect"] = " ".join(r.aspect)
            row["ra_element"] = " ".join(r.ra_element)
            row["recommended_standards"] = "; ".join(s["identifier"] for s in r.recommended_standards)
            writer.writerow(row)
        return buffer.getvalue()
