"""Vectorised parsers for the text columns of a CSV bundle.

Everything here works on whole numpy ``object`` arrays of ``str`` (one CSV chunk at a time) and
never loops in Python per row on the common path.
"""

from __future__ import annotations

import math
import re

import numpy as np
import numpy.typing as npt
import pandas as pd

ObjArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Longest value worth looking at as an ISO date/datetime ("2024-01-05T10:00:00.123456789+05:30"
# is 35 characters); anything longer is rejected without parsing.
_MAX_ISO_LEN = 40
_DIGIT_POS_DATE = [0, 1, 2, 3, 5, 6, 8, 9]
_DIGIT_POS_TIME = [11, 12, 14, 15]

_INT_RE = re.compile(r"[0-9]+")
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def lengths(values: ObjArray) -> IntArray:
    """``len`` of every string (C-level map, no per-row Python frames)."""
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def factorize(values: ObjArray) -> tuple[IntArray, ObjArray]:
    """``pd.factorize`` as plain numpy arrays: ``(codes, uniques)``, uniques in first-seen order."""
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def factorize_str(values: ObjArray) -> tuple[IntArray, ObjArray]:
    """``factorize`` for arrays of ``str`` (no ``None``), via Python's cached ``str`` hashes.

    The int64 hash table is far more cache friendly than one over millions of string objects;
    every row is checked against its representative, so a hash collision only costs a
    fallback to :func:`factorize`.
    """
    n = len(values)
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=n)
    codes, distinct = pd.factorize(hashes)
    codes = np.asarray(codes, dtype=np.int64)
    first = np.empty(len(distinct), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: first occurrence
    uniques = values[first]
    if not np.asarray(values == uniques[codes], dtype=np.bool_).all():
        return factorize(values)
    return codes, uniques


def duplicate_rows(values: ObjArray) -> IntArray:
    """Rows whose ``str`` value (``None`` ignored) already occurred earlier."""
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    maybe = np.flatnonzero(pd.Series(hashes).duplicated(keep=False).to_numpy(dtype=np.bool_))
    if len(maybe) == 0:
        return maybe
    sub = pd.Series(values[maybe], dtype=object)
    dup = sub.duplicated(keep="first").to_numpy(dtype=np.bool_) & sub.notna().to_numpy()
    return np.asarray(maybe[dup], dtype=np.int64)


def string_order(values: ObjArray) -> IntArray:
    """``argsort`` in Python ``str`` order (code points), in C on a fixed-width copy."""
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    widest = int(lengths(values).max())
    if widest > 256:  # a fixed-width copy would be too big: compare the objects
        return np.asarray(np.argsort(values, kind="stable"), dtype=np.int64)
    return np.asarray(np.argsort(values.astype(f"U{max(widest, 1)}"), kind="stable"), np.int64)


def parse_iso(values: ObjArray) -> tuple[BoolArray, IntArray, IntArray]:
    """Parse ISO 8601 dates/datetimes: ``(ok, lengths, epoch microseconds)``.

    Accepted: ``YYYY-MM-DD``, optionally followed by ``T`` or a space, ``HH:MM``, optional
    ``:SS`` and fraction, and an optional ``Z`` / ``+HH:MM`` / ``+HHMM`` offset. Naive values are
    UTC. The shape is checked on bytes (pandas' ISO parser alone would accept ``2024`` or
    ``2024-1-5``); the calendar and the rest of the value are checked by ``pd.to_datetime``.
    """
    n = len(values)
    lens = lengths(values)
    ok = np.zeros(n, dtype=np.bool_)
    micros = np.zeros(n, dtype=np.int64)
    cand = np.flatnonzero((lens >= 10) & (lens <= _MAX_ISO_LEN))
    if len(cand) == 0:
        return ok, lens, micros
    sub = values[cand]
    try:
        raw = sub.astype(f"S{_MAX_ISO_LEN}")
    except UnicodeEncodeError:  # non-ASCII somewhere: those values cannot be ISO dates
        ascii_ok = np.fromiter(map(str.isascii, sub), dtype=np.bool_, count=len(sub))
        cand = cand[ascii_ok]
        sub = sub[ascii_ok]
        raw = sub.astype(f"S{_MAX_ISO_LEN}")
    mat = raw.view(np.uint8).reshape(len(sub), _MAX_ISO_LEN)
    digits = mat[:, _DIGIT_POS_DATE]
    shape_ok = ((digits >= 48) & (digits <= 57)).all(axis=1)
    shape_ok &= (mat[:, 4] == ord("-")) & (mat[:, 7] == ord("-"))
    sub_lens = lens[cand]
    tdig = mat[:, _DIGIT_POS_TIME]
    sep = mat[:, 10]
    time_ok = (
        (sub_lens >= 16)
        & ((sep == ord("T")) | (sep == ord(" ")) | (sep == ord("t")))
        & ((tdig >= 48) & (tdig <= 57)).all(axis=1)
        & (mat[:, 13] == ord(":"))
    )
    shape_ok &= (sub_lens == 10) | time_ok
    good = cand[shape_ok]
    if len(good) == 0:
        return ok, lens, micros
    simple, simple_micros = _simple_epoch(mat[shape_ok], sub_lens[shape_ok])
    ok[good[simple]] = True
    micros[good[simple]] = simple_micros[simple]
    rest = good[~simple]  # fractions, offsets, or invalid: let pandas decide
    if len(rest):
        parsed = pd.to_datetime(values[rest], format="ISO8601", utc=True, errors="coerce")
        index = pd.DatetimeIndex(parsed).as_unit("us")
        valid = ~np.asarray(index.isna(), dtype=np.bool_)
        ok[rest[valid]] = True
        micros[rest[valid]] = index.asi8[valid]
    return ok, lens, micros


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _num(mat: npt.NDArray[np.uint8], *cols: int) -> IntArray:
    out = np.zeros(len(mat), dtype=np.int64)
    for c in cols:
        out = out * 10 + (mat[:, c].astype(np.int64) - 48)
    return out


def days_from_civil(y: IntArray, m: IntArray, d: IntArray) -> IntArray:
    """Days since 1970-01-01 of a proleptic Gregorian date (vectorised)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return np.asarray(era * 146097 + doe - 719468, dtype=np.int64)


def _simple_epoch(mat: npt.NDArray[np.uint8], lens: IntArray) -> tuple[BoolArray, IntArray]:
    """Epoch microseconds for the common shapes (date-shape already checked):
    ``YYYY-MM-DD`` and ``YYYY-MM-DD[T ]HH:MM[:SS][Z]``; ``ok`` False for anything else."""
    n = len(mat)
    if n == 0:
        return np.zeros(0, dtype=np.bool_), np.zeros(0, dtype=np.int64)
    y, m, d = _num(mat, 0, 1, 2, 3), _num(mat, 5, 6), _num(mat, 8, 9)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = _DAYS_IN_MONTH[np.clip(m, 0, 12)] + ((m == 2) & leap)
    date_ok = (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= dim)
    zed = ord("Z")
    has_sec = (lens >= 19) & (mat[:, 16] == ord(":"))
    sec_digits = mat[:, [17, 18]]
    sec_ok = has_sec & ((sec_digits >= 48) & (sec_digits <= 57)).all(axis=1)
    shape = (
        (lens == 10)
        | (lens == 16)
        | ((lens == 17) & (mat[:, 16] == zed))
        | ((lens == 19) & sec_ok)
        | ((lens == 20) & sec_ok & (mat[:, 19] == zed))
    )
    hh, mm = _num(mat, 11, 12), _num(mat, 14, 15)
    ss = np.where(sec_ok, _num(mat, 17, 18), 0)
    timed = lens > 10
    time_ok = ~timed | ((hh < 24) & (mm < 60) & (ss < 60))
    ok = shape & date_ok & time_ok
    seconds = days_from_civil(y, np.clip(m, 1, 12), d) * 86400
    seconds += np.where(timed, hh * 3600 + mm * 60 + ss, 0)
    return ok, np.where(ok, seconds * 1_000_000, 0)


def normalise_dates(values: ObjArray, ok: BoolArray, lens: IntArray) -> ObjArray:
    """``YYYY-MM-DD`` (the calendar date as written) where ``ok``, else ``None``."""
    out = np.full(len(values), None, dtype=object)
    short = ok & (lens == 10)
    out[short] = values[short]
    longer = np.flatnonzero(ok & (lens > 10))
    if len(longer):
        cut = np.array([v[:10] for v in values[longer]], dtype=object)
        codes, uniques = factorize(cut)  # one shared str object per distinct date
        out[longer] = uniques[codes]
    return out


def parse_bool(text: str) -> bool | None:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


def parse_int(text: str) -> int | None:
    return int(text) if _INT_RE.fullmatch(text) else None


def parse_float(text: str) -> float | None:
    if not _FLOAT_RE.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def split_tags(text: str) -> list[str]:
    """``"a; b;;c"`` -> ``["a", "b", "c"]`` (trimmed, empties dropped, order kept)."""
    return [t.strip() for t in text.split(";") if t.strip()]
