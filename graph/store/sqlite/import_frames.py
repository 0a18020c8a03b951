"""Columns of an import bundle as the SQLite importer binds them, and people's ids as pks.

A missing value (None or NaN) binds as NULL, which the upsert reads as "keep the stored
value"; an absent column is a column of missing values. Every extra pass over a 20M-element
object array costs seconds (each element is a pointer to a scattered str), so the helpers
below avoid them.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ...errors import BadInput, NotFound

try:
    from pandas._libs.hashtable import StringHashTable as _StringHashTable
except ImportError:  # pragma: no cover - private pandas API; PersonKeys falls back
    _StringHashTable = None

#: ``na_value=None`` for ``to_numpy`` (the pandas stubs do not list None).
_NONE: Any = None

ObjArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Column = npt.NDArray[Any]


def text(frame: pd.DataFrame, column: str) -> ObjArray:
    """A text column as an object array whose missing values are None or NaN."""
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    series = frame[column]
    dtype = series.dtype
    if dtype == np.dtype(object) or (
        isinstance(dtype, pd.StringDtype)
        and dtype.storage == "python"
        and dtype.na_value is not pd.NA
    ):
        values: ObjArray = series.to_numpy(dtype=object)  # no copy
    else:
        values = series.to_numpy(dtype=object, na_value=_NONE)
    return values


def missing(frame: pd.DataFrame, column: str) -> BoolArray:
    """Which rows have no value in ``column`` (all of them if the column is absent)."""
    if column not in frame.columns:
        return np.ones(len(frame), np.bool_)
    return np.asarray(frame[column].isna(), dtype=np.bool_)


def nullable_int(frame: pd.DataFrame, column: str) -> ObjArray:
    """Whole numbers as Python ints, None where missing."""
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    series = frame[column].astype("Int64")
    values: ObjArray = np.asarray(series.to_numpy(dtype=object, na_value=_NONE), dtype=object)
    return values


def floats(frame: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    """Numbers as float64; NaN (missing) binds as NULL."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan, np.float64)
    return np.asarray(frame[column].astype("float64"), dtype=np.float64)


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class PersonKeys:
    """Maps people's text ids to their ``pk`` (every person in the database, read once).

    The look-up is the costliest step of preparing a big import (two per interaction, each a
    few cache misses). pandas' ``StringHashTable`` hashes the UTF-8 bytes in C and is about
    twice as fast as ``Index.get_indexer`` (Python-level hashing and comparison); it is a
    private pandas class, so ``get_indexer`` stands in whenever it is missing or fails.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._ids: ObjArray | None = None
        self._pks: IntArray = np.empty(0, np.int64)
        self._table: Any = None
        self._index: pd.Index | None = None

    def invalidate(self) -> None:
        self._ids = self._table = self._index = None

    def _positions(self, ids: ObjArray) -> IntArray:
        """Position in ``self._pks`` of each id (-1 if unknown or not text)."""
        if self._ids is None:
            rows = self._conn.execute("SELECT id, pk FROM person").fetchall()
            self._ids = np.empty(len(rows), dtype=object)
            self._ids[:] = [r[0] for r in rows]
            self._pks = np.fromiter((r[1] for r in rows), np.int64, len(rows))
            if _StringHashTable is not None:
                try:
                    table = _StringHashTable(max(len(rows), 1))
                    table.map_locations(self._ids)
                    self._table = table
                except Exception:  # pragma: no cover - a pandas without it
                    self._table = None
        if self._table is not None:
            try:
                found: IntArray | None = np.asarray(self._table.lookup(ids), dtype=np.int64)
            except Exception:  # pragma: no cover - see the class docstring
                found = None
            if found is not None and found.shape == (len(ids),):
                return found
            self._table = None
        if self._index is None:
            self._index = pd.Index(self._ids, dtype=object)
        return np.asarray(self._index.get_indexer(cast(Any, ids)), dtype=np.int64)

    def pks(self, ids: ObjArray, name: str, column: str) -> IntArray:
        """``pk`` per id; NotFound for an unknown id (BadInput if there is no id to look up)."""
        positions = self._positions(ids)
        unknown = positions < 0
        if unknown.any():
            bad = ids[int(np.flatnonzero(unknown)[0])]
            if is_missing(bad):
                raise BadInput(f"{name}: a row has no {column}")
            raise NotFound("person", str(bad))
        out: IntArray = self._pks[positions]
        return out

    def nullable_pks(self, ids: ObjArray) -> ObjArray:
        """Like :meth:`pks`, but a missing id gives None."""
        positions = self._positions(ids)
        out = np.full(len(ids), None, dtype=object)
        found = positions >= 0
        out[found] = self._pks[positions[found]].tolist()
        if not found.all():
            absent = [v for v in ids[~found].tolist() if not is_missing(v)]
            if absent:
                raise NotFound("person", str(absent[0]))
        return out


def check_refs(conn: sqlite3.Connection, table: str, ids: ObjArray, written: set[str]) -> None:
    """NotFound for the first id naming neither a row of ``table`` nor one just written."""
    wanted = {v for v in pd.unique(ids).tolist() if not is_missing(v)} - written
    if not wanted:
        return
    for chunk in _chunks(sorted(wanted)):
        marks = ",".join("?" * len(chunk))
        found = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)}
        absent = [i for i in chunk if i not in found]
        if absent:
            raise NotFound(table, absent[0])


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sort_by(columns: list[Column], major: IntArray, minor: IntArray | None = None) -> list[Column]:
    """Rows reordered by (major, minor) key: sorted inserts append to the B-tree."""
    if len(major) == 0:
        return list(columns)
    if minor is None:
        order = np.argsort(major)
    elif max(int(major.max()), int(minor.max())) < 2**31:
        order = np.argsort(major * np.int64(2**31) + minor)
    else:
        order = np.lexsort((minor, major))
    if (order[1:] > order[:-1]).all():
        return list(columns)
    return [c[order] for c in columns]
