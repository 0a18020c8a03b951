"""Deal pages and stage history in SQLite: each function runs inside the caller's transaction.

A page is one keyset query: ``ORDER BY (v IS NULL), v [DESC], id`` with the condition "after
the last key" spelled out for that order, so SQLite walks the matching rows once and stops
at ``LIMIT`` whatever page it is asked for.

The history (``deal_stage_change``) is written here by deal creates and updates
(:func:`record_change`) and by the bulk import (:func:`snapshot_stages` before its deals are
written, :func:`record_import_changes` after), always in the transaction of the deal write.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from ...deal_query import CLOSED_STAGES, DealFilter, DealKey, DealOrder, StageChange
from ...model import Deal, DealStage
from ..values import epoch_seconds, instant
from . import rows
from .lookups import marks

_COLUMNS = {"created_at": "d.created_at", "amount": "d.amount", "closed_at": "d.closed_at"}

#: Where the bulk import keeps each stored deal's stage while it writes the deals.
_BEFORE = "temp.deal_stage_before"


def _filters(filters: DealFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.owner_ids is not None:
        owners = sorted(filters.owner_ids)
        where.append(f"d.owner_pk IN (SELECT pk FROM person WHERE id IN ({marks(len(owners))}))")
        params += owners
    if filters.company_id is not None:
        where.append("d.company_id = ?")
        params.append(filters.company_id)
    if filters.open is not None:
        closed = [s.value for s in CLOSED_STAGES]
        where.append(f"d.stage {'NOT IN' if filters.open else 'IN'} ({marks(len(closed))})")
        params += closed
    return where, params


def page(
    conn: sqlite3.Connection,
    filters: DealFilter,
    order: DealOrder,
    after: DealKey | None,
    limit: int,
) -> list[Deal]:
    if filters.owner_ids is not None and not filters.owner_ids:
        return []
    where, params = _filters(filters)
    column = _COLUMNS[order.field]
    direction = "DESC" if order.descending else "ASC"
    if after is not None:
        if after.value is None:  # inside the trailing block of missing values
            where.append(f"({column} IS NULL AND d.id > ?)")
            params.append(after.id)
        else:
            beyond = "<" if order.descending else ">"
            where.append(
                f"({column} IS NULL OR {column} {beyond} ? OR ({column} = ? AND d.id > ?))"
            )
            params += [after.value, after.value, after.id]
    sql = (
        rows.DEAL_SELECT
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY ({column} IS NULL), {column} {direction}, d.id LIMIT ?"
    )
    return [rows.deal(r) for r in conn.execute(sql, [*params, limit])]


def count(conn: sqlite3.Connection, filters: DealFilter) -> int:
    if filters.owner_ids is not None and not filters.owner_ids:
        return 0
    where, params = _filters(filters)
    sql = "SELECT count(*) FROM deal d" + (f" WHERE {' AND '.join(where)}" if where else "")
    return int(conn.execute(sql, params).fetchone()[0])


# -- stage history ------------------------------------------------------------------------------


def stored_stage(conn: sqlite3.Connection, deal_id: str) -> str | None:
    row = conn.execute("SELECT stage FROM deal WHERE id = ?", (deal_id,)).fetchone()
    return None if row is None else str(row[0])


def record_change(
    conn: sqlite3.Connection, deal_id: str, before: str | None, after: DealStage, at: datetime
) -> None:
    """A change row if the stage moved (``before`` None: the deal is new)."""
    if before == after.value:
        return
    conn.execute(
        "INSERT INTO deal_stage_change (deal_id, stage_from, stage_to, at) VALUES (?, ?, ?, ?)",
        (deal_id, before, after.value, epoch_seconds(at)),
    )


def snapshot_stages(conn: sqlite3.Connection) -> None:
    """Keep every stored deal's stage aside for :func:`record_import_changes`."""
    conn.execute(f"DROP TABLE IF EXISTS {_BEFORE}")
    conn.execute(f"CREATE TABLE {_BEFORE} (id TEXT PRIMARY KEY, stage TEXT) WITHOUT ROWID")
    conn.execute(f"INSERT INTO {_BEFORE} SELECT id, stage FROM deal")


def record_import_changes(conn: sqlite3.Connection, at: datetime) -> None:
    """A change row for every deal the import created or moved to another stage."""
    conn.execute(
        "INSERT INTO deal_stage_change (deal_id, stage_from, stage_to, at) "
        f"SELECT d.id, b.stage, d.stage, ? FROM deal d LEFT JOIN {_BEFORE} b ON b.id = d.id "
        "WHERE b.stage IS NOT d.stage ORDER BY d.id",
        (epoch_seconds(at),),
    )
    conn.execute(f"DROP TABLE {_BEFORE}")


_CHANGE_SELECT = "SELECT deal_id, stage_from, stage_to, at FROM deal_stage_change"


def _change(row: Any) -> StageChange:
    return StageChange(
        deal_id=row[0],
        stage_from=None if row[1] is None else DealStage(row[1]),
        stage_to=DealStage(row[2]),
        at=instant(row[3]),
    )


def changes_of(conn: sqlite3.Connection, deal_id: str) -> list[StageChange]:
    sql = f"{_CHANGE_SELECT} WHERE deal_id = ? ORDER BY at, seq"
    return [_change(r) for r in conn.execute(sql, (deal_id,))]


def changes_since(conn: sqlite3.Connection, at: datetime, limit: int) -> list[StageChange]:
    sql = f"{_CHANGE_SELECT} WHERE at >= ? ORDER BY at, deal_id, seq LIMIT ?"
    return [_change(r) for r in conn.execute(sql, (epoch_seconds(at), limit))]
