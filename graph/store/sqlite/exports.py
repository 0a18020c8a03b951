"""Whole tables for exports (``ExportReads``): every node of a kind, and every KNOWS and
interacting pair aggregated by SQLite itself, read into arrays without a Python object per
row beyond the driver's tuple."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
import numpy.typing as npt

from ...model import Community, Company, Deal, NodeT, Person
from ...queries import PairActivity
from . import rows

#: Every node of a kind, by id (the columns ``rows`` builds each kind from).
_ALL_NODES: dict[type, str] = {
    Person: f"SELECT {rows.PERSON_COLS} FROM person p ORDER BY p.id",
    Company: "SELECT id, name, domain, industry, employees FROM company ORDER BY id",
    Community: "SELECT id, name, kind, url FROM community ORDER BY id",
    Deal: rows.DEAL_SELECT + " ORDER BY d.id",
}

#: KNOWS as (smaller pk, larger pk); interactions grouped by unordered pair.
_KNOWS = "SELECT min(a_pk, b_pk), max(a_pk, b_pk) FROM connection"
_INTERACTING = (
    "SELECT min(actor_pk, recipient_pk) AS x, max(actor_pk, recipient_pk) AS y, "
    "count(*), max(at) FROM interaction GROUP BY x, y"
)


def all_nodes(conn: sqlite3.Connection, kind: type[NodeT]) -> list[NodeT]:
    build = rows.SELECT_NODES[kind][1]
    return [build(row) for row in conn.execute(_ALL_NODES[kind])]


def pair_activity(conn: sqlite3.Connection) -> PairActivity:
    """Inside the caller's read transaction (one snapshot for all three reads)."""
    people = conn.execute("SELECT pk, id FROM person ORDER BY pk").fetchall()
    pks = np.fromiter((r[0] for r in people), np.int64, len(people))
    ids = np.empty(len(people), dtype=object)
    ids[:] = [r[1] for r in people]
    knows = np.fromiter(conn.execute(_KNOWS), np.dtype([("a", np.int64), ("b", np.int64)]))
    inter = np.fromiter(
        conn.execute(_INTERACTING),
        np.dtype([("a", np.int64), ("b", np.int64), ("n", np.int64), ("last", np.float64)]),
    )

    def id_of(pk: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        return ids[np.searchsorted(pks, pk)]

    # Pairs are ordered by pk in SQL; the contract orders them by id.
    ka, kb = _by_id(id_of(knows["a"]), id_of(knows["b"]))
    ia, ib = _by_id(id_of(inter["a"]), id_of(inter["b"]))
    return PairActivity(
        knows_a=ka,
        knows_b=kb,
        inter_a=ia,
        inter_b=ib,
        inter_count=np.ascontiguousarray(inter["n"]),
        inter_last=np.ascontiguousarray(inter["last"]),
    )


def _by_id(
    a: npt.NDArray[Any], b: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    swap = b < a
    return np.where(swap, b, a).astype(object), np.where(swap, a, b).astype(object)
