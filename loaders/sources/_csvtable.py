"""A CSV export read as its vendor writes it: a preamble before the header, a BOM or not,
CRLF or LF, quoted fields spanning lines, and rows numbered by the physical line they start
on so that reports can say ``file:line``.

Used by the LinkedIn parser; other vendors' CSV exports (CRM) have the same quirks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .records import SourceError

if TYPE_CHECKING:
    from _csv import Reader

#: How many records (preamble lines, blank lines) may come before the header. LinkedIn's
#: ``Notes:`` preamble is three; a file with no header this early is not the export, and
#: looking no further keeps a wrong multi-gigabyte file (an mbox) from being read whole.
HEADER_SEARCH_ROWS = 20


@dataclass(slots=True)
class Table:
    """A CSV file positioned just after its header."""

    name: str  # the file's name, for "file:line" reports
    columns: dict[str, int]  # header name (case-folded, trimmed) -> field index
    width: int  # fields in the header: every data row should have as many
    rows: Iterator[tuple[int, list[str]]]  # (physical line the row starts on, fields)

    def index(self, column: str) -> int | None:
        return self.columns.get(column.casefold())


def _records(reader: Reader) -> Iterator[tuple[int, list[str]]]:
    # csv.reader counts the physical lines it consumed, so a record starts one line after
    # the previous record ended, even when a quoted field spans several lines.
    last = 0
    for row in reader:
        yield last + 1, row
        last = reader.line_num


def _header(cells: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").casefold() for cell in cells]


@contextmanager
def open_table(path: Path, required: Sequence[str], expected: str) -> Iterator[Table]:
    """Open ``path`` and find its header: the first record, among the first
    :data:`HEADER_SEARCH_ROWS`, holding every ``required`` column (case-insensitive).

    Raises :class:`SourceError` (one line naming the file and ``expected``, a description
    that shows the header, e.g. ``a LinkedIn Connections.csv (header First Name,...)``) when
    the file cannot be read as UTF-8 CSV or has no such header. Decoding and CSV errors met
    later, while the caller iterates the rows, become a SourceError too: past such an error
    the rest of the file cannot be trusted.
    """
    wanted = [column.casefold() for column in required]
    reader = None
    try:
        # utf-8-sig: a file re-saved by Excel starts with a BOM, LinkedIn's own does not.
        # newline="": the csv module handles CRLF and line breaks inside quoted fields.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            records = _records(reader)
            for line, cells in records:
                if line > HEADER_SEARCH_ROWS:
                    break
                names = _header(cells)
                if all(column in names for column in wanted):
                    columns: dict[str, int] = {}
                    for i, name in enumerate(names):
                        columns.setdefault(name, i)
                    yield Table(path.name, columns, len(cells), records)
                    return
            raise SourceError(
                f"{path}: not {expected}: no such header in its first {HEADER_SEARCH_ROWS} lines"
            )
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path}: not {expected} (not UTF-8 text at byte {error.start})"
        ) from error
    except csv.Error as error:
        where = f"{path}:{reader.line_num}" if reader is not None else str(path)
        raise SourceError(f"{where}: not {expected} (unreadable CSV: {error})") from error
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
