"""Bulk paths of the SQLite store: importing a bundle and reading the index's inputs.

Both run on a connection the caller has already put inside a transaction
(``SQLiteRecords._write`` / ``_read``): an import is one transaction whatever its size, so a
crash part-way leaves the file exactly as it was.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..bundle import FRAME_COLUMNS, Bundle, Progress
from ..errors import BadInput, NotFound
from ..model import AdvocacyLevel, CommunityKind, ConnectionOrigin, DealStage
from .linkinputs import LinkInputs
from .sqlite_schema import (
    ADVOCACY_RANK_SQL,
    ADVOCACY_WEIGHTS,
    DATA_TABLES,
    KIND_BY_CODE,
    SECONDARY_INDEXES,
    UNIQUE_INDEXES,
)
from .values import SEARCH_SEP

try:
    from pandas._libs.hashtable import StringHashTable as _StringHashTable
except ImportError:  # pragma: no cover - private pandas API; PersonKeys falls back
    _StringHashTable = None

#: Rows per executemany call (and per progress report).
CHUNK = 50_000
#: Page cache while importing (KiB): enough to keep the hot B-tree pages of a 10M-row
#: import in memory. Set back to ``NORMAL_CACHE_KIB`` afterwards.
IMPORT_CACHE_KIB = 1_000_000
NORMAL_CACHE_KIB = 64_000
#: Page cache while rebuilding indexes: it also caps the sorter's in-memory runs, and many
#: small runs sorted by ``PRAGMA threads`` workers beat one big single-threaded sort.
INDEX_BUILD_CACHE_KIB = 16_384
#: An import of at least this many rows into an empty database drops the secondary indexes
#: (and the unique index on interaction ids) and builds them at the end: one sort each
#: instead of millions of random B-tree inserts.
REBUILD_INDEXES_MIN_ROWS = 200_000

#: ``na_value=None`` for ``to_numpy`` (the pandas stubs do not list None).
_NONE: Any = None

ObjArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]
Column = npt.NDArray[Any]

# -- column helpers ---------------------------------------------------------------------------
#
# Text columns are passed to SQLite as they are: a missing value (None or NaN) binds as NULL,
# and NOT NULL columns reject it in C. Every extra pass over a 20M-element object array costs
# seconds (each element is a pointer to a scattered str), so the helpers below avoid them.


def _col(frame: pd.DataFrame, name: str, column: str) -> pd.Series:
    if column not in frame.columns:
        raise BadInput(f"{name}: missing column {column!r}")
    return frame[column]


def _text(frame: pd.DataFrame, name: str, column: str) -> ObjArray:
    """A text column as an object array whose missing values are None or NaN."""
    series = _col(frame, name, column)
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


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _choice(frame: pd.DataFrame, name: str, column: str, allowed: Sequence[str]) -> ObjArray:
    """A column of enum values, checked against ``allowed``; a missing value (not given)
    becomes the first allowed value's default (stop-gap until the upsert keeps stored
    values: the storage refactor replaces this)."""
    values = _text(frame, name, column)
    missing = np.asarray(pd.isna(values), dtype=np.bool_)
    if missing.any():
        defaults = {
            "kind": "other",
            "origin": "manual",
            "level": "promoter",
            "stage": "prospecting",
        }
        values = values.copy()
        values[missing] = defaults.get(column, allowed[0])
    bad = [v for v in pd.unique(values) if v not in allowed]
    if bad:
        shown = "nothing" if _missing(bad[0]) else repr(bad[0])
        raise BadInput(f"{name}: {column} is {shown}, not one of {list(allowed)}")
    return values


def _nullable_int(frame: pd.DataFrame, name: str, column: str) -> ObjArray:
    try:
        series = _col(frame, name, column).astype("Int64")
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{name}: {column} must hold whole numbers ({exc})") from None
    values: ObjArray = np.asarray(series.to_numpy(dtype=object, na_value=_NONE), dtype=object)
    return values


def _float(frame: pd.DataFrame, name: str, column: str) -> npt.NDArray[np.float64]:
    try:
        values = np.asarray(_col(frame, name, column).astype("float64"), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{name}: {column} must hold numbers ({exc})") from None
    return values


def _first_bad(values: ObjArray, mask: npt.NDArray[np.bool_]) -> object:
    return values[int(np.flatnonzero(mask)[0])]


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
        """``pk`` per id; NotFound for an unknown id, BadInput for a missing one."""
        positions = self._positions(ids)
        missing = positions < 0
        if missing.any():
            bad = _first_bad(ids, missing)
            if _missing(bad):
                raise BadInput(f"{name}: a row has no {column}")
            raise NotFound("person", str(bad))
        out: IntArray = self._pks[positions]
        return out

    def nullable_pks(self, ids: ObjArray, name: str, column: str) -> ObjArray:
        """Like :meth:`pks`, but a missing id gives None."""
        positions = self._positions(ids)
        out = np.full(len(ids), None, dtype=object)
        found = positions >= 0
        out[found] = self._pks[positions[found]].tolist()
        if not found.all():
            absent = [v for v in ids[~found].tolist() if not _missing(v)]
            if absent:
                raise NotFound("person", str(absent[0]))
        return out


def _check_refs(conn: sqlite3.Connection, table: str, ids: ObjArray, written: set[str]) -> None:
    """NotFound for the first id naming neither a row of ``table`` nor one just written."""
    wanted = {v for v in pd.unique(ids).tolist() if not _missing(v)} - written
    if not wanted:
        return
    for chunk in _chunks(sorted(wanted)):
        marks = ",".join("?" * len(chunk))
        found = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)}
        missing = [i for i in chunk if i not in found]
        if missing:
            raise NotFound(table, missing[0])


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sort_by(columns: list[Column], major: IntArray, minor: IntArray | None = None) -> list[Column]:
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


# -- writing ------------------------------------------------------------------------------------


class _Import:
    def __init__(self, conn: sqlite3.Connection, progress: Progress, fresh: bool) -> None:
        self.conn = conn
        self.progress = progress
        self.fresh = fresh
        self.people = PersonKeys(conn)
        #: Ids written by this import, per table; references to them need no look-up.
        self.written: dict[str, set[str]] = {}

    def write(
        self,
        stage: str,
        statement: _Statement,
        columns: Sequence[Column],
        row_fn: Callable[[list[list[Any]]], Iterator[tuple[Any, ...]]] | None = None,
    ) -> int:
        """Write ``columns`` (or the rows ``row_fn`` makes of them) in chunks of CHUNK rows.

        Each statement inserts ``statement.batch`` rows (``VALUES (...), (...), ...``): a
        third less CPU than one row per statement, since Python and SQLite step once per
        batch instead of once per row.
        """
        total = len(columns[0]) if columns else 0
        width = len(statement.columns)
        batch = statement.batch
        many = statement.sql(batch)
        for start in range(0, total, CHUNK):
            stop = min(start + CHUNK, total)
            lists = [c[start:stop].tolist() for c in columns]
            n = stop - start
            if row_fn is not None:
                flat = list(chain.from_iterable(row_fn(lists)))
            else:
                flat = [None] * (n * width)
                for j, values in enumerate(lists):
                    flat[j::width] = values
            full = (n // batch) * batch * width
            step = batch * width
            self.conn.executemany(many, (flat[i : i + step] for i in range(0, full, step)))
            if full < len(flat):
                self.conn.execute(statement.sql((len(flat) - full) // width), flat[full:])
            self.progress(stage, stop, total)
        return total

    def remember(self, table: str, ids: ObjArray) -> None:
        self.written[table] = {v for v in ids.tolist() if isinstance(v, str)}

    def check_refs(self, table: str, ids: ObjArray) -> None:
        _check_refs(self.conn, table, ids, self.written.get(table, set()))


@dataclass(frozen=True)
class _Statement:
    """``INSERT INTO table (columns) VALUES ...`` for any number of rows, as an upsert on
    ``key`` unless ``key`` is empty."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ()

    @property
    def batch(self) -> int:
        """Rows per statement: as many as fit under SQLite's oldest variable limit (999)."""
        return max(1, min(100, 999 // len(self.columns)))

    def sql(self, rows: int) -> str:
        row = f"({', '.join('?' * len(self.columns))})"
        text = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES " + ", ".join(
            [row] * rows
        )
        if self.key:
            rest = [c for c in self.columns if c not in self.key]
            updates = ", ".join(f"{c} = excluded.{c}" for c in rest)
            # Rows that did not change are left alone: re-importing a mostly unchanged
            # export rewrites only what changed (and none of its index entries).
            mine = ", ".join(f"{self.table}.{c}" for c in rest)
            theirs = ", ".join(f"excluded.{c}" for c in rest)
            text += (
                f" ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates}"
                f" WHERE ({mine}) IS NOT ({theirs})"
            )
        return text


def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> _Statement:
    return _Statement(table, tuple(columns), tuple(key))


def _lower(value: object) -> str:
    return value.replace(SEARCH_SEP, " ").lower() if isinstance(value, str) else ""


def _people(imp: _Import, frame: pd.DataFrame) -> int:
    name = "people"
    dnc = _col(frame, name, "do_not_contact").fillna(False).astype(bool).to_numpy()
    columns = [
        _text(frame, name, c)
        for c in ("id", "name", "email", "title", "location", "linkedin", "twitter", "tags")
    ]
    columns.insert(7, dnc.astype(np.int64))
    tags = columns[-1]
    if np.asarray(pd.isna(tags), dtype=np.bool_).any():  # stop-gap, as in _choice
        columns[-1] = np.where(np.asarray(pd.isna(tags), dtype=np.bool_), "[]", tags)
    sql = _upsert(
        "person",
        (
            "id",
            "name",
            "email",
            "title",
            "location",
            "linkedin",
            "twitter",
            "do_not_contact",
            "tags",
            "search",
        ),
        ("id",),
    )
    sep = SEARCH_SEP

    def rows(cols: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
        for i, n, e, t, loc, li, tw, d, tg in zip(*cols, strict=True):
            key = sep.join((_lower(i), _lower(n), _lower(e), _lower(t)))
            yield (i, n, e, t, loc, li, tw, d, tg if isinstance(tg, str) else "[]", key)

    count = imp.write(name, sql, columns, rows)
    imp.people.invalidate()
    return count


def _companies(imp: _Import, frame: pd.DataFrame) -> int:
    name = "companies"
    columns = [
        *(_text(frame, name, c) for c in ("id", "name", "domain", "industry")),
        _nullable_int(frame, name, "employees"),
    ]
    imp.remember("company", columns[0])
    sql = _upsert("company", ("id", "name", "domain", "industry", "employees"), ("id",))
    return imp.write(name, sql, columns)


def _communities(imp: _Import, frame: pd.DataFrame) -> int:
    name = "communities"
    columns = [
        _text(frame, name, "id"),
        _text(frame, name, "name"),
        _choice(frame, name, "kind", [k.value for k in CommunityKind]),
        _text(frame, name, "url"),
    ]
    imp.remember("community", columns[0])
    sql = _upsert("community", ("id", "name", "kind", "url"), ("id",))
    return imp.write(name, sql, columns)


def _connections(imp: _Import, frame: pd.DataFrame) -> int:
    name = "connections"
    a, b = _text(frame, name, "a"), _text(frame, name, "b")
    a_pk, b_pk = imp.people.pks(a, name, "a"), imp.people.pks(b, name, "b")
    same = a_pk == b_pk
    if same.any():
        raise BadInput(f"{name}: {_first_bad(a, same)!r} is connected to themself")
    swap = b < a  # stored with a < b by id, as Connection normalises
    if swap.any():
        a_pk, b_pk = np.where(swap, b_pk, a_pk), np.where(swap, a_pk, b_pk)
    columns = _sort_by(
        [
            a_pk,
            b_pk,
            _text(frame, name, "since"),
            _choice(frame, name, "origin", [o.value for o in ConnectionOrigin]),
        ],
        a_pk,
        b_pk,
    )
    sql = _upsert("connection", ("a_pk", "b_pk", "since", "origin"), ("a_pk", "b_pk"))
    return imp.write(name, sql, columns)


def _person_to(
    imp: _Import,
    frame: pd.DataFrame,
    name: str,
    table: str,
    other: str,
    extra: Sequence[tuple[str, str, Sequence[str] | None]],
) -> int:
    """employment / memberships / advocates: (person, company-or-community) + properties."""
    other_col = f"{other}_id"
    other_ids = _text(frame, name, other_col)
    imp.check_refs(other, other_ids)
    person_pk = imp.people.pks(_text(frame, name, "person_id"), name, "person_id")
    columns: list[Column] = [person_pk, other_ids]
    names = ["person_pk", other_col]
    for source, target, allowed in extra:
        if allowed is None:
            columns.append(_text(frame, name, source))
        else:
            columns.append(_choice(frame, name, source, allowed))
        names.append(target)
    columns = _sort_by(columns, person_pk)
    return imp.write(name, _upsert(table, names, ("person_pk", other_col)), columns)


def _interactions(imp: _Import, frame: pd.DataFrame) -> int:
    name = "interactions"
    kinds = _text(frame, name, "kind")
    codes = pd.Categorical(kinds, categories=[k.value for k in KIND_BY_CODE.values()]).codes
    if (codes < 0).any():
        bad = _first_bad(kinds, codes < 0)
        raise BadInput(f"{name}: kind {'nothing' if _missing(bad) else repr(bad)} is unknown")
    at = _float(frame, name, "at")
    if not np.isfinite(at).all():
        raise BadInput(f"{name}: row {int(np.flatnonzero(~np.isfinite(at))[0]) + 1} has no time")
    actor = imp.people.pks(_text(frame, name, "actor_id"), name, "actor_id")
    recipient = imp.people.pks(_text(frame, name, "recipient_id"), name, "recipient_id")
    if (actor == recipient).any():
        raise BadInput(f"{name}: an interaction needs two different people")
    community = _text(frame, name, "community_id")
    imp.check_refs("community", community)
    columns = [_text(frame, name, "id"), codes.astype(np.int64), at, actor, recipient, community]
    # In (actor, recipient) order the pair index is built from (nearly) sorted input, and
    # an upsert touches neighbouring index pages.
    columns = _sort_by(columns, actor, recipient)
    names = ("id", "kind", "at", "actor_pk", "recipient_pk", "community_id")
    # Into an empty database the unique index on ids is built at the end (see import_bundle).
    key = () if imp.fresh else ("id",)
    return imp.write(name, _Statement("interaction", names, key), columns)


def _deals(imp: _Import, frame: pd.DataFrame) -> int:
    name = "deals"
    companies = _text(frame, name, "company_id")
    imp.check_refs("company", companies)
    columns = [
        _text(frame, name, "id"),
        _text(frame, name, "name"),
        companies,
        imp.people.nullable_pks(_text(frame, name, "owner_id"), name, "owner_id"),
        _choice(frame, name, "stage", [s.value for s in DealStage]),
        _float(frame, name, "amount"),
        _text(frame, name, "created_at"),
        _text(frame, name, "closed_at"),
    ]
    sql = _upsert(
        "deal",
        ("id", "name", "company_id", "owner_pk", "stage", "amount", "created_at", "closed_at"),
        ("id",),
    )
    return imp.write(name, sql, columns)


def _is_empty(conn: sqlite3.Connection) -> bool:
    return all(
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None for table in DATA_TABLES
    )


#: Indexes an import into an empty database builds at the end.
_REBUILT = {**SECONDARY_INDEXES, "interaction_id": UNIQUE_INDEXES["interaction_id"]}


def import_bundle(conn: sqlite3.Connection, bundle: Bundle, progress: Progress) -> dict[str, int]:
    """Upsert every frame of ``bundle`` inside the caller's transaction.

    The caller runs this with foreign-key enforcement off: every reference is checked here
    (people by mapping ids to pks, companies and communities by look-up), which costs a
    fraction of SQLite's per-row checks.
    """
    for frame_name, frame in bundle.frames():
        missing = [c for c in FRAME_COLUMNS[frame_name] if c not in frame.columns]
        if missing:
            raise BadInput(f"{frame_name}: missing columns {missing}")
    fresh = bundle.row_count() >= REBUILD_INDEXES_MIN_ROWS and _is_empty(conn)
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    try:
        if fresh:
            for index in _REBUILT:
                conn.execute(f"DROP INDEX {index}")
        imp = _Import(conn, progress, fresh)
        writers: dict[str, Callable[[pd.DataFrame], int]] = {
            "people": lambda f: _people(imp, f),
            "companies": lambda f: _companies(imp, f),
            "communities": lambda f: _communities(imp, f),
            "connections": lambda f: _connections(imp, f),
            "employment": lambda f: _person_to(
                imp,
                f,
                "employment",
                "employment",
                "company",
                [
                    ("title", "title", None),
                    ("start", "start_date", None),
                    ("end", "end_date", None),
                ],
            ),
            "memberships": lambda f: _person_to(
                imp,
                f,
                "memberships",
                "membership",
                "community",
                [("role", "role", None), ("since", "since", None)],
            ),
            "advocates": lambda f: _person_to(
                imp,
                f,
                "advocates",
                "advocacy",
                "company",
                [("level", "level", [lv.value for lv in AdvocacyLevel]), ("since", "since", None)],
            ),
            "interactions": lambda f: _interactions(imp, f),
            "deals": lambda f: _deals(imp, f),
        }
        counts = {name: writers[name](frame) for name, frame in bundle.frames()}
        if fresh:
            # A small page cache makes SQLite's sorter split each index into several runs
            # that worker threads (PRAGMA threads) sort in parallel: ~40% faster on 2 cores
            # than one big in-memory sort.
            conn.execute(f"PRAGMA cache_size = -{INDEX_BUILD_CACHE_KIB}")
            for done, (index, statement) in enumerate(_REBUILT.items(), start=1):
                try:
                    conn.execute(statement)
                except sqlite3.IntegrityError:
                    if index != "interaction_id":
                        raise
                    raise BadInput("interactions: the same id appears more than once") from None
                progress("indexes", done, len(_REBUILT))
        return counts
    finally:
        conn.execute(f"PRAGMA cache_size = -{NORMAL_CACHE_KIB}")
        conn.execute("PRAGMA threads = 0")


# -- reading the index's inputs ------------------------------------------------------------


def read_link_inputs(conn: sqlite3.Connection) -> LinkInputs:
    """Everyone, every KNOWS and every interaction (inside the caller's read transaction)."""
    rows = conn.execute("SELECT pk, id, do_not_contact FROM person ORDER BY pk").fetchall()
    n = len(rows)
    person_pk = np.fromiter((r[0] for r in rows), np.int64, n)
    person_id = np.empty(n, dtype=object)
    person_id[:] = [r[1] for r in rows]
    dnc = np.fromiter((r[2] for r in rows), np.bool_, n)
    del rows

    advocacy = np.zeros(n, dtype=np.float64)
    ranks = conn.execute(
        f"SELECT person_pk, max({ADVOCACY_RANK_SQL}) FROM advocacy GROUP BY person_pk"
    ).fetchall()
    if ranks:
        weights = np.array(
            [0.0]
            + [
                ADVOCACY_WEIGHTS[lv]
                for lv in (AdvocacyLevel.PROMOTER, AdvocacyLevel.REFERENCE, AdvocacyLevel.CHAMPION)
            ]
        )
        adv_pk = np.fromiter((r[0] for r in ranks), np.int64, len(ranks))
        adv_rank = np.fromiter((r[1] for r in ranks), np.int64, len(ranks))
        advocacy[np.searchsorted(person_pk, adv_pk)] = weights[adv_rank]

    conn_ab = _int_pairs(conn, "SELECT a_pk, b_pk FROM connection", "connection")
    inter = _interaction_rows(conn)
    kind_names = np.array([k.value for k in KIND_BY_CODE.values()], dtype=object)
    return LinkInputs(
        person_pk=person_pk,
        person_id=person_id,
        do_not_contact=dnc,
        advocacy=advocacy,
        conn_a=np.ascontiguousarray(conn_ab["a"]),
        conn_b=np.ascontiguousarray(conn_ab["b"]),
        inter_actor=np.ascontiguousarray(inter["actor"]),
        inter_recipient=np.ascontiguousarray(inter["recipient"]),
        inter_kind=kind_names[inter["kind"]],
        inter_at=np.ascontiguousarray(inter["at"]),
    )


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _int_pairs(conn: sqlite3.Connection, sql: str, table: str) -> npt.NDArray[Any]:
    dtype = np.dtype([("a", np.int64), ("b", np.int64)])
    return np.fromiter(conn.execute(sql), dtype, _count(conn, table))


def _interaction_rows(conn: sqlite3.Connection) -> npt.NDArray[Any]:
    dtype = np.dtype(
        [("actor", np.int64), ("recipient", np.int64), ("kind", np.int64), ("at", np.float64)]
    )
    return np.fromiter(
        conn.execute("SELECT actor_pk, recipient_pk, kind, at FROM interaction"),
        dtype,
        _count(conn, "interaction"),
    )
