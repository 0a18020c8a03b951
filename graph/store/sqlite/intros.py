"""Introduction requests in SQLite (schema version 7: ``intro_request``, its
``intro_history`` and per-person ``intro_capacity``). Each function runs inside the caller's
transaction; the writes run in ``BEGIN IMMEDIATE`` transactions that leave ``data_version``
alone (requests are not graph data: the link index and caches stay).

Because every write transaction holds SQLite's single write lock from its first statement,
the checks a new request must pass (de-duplication, the connector's capacity) and a
transition's compare-and-set read what no other writer can change before the commit: two
reps asking for the same target at once are serialised, and the second sees the first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from ...errors import Conflict, NotFound
from ...intro import (
    BLOCKING_STATUSES,
    CAPACITY_STATUSES,
    AskRules,
    DuplicateAsk,
    HistoryEntry,
    IntroFilter,
    IntroRequest,
    IntroStatus,
    OverCapacity,
    StaleStatus,
)
from ..values import epoch_seconds, instant, utc
from .lookups import chunks, marks

_COLS = (
    "id, requester, requester_person_id, team, path, note, status, created_at, "
    "target_company_id, deal_id, meeting_at, response_note"
)


def _seconds(at: datetime | None) -> float | None:
    return None if at is None else epoch_seconds(at)


def _requests(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> list[IntroRequest]:
    """Rows of ``intro_request`` as records, each with its history (one query for all)."""
    history: dict[str, list[HistoryEntry]] = {r[0]: [] for r in rows}
    for ids in chunks(list(history)):
        for request_id, status, at, by in conn.execute(
            f"SELECT request_id, status, at, by FROM intro_history "
            f"WHERE request_id IN ({marks(len(ids))}) ORDER BY seq",
            ids,
        ):
            history[request_id].append(HistoryEntry(IntroStatus(status), instant(at), by))
    return [
        IntroRequest(
            id=r[0],
            requester=r[1],
            requester_person_id=r[2],
            team=r[3],
            path=tuple(json.loads(r[4])),
            note=r[5],
            status=IntroStatus(r[6]),
            created_at=instant(r[7]),
            history=tuple(history[r[0]]),
            target_company_id=r[8],
            deal_id=r[9],
            meeting_at=utc(r[10]),
            response_note=r[11],
        )
        for r in rows
    ]


def get(conn: sqlite3.Connection, ids: Collection[str]) -> dict[str, IntroRequest]:
    rows: list[Sequence[Any]] = []
    for chunk in chunks(sorted(set(ids))):
        rows += conn.execute(
            f"SELECT {_COLS} FROM intro_request WHERE id IN ({marks(len(chunk))})", chunk
        ).fetchall()
    return {r.id: r for r in _requests(conn, rows)}


def _one(conn: sqlite3.Connection, id: str) -> IntroRequest:
    found = get(conn, [id])
    if id not in found:
        raise NotFound("introduction request", id)
    return found[id]


def _live(statuses: Collection[IntroStatus], rules: AskRules) -> tuple[str, list[Any]]:
    """SQL for "status in ``statuses``, a REQUESTED one past expiry not counting"."""
    values = sorted(s.value for s in statuses)
    return (
        f"status IN ({marks(len(values))}) AND NOT (status = ? AND created_at < ?)",
        [*values, IntroStatus.REQUESTED.value, epoch_seconds(rules.expired_before)],
    )


def create(conn: sqlite3.Connection, request: IntroRequest, rules: AskRules) -> None:
    """Insert ``request`` (with its first history entry) unless the team already asked for
    the target within the window (DuplicateAsk) or the connector is at capacity
    (OverCapacity); Conflict on a reused id."""
    live, params = _live(BLOCKING_STATUSES, rules)
    row = conn.execute(
        f"SELECT id FROM intro_request WHERE team = ? AND target_id = ? AND created_at >= ? "
        f"AND {live} ORDER BY created_at, id LIMIT 1",
        [request.team, request.target_id, epoch_seconds(rules.window_start), *params],
    ).fetchone()
    if row is not None:
        raise DuplicateAsk(_one(conn, row[0]))
    found = conn.execute(
        "SELECT capacity FROM intro_capacity WHERE person_id = ?", (request.connector_id,)
    ).fetchone()
    capacity = rules.default_capacity if found is None else int(found[0])
    live, params = _live(CAPACITY_STATUSES, rules)
    (open_asks,) = conn.execute(
        f"SELECT count(*) FROM intro_request WHERE connector_id = ? AND {live}",
        [request.connector_id, *params],
    ).fetchone()
    if open_asks >= capacity:
        raise OverCapacity(request.connector_id, open_asks, capacity)
    if conn.execute("SELECT 1 FROM intro_request WHERE id = ?", (request.id,)).fetchone():
        raise Conflict(f"an introduction request with id {request.id!r} already exists")
    conn.execute(
        f"INSERT INTO intro_request ({_COLS}, connector_id, target_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            request.id,
            request.requester,
            request.requester_person_id,
            request.team,
            json.dumps(list(request.path)),
            request.note,
            request.status.value,
            epoch_seconds(request.created_at),
            request.target_company_id,
            request.deal_id,
            _seconds(request.meeting_at),
            request.response_note,
            request.connector_id,
            request.target_id,
        ),
    )
    _append(conn, request.id, request.history)


def _append(conn: sqlite3.Connection, id: str, entries: Sequence[HistoryEntry]) -> None:
    conn.executemany(
        "INSERT INTO intro_history (request_id, status, at, by) VALUES (?, ?, ?, ?)",
        [(id, e.status.value, epoch_seconds(e.at), e.by) for e in entries],
    )


def transition(
    conn: sqlite3.Connection,
    id: str,
    expected: IntroStatus,
    entry: HistoryEntry,
    changes: dict[str, Any],
) -> IntroRequest:
    """Move the request from ``expected`` to ``entry.status`` (compare-and-set: StaleStatus
    if it is no longer ``expected``), setting ``changes`` (column -> value) and appending
    ``entry``; NotFound if absent."""
    current = _one(conn, id)
    if current.status is not expected:
        raise StaleStatus(id, expected, current.status)
    columns = {"status": entry.status.value, **changes}
    conn.execute(
        f"UPDATE intro_request SET {', '.join(f'{c} = ?' for c in columns)} "
        "WHERE id = ? AND status = ?",
        [*columns.values(), id, expected.value],
    )
    if entry.status is not expected:
        _append(conn, id, [entry])
    return _one(conn, id)


def expire(conn: sqlite3.Connection, before: datetime, at: datetime, by: str) -> list[str]:
    """Mark every REQUESTED request made before ``before`` EXPIRED; their ids."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM intro_request WHERE status = ? AND created_at < ? ORDER BY id",
            (IntroStatus.REQUESTED.value, epoch_seconds(before)),
        )
    ]
    for chunk in chunks(ids):
        conn.execute(
            f"UPDATE intro_request SET status = ? WHERE id IN ({marks(len(chunk))})",
            [IntroStatus.EXPIRED.value, *chunk],
        )
    _append_many(conn, ids, HistoryEntry(IntroStatus.EXPIRED, at, by))
    return ids


