"""The `scra` command line: one module per concern, all registered on one click group.

Commands parse their arguments, call :mod:`scra.services` (or the library) and print; the errors of
:mod:`scra.errors` they let through are turned into one ``error: …`` line and the exit status here,
the one place that maps them (bad input, unknown names, read-only graphs: 2; unavailable, timeout: 1).
"""

from __future__ import annotations

import os

import click

from scra import __version__
from scra.errors import InputError, NotFound, ReadOnlyGraphError, ScraError, StoreBusy, Timeout, Unavailable

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_STORE_BUSY = 0, 1, 2, 3
EXIT_STATUS: tuple[tuple[type[ScraError], int], ...] = (
    (InputError, EXIT_BAD_INPUT),
    (NotFound, EXIT_BAD_INPUT),
    (ReadOnlyGraphError, EXIT_BAD_INPUT),
    (StoreBusy, EXIT_STORE_BUSY),
    (Unavailable, EXIT_FAILED),
    (Timeout, EXIT_FAILED),
)


def exit_status(exc: ScraError) -> int:
    return next((code for cls, code in EXIT_STATUS if isinstance(exc, cls)), EXIT_FAILED)


def fail(message: str, code: int = EXIT_FAILED) -> None:
    """Print one ``error:`` line and exit with ``code`` (for outcomes that are not exceptions)."""
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(code)


class ScraGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ScraError as exc:
            fail(str(exc), exit_status(exc))
        except RecursionError:  # a parser met input nested deeper than it can read: the input's fault
            fail(
                "the input is nested too deeply to be read; flatten it (fewer nested blank nodes, lists or "
                "JSON objects)",
                EXIT_BAD_INPUT,
            )
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # never a traceback: one line, and SCRA_DEBUG=1 shows where
            if os.environ.get("SCRA_DEBUG"):
                raise
            detail = " ".join(str(exc).split())[:300]
            fail(f"unexpected {exc.__class__.__name__}: {detail} (set SCRA_DEBUG=1 for the traceback)", EXIT_FAILED)


@click.group(cls=ScraGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scra")
def main() -> None:
    """scra: the Smart City Reference Architecture knowledge graph."""


# Each module adds its commands to `main`; imported here so `scra --help` lists them all.
from scra.cli import (  # noqa: E402, F401
    authoring_commands,
    kg_commands,
    query_commands,
    serve_commands,
    store_commands,
    validate_commands,
    version_commands,
)

if __name__ == "__main__":
    main()
