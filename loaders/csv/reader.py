"""``read_bundle``: find the bundle's files, read and check each, check references, normalise."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.bundle import Bundle, Progress, no_progress
from graph.errors import BundleError
from graph.validation.frames import ExistingIds

from .normalise import normalise
from .reading import File, read_file
from .references import check_references
from .spec import FILES

KnownIds = ExistingIds
"""``known_ids(kind, ids)``: which of ``ids`` (of node kind person/company/community) the
store already has."""

KNOWN_FILES: tuple[str, ...] = tuple(spec.filename for spec in FILES)


@dataclass(frozen=True, slots=True)
class BundleFiles:
    """What a bundle directory holds: the known files found, and CSV files it ignores."""

    directory: Path
    found: tuple[str, ...]
    unknown: tuple[str, ...]

    def warnings(self) -> list[str]:
        """One line per ignored file, with the known name it most resembles."""
        out = []
        for name in self.unknown:
            close = difflib.get_close_matches(name.lower(), KNOWN_FILES, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            out.append(f"{self.directory / name}: not a bundle file, ignored{hint}")
        return out


@dataclass(frozen=True, slots=True)
class ReadResult:
    bundle: Bundle
    files: BundleFiles


def find_files(directory: str | Path) -> BundleFiles:
    """The known files in ``directory`` and the other ``*.csv`` files there.

    BundleError if it is not a directory or holds none of the known files: loading nothing
    is never what was meant.
    """
    root = Path(directory)
    if not root.is_dir():
        raise BundleError([f"{root}: not a directory"])
    found = tuple(name for name in KNOWN_FILES if (root / name).is_file())
    unknown = tuple(
        sorted(
            p.name
            for p in root.iterdir()
            if p.is_file() and p.suffix.lower() == ".csv" and p.name not in KNOWN_FILES
        )
    )
    if not found:
        files = BundleFiles(root, found, unknown)
        problems = [
            f"{root}: no bundle file found; expected one or more of " + ", ".join(KNOWN_FILES)
        ]
        raise BundleError(problems + files.warnings())
    return BundleFiles(root, found, unknown)


def read_bundle_files(
    directory: str | Path,
    known_ids: KnownIds | None = None,
    progress: Progress = no_progress,
    warn: Callable[[str], None] | None = None,
) -> ReadResult:
    """:func:`read_bundle`, also saying which files were read and which were ignored;
    ``warn`` is told about each ignored file first (a CLI prints it)."""
    files = find_files(directory)
    if warn is not None:
        for message in files.warnings():
            warn(message)
    read: dict[str, File] = {}
    for spec in FILES:
        if spec.filename in files.found:
            read[spec.frame] = read_file(spec, files.directory / spec.filename, progress)
    check_references(read, known_ids, progress)
    problems: list[str] = []
    for name in sorted(read, key=lambda n: read[n].spec.filename):
        data = read[name]
        if data.problems:
            problems += data.problems.render(data.lines)
    if problems:
        raise BundleError(problems)
    return ReadResult(normalise(read, progress), files)


def read_bundle(
    directory: str | Path,
    known_ids: KnownIds | None = None,
    progress: Progress = no_progress,
) -> Bundle:
    """Read, check and normalise the CSV bundle in ``directory``.

    ``known_ids(kind, ids)`` is asked at most once per node kind (``"person"``, ``"company"``,
    ``"community"``) which of the referenced ids missing from the bundle the store already
    has; ``None`` means the store is empty. Raises :class:`BundleError` listing every problem
    (and returns nothing) when the bundle is not valid, or when the directory holds none of
    the known files. Files it does not know are ignored: see :func:`read_bundle_files`.
    """
    return read_bundle_files(directory, known_ids, progress).bundle
