"""Read, validate and import a CSV bundle into any store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.bundle import Progress, no_progress
from graph.model import NODE_KIND_NAMES, NodeType
from graph.store.base import Store

from .csv import read_bundle_files

_KINDS_BY_NAME: dict[str, NodeType] = {name: kind for kind, name in NODE_KIND_NAMES.items()}


def known_ids(store: Store) -> Callable[[str, set[str]], set[str]]:
    """What the bundle reader asks to resolve references to nodes already stored."""

    def lookup(kind: str, ids: set[str]) -> set[str]:
        return store.existing_ids(_KINDS_BY_NAME[kind], ids)

    return lookup


def load_directory(
    store: Store,
    directory: Path,
    progress: Progress = no_progress,
    warn: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Import one bundle; BundleError (and nothing written) if it has any problem.

    ``warn`` is told, before anything is read, about every ``*.csv`` file the bundle
    ignores because its name is not a bundle file's (``connection.csv``, say).
    """
    result = read_bundle_files(directory, known_ids(store), progress, warn=warn)
    return store.import_bundle(result.bundle, progress)
