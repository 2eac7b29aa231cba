"""The `scra` command line: one module per concern, all registered on one click group."""
from __future__ import annotations

import click

from scra import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scra")
def main() -> None:
    """scra: the Smart City Reference Architecture knowledge graph."""


def _register() -> None:
    # Each module adds its commands to `main`; imported here so `scra --help` lists them all.
    from scra.cli import kg_commands  # noqa: F401  (info, export, check)

    for optional in ("validate_commands", "store_commands", "query_commands", "serve_commands"):
        try:
            __import__(f"scra.cli.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scra.cli.{optional}":
                raise


_register()

if __name__ == "__main__":
    main()
