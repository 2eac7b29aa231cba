"""The catalogue of named queries: the ``# key: value`` header of each ``.rq`` file, and the folder read
once and again only when it changes.

    >>> q = parse_query("demo", "# title: Demo\\n# param: city (city, optional) - the city\\nSELECT * {}")
    >>> q.title, [(p.name, p.type, p.required) for p in q.params]
    ('Demo', [('city', 'city', False)])
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from scra.errors import QueryError, UnknownQueryError
from scra.resources import queries_dir

PARAM_TYPES = ("iri", "string", "integer", "boolean", "city")


@dataclass
class Param:
    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "optional": self.optional,
            "required": self.required,
            "description": self.description,
        }


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    text: str = ""
    examples: list[str] = field(default_factory=list)
    path: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self, with_text: bool = False) -> dict:
        data: dict = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [p.to_dict() for p in self.params],
            "examples": list(self.examples),
        }
        if with_text:
            data["text"] = self.text
        return data

    @classmethod
    def from_file(cls, path: str | Path) -> NamedQuery:
        path = Path(path)
        return parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))


# ---------------------------------------------------------------- header parsing

_HEADER_LINE = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?:(?:—|–|-{1,2})\s*(.*))?$")


def parse_query(name: str, text: str, path: str | None = None) -> NamedQuery:
    """Parse the header block of a query file (see :mod:`scra.queries`)."""
    where = path or name
    title, description = "", ""
    params: list[Param] = []
    examples: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER_LINE.match(stripped)
        if not match:
            if stripped.startswith("#"):
                continue  # a free comment inside the header
            break
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "example":
            examples.append(value)
        elif key == "param":
            params.append(_parse_param(value, where))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{where}: a parameter is declared twice ({', '.join(names)})")
    return NamedQuery(
        name=name, title=title or name, description=description, params=params, text=text, examples=examples, path=path
    )


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(
            f"{where}: cannot read the parameter declaration '{value}' "
            "(expected: NAME (TYPE[, default VALUE | , optional]) — description)"
        )
    pname, spec, desc = match.groups()
    parts = [s.strip() for s in spec.split(",")]
    ptype = parts[0]
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{where}: parameter '{pname}' has unknown type '{ptype}' (one of: {', '.join(PARAM_TYPES)})")
    default, optional = None, False
    for extra in parts[1:]:
        if extra == "optional":
            optional = True
        elif extra.startswith("default "):
            default = extra[len("default ") :].strip()
        elif extra:
            raise QueryError(f"{where}: parameter '{pname}': cannot read '{extra}' (use 'default VALUE' or 'optional')")
    return Param(pname, ptype, default, optional, (desc or "").strip())


# ---------------------------------------------------------------- the folder


@dataclass
class _Folder:
    """One folder as last read: its own mtime (files added, removed, renamed) and each file's."""

    mtime: int
    files: dict[str, int]  # path -> mtime_ns
    queries: dict[str, NamedQuery]


_folders: dict[str, _Folder] = {}


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return -1


def _read(directory: str) -> _Folder:
    mtime = _mtime(directory)
    paths = sorted(Path(directory).glob("*.rq"))
    queries = {p.stem: NamedQuery.from_file(p) for p in paths}
    return _Folder(mtime, {str(p): _mtime(str(p)) for p in paths}, queries)


def _folder(directory: str | Path | None, name: str | None = None) -> _Folder:
    """The folder's queries, re-read if it changed. Checking costs one stat of the folder, plus one of
    the file ``name`` when one query is asked for (an edit in place leaves the folder's mtime alone),
    else one per file."""
    key = str(directory if directory is not None else queries_dir())
    cached = _folders.get(key)
    if cached is not None and cached.mtime == _mtime(key):
        query = cached.queries.get(name) if name is not None else None
        if name is not None and (
            query is None or query.path is None or cached.files.get(query.path) == _mtime(query.path)
        ):
            return cached
        if name is None and all(_mtime(path) == mtime for path, mtime in cached.files.items()):
            return cached
    cached = _folders[key] = _read(key)
    return cached


def load_queries(directory: str | Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of a directory (default: the shipped ``queries/``), by name."""
    return _folder(directory).queries


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    return sorted(load_queries(directory).values(), key=lambda q: q.name)


def get_query(name: str, directory: str | Path | None = None) -> NamedQuery:
    catalogue = _folder(directory, name).queries
    try:
        return catalogue[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `scra queries` lists them"
        raise UnknownQueryError(f"no named query '{name}'{hint}") from None
