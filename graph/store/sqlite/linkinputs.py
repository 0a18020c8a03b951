"""Reading the embedded index's inputs in bulk: everyone, every KNOWS, every interaction."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
import numpy.typing as npt

from ...model import ADVOCACY_WEIGHT_BY_RANK
from ..linkinputs import LinkInputs
from .schema import ADVOCACY_RANK_SQL, KIND_BY_CODE


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
        weights = np.array(ADVOCACY_WEIGHT_BY_RANK)
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
