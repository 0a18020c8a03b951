"""Opening a store, loading a bundle into it, and removing a SQLite database, for the
commands."""

from __future__ import annotations

from pathlib import Path

import click

from graph.bundle import Bundle, Progress
from graph.config import Settings
from graph.errors import WarmgraphError
from graph.store.base import Store

from .errors import fail


def open_store(settings: Settings, *, strengths: bool = False) -> Store:
    """The store ``settings`` name; a failure names the database or server at fault. With
    ``strengths`` (commands that compute or serve tie strengths), also refuse a store whose
    stored strengths were computed with other settings (``warmgraph relink`` fixes it)."""
    from graph.store.factory import open_store

    where = settings.neo4j.uri if settings.neo4j is not None else settings.db_path
    try:
        store = open_store(settings)
    except WarmgraphError as exc:
        fail(f"{where}: {exc.message}")
    if strengths:
        try:
            store.check_strengths()
        except WarmgraphError as exc:
            store.close()
            fail(f"{where}: {exc.message}")
    return store


def load_bundle(
    store: Store, directory: Path, progress: Progress
) -> tuple[dict[str, int], dict[str, str]]:
    """Read, validate and import one bundle: the rows imported per frame, and a note for
    each count that is not simply its file's rows. Files the bundle ignores (a misnamed
    ``connection.csv``, say) are warned about on stderr before anything is read; rows
    skipped because they name an erased person are counted on stderr."""
    from loaders.load import load_directory

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    result = load_directory(store, directory, progress, warn=warn)
    if result.skipped:
        each = ", ".join(f"{name} {count:,}" for name, count in result.skipped.items())
        total = sum(result.skipped.values())
        click.echo(f"skipped {total:,} row(s) naming erased people ({each})", err=True)
    return result.counts, bundle_notes(result.bundle)


def bundle_notes(bundle: Bundle) -> dict[str, str]:
    """Why ``employment`` holds more rows than employment.csv: people.csv's company_id adds
    each person's current employer unless employment.csv has that pair."""
    from loaders.csv.normalise import ROWS_FROM_PEOPLE

    frame = bundle.employment
    derived = int(frame.attrs.get(ROWS_FROM_PEOPLE, 0)) if frame is not None else 0
    if frame is None or not derived:
        return {}
    return {
        "employment": f"{len(frame) - derived:,} from employment.csv, "
        f"{derived:,} from people.csv company_id"
    }


def remove_database(db_path: Path) -> None:
    """Delete a SQLite database and its side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
