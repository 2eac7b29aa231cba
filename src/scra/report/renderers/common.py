"""What the renderers share: the wording of the report language, the verdict marks and the small rules for
showing labels (capitals, no repeats, "and 2 more") and for grouping findings and standards.

    >>> cap("city OS")
    'City OS'
    >>> uniq(["Safety", "safety", "Health"])
    ['Safety', 'Health']
"""

from __future__ import annotations

from collections.abc import Iterable

from scra import lang as langs
from scra.report.model import COVERAGES, COVERED, MISSING, PARTIAL, Evidence, Finding, Report, Standard

MARK = {COVERED: "✔", PARTIAL: "◐", MISSING: "✘"}


def words(report: Report) -> dict[str, str]:
    """The fixed strings of the report in its language (message catalogue, section ``report``)."""
    return langs.section("report", report.lang)


def cap(text: object) -> str:
    """Labels in the KG are lower case on purpose; a name standing alone starts with a capital."""
    text = str(text)
    return text[:1].upper() + text[1:]


def uniq(items: Iterable[str]) -> list[str]:
    """Labels without repeats ("Safety, Safety" from two indicator sets; also differing only in case)."""
    seen, out = set(), []
    for x in items:
        key = str(x).casefold()
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def join(t: dict[str, str], labels: Iterable[str]) -> str:
    return t["list_sep"].join(uniq(labels))


def more(x: Evidence, t: dict[str, str]) -> str:
    """' and 2 more' when a kind of evidence has more parts than the one shown."""
    n = 1 if x.count is None else x.count
    text = t["more"].format(n=n - 1)
    return ("" if text.startswith("、") else " ") + text if n > 1 else ""


def status(s: Standard) -> str:
    return s.status_label or s.status


def counts(t: dict[str, str], found: dict[str, int]) -> str:
    return t["list_sep"].join(f"{t.get(k, k)} {n}" for k, n in found.items())


def std_groups(standards: list[Standard]) -> list[tuple[str, list[Standard]]]:
    """Recommended standards grouped by their explanation, so that one reason is said once."""
    groups: dict[str, list[Standard]] = {}
    for s in standards:
        groups.setdefault(s.why or "", []).append(s)
    return sorted(groups.items(), key=lambda g: not g[0])  # the standards given without a reason last


def finding_groups(findings: list[Finding]) -> list[tuple[str, str, list[str]]]:
    """Validation findings grouped by severity and the part they are about."""
    groups: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        messages = groups.setdefault((f.severity_label, f.focus_label), [])
        if f.message not in messages:
            messages.append(f.message)
    return [(sev, focus, msgs) for (sev, focus), msgs in groups.items()]


COVERAGE_KEYS = tuple(c.replace("-", "_") for c in COVERAGES)  # the keys of IndicatorView / CoverageRow counts


def kpi_name(notation: str | None, label: str) -> str:
    """A KPI as people cite it: its U4SSC number, then its name."""
    return f"{notation} {label}" if notation else label
