"""``warmgraph relink``: recompute every stored or cached tie strength with the current
settings (after changing a ``--config`` file or a strength variable, or daily on Neo4j to
let its stored strengths decay)."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click

from .errors import fail
from .options import db_option, make_settings, neo4j_option, strength_options
from .progress import StageProgress
from .stores import open_store


@click.command()
@db_option()
@neo4j_option
@strength_options("relink")
def relink(
    db_path: Path,
    neo4j_uri: str | None,
    half_life: float | None,
    now: datetime | None,
    config_path: Path | None,
) -> None:
    """Recompute every tie strength with the current settings. On Neo4j this rewrites each
    LINK's stored strength (in batches, with progress) and records the settings, which
    lets a server with those settings start again; the embedded store keeps no strengths
    on disk (a server recomputes them when it starts), so this only checks they compute.
    Running it twice changes nothing more."""
    settings = make_settings(db_path, half_life, now, neo4j_uri, config_path)
    if neo4j_uri is None and not db_path.exists():
        fail(f"{db_path}: no such database")
    started = time.perf_counter()
    store = open_store(settings)
    try:
        with StageProgress() as progress:
            links = store.relink(progress)
        as_of = store.strengths_as_of()
    finally:
        store.close()
    where = neo4j_uri if neo4j_uri is not None else db_path
    click.echo(
        f"relinked {links:,} links in {where} in {time.perf_counter() - started:.1f}s "
        f"(settings {settings.strength.fingerprint()}, as of {as_of.isoformat()})"
    )
