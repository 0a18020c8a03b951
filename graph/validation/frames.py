"""The value rules of :mod:`graph.validation.rules`, vectorised over a bundle's columns.

Every check takes whole numpy columns (one CSV chunk, or one frame) and returns a
:class:`Finding` naming the failing positions; nothing loops in Python per row unless a
problem was found. ``label`` is how the caller names the column in its messages (a CSV
loader says ``'source_id'`` where the frame says ``actor_id``).

>>> ids = np.array(["p1", "x" * 300, None], dtype=object)
>>> finding = bad_text(ids, "id", is_id=True)
>>> finding.rows.tolist(), finding.message(1)
([1], 'id is too long (300 characters; at most 256)')
>>> late = bad_order(
...     np.array(["2020-01-01"], dtype=object), np.array(["2019-12-31"], dtype=object),
...     "start", "end",
... )
>>> late.message(0)
"end '2019-12-31' is before start '2020-01-01'"
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from .rules import (
    DATE_RANGE,
    EARLIEST_DATE,
    EARLIEST_SECONDS,
    LATEST_DATE,
    LATEST_SECONDS,
    MAX_EMPLOYEES,
    MAX_ID_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
)

ObjArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

ExistingIds = Callable[[str, set[str]], set[str]]
"""``existing_ids(kind, ids)``: which of ``ids`` (node kind ``"person"``, ``"company"`` or
``"community"``) the store already holds."""


def q(value: object) -> str:
    """A value as shown in a bundle message: quoted, cut at 60 characters."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


@dataclass(frozen=True, slots=True)
class Finding:
    """Positions (ascending) that break one rule, and the message for each."""

    rows: IntArray
    message: Callable[[int], str]

    def __bool__(self) -> bool:
        return len(self.rows) > 0


NOTHING = Finding(np.empty(0, dtype=np.int64), str)


def present(values: ObjArray) -> IntArray:
    """Positions holding a value (not None/NaN)."""
    return np.flatnonzero(np.asarray(pd.notna(values), dtype=np.bool_))


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def bad_text(
    values: ObjArray, label: str, *, is_id: bool = False, limit: int | None = None
) -> Finding:
    """Values (None skipped) that are not text, too long, not valid Unicode or (ids) hold NUL.

    The common case costs one ``len`` per value and one join: only when that finds
    something is each value looked at again.
    """
    limit = limit if limit is not None else (MAX_ID_LENGTH if is_id else MAX_TEXT_LENGTH)
    try:
        # Most columns have no missing value: try them whole before finding the present ones
        # (``pd.notna`` over millions of objects costs as much as the check itself).
        where: IntArray | None = None
        vals = values
        longest, joined = _longest_and_joined(vals)
    except TypeError:  # a missing value (None or NaN), or something that is not text
        where = present(values)
        vals = values[where]
        try:
            longest, joined = _longest_and_joined(vals)
        except TypeError:  # something that is not text: check each value
            longest, joined = limit + 1, "\ud800"
    if len(vals) == 0:
        return NOTHING
    try:
        joined.encode("utf-8")
        clean = not (is_id and "\x00" in joined)
    except UnicodeEncodeError:
        clean = False
    if longest <= limit and clean:
        return NOTHING
    reasons = [_text_problem(v, limit, is_id) for v in vals]
    bad = np.array([i for i, r in enumerate(reasons) if r], dtype=np.int64)
    rows = bad if where is None or not len(bad) else where[bad]
    text_of = dict(zip(rows.tolist(), (reasons[i] for i in bad), strict=True))
    return Finding(rows, lambda i: f"{label} {text_of[i]}")


def _longest_and_joined(values: ObjArray) -> tuple[int, str]:
    """The longest value's length and all values joined; TypeError if one is not text."""
    if len(values) == 0:
        return 0, ""
    return max(map(len, values)), "".join(values)


def _text_problem(value: object, limit: int, is_id: bool) -> str:
    if not isinstance(value, str):
        return f"must be text, got {q(value)}"
    if len(value) > limit:
        return f"is too long ({len(value):,} characters; at most {limit:,})"
    if _lone_surrogate(value):
        return "is not valid Unicode text (it holds a lone surrogate)"
    if is_id and "\x00" in value:
        return "must not contain a NUL character"
    return ""


def bad_dates(values: ObjArray, label: str) -> Finding:
    """Dates (``YYYY-MM-DD`` text, None skipped) that are malformed or out of range."""
    codes, uniques = pd.factorize(values)
    if len(uniques) == 0:
        return NOTHING
    bad_codes = [k for k, v in enumerate(uniques) if not _date_ok(v)]
    if not bad_codes:
        return NOTHING
    rows = np.flatnonzero(np.isin(codes, bad_codes))
    return Finding(rows, lambda i: f"{label} {q(values[i])} is outside {DATE_RANGE}")


