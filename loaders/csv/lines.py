"""Problems of one file and the physical lines they are on.

pandas numbers data rows; a person reads lines. :class:`LineMap` maps one onto the other
(rescanning the file only when it has blank lines, quoted newlines or skipped rows), and
:class:`FileProblems` collects each file's problems under per-check quotas.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .parse import IntArray

PROBLEMS_PER_CHECK = 1000
PROBLEMS_PER_FILE = 1000

# --------------------------------------------------------------------------------------------
# problems


@dataclass(slots=True)
class FileProblems:
    """Problems of one file; rows are data-row positions, turned into lines at the end."""

    filename: str
    at_rows: list[tuple[int, str]] = field(default_factory=list)
    at_lines: list[tuple[int, str]] = field(default_factory=list)
    per_check: dict[str, int] = field(default_factory=dict)
    hidden: int = 0

    def line(self, line: int, message: str) -> None:
        self.at_lines.append((line, message))

    def rows(
        self,
        check: str,
        base: int,
        local: IntArray,
        message: Callable[[int], str],
    ) -> None:
        """Report chunk rows ``local`` (``base`` = the chunk's first row), keeping a quota."""
        if len(local) == 0:
            return
        seen = self.per_check.get(check, 0)
        room = max(PROBLEMS_PER_CHECK - seen, 0)
        for i in local[:room]:
            self.at_rows.append((base + int(i), message(int(i))))
        self.hidden += max(len(local) - room, 0)
        self.per_check[check] = seen + len(local)

    def __bool__(self) -> bool:
        return bool(self.at_rows or self.at_lines or self.hidden)

    def render(self, lines: LineMap | None) -> list[str]:
        entries = list(self.at_lines)
        if self.at_rows:
            rows = np.array([r for r, _ in self.at_rows], dtype=np.int64)
            mapped = lines.lines(rows) if lines is not None else rows + 2
            entries += [(int(n), m) for n, (_, m) in zip(mapped, self.at_rows, strict=True)]
        entries.sort(key=lambda e: e[0])
        hidden = self.hidden + max(len(entries) - PROBLEMS_PER_FILE, 0)
        out = [f"{self.filename}:{n}: {m}" for n, m in entries[:PROBLEMS_PER_FILE]]
        if hidden:
            out.append(f"{self.filename}: ... and {hidden} more problem(s) not listed")
        return out


# --------------------------------------------------------------------------------------------
# physical line numbers


def count_lines(path: Path) -> int:
    """Physical lines in the file (a last line without a newline counts)."""
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 24):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


@dataclass(slots=True)
class LineMap:
    """Maps data-row positions (as pandas numbers them) to physical CSV lines.

    When the file has one line per row (no blank lines, no quoted newlines, no skipped
    malformed rows) row ``r`` is on line ``r + 2``; otherwise the file is rescanned once with
    :mod:`csv` (only done when there is something to report).
    """

    path: Path
    rows: int
    physical: int
    width: int
    anomalies: bool
    _lines: IntArray | None = None
    _bad: list[tuple[int, int]] = field(default_factory=list)

    @property
    def identity(self) -> bool:
        return not self.anomalies and self.physical == self.rows + 1

    def _scan(self) -> None:
        lines: list[int] = []
        with (
            contextlib.suppress(csv.Error, UnicodeDecodeError),  # broken files: up to the break
            self.path.open(newline="", encoding="utf-8-sig") as fh,
        ):
            reader = csv.reader(fh)
            next(reader, None)
            prev = reader.line_num
            for record in reader:
                start = prev + 1
                prev = reader.line_num
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                if len(record) > self.width:
                    self._bad.append((start, len(record)))
                    continue
                lines.append(start)
        self._lines = np.array(lines, dtype=np.int64)

    def lines(self, rows: IntArray) -> IntArray:
        if self.identity:
            return rows + 2
        if self._lines is None:
            self._scan()
        assert self._lines is not None
        inside = rows < len(self._lines)
        return np.where(inside, self._lines[np.minimum(rows, len(self._lines) - 1)], rows + 2)

    def bad_rows(self) -> list[tuple[int, int]]:
        if self._lines is None:
            self._scan()
        return self._bad


def locate_failure(path: Path) -> int | None:
    """The first physical line of the record where :mod:`csv` fails, if it does."""
    done = 0
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            reader = csv.reader(fh, strict=True)
            for _ in reader:
                done = reader.line_num
    except csv.Error:
        return done + 1
    return None


def first_bad_utf8_line(path: Path) -> int:
    """The physical line holding the first byte sequence that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                pending = decoder.getstate()[0]  # bytes of an incomplete sequence carried over
                return line + (pending + block)[: max(exc.start, 0)].count(b"\n")
            line += block.count(b"\n")
    return line
