"""``warmgraph schema``: print the GraphQL schema (SDL), or write it to a file.

The checked-in ``schema.graphql`` is made with ``warmgraph schema --out schema.graphql``; a
test fails when it no longer matches the schema the server runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from schema.sdl import schema_sdl


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the SDL to FILE (replacing it) instead of printing it.",
    metavar="FILE",
)
def schema_command(out: Path | None) -> None:
    """Print the GraphQL schema as SDL: every type, field, argument and enum value with its
    description, in name order (no database needed)."""
    text = schema_sdl()
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    types = sum(
        line.startswith(("type ", "input ", "enum ", "interface ", "scalar ", "union "))
        for line in text.splitlines()
    )
    click.echo(f"wrote {out} ({types} types, {len(text.splitlines()):,} lines)", err=True)