def _date_ok(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return False
    return EARLIEST_DATE <= day <= LATEST_DATE


def bad_times(seconds: FloatArray, label: str, shown: ObjArray | None = None) -> Finding:
    """Epoch seconds (NaN skipped) outside the time range; ``shown`` as the caller wrote them."""
    secs = np.asarray(seconds, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = ~((secs >= EARLIEST_SECONDS) & (secs <= LATEST_SECONDS)) & ~np.isnan(secs)
    rows = np.flatnonzero(out)
    if len(rows) == 0:
        return NOTHING
    names = shown if shown is not None else secs
    return Finding(rows, lambda i: f"{label} {q(names[i])} is outside {DATE_RANGE} (UTC)")


def bad_amounts(amounts: FloatArray, label: str, shown: ObjArray | None = None) -> Finding:
    """Amounts (NaN skipped) that are negative or infinite."""
    values = np.asarray(amounts, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero(~np.isnan(values) & ~((values >= 0) & np.isfinite(values)))
    if len(rows) == 0:
        return NOTHING
    names = shown if shown is not None else values
    return Finding(rows, lambda i: f"{label} {q(names[i])} is not a number >= 0")


def bad_counts(values: ObjArray, label: str) -> Finding:
    """Whole numbers (None skipped) outside 0..MAX_EMPLOYEES."""
    where = present(values)
    rows = [int(i) for i in where if not _count_ok(values[i])]
    if not rows:
        return NOTHING
    return Finding(
        np.array(rows, dtype=np.int64),
        lambda i: f"{label} {q(values[i])} is not a whole number 0..{MAX_EMPLOYEES}",
    )


def _count_ok(value: object) -> bool:
    try:
        whole = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return False
    return bool(whole == value) and 0 <= whole <= MAX_EMPLOYEES


def bad_tags(values: ObjArray, label: str) -> Finding:
    """Tag lists (JSON array text, None skipped) with too many or too long tags."""
    codes, uniques = pd.factorize(values)
    reasons = [_tags_problem(v) for v in uniques]
    bad_codes = [k for k, r in enumerate(reasons) if r]
    if not bad_codes:
        return NOTHING
    rows = np.flatnonzero(np.isin(codes, bad_codes))
    return Finding(rows, lambda i: f"{label} {reasons[codes[i]]}")


def _tags_problem(value: object) -> str:
    try:
        tags = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        tags = None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return f"must be a JSON list of text, got {q(value)}"
    if len(tags) > MAX_TAGS:
        return f"hold {len(tags)} tags (at most {MAX_TAGS})"
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH or _lone_surrogate(tag):
            return f"hold a tag longer than {MAX_TAG_LENGTH} characters or not valid Unicode"
    return ""


def same_person(first: ObjArray, second: ObjArray, label_a: str, label_b: str) -> Finding:
    """Rows naming one person at both ends (empty values skipped)."""
    rows = np.flatnonzero(np.asarray(first == second, dtype=np.bool_))
    if len(rows):  # rarely any: only then are missing values told apart
        named = first[rows]
        rows = rows[np.asarray(pd.notna(named), dtype=np.bool_) & (named != "")]
    if len(rows) == 0:
        return NOTHING
    return Finding(rows, lambda i: f"{label_a} and {label_b} are the same person {q(first[i])}")


def bad_order(early: ObjArray, late: ObjArray, label_early: str, label_late: str) -> Finding:
    """Rows whose later date is before the earlier one (both ``YYYY-MM-DD``, None skipped)."""
    both = np.flatnonzero(
        np.asarray(pd.notna(early), dtype=np.bool_) & np.asarray(pd.notna(late), np.bool_)
    )
    if len(both) == 0:
        return NOTHING
    rows = both[np.asarray(late[both] < early[both], dtype=np.bool_)]
    if len(rows) == 0:
        return NOTHING
    return Finding(
        rows,
        lambda i: f"{label_late} {q(late[i])} is before {label_early} {q(early[i])}",
    )


def unresolved(
    kind: str, named: ObjArray, defined: ObjArray | None, existing_ids: ExistingIds | None
) -> set[str]:
    """The ids of ``kind`` in ``named`` that neither ``defined`` (the bundle) nor the store
    holds; the store is asked once, about the ids the bundle does not define."""
    named = np.asarray(pd.unique(named), dtype=object)
    if defined is not None and len(named):
        named = named[~np.asarray(pd.Series(named).isin(defined), dtype=np.bool_)]
    if len(named) == 0:
        return set()
    missing = {str(v) for v in named}
    known = existing_ids(kind, set(missing)) if existing_ids is not None else set()
    return missing - set(known)
