"""The history signals are computed from, on Neo4j: the ``SignalReads`` protocol, one read
transaction per call (statements in :mod:`.cypher`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from ...activity_query import ActivityCounts, ActivitySubject, LedConnection, TimeWindow
from ...model import Advocacy, Connection, Employment, Interaction
from .. import values as stored
from . import cypher, values
from .session import Session


class SignalReads:
    def __init__(self, session: Session) -> None:
        self._session = session

    def employment_changes(self, since: date) -> list[Employment]:
        rows = self._session.query(cypher.EMPLOYMENT_CHANGES, since=stored.date_text(since))
        return [values.employment(r) for r in rows]

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        rows = self._session.query(cypher.ADVOCACIES_OF, ids=sorted(set(person_ids)))
        return [values.advocacy(r) for r in rows]

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        rows = self._session.query(cypher.CONNECTIONS_OF, ids=sorted(set(person_ids)))
        return [values.connection(r) for r in rows]

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        rows = self._session.query(cypher.INTERACTIONS_OF_PEOPLE, ids=sorted(set(person_ids)))
        return [values.interaction(r) for r in rows]


class ActivityPageReads:
    """``ActivityPages`` on Neo4j: one read transaction per call (:mod:`.cypher`)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _params(self, subject: ActivitySubject, window: TimeWindow) -> dict[str, Any]:
        lo, hi = window.seconds()
        day_lo, day_hi = window.day_bounds()
        return {"subject": subject.id, "lo": lo, "hi": hi, "day_lo": day_lo, "day_hi": day_hi}

    def recent_interactions(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[Interaction]:
        statement = cypher.RECENT_INTERACTIONS[subject.kind.value]
        rows = self._session.query(statement, limit=limit, **self._params(subject, window))
        return [values.interaction(r) for r in rows]

    def recent_connections(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[LedConnection]:
        statement = cypher.RECENT_KNOWS[subject.kind.value]
        rows = self._session.query(statement, limit=limit, **self._params(subject, window))
        return [LedConnection(values.connection(r), r["me"]) for r in rows]

    def recent_jobs(
        self, subject: ActivitySubject, ended: bool, window: TimeWindow, limit: int
    ) -> list[Employment]:
        statement = cypher.RECENT_JOBS[subject.kind.value]
        day = "end" if ended else "start"
        params = self._params(subject, window)
        rows = self._session.query(statement, limit=limit, day=day, **params)
        return [values.employment(r) for r in rows]

    def activity_counts(self, subject: ActivitySubject, window: TimeWindow) -> ActivityCounts:
        params = self._params(subject, TimeWindow(window.since, None))
        rows = self._session.query(cypher.ACTIVITY_COUNTS[subject.kind.value], **params)
        row = rows[0]
        return ActivityCounts(
            int(row["interactions"]),
            int(row["connections"]),
            int(row["started"]),
            int(row["ended"]),
        )
