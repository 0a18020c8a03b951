"""Read and validate a CSV bundle into a normalised :class:`graph.bundle.Bundle`.

A bundle is a directory holding up to nine UTF-8 CSV files, each with a header row. Any file
may be absent; unknown columns are ignored; optional columns may be absent (then every row gets
the default). Header names are matched case-insensitively after trimming. Values are taken
exactly as written (no trimming: ``"007"`` and ``"NA"`` are ids, not numbers or missing); an
empty value means "not given".

=================  ==========================================================================
file               columns (``*`` = required; ``->`` default when empty or column absent)
=================  ==========================================================================
people.csv         id*, name*, email, title, company_id, location, linkedin, twitter,
                   do_not_contact (true/false/1/0/yes/no -> false), tags (``a;b;c``)
companies.csv      id*, name*, domain, industry, employees (whole number >= 0)
communities.csv    id*, name*, kind (group|forum|event|customer_community|other -> other), url
connections.csv    source_id*, target_id*, since (date), origin (linkedin|email|crm|manual ->
                   manual)
employment.csv     person_id*, company_id*, title, start (date), end (date, not before start)
memberships.csv    person_id*, community_id*, role, since (date)
advocates.csv      person_id*, company_id*, level (promoter|reference|champion -> promoter),
                   since (date)
interactions.csv   id*, kind* (email|meeting|call|message|comment|like|share|referral|
                   introduction), at* (date or datetime), source_id*, target_id*, community_id
deals.csv          id*, name*, company_id*, owner_id (a person), stage (prospecting|
                   qualification|proposal|negotiation|closed_won|closed_lost -> prospecting),
                   amount (number), created_at (date), closed_at (date, not before created_at)
=================  ==========================================================================

Dates are ``YYYY-MM-DD`` or an ISO 8601 datetime (``YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM]``)
and are kept as the calendar date written (``YYYY-MM-DD``). ``at`` takes the same forms and
becomes float epoch seconds; a value without an offset is UTC. Enum values are matched
case-insensitively.

Checks (every problem is collected, then :class:`graph.errors.BundleError` is raised with all of
them as ``file:line: message``, sorted by file then line; line 1 is the header): missing required
columns, empty required values, unparseable dates/numbers/booleans, unknown kinds/origins/
levels/stages, malformed CSV rows (too many fields), duplicate ids within a file, a connection or
interaction from a person to themselves, ``end`` before ``start`` (``closed_at`` before
``created_at``), and references (``*_id`` columns naming a person, company or community) to ids
that neither the bundle's own node file nor the store (``known_ids``) defines. Problems on one
line keep the order the checks ran in (columns left to right, then row checks, duplicates and
references). Rows are numbered by physical line, so quoted newlines and blank lines are
accounted for. A file that cannot be parsed to its end (not UTF-8, an unclosed quote) is
reported once and its references are not checked. At most :data:`PROBLEMS_PER_CHECK` problems
are listed per file and check, and :data:`PROBLEMS_PER_FILE` per file; the rest are counted in
a final ``file: ... and N more problem(s) not listed`` line.

Normalisation (the output follows ``graph/bundle.py``): connections become ``a < b`` (``str``
order) with duplicate pairs, in either direction, merged keeping the last row; duplicate
(person, company/community) rows in employment, memberships and advocates are merged the same
way; ``people.company_id`` becomes an employment row (title from ``people.title``, no dates)
unless employment.csv has that pair; interactions' ``source_id``/``target_id`` become
``actor_id``/``recipient_id``.

Frame dtypes: optional text and date columns are ``object`` (``str`` or ``None``); required
reference columns (``a``, ``b``, ``person_id``, ``company_id``, ``community_id`` of the
relationship frames, ``actor_id``, ``recipient_id``, ``deals.company_id``) and enum columns
(``kind``, ``origin``, ``level``, ``stage``) are ``category`` with ``str`` categories (reference
categories sorted; values are never missing) so that 20M-row frames stay small;
``do_not_contact`` is ``bool``, ``employees`` ``Int64``, ``at`` and ``amount`` ``float64``.
Use ``frame["at"]``, not ``frame.at`` (that is pandas' scalar accessor).

Files are parsed in chunks of :data:`CHUNK_ROWS` rows by pandas' C parser; reference columns
are factorised per chunk and merged once, so no column keeps one Python object per row except
the ids and free text that the frames must hold as ``str``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from graph.bundle import FRAME_COLUMNS, Bundle, Progress, no_progress
from graph.errors import BundleError
from graph.model import (
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealStage,
    InteractionKind,
)

from ._parse import (
    BoolArray,
    IntArray,
    ObjArray,
    duplicate_rows,
    factorize,
    factorize_str,
    normalise_dates,
    parse_bool,
    parse_float,
    parse_int,
    parse_iso,
    split_tags,
    string_order,
)

__all__ = [
    "COLUMNS",
    "FILES",
    "FORMAT_HELP",
    "PROBLEMS_PER_CHECK",
    "PROBLEMS_PER_FILE",
    "REQUIRED_COLUMNS",
    "KnownIds",
    "read_bundle",
]

KnownIds = Callable[[str, set[str]], set[str]]
"""``known_ids(kind, ids)``: which of ``ids`` (of node kind person/company/community) the
store already has."""

CHUNK_ROWS = 1_000_000
PROBLEMS_PER_CHECK = 1000
PROBLEMS_PER_FILE = 1000


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: how it is parsed and checked."""

    name: str
    form: str  # id | text | ref | enum | date | datetime | int | float | bool | tags
    required: bool = False
    ref: str | None = None  # node kind a ref column names
    enum: type[StrEnum] | None = None
    default: str | None = None  # enum default
    out: str | None = None  # name in the output frame, when it differs
    group: str | None = None  # ref columns sharing one category set


