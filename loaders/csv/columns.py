"""Column accumulators: each parses its column one chunk at a time, reporting what does not
parse, and hands over whole columns once the file is read.

An empty value is "not given" and becomes None (NaN, code -1): never a default, so that an
import upsert keeps what is stored (the store gives a new row its default).
"""

from __future__ import annotations

import json

import numpy as np

from graph.validation.frames import q

from .lines import FileProblems, LineMap
from .parse import (
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
from .spec import Column

# --------------------------------------------------------------------------------------------
# column accumulators: fed one chunk at a time, finished once the file is read


class Acc:
    def __init__(self, col: Column, problems: FileProblems) -> None:
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

    def finish(self, lines: LineMap) -> None:
        """Whole-column checks, once the file is read."""

    def values(self) -> np.ndarray:
        if not self.parts:
            return np.empty(0, dtype=object)
        return np.concatenate(self.parts)


class TextAcc(Acc):
    def feed(self, values: ObjArray, base: int) -> np.ndarray:
        empty = self.empty_rows(values, base)
        out = values.copy()
        if empty.any():
            out[empty] = None
        self.parts.append(out)
        return out


class IdAcc(TextAcc):
    def finish(self, lines: LineMap) -> None:
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
                f"duplicate id {q(ids[i])} (first on line {first_line[np.searchsorted(rows, i)]})"
            ),
        )


class CodeBook:
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


class RefAcc(Acc):
    def __init__(self, col: Column, problems: FileProblems, book: CodeBook) -> None:
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

    def finish(self, lines: LineMap) -> None:
        self.book.finish()

    def values(self) -> np.ndarray:
        cats, codes = self.categories(), self.codes()
        if len(cats) == 0:
            return np.full(len(codes), None, dtype=object)
        out = cats[codes]
        out[codes < 0] = None
        return out


class _MappedAcc(Acc):
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
                lambda i: self.bad_message.format(v=q(values[i]), c=self.col.name),
            )
        self.parts.append(out)
        return out


class EnumAcc(_MappedAcc):
    def __init__(self, col: Column, problems: FileProblems) -> None:
        super().__init__(col, problems)
        assert col.enum is not None
        self.categories = [e.value for e in col.enum]
        self.lookup: dict[str, int] = {v: i for i, v in enumerate(self.categories)}
        self.bad_message = "unknown {c} {v} (allowed: " + ", ".join(self.categories) + ")"

    def parse(self, text: str) -> object:
        return self.lookup.get(text.strip().lower())

    def missing(self) -> object:
        return -1  # not given: the store keeps or defaults it

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=np.int8)

    def codes(self) -> np.ndarray:
        return self.values() if self.parts else np.empty(0, dtype=np.int8)


class _BoolAcc(_MappedAcc):
    """True, False, or None when not given."""

    bad_message = "bad boolean {v} in {c!r} (expected true/false, 1/0 or yes/no)"

    def parse(self, text: str) -> object:
        return parse_bool(text)


class _IntAcc(_MappedAcc):
    bad_message = "bad number {v} in {c!r} (expected a whole number >= 0)"

    def parse(self, text: str) -> object:
        return parse_int(text)

    def convert(self, parsed: list[object]) -> np.ndarray:
        return np.array(parsed, dtype=object)


class FloatAcc(_MappedAcc):
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


class DateAcc(Acc):
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
                    f"unparseable date {q(values[i])} in {self.col.name!r} "
                    "(expected YYYY-MM-DD or an ISO datetime)"
                ),
            )
        self.parts.append(out)
        return out


class DateTimeAcc(Acc):
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
                    f"unparseable datetime {q(values[i])} in {self.col.name!r} "
                    "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])"
                ),
            )
        self.parts.append(out)
        return out

    def values(self) -> np.ndarray:
        return np.concatenate(self.parts) if self.parts else np.empty(0, dtype=np.float64)


def make_acc(col: Column, problems: FileProblems, books: dict[str, CodeBook]) -> Acc:
    if col.form == "ref":
        book = books.setdefault(col.group or col.name, CodeBook())
        return RefAcc(col, problems, book)
    kinds: dict[str, type[Acc]] = {
        "id": IdAcc,
        "text": TextAcc,
        "enum": EnumAcc,
        "bool": _BoolAcc,
        "int": _IntAcc,
        "float": FloatAcc,
        "tags": _TagsAcc,
        "date": DateAcc,
        "datetime": DateTimeAcc,
    }
    return kinds[col.form](col, problems)
