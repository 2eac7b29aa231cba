"""The error classes of scra, each with one meaning everywhere.

=====================  ==========================================  ========  ==========
class                  meaning                                     CLI exit  HTTP
=====================  ==========================================  ========  ==========
``InputError``         the caller's input is wrong (file, line,    2         400
                       term named in the message)
``NotFound``           no such query, city or term                 2         404
``ReadOnlyGraphError`` a write would touch what only scra writes   2         403
``Unavailable``        something scra needs is not there or not    1         503
                       answering (store server, SHACL engine)
``StoreBusy``          the embedded store is held by another       3         503
                       process (``scra serve``): read commands
                       open it read-only instead; writes say how
                       to go through the running service
``Timeout``            the work took longer than its limit         1         503
=====================  ==========================================  ========  ==========

Violations found by validation are not errors: they are a result (exit 1, HTTP 200 / 422).
"""

from __future__ import annotations


class ScraError(Exception):
    """Base of every error scra raises on purpose."""


class InputError(ScraError, ValueError):
    """Input that cannot be used as given; ``source``, ``line`` and ``column`` say where, when known."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None, column: int | None = None):
        self.source, self.line, self.column, self.detail = source, line, column, message
        where = (source or "") + (f":{line}" if line else "") + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}" if where else message)


class RDFInputError(InputError):
    """An RDF document that cannot be read (syntax, encoding, refused external reference)."""

    def __init__(self, source: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message, source=source, line=line, column=column)


class QueryError(InputError):
    """A named query cannot be run as asked (bad parameter, missing value, bad header)."""


class NotFound(ScraError, KeyError):
    """No such named query, city or term."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not found"


class UnknownQueryError(NotFound):
    """No named query by that name."""


class ReadOnlyGraphError(ScraError, PermissionError):
    """An update would write the knowledge graph or the meta graph, or could not be checked."""


class Unavailable(ScraError, RuntimeError):
    """A service scra relies on cannot do what was asked; the message says what to do."""


class StoreError(Unavailable):
    """The store cannot do what was asked (server down, store in use, …)."""


class StoreBusy(StoreError):
    """The embedded store is locked by another process (usually ``scra serve``); the message says what to do."""


class EngineError(Unavailable):
    """A SHACL engine is missing or failed."""


class Timeout(ScraError, TimeoutError):
    """The work exceeded its time limit."""


QueryTimeout = Timeout  # the name the store API has always used


class TableProblem(tuple):
    """Where a cell of a spreadsheet or CSV file does not map, and why: (sheet, row, column, message, source)."""

    __slots__ = ()

    def __new__(cls, sheet: str, row: int | None, column: str | None, message: str, source: str = ""):
        return super().__new__(cls, (sheet, row, column, message, source))

    sheet = property(lambda self: self[0])
    row = property(lambda self: self[1])
    column = property(lambda self: self[2])
    message = property(lambda self: self[3])
    source = property(lambda self: self[4])

    def __str__(self) -> str:
        where = (
            ("" if self.sheet.startswith("ArchiMate ") else "sheet ")
            + self.sheet
            + (f", row {self.row}" if self.row else "")
            + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "source": self.source,
        }


class TableInputError(InputError):
    """A spreadsheet, CSV or model file whose content does not map: every problem, each with its place
    (sheet, row, column); nothing is dropped silently."""

    def __init__(self, problems, source: str | None = None):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the input"
        lines = "\n".join(f"  {p}" for p in self.problems[:200])
        more = f"\n  … and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(
            f"{head}:\n{lines}{more}",
            source=source or (self.problems[0].source if self.problems and self.problems[0].source else None),
        )
