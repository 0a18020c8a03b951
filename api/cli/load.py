"""``warmgraph load``: validate a CSV bundle and import it, all or nothing."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click

from graph.errors import BundleError

from .errors import report_bundle_error
from .options import db_option, make_settings, neo4j_option, strength_options
from .progress import StageProgress, echo_counts
from .stores import load_bundle, open_store, remove_database


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option()
@neo4j_option
@strength_options("load")
def load(
    directory: Path,
    db_path: Path,
    neo4j_uri: str | None,
    half_life: float | None,
    now: datetime | None,
    config_path: Path | None,
) -> None:
    """Validate the CSV bundle in DIRECTORY and import it (a bundle with any problem loads
    nothing). On Neo4j, tie strengths are stored as of --now: give the server the same."""
    started = time.perf_counter()
    settings = make_settings(db_path, half_life, now, neo4j_uri, config_path)
    created = neo4j_uri is None and not db_path.exists()
    store = open_store(settings, strengths=True)
    try:
        with StageProgress() as progress:
            counts, notes = load_bundle(store, directory, progress)
    except BundleError as exc:
        store.close()
        if created:  # leave no empty database behind
            remove_database(db_path)
        report_bundle_error(exc, directory)
        raise click.exceptions.Exit(1) from None
    finally:
        store.close()
    where = neo4j_uri if neo4j_uri is not None else db_path
    click.echo(f"loaded {directory} into {where} in {time.perf_counter() - started:.1f}s:")
    echo_counts(counts, notes)