@dataclass(frozen=True, slots=True)
class FileSpec:
    frame: str
    columns: tuple[Column, ...]
    node: str | None = None  # node kind whose ids this file defines
    key: tuple[str, ...] = ()  # relationship key: duplicates merged, last row kept
    same_person: tuple[str, str] | None = None
    order: tuple[str, str] | None = None  # (earlier, later)

    @property
    def filename(self) -> str:
        return f"{self.frame}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_PERSON = "person"
_COMPANY = "company"
_COMMUNITY = "community"

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "people",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("email", "text"),
            Column("title", "text"),
            Column("company_id", "ref", ref=_COMPANY),
            Column("location", "text"),
            Column("linkedin", "text"),
            Column("twitter", "text"),
            Column("do_not_contact", "bool"),
            Column("tags", "tags"),
        ),
        node=_PERSON,
    ),
    FileSpec(
        "companies",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("domain", "text"),
            Column("industry", "text"),
            Column("employees", "int"),
        ),
        node=_COMPANY,
    ),
    FileSpec(
        "communities",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("kind", "enum", enum=CommunityKind, default=CommunityKind.OTHER),
            Column("url", "text"),
        ),
        node=_COMMUNITY,
    ),
    FileSpec(
        "connections",
        (
            Column("source_id", "ref", required=True, ref=_PERSON, group="pair"),
            Column("target_id", "ref", required=True, ref=_PERSON, group="pair"),
            Column("since", "date"),
            Column("origin", "enum", enum=ConnectionOrigin, default=ConnectionOrigin.MANUAL),
        ),
        same_person=("source_id", "target_id"),
    ),
    FileSpec(
        "employment",
        (
            Column("person_id", "ref", required=True, ref=_PERSON),
            Column("company_id", "ref", required=True, ref=_COMPANY),
            Column("title", "text"),
            Column("start", "date"),
            Column("end", "date"),
        ),
        key=("person_id", "company_id"),
        order=("start", "end"),
    ),
    FileSpec(
        "memberships",
        (
            Column("person_id", "ref", required=True, ref=_PERSON),
            Column("community_id", "ref", required=True, ref=_COMMUNITY),
            Column("role", "text"),
            Column("since", "date"),
        ),
        key=("person_id", "community_id"),
    ),
    FileSpec(
        "advocates",
        (
            Column("person_id", "ref", required=True, ref=_PERSON),
            Column("company_id", "ref", required=True, ref=_COMPANY),
            Column("level", "enum", enum=AdvocacyLevel, default=AdvocacyLevel.PROMOTER),
            Column("since", "date"),
        ),
        key=("person_id", "company_id"),
    ),
    FileSpec(
        "interactions",
        (
            Column("id", "id", required=True),
            Column("kind", "enum", required=True, enum=InteractionKind),
            Column("at", "datetime", required=True),
            Column("source_id", "ref", required=True, ref=_PERSON, out="actor_id", group="pair"),
            Column(
                "target_id", "ref", required=True, ref=_PERSON, out="recipient_id", group="pair"
            ),
            Column("community_id", "ref", ref=_COMMUNITY),
        ),
        same_person=("source_id", "target_id"),
    ),
    FileSpec(
        "deals",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("company_id", "ref", required=True, ref=_COMPANY),
            Column("owner_id", "ref", ref=_PERSON),
            Column("stage", "enum", enum=DealStage, default=DealStage.PROSPECTING),
            Column("amount", "float"),
            Column("created_at", "date"),
            Column("closed_at", "date"),
        ),
        order=("created_at", "closed_at"),
    ),
)