def _append_many(conn: sqlite3.Connection, ids: Sequence[str], entry: HistoryEntry) -> None:
    conn.executemany(
        "INSERT INTO intro_history (request_id, status, at, by) VALUES (?, ?, ?, ?)",
        [(id, entry.status.value, epoch_seconds(entry.at), entry.by) for id in ids],
    )


def page(
    conn: sqlite3.Connection,
    filters: IntroFilter,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[IntroRequest]:
    """Newest first, then by id; strictly after ``after`` (a request's created_at and id)."""
    where: list[str] = []
    params: list[Any] = []
    for column, values in (
        ("connector_id", filters.connector_ids),
        ("target_id", filters.target_ids),
        ("status", None if filters.statuses is None else [s.value for s in filters.statuses]),
    ):
        if values is not None:
            values = sorted(values)
            if not values:
                return []
            where.append(f"{column} IN ({marks(len(values))})")
            params += values
    for column, value in (("requester", filters.requester), ("team", filters.team)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if after is not None:
        at = epoch_seconds(after[0])
        where.append("(created_at < ? OR (created_at = ? AND id > ?))")
        params += [at, at, after[1]]
    rows = conn.execute(
        f"SELECT {_COLS} FROM intro_request"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY created_at DESC, id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return _requests(conn, rows)


def every(conn: sqlite3.Connection) -> list[IntroRequest]:
    rows = conn.execute(f"SELECT {_COLS} FROM intro_request ORDER BY created_at, id").fetchall()
    return _requests(conn, rows)


def set_capacity(conn: sqlite3.Connection, person_id: str, capacity: int | None) -> None:
    if capacity is None:
        conn.execute("DELETE FROM intro_capacity WHERE person_id = ?", (person_id,))
        return
    conn.execute(
        "INSERT INTO intro_capacity (person_id, capacity) VALUES (?, ?) "
        "ON CONFLICT (person_id) DO UPDATE SET capacity = excluded.capacity",
        (person_id, capacity),
    )


def capacity(conn: sqlite3.Connection, person_id: str) -> int | None:
    row = conn.execute(
        "SELECT capacity FROM intro_capacity WHERE person_id = ?", (person_id,)
    ).fetchone()
    return None if row is None else int(row[0])
