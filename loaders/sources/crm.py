"""What the CRM export parsers (Salesforce, HubSpot) share: reading an exported CSV file,
turning its text cells into values, and mapping a CRM's deal stages to warmgraph's.

Both CRMs export UTF-8 CSV (Salesforce sometimes with a byte-order mark) with quoted cells
that may hold commas, doubled quotes and line breaks (a contact's Description). A cell that
cannot be read as its value raises :class:`RowError`; the parser turns that into one
``file:line: reason`` entry of the report and goes on with the next row.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import BadInput, shown
from graph.model import DealStage
from graph.validation.rules import check_amount, check_date

from .records import Report, SourceError

#: Cells that mean "yes" in an export's boolean columns (Salesforce writes true/false, some
#: tools 1/0).
TRUE_TEXT = frozenset({"true", "1"})
FALSE_TEXT = frozenset({"false", "0", ""})


class RowError(ValueError):
    """One cell of one row cannot be read; the message is the reason a report shows."""


@dataclass(slots=True)
class CrmFile:
    """One exported CSV file: its header (looked up case-insensitively, as the two CRMs
    differ in capitals between versions: "Company name" / "Company Name") and its rows."""

    path: Path
    header: list[str]
    _reader: Iterator[list[str]]
    _line_of: Iterator[int]

    @property
    def name(self) -> str:
        return self.path.name

    def column(self, *names: str) -> int | None:
        """The position of the first of ``names`` the header has, or None."""
        wanted = [n.casefold() for n in names]
        for name in wanted:
            for position, title in enumerate(self.header):
                if title == name:
                    return position
        return None

    def require(self, *names: str) -> int:
        """The position of the first of ``names``; a file without any is not this export."""
        position = self.column(*names)
        if position is None:
            expected = " or ".join(repr(n) for n in names)
            raise SourceError(f"{self.path}: expected a column {expected} in the header")
        return position

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line where the row starts, its cells)`` for each non-blank row."""
        for start, cells in zip(self._line_of, self._reader, strict=False):
            if cells:
                yield start, cells