COLUMNS: dict[str, tuple[str, ...]] = {s.filename: tuple(c.name for c in s.columns) for s in FILES}
"""Every column each file may have, by file name."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    s.filename: tuple(c.name for c in s.columns if c.required) for s in FILES
}
"""The columns each file must have (and that may not be empty), by file name."""


def _describe() -> str:
    lines = []
    for spec in FILES:
        cols = []
        for c in spec.columns:
            text = c.name + ("*" if c.required else "")
            if c.enum is not None:
                text += " (" + "|".join(e.value for e in c.enum)
                text += f", default {c.default})" if c.default else ")"
            cols.append(text)
        lines.append(f"{spec.filename}: " + ", ".join(cols))
    return (
        "A bundle is a directory of CSV files with a header row; any file may be absent "
        "(* = required column).\n" + "\n".join(lines) + "\nDates: YYYY-MM-DD or ISO datetime; "
        "booleans: true/false/1/0/yes/no; tags: separated by ';'."
    )


FORMAT_HELP = _describe()
"""A plain-text description of the bundle format for CLI help and docs."""


# --------------------------------------------------------------------------------------------
# problems


def _q(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


@dataclass(slots=True)
class _FileProblems:
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

    def render(self, lines: _LineMap | None) -> list[str]:
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


def _count_lines(path: Path) -> int:
    """Physical lines in the file (a last line without a newline counts)."""
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 24):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


@dataclass(slots=True)
class _LineMap:
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


def _locate_failure(path: Path) -> int | None:
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


def _first_bad_utf8_line(path: Path) -> int:
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


# --------------------------------------------------------------------------------------------
# column accumulators: fed one chunk at a time, finished once the file is read


class _Acc:
    def __init__(self, col: Column, problems: _FileProblems) -> None:
        self.col = col
        self.problems = problems
        self.parts: list[np.ndarray] = []

    def empty_rows(self, values: ObjArray, base: int) -> BoolArray:
        empty = np.asarray(values == "", dtype=np.bool_)
        if self.col.required:
            self.problems.rows(
                f"empty:{self.col.name}",
                base,
                np.flatnonzero(empty),
                lambda _: f"empty value in required column {self.col.name!r}",
            )
        return empty

    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        raise NotImplementedError

    def finish(self, lines: _LineMap) -> None:
        """Whole-column checks, once the file is read."""

    def values(self) -> np.ndarray:
        if not self.parts:
            return np.empty(0, dtype=object)
        return np.concatenate(self.parts)


class _TextAcc(_Acc):
    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        empty = self.empty_rows(values, base)
        out = values.copy()
        if empty.any():
            out[empty] = None
        self.parts.append(out)
        return out


class _IdAcc(_TextAcc):
    def finish(self, lines: _LineMap) -> None:
        ids = self.values()
        self.parts = [ids]
        rows = duplicate_rows(ids)
        if len(rows) == 0:
            return
        codes, uniques = factorize(ids)  # None (an empty id) gets code -1
        valid = np.flatnonzero(codes >= 0)
        first_of_code = np.full(len(uniques), len(ids), dtype=np.int64)
        np.minimum.at(first_of_code, codes[valid], valid)
        first_line = lines.lines(first_of_code[codes[rows]])
        self.problems.rows(
            "duplicate",
            0,
            rows,
            lambda i: (
                f"duplicate id {_q(ids[i])} (first on line {first_line[np.searchsorted(rows, i)]})"
            ),
        )


class _CodeBook:
    """Global categories for ref columns read in chunks: per-chunk factorize, one merge."""

    def __init__(self) -> None:
        self.uniques: list[ObjArray] = []
        self.size = 0
        self.parts: dict[str, list[tuple[IntArray, int]]] = {}
        self.result: tuple[ObjArray, dict[str, IntArray]] | None = None

    def add(self, name: str, codes: IntArray, uniques: ObjArray) -> None:
        self.parts.setdefault(name, []).append((codes, self.size))
        self.uniques.append(uniques)
        self.size += len(uniques)

    def finish(self) -> tuple[ObjArray, dict[str, IntArray]]:
        """Sorted categories (no empty string) and int32 codes per column (-1 = empty)."""
        if self.result is not None:
            return self.result
        every = np.concatenate(self.uniques) if self.uniques else np.empty(0, dtype=object)
        gcodes, guniq = factorize_str(every)
        keep = np.flatnonzero(guniq != "")
        order = keep[string_order(guniq[keep])]
        rank = np.full(len(guniq), -1, dtype=np.int64)
        rank[order] = np.arange(len(order))
        remap = rank[gcodes] if len(gcodes) else np.empty(0, dtype=np.int64)
        codes: dict[str, IntArray] = {}
        for name, parts in self.parts.items():
            pieces = [
                np.where(c >= 0, remap[np.maximum(c, 0) + off], -1).astype(np.int32)
                for c, off in parts
            ]
            codes[name] = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int32)
        self.uniques = []
        self.parts = {}
        self.result = (guniq[order], codes)
        return self.result


class _RefAcc(_Acc):
    def __init__(self, col: Column, problems: _FileProblems, book: _CodeBook) -> None:
        super().__init__(col, problems)
        self.book = book

    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        self.empty_rows(values, base)
        codes, uniques = factorize(values)  # (caches each str's hash for the merge)
        self.book.add(self.col.name, codes, uniques)
        return values

    def categories(self) -> ObjArray:
        return self.book.finish()[0]

    def codes(self) -> IntArray:
        return self.book.finish()[1].get(self.col.name, np.empty(0, dtype=np.int32))

    def finish(self, lines: _LineMap) -> None:
        self.book.finish()

    def values(self) -> np.ndarray:
        cats, codes = self.categories(), self.codes()
        if len(cats) == 0:
            return np.full(len(codes), None, dtype=object)
        out = cats[codes]
        out[codes < 0] = None
        return out


class _MappedAcc(_Acc):
    """Columns parsed per distinct value (enums, booleans, numbers, tags)."""

    bad_message = ""

    def parse(self, text: str) -> object:
        """The parsed value, or ``None`` when ``text`` is not valid."""
        raise NotImplementedError

    def missing(self) -> object:
        return None

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=object)

    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        codes, uniques = factorize(values)
        parsed: list[object] = []
        bad: list[int] = []
        empty: list[int] = []
        for k, text in enumerate(uniques):
            if text == "":
                parsed.append(self.missing())
                empty.append(k)
                continue
            value = self.parse(text)
            if value is None:
                bad.append(k)
                value = self.missing()
            parsed.append(value)
        table = self.convert(parsed)
        out = table[codes]
        if self.col.required and empty:
            self.problems.rows(
                f"empty:{self.col.name}",
                base,
                np.flatnonzero(np.isin(codes, empty)),
                lambda _: f"empty value in required column {self.col.name!r}",
            )
        if bad:
            self.problems.rows(
                f"bad:{self.col.name}",
                base,
                np.flatnonzero(np.isin(codes, bad)),
                lambda i: self.bad_message.format(v=_q(values[i]), c=self.col.name),
            )
        self.parts.append(out)
        return out


class _EnumAcc(_MappedAcc):
    def __init__(self, col: Column, problems: _FileProblems) -> None:
        super().__init__(col, problems)
        assert col.enum is not None
        self.categories = [e.value for e in col.enum]
        self.lookup: dict[str, int] = {v: i for i, v in enumerate(self.categories)}
        self.bad_message = "unknown {c} {v} (allowed: " + ", ".join(self.categories) + ")"

    def parse(self, text: str) -> object:
        return self.lookup.get(text.strip().lower())

    def missing(self) -> object:
        return self.lookup[self.col.default] if self.col.default is not None else -1

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=np.int8)

    def codes(self) -> np.ndarray:
        return self.values() if self.parts else np.empty(0, dtype=np.int8)


class _BoolAcc(_MappedAcc):
    bad_message = "bad boolean {v} in {c!r} (expected true/false, 1/0 or yes/no)"

    def parse(self, text: str) -> object:
        return parse_bool(text)

    def missing(self) -> object:
        return False

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=np.bool_)


class _IntAcc(_MappedAcc):
    bad_message = "bad number {v} in {c!r} (expected a whole number >= 0)"

    def parse(self, text: str) -> object:
        return parse_int(text)

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=object)


class _FloatAcc(_MappedAcc):
    bad_message = "bad number {v} in {c!r} (expected a number such as 1250.50)"

    def parse(self, text: str) -> object:
        return parse_float(text)

    def missing(self) -> object:
        return float("nan")

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=np.float64)


class _TagsAcc(_MappedAcc):
    def parse(self, text: str) -> object:
        return json.dumps(split_tags(text), ensure_ascii=False)

    def missing(self) -> object:
        return "[]"


class _DateAcc(_Acc):
    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        empty = self.empty_rows(values, base)
        filled = np.flatnonzero(~empty)
        out = np.full(len(values), None, dtype=object)
        if len(filled):
            sub = values[filled]
            ok, lens, _ = parse_iso(sub)
            out[filled] = normalise_dates(sub, ok, lens)
            self.problems.rows(
                f"bad:{self.col.name}",
                base,
                filled[~ok],
                lambda i: (
                    f"unparseable date {_q(values[i])} in {self.col.name!r} "
                    "(expected YYYY-MM-DD or an ISO datetime)"
                ),
            )
        self.parts.append(out)
        return out


class _DateTimeAcc(_Acc):
    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        empty = self.empty_rows(values, base)
        filled = np.flatnonzero(~empty)
        out = np.full(len(values), np.nan, dtype=np.float64)
        if len(filled):
            ok, _, micros = parse_iso(values[filled])
            out[filled[ok]] = micros[ok] / 1e6
            self.problems.rows(
                f"bad:{self.col.name}",
                base,
                filled[~ok],
                lambda i: (
                    f"unparseable datetime {_q(values[i])} in {self.col.name!r} "
                    "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])"
                ),
            )
        self.parts.append(out)
        return out

    def values(self) -> np.ndarray:
        return np.concatenate(self.parts) if self.parts else np.empty(0, dtype=np.float64)


def _make_acc(col: Column, problems: _FileProblems, books: dict[str, _CodeBook]) -> _Acc:
    if col.form == "ref":
        book = books.setdefault(col.group or col.name, _CodeBook())
        return _RefAcc(col, problems, book)
    kinds: dict[str, type[_Acc]] = {
        "id": _IdAcc,
        "text": _TextAcc,
        "enum": _EnumAcc,
        "bool": _BoolAcc,
        "int": _IntAcc,
        "float": _FloatAcc,
        "tags": _TagsAcc,
        "date": _DateAcc,
        "datetime": _DateTimeAcc,
    }
    return kinds[col.form](col, problems)


# --------------------------------------------------------------------------------------------
# reading one file


@dataclass(slots=True)
class _File:
    spec: FileSpec
    problems: _FileProblems
    accs: dict[str, _Acc] = field(default_factory=dict)
    rows: int = 0
    lines: _LineMap | None = None
    broken: bool = False  # could not be read to the end

    @property
    def defines_ids(self) -> bool:
        return not self.broken and "id" in self.accs

    def ids(self) -> ObjArray:
        values = self.accs["id"].values()
        return values[np.asarray(pd.notna(values), dtype=np.bool_)]


def _header(path: Path) -> list[str] | None:
    """The header record, reading no further than it (decoding errors below stay unseen)."""
    raw = b""
    with path.open("rb") as fh:
        for line in fh:
            raw += line
            if raw.count(b'"') % 2 == 0:  # not inside a quoted value
                break
    text = raw.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text, newline="")), None)


def _read_file(spec: FileSpec, path: Path, progress: Progress) -> _File:
    problems = _FileProblems(spec.filename)
    data = _File(spec, problems)
    stage = f"reading {spec.filename}"
    try:
        header = _header(path)
    except UnicodeDecodeError:
        problems.line(1, "not UTF-8 text")
        data.broken = True
        return data
    except csv.Error as exc:
        problems.line(1, f"cannot read the header row ({exc})")
        data.broken = True
        return data
    if not header:
        problems.line(1, "empty file: no header row")
        data.broken = True
        return data
    wanted = {c.name for c in spec.columns}
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        name = title.strip().lower()
        if name in wanted and name not in positions:
            positions[name] = i
    for col in spec.columns:
        if col.required and col.name not in positions:
            problems.line(1, f"missing required column {col.name!r}")
    books: dict[str, _CodeBook] = {}
    for col in spec.columns:
        if col.name in positions:
            data.accs[col.name] = _make_acc(col, problems, books)
    total = max(_count_lines(path) - 1, 0)
    progress(stage, 0, total)
    if not positions:
        data.lines = _LineMap(path, total, total + 1, len(header), anomalies=False)
        return data
    order = sorted(positions, key=positions.__getitem__)
    base = 0
    skipped = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            for chunk in _chunks(path):
                raw = {n: chunk.iloc[:, positions[n]].to_numpy(dtype=object) for n in order}
                outs = {n: data.accs[n].feed(v, base) for n, v in raw.items()}
                _row_checks(spec, raw, outs, base, problems)
                base += len(chunk)
                progress(stage, base, max(total, base))
        skipped = any("Skipping line" in str(w.message) for w in caught)
    except UnicodeDecodeError:
        problems.line(_first_bad_utf8_line(path), "not UTF-8 text; rest of the file not checked")
        data.broken = True
    except (pd.errors.ParserError, ValueError) as exc:
        line = _locate_failure(path)
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        detail = detail.replace("Error tokenizing data. C error: ", "")
        if "EOF inside string" in detail:
            detail = "a quoted value is never closed"
        problems.line(line or 1, f"malformed CSV ({detail}); rest of the file not checked")
        data.broken = True
    data.rows = base
    data.lines = _LineMap(path, base, total + 1, len(header), anomalies=skipped or data.broken)
    if skipped:
        for line, width in data.lines.bad_rows():
            problems.line(line, f"expected {len(header)} fields, saw {width}")
    for acc in data.accs.values():
        acc.finish(data.lines)
    progress(stage, base, base)
    return data


def _chunks(path: Path) -> Iterator[pd.DataFrame]:
    # No ``usecols``: with it pandas silently accepts rows with too many fields.
    reader = pd.read_csv(
        path,
        header=0,
        dtype=object,
        keep_default_na=False,
        na_filter=False,
        index_col=False,
        chunksize=CHUNK_ROWS,
        on_bad_lines="warn",
        encoding="utf-8",
        engine="c",
    )
    with reader:
        yield from reader


def _row_checks(
    spec: FileSpec,
    raw: dict[str, ObjArray],
    outs: dict[str, np.ndarray],
    base: int,
    problems: _FileProblems,
) -> None:
    if spec.same_person and all(c in raw for c in spec.same_person):
        src, dst = (raw[c] for c in spec.same_person)
        same = np.asarray(src == dst, dtype=np.bool_) & np.asarray(src != "", dtype=np.bool_)
        first, second = spec.same_person
        problems.rows(
            "self",
            base,
            np.flatnonzero(same),
            lambda i: f"{first} and {second} are the same person {_q(src[i])}",
        )
    if spec.order and all(c in outs for c in spec.order):
        early, late = (outs[c] for c in spec.order)
        both = np.flatnonzero(
            np.asarray(pd.notna(early), dtype=np.bool_) & np.asarray(pd.notna(late), np.bool_)
        )
        wrong = both[np.asarray(late[both] < early[both], dtype=np.bool_)] if len(both) else both
        earlier, later = spec.order
        problems.rows(
            "order",
            base,
            wrong,
            lambda i: f"{later} {_q(late[i])} is before {earlier} {_q(early[i])}",
        )


# --------------------------------------------------------------------------------------------
# references


_NODE_FILES = {_PERSON: "people", _COMPANY: "companies", _COMMUNITY: "communities"}


def _check_references(
    files: dict[str, _File], known_ids: KnownIds | None, progress: Progress
) -> None:
    for done, (kind, frame) in enumerate(_NODE_FILES.items()):
        progress("checking references", done, len(_NODE_FILES))
        node_file = files.get(frame)
        if node_file is not None and not node_file.defines_ids:
            continue  # its ids cannot be known: do not drown the real problem in echoes
        refs: list[tuple[_File, _RefAcc]] = [
            (f, acc)
            for f in files.values()
            if not f.broken
            for acc in f.accs.values()
            if isinstance(acc, _RefAcc) and acc.col.ref == kind
        ]
        if not refs:
            continue
        named = pd.unique(np.concatenate([acc.categories() for _, acc in refs]))
        named = np.asarray(named, dtype=object)
        if node_file is not None:
            named = named[~np.asarray(pd.Series(named).isin(node_file.ids()), dtype=np.bool_)]
        if len(named) == 0:
            continue
        missing = {str(v) for v in named}
        known = known_ids(kind, set(missing)) if known_ids is not None else set()
        unknown = missing - set(known)
        if not unknown:
            continue
        for f, acc in refs:
            cats = acc.categories()
            bad_codes = np.flatnonzero(np.asarray(pd.Series(cats).isin(unknown), np.bool_))
            if len(bad_codes) == 0:
                continue
            codes = acc.codes()
            rows = np.flatnonzero(np.isin(codes, bad_codes))
            f.problems.rows(f"ref:{acc.col.name}", 0, rows, _unknown_ref(kind, acc, cats, codes))
    progress("checking references", len(_NODE_FILES), len(_NODE_FILES))


def _unknown_ref(kind: str, acc: _RefAcc, cats: ObjArray, codes: IntArray) -> Callable[[int], str]:
    name = acc.col.name
    return lambda i: f"unknown {kind} {_q(cats[codes[i]])} in {name!r}"


# --------------------------------------------------------------------------------------------
# normalisation into Bundle frames


def _categorical(codes: np.ndarray, categories: ObjArray | list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories))


def _as_categorical(values: ObjArray) -> pd.Categorical:
    """Object array of ``str`` (no missing) -> categorical with sorted categories."""
    codes, uniques = factorize(values)
    order = string_order(uniques)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return _categorical(rank[codes] if len(codes) else codes.astype(np.int32), uniques[order])


def _column(data: _File, col: Column) -> object:
    """The output column for ``col`` (default-filled when the CSV lacks it)."""
    n = data.rows
    acc = data.accs.get(col.name)
    if col.form == "enum":
        assert col.enum is not None
        cats = [e.value for e in col.enum]
        if isinstance(acc, _EnumAcc):
            return _categorical(acc.codes(), cats)
        return _categorical(np.full(n, cats.index(str(col.default)), dtype=np.int8), cats)
    if col.form == "ref":
        if isinstance(acc, _RefAcc):
            if col.required:
                return _categorical(acc.codes(), acc.categories())
            return pd.Series(acc.values(), dtype=object)
        return pd.Series(np.full(n, None, dtype=object), dtype=object)
    if col.form == "bool":
        return acc.values() if acc is not None else np.zeros(n, dtype=np.bool_)
    if col.form == "int":
        values = acc.values() if acc is not None else np.full(n, None, dtype=object)
        return pd.array(list(values) if len(values) else [], dtype="Int64")
    if col.form in ("float", "datetime"):
        return acc.values() if acc is not None else np.full(n, np.nan)
    if col.form == "tags":
        return pd.Series(
            acc.values() if acc is not None else np.full(n, "[]", dtype=object), dtype=object
        )
    return pd.Series(
        acc.values() if acc is not None else np.full(n, None, dtype=object), dtype=object
    )


def _frame(data: _File, extra: dict[str, object] | None = None) -> pd.DataFrame:
    """The output frame, columns in ``FRAME_COLUMNS`` order (``extra`` supplies the rest)."""
    columns: dict[str, object] = dict(extra or {})
    wanted = FRAME_COLUMNS[data.spec.frame]
    for col in data.spec.columns:
        out = col.out or col.name
        if out in wanted and out not in columns:
            columns[out] = _column(data, col)
    return pd.DataFrame({name: columns[name] for name in wanted}, copy=False)


def _keep_last(keys: list[np.ndarray]) -> IntArray:
    """Positions of the last row of each distinct key, in their original order."""
    n = len(keys[0])
    if n == 0:
        return np.empty(0, dtype=np.int64)
    joint = np.zeros(n, dtype=np.int64)
    for k in keys:
        codes = np.asarray(k, dtype=np.int64)
        joint = joint * (int(codes.max(initial=0)) + 2) + (codes + 1)
    _, first_rev = np.unique(joint[::-1], return_index=True)
    return np.sort(n - 1 - first_rev)


def _connections(data: _File) -> pd.DataFrame:
    src, dst = data.accs.get("source_id"), data.accs.get("target_id")
    assert isinstance(src, _RefAcc) and isinstance(dst, _RefAcc)
    cats = src.categories()
    s_codes, t_codes = src.codes(), dst.codes()
    a = np.minimum(s_codes, t_codes)
    b = np.maximum(s_codes, t_codes)
    keep = _keep_last([a, b])
    frame = _frame(data, {"a": _categorical(a, cats), "b": _categorical(b, cats)})
    return frame.iloc[keep].reset_index(drop=True)


def _dedupe(frame: pd.DataFrame, key: tuple[str, str]) -> pd.DataFrame:
    if len(frame) == 0:
        return frame
    keys = [np.asarray(frame[k].cat.codes) for k in key]
    return frame.iloc[_keep_last(keys)].reset_index(drop=True)


#: ``frame.attrs`` key of the employment frame: how many of its rows (the last ones) come from
#: people.csv's company_id rather than employment.csv, for the load summary to say so.
ROWS_FROM_PEOPLE = "rows_from_people"


def _employment(employment: pd.DataFrame | None, people: _File | None) -> pd.DataFrame | None:
    if people is None or "company_id" not in people.accs:
        return employment
    company = people.accs["company_id"].values()
    has = np.flatnonzero(np.asarray(pd.notna(company), dtype=np.bool_))
    person = people.accs["id"].values()[has] if "id" in people.accs else None
    if person is None or len(has) == 0:
        return employment
    title_acc = people.accs.get("title")
    title = title_acc.values()[has] if title_acc is not None else np.full(len(has), None)
    derived = pd.DataFrame(
        {
            "person_id": pd.Series(person, dtype=object),
            "company_id": pd.Series(company[has], dtype=object),
            "title": pd.Series(title, dtype=object),
            "start": pd.Series(np.full(len(has), None), dtype=object),
            "end": pd.Series(np.full(len(has), None), dtype=object),
        }
    )
    if employment is not None and len(employment):
        existing = pd.MultiIndex.from_arrays(
            [
                np.asarray(employment["person_id"], dtype=object),
                np.asarray(employment["company_id"], dtype=object),
            ]
        )
        wanted = pd.MultiIndex.from_arrays([derived["person_id"], derived["company_id"]])
        derived = derived[~np.asarray(wanted.isin(existing), dtype=np.bool_)]
        base = employment.astype({"person_id": object, "company_id": object})
        merged = pd.concat([base, derived], ignore_index=True)
    else:
        merged = derived.reset_index(drop=True)
    for col in ("person_id", "company_id"):
        merged[col] = _as_categorical(np.asarray(merged[col], dtype=object))
    for col in ("title", "start", "end"):
        merged[col] = pd.Series(np.asarray(merged[col], dtype=object), dtype=object)
    merged.attrs[ROWS_FROM_PEOPLE] = len(derived)
    return merged


def _normalise(files: dict[str, _File], progress: Progress) -> Bundle:
    frames: dict[str, pd.DataFrame | None] = dict.fromkeys(FRAME_COLUMNS)
    for i, (name, data) in enumerate(files.items()):
        progress("normalising", i, len(files))
        if name == "connections":
            frames[name] = _connections(data)
            continue
        frame = _frame(data)
        if data.spec.key:
            key = data.spec.key
            frame = _dedupe(frame, (key[0], key[1]))
        frames[name] = frame
    frames["employment"] = _employment(frames["employment"], files.get("people"))
    progress("normalising", len(files), len(files))
    return Bundle(**frames)


# --------------------------------------------------------------------------------------------


def read_bundle(
    directory: str | Path,
    known_ids: KnownIds | None = None,
    progress: Progress = no_progress,
) -> Bundle:
    """Read, check and normalise the CSV bundle in ``directory``.

    ``known_ids(kind, ids)`` is asked at most once per node kind (``"person"``, ``"company"``,
    ``"community"``) which of the referenced ids missing from the bundle the store already
    has; ``None`` means the store is empty. Raises :class:`BundleError` listing every problem
    (and returns nothing) when the bundle is not valid.
    """
    root = Path(directory)
    if not root.is_dir():
        raise BundleError([f"{root}: not a directory"])
    files: dict[str, _File] = {}
    for spec in FILES:
        path = root / spec.filename
        if path.is_file():
            files[spec.frame] = _read_file(spec, path, progress)
    _check_references(files, known_ids, progress)
    problems: list[str] = []
    for name in sorted(files, key=lambda n: files[n].spec.filename):
        data = files[name]
        if data.problems:
            problems += data.problems.render(data.lines)
    if problems:
        raise BundleError(problems)
    return _normalise(files, progress)
