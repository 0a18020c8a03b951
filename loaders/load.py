"""Read, validate and import a CSV bundle into any store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.bundle import Bundle, Progress, no_progress
from graph.model import NODE_KIND_NAMES, NodeType
from graph.service import WarmgraphService
from graph.store.base import Store

from .csv import read_bundle_files
from .suppressed import SuppressedRows

_KINDS_BY_NAME: dict[str, NodeType] = {name: kind for kind, name in NODE_KIND_NAMES.items()}


def known_ids(store: Store) -> Callable[[str, set[str]], set[str]]:
    """What the bundle reader asks to resolve references to nodes already stored."""

    def lookup(kind: str, ids: set[str]) -> set[str]:
        return store.existing_ids(_KINDS_BY_NAME[kind], ids)

    return lookup


@dataclass(slots=True)
class LoadResult:
    bundle: Bundle  # as imported (without the rows an erasure covers)
    counts: dict[str, int]  # rows written per frame
    skipped: dict[str, int] = field(default_factory=dict)  # rows naming erased people


def load_directory(
    store: Store,
    directory: Path,
    progress: Progress = no_progress,
    warn: Callable[[str], None] | None = None,
    service: WarmgraphService | None = None,
) -> LoadResult:
    """Import one bundle; BundleError (and nothing written) if it has any problem. Rows
    that would bring back an erased person are skipped and counted (``loaders.suppressed``),
    and the import is recorded in the audit log as ``service``'s caller (the operator by
    default).

    ``warn`` is told, before anything is read, about every ``*.csv`` file the bundle
    ignores because its name is not a bundle file's (``connection.csv``, say).
    """
    service = service or WarmgraphService(store)
    suppressed = SuppressedRows(service)
    lookup = suppressed.known_ids(known_ids(store))
    bundle = read_bundle_files(directory, lookup, progress, warn=warn).bundle
    skipped = suppressed.drop(bundle)
    counts = service.import_bundle(bundle, progress, source=str(directory))
    return LoadResult(bundle, counts, skipped)
