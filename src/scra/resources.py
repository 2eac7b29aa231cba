"""Where the shipped ontology, shapes and queries are.

In a wheel they sit inside the package (``scra/data/...``); in a source checkout
(editable install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def _resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "data" / name, _REPO / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"scra resource folder '{name}' not found next to the package or in the repository")


def ontology_dir() -> Path:
    return _resource_dir("ontology")


def shapes_dir() -> Path:
    return _resource_dir("shapes")


def queries_dir() -> Path:
    return _resource_dir("queries")
