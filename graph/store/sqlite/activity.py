"""``activity_among`` on SQLite: rows read as integers, people named once at the end.

Reading rows is what costs (SQLite scans 2,000,000 interactions in a third of a second; the
Python driver turning them into tuples takes ten times that), so each row is read as four
numbers (person ``pk``s, kind code, time) straight into numpy, with no join to ``person``
and no id string per row; the ids of the people the rows name are read once, at the end.

Two ways to find the rows, chosen by how many people are asked about:

* a few (under ``SCAN_SHARE`` of everyone): the ``actor``/``recipient`` (``a``/``b``)
  indexes (``touching``, which ``SignalReads`` use too), with the asked ``pk``s handed over
  as one JSON array (``json_each``) rather than chunks of ``?``; a row touching two asked
  people is read once (the second half skips rows the first already has);
* many (deal likelihood asks about every account's staff: two thirds of everyone on the
  generated bundles): one scan of the table, filtered in numpy, which beats an index lookup
  per person once most rows qualify.

``read_all_activity`` is the scan without a filter (what the embedded store keeps).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

import numpy as np
import numpy.typing as npt

from ..activity import Activity
from .schema import KIND_BY_CODE

#: Ask about at least this share of everyone and the tables are scanned, not looked up.
SCAN_SHARE = 0.125

# Kind codes are small integers; names are indexed by code (gaps, if any, stay unnamed).
_KIND_NAMES = tuple(
    KIND_BY_CODE[c].value if c in KIND_BY_CODE else "" for c in range(max(KIND_BY_CODE) + 1)
)
_INTER = np.dtype([("a", np.int64), ("b", np.int64), ("kind", np.int64), ("at", np.float64)])
_CONN = np.dtype([("a", np.int64), ("b", np.int64), ("since", np.float64)])
# KNOWS.since is ISO date text: epoch seconds of its midnight UTC, or a sentinel for NULL
_NO_SINCE = -1.0e300
_SINCE = f"ifnull(round((julianday(since) - 2440587.5) * 86400.0), {_NO_SINCE})"
_INTER_COLUMNS = "actor_pk, recipient_pk, kind, at"
_CONN_COLUMNS = f"a_pk, b_pk, {_SINCE}"


def read_all_activity(conn: sqlite3.Connection) -> Activity:
    """Every interaction and KNOWS (inside the caller's snapshot)."""
    inter = _rows(conn, f"SELECT {_INTER_COLUMNS} FROM interaction", _INTER)
    knows = _rows(conn, f"SELECT {_CONN_COLUMNS} FROM connection", _CONN)
    return _activity(conn, inter, knows, everyone=True)


def activity_among(conn: sqlite3.Connection, person_ids: Collection[str]) -> Activity:
    """Every interaction and KNOWS touching ``person_ids`` (inside the caller's snapshot)."""
    pks = pks_among(conn, person_ids)
    if not pks:
        return Activity.empty()
    everyone = int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    if len(pks) >= SCAN_SHARE * everyone:
        asked = np.array(pks, dtype=np.int64)
        inter = _rows(conn, f"SELECT {_INTER_COLUMNS} FROM interaction", _INTER)
        inter = inter[np.isin(inter["a"], asked) | np.isin(inter["b"], asked)]
        knows = _rows(conn, f"SELECT {_CONN_COLUMNS} FROM connection", _CONN)
        knows = knows[np.isin(knows["a"], asked) | np.isin(knows["b"], asked)]
    else:
        params = {"pks": json.dumps(pks)}
        inter = _rows(conn, touching("interaction", _INTER_COLUMNS), _INTER, params)
        knows = _rows(conn, touching("connection", _CONN_COLUMNS), _CONN, params)
    return _activity(conn, inter, knows, everyone=len(pks) >= SCAN_SHARE * everyone)


def pks_among(conn: sqlite3.Connection, person_ids: Collection[str]) -> list[int]:
    """The ``pk``s of those of ``person_ids`` who exist (one query, however many)."""
    unique = sorted({i for i in person_ids if isinstance(i, str)})
    if not unique:
        return []
    sql = "SELECT pk FROM person WHERE id IN (SELECT value FROM json_each(?))"
    return [r[0] for r in conn.execute(sql, (json.dumps(unique),))]


#: the two ends of each table's rows, each with an index
_ENDS = {"interaction": ("actor_pk", "recipient_pk"), "connection": ("a_pk", "b_pk")}


def touching(table: str, columns: str) -> str:
    """``columns`` of the ``table`` rows (interactions or KNOWS) with either end among the
    ``pk``s of the JSON array ``:pks``, each row once: through the first end's index, then
    the second end's for rows whose first end is not asked about. The one definition of
    "the rows touching these people" that ``activity_among`` and ``SignalReads`` share."""
    first, second = _ENDS[table]
    asked = "(SELECT value FROM json_each(:pks))"
    return (
        f"SELECT {columns} FROM {table} WHERE {first} IN {asked} "
        f"UNION ALL SELECT {columns} FROM {table} "
        f"WHERE {second} IN {asked} AND {first} NOT IN {asked}"
    )


def _rows(
    conn: sqlite3.Connection, sql: str, dtype: np.dtype[Any], params: Any = ()
) -> npt.NDArray[Any]:
    return np.fromiter(conn.execute(sql, params), dtype)


def _activity(
    conn: sqlite3.Connection, inter: npt.NDArray[Any], knows: npt.NDArray[Any], everyone: bool
) -> Activity:
    """The rows as an ``Activity``: the ``pk``s they use are named with one read (of
    everyone when most are named anyway: cheaper than finding which)."""
    if everyone:
        named = conn.execute("SELECT pk, id FROM person").fetchall()
    else:
        used = np.unique(np.concatenate([inter["a"], inter["b"], knows["a"], knows["b"]]))
        named = conn.execute(
            "SELECT pk, id FROM person WHERE pk IN (SELECT value FROM json_each(?))",
            (json.dumps(used.tolist()),),
        ).fetchall()
    keys = np.fromiter((r[0] for r in named), np.int64, len(named))
    since = knows["since"].copy()
    since[since <= _NO_SINCE / 2] = np.nan
    return Activity.from_keys(
        keys,
        [r[1] for r in named],
        (inter["a"], inter["b"], inter["kind"], inter["at"]),
        _KIND_NAMES,
        (knows["a"], knows["b"], since),
    )