@contextmanager
def open_export(path: Path) -> Iterator[CrmFile]:
    """Open an exported CSV file and read its header; text or CSV that cannot be read at
    all raises SourceError naming the file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            # The line a row starts on is one past where the previous row ended: a quoted
            # cell with line breaks makes one row span several lines.
            header = _first_row(path, reader)
            yield CrmFile(path, header, _guarded(path, reader), _start_lines(reader))
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: expected UTF-8 CSV text ({error.reason})") from None


def _first_row(path: Path, reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise SourceError(f"{path}: expected a CSV header row ({error})") from None
    if not header or not any(cell.strip() for cell in header):
        raise SourceError(f"{path}: expected a CSV header row, found an empty file")
    return [cell.strip().casefold() for cell in header]


def _start_lines(reader: Iterator[list[str]]) -> Iterator[int]:
    line_num = reader.line_num  # type: ignore[attr-defined]  # csv reader objects have it
    while True:
        yield line_num + 1
        line_num = reader.line_num  # type: ignore[attr-defined]


def _guarded(path: Path, reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows, with the csv module's rare hard errors (a NUL byte, a field over its size
    limit) named by file and line: the rest of the file cannot be trusted after them."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num  # type: ignore[attr-defined]
            raise SourceError(f"{path}:{line}: expected CSV text ({error})") from None
        yield cells


def read_rows(
    export: CrmFile,
    report: Report,
    read: Callable[[list[str], str], None],
    *,
    deleted: int | None = None,
) -> None:
    """Each row of ``export`` through ``read(cells, "file:line")``: counted, skipped when
    the ``deleted`` column says so, reported when ``read`` (or the row's width) fails."""
    for line, cells in export.rows():
        report.rows_read += 1
        where = f"{export.name}:{line}"
        try:
            check_width(cells, export.header)
            if is_true(cell(cells, deleted)):
                report.skipped["deleted"] += 1
                continue
            read(cells, where)
        except RowError as error:
            report.rejected.append(f"{where}: {error}")


def cell(cells: Sequence[str], position: int | None) -> str:
    """The trimmed text at ``position``, or "" when the column is absent."""
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def check_width(cells: Sequence[str], header: Sequence[str]) -> None:
    """A row with another number of cells than the header has lost its quoting."""
    if len(cells) != len(header):
        raise RowError(f"expected {len(header)} fields as in the header, got {len(cells)}")


def is_true(text: str) -> bool:
    """A boolean cell that says yes ("true", "1", any case)."""
    return text.strip().lower() in TRUE_TEXT


def parse_flag(text: str, what: str) -> bool:
    """A boolean cell that must say yes or no (empty is no)."""
    value = text.strip().lower()
    if value in TRUE_TEXT:
        return True
    if value in FALSE_TEXT:
        return False
    raise RowError(f"{what} must be true or false, got {shown(text)}")


def parse_amount(text: str, what: str) -> float | None:
    """A money amount as exported ("12500", "12500.00"); empty is no amount. Thousands
    separators are refused rather than guessed ("1,250" is 1.25 in half the world)."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{what} must be a number, got {shown(text)}") from None
    if math.isnan(value):
        raise RowError(f"{what} must be a number, got {shown(text)}")
    try:
        return check_amount(value, what)
    except BadInput as error:
        raise RowError(str(error)) from None


def parse_day(text: str, what: str) -> date | None:
    """The date of an exported date or date-time cell; empty is none. A time with an
    offset ("2024-01-15T23:30:00.000Z", "...+0200") gives its date in UTC; a time without
    one gives its own date."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(_iso_offset(text))
    except ValueError:
        raise RowError(f"{what} must be a date like 2024-03-31, got {shown(text)}") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:
            raise RowError(f"{what} {shown(text)} is out of range") from None
    try:
        return check_date(moment.date(), what)
    except BadInput as error:
        raise RowError(str(error)) from None


_COMPACT_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")


def _iso_offset(text: str) -> str:
    # Salesforce's API writes offsets as +0000, which fromisoformat reads only as +00:00.
    return _COMPACT_OFFSET.sub(r"\1:\2", text) if "T" in text or " " in text else text


def normalise_domain(website: str) -> str | None:
    """A company's domain from what its Website cell holds: no scheme, ``www.``, port,
    path, query or capitals (``https://www.Acme.com:443/about`` -> ``acme.com``). Text
    that is no host name ("n/a", "-") gives None rather than a bogus domain."""
    text = website.strip().lower()
    if not text:
        return None
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    host = host.rstrip(".").removeprefix("www.")
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    return host


def full_name(first: str, last: str) -> str:
    """First and last name as one, either may be empty."""
    return " ".join(part for part in (first.strip(), last.strip()) if part)


def stage_key(label: str) -> str:
    """A stage label compared without case, spaces or punctuation, so that a CRM's internal
    name and its label meet: "Decision Maker Bought-In" -> "decisionmakerboughtin"."""
    return re.sub(r"[^a-z0-9]", "", label.casefold())


#: What an open deal whose stage is not in a CRM's table becomes: its earliest stage. A
#: stage we do not know says nothing about progress, and claiming none is the safe reading
#: (it never makes a deal look further along than the CRM can show).
UNKNOWN_OPEN_STAGE = DealStage.PROSPECTING


@dataclass(slots=True)
class StageMap:
    """A CRM's open stages (keys as :func:`stage_key` makes them) -> warmgraph stages,
    counting the stages it did not know for the report."""

    open_stages: Mapping[str, DealStage]
    unknown: Counter[str] = field(default_factory=Counter)

    def stage(self, label: str, *, closed: bool, won: bool) -> DealStage:
        """Closed deals by their outcome whatever the label says; open ones by the table,
        an unknown label by :data:`UNKNOWN_OPEN_STAGE`."""
        if closed:
            return DealStage.CLOSED_WON if won else DealStage.CLOSED_LOST
        found = self.open_stages.get(stage_key(label))
        if found is None:
            self.unknown[label] += 1
            return UNKNOWN_OPEN_STAGE
        return found

    def notes(self, what: str) -> list[str]:
        """One note per unknown stage: its name, how many deals, what they became."""
        return [
            f"unknown {what} stage {shown(label)} on {count} open deal"
            f"{'' if count == 1 else 's'}: mapped to {UNKNOWN_OPEN_STAGE.value}"
            for label, count in sorted(self.unknown.items())
        ]


@dataclass(slots=True)
class Keys:
    """The keys one kind of record has used in a batch and where, so a second row with the
    same key is reported instead of silently replacing the first."""

    seen: dict[str, str] = field(default_factory=dict)

    def claim(self, key: str, where: str) -> None:
        first = self.seen.setdefault(key, where)
        if first != where:
            raise RowError(f"duplicate id {shown(key)} (first at {first})")
