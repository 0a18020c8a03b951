"""``warmgraph export``: every table (or the whole graph) to files for notebooks and graph
tools, as one user would see it."""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import click

from graph.access.model import Caller
from graph.export import FORMATS, GRAPH_FORMATS
from graph.service import WarmgraphService
from graph.store.base import Store

from .errors import fail
from .options import db_option, make_settings, neo4j_option, strength_options
from .progress import StageProgress
from .stores import open_store


@click.command("export")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="parquet or csv: one file per table (people, companies, communities, deals, "
    "links, influence); graphml or gexf: one warmgraph.graphml / warmgraph.gexf.",
)
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Export what this user (warmgraph users add) may see: a rep or manager gets their "
    "team's deals only, and do-not-contact people's contact details only an admin gets. "
    "Default: the operator, who sees everything.",
)
@db_option()
@neo4j_option
@strength_options("export")
def export(
    directory: Path,
    fmt: str,
    as_email: str | None,
    db_path: Path,
    neo4j_uri: str | None,
    half_life: float | None,
    now: datetime | None,
    config_path: Path | None,
) -> None:
    """Write the graph to DIR: tables as Parquet or CSV (tie strengths and evidence counts
    per linked pair, influence per person), or the network as GraphML or GEXF. Files are
    complete or absent: a failure part-way writes nothing."""
    _check_directory(directory)
    settings = make_settings(db_path, half_life, now, neo4j_uri, config_path)
    if neo4j_uri is None and not db_path.exists():
        fail(f"{db_path}: no such database")
    started = time.perf_counter()
    store = open_store(settings, strengths=True)
    try:
        service = WarmgraphService(store, _caller(store, as_email))
        created = not directory.exists()
        directory.mkdir(parents=True, exist_ok=True)
        try:
            written = _write(service, directory, fmt)
        except BaseException:
            if created:  # nothing of ours left behind
                shutil.rmtree(directory, ignore_errors=True)
            raise
    finally:
        store.close()
    for path, rows in written:
        click.echo(f"  {path.name:<20} {rows:>12,} rows  {path.stat().st_size:>14,} bytes")
    click.echo(f"exported to {directory} in {time.perf_counter() - started:.1f}s")


def _check_directory(directory: Path) -> None:
    """One clear line, before anything is opened or written, for a DIR that cannot be."""
    if directory.exists() and not directory.is_dir():
        fail(f"{directory}: not a directory")
    existing = directory if directory.exists() else _nearest_existing(directory)
    if not existing.is_dir():
        fail(f"{directory}: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        fail(f"{directory}: not writable")


def _nearest_existing(path: Path) -> Path:
    for parent in path.absolute().parents:
        if parent.exists():
            return parent
    return Path("/")


def _caller(store: Store, email: str | None) -> Caller:
    if email is None:
        return Caller.operator()
    user = store.get_user(email.strip().lower())
    if user is None or user.revoked_at is not None:
        fail(f"--as {email}: no active user with that e-mail (warmgraph users list)")
    return Caller.of(user)


def _write(service: WarmgraphService, directory: Path, fmt: str) -> list[tuple[Path, int]]:
    """Every file of ``fmt`` into ``directory`` (all or none): (final path, rows) each."""
    from graph import export as tables

    written: list[tuple[Path, int]] = []
    # the writers pull in pyarrow and networkx: only for this command, not every start
    from graph.export_files import staged, write_graph, write_table

    with staged(directory) as scratch, StageProgress() as progress:
        if fmt in GRAPH_FORMATS:
            progress("building the graph", 0, None)
            graph = tables.to_networkx(service)
            rows = graph.number_of_nodes() + graph.number_of_edges()
            progress("building the graph", rows, rows)
            name = f"writing warmgraph.{fmt}"
            progress(name, 0, None)
            path = write_graph(graph, scratch, fmt)
            progress(name, rows, rows)
            written.append((directory / path.name, rows))
        else:
            for table in tables.TABLES:
                progress(table, 0, None)
                frame = tables.READERS[table](service)
                path = write_table(table, frame, scratch, fmt)
                progress(table, len(frame), len(frame))
                written.append((directory / path.name, len(frame)))
    return written
