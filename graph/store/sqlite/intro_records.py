"""The ``IntroRequests`` protocol on :class:`~.records.SQLiteRecords`: each method one
transaction of its :class:`~.connection.Database` around a function of :mod:`.intros`.
Writes leave ``data_version`` alone (requests are not graph data)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from ...intro import (
    AskRules,
    HistoryEntry,
    IntroFilter,
    IntroRequest,
    IntroStatus,
    outcome_of,
)
from ...intro_outcomes import AskOutcome
from ..values import epoch_seconds
from . import intros
from .connection import Database


class SQLiteIntroRequests:
    _db: Database

    def create_intro_request(self, request: IntroRequest, rules: AskRules) -> None:
        with self._db.write(changes_data=False) as conn:
            intros.create(conn, request, rules)

    def transition_intro_request(
        self,
        id: str,
        expected: IntroStatus,
        entry: HistoryEntry,
        *,
        deal_id: str | None = None,
        meeting_at: datetime | None = None,
        response_note: str | None = None,
    ) -> IntroRequest:
        changes: dict[str, Any] = {}
        if deal_id is not None:
            changes["deal_id"] = deal_id
        if meeting_at is not None:
            changes["meeting_at"] = epoch_seconds(meeting_at)
        if response_note is not None:
            changes["response_note"] = response_note
        with self._db.write(changes_data=False) as conn:
            return intros.transition(conn, id, expected, entry, changes)

    def expire_intro_requests(self, before: datetime, at: datetime, by: str) -> list[IntroRequest]:
        with self._db.write(changes_data=False) as conn:
            ids = intros.expire(conn, before, at, by)
            found = intros.get(conn, ids)
        return [found[id] for id in ids]

    def get_intro_requests(self, ids: Collection[str]) -> dict[str, IntroRequest]:
        with self._db.read() as conn:
            return intros.get(conn, ids)

    def intro_request_page(
        self, filters: IntroFilter, after: tuple[datetime, str] | None, limit: int
    ) -> list[IntroRequest]:
        with self._db.read() as conn:
            return intros.page(conn, filters, after, limit)

    def ask_outcomes(self) -> list[AskOutcome]:
        with self._db.read() as conn:
            return [outcome_of(r) for r in intros.every(conn)]

    def intro_version(self) -> int:
        with self._db.read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM intro_history").fetchone()[0])

    def set_intro_capacity(self, person_id: str, capacity: int | None) -> None:
        with self._db.write(changes_data=False) as conn:
            intros.set_capacity(conn, person_id, capacity)

    def intro_capacity(self, person_id: str) -> int | None:
        with self._db.read() as conn:
            return intros.capacity(conn, person_id)
