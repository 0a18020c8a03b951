"""What the activity stream asks a store for: whose events, in which window of time.

A subject is one person, company or community; its *people* are the person, the company's
current employees, or the community's members; its *jobs* are the person's, every job at
the company (current or past), or the members' jobs anywhere. A store answers, per kind of
event, the newest ``limit`` events in a window (``graph.store.base.ActivityPages``); the
service merges the kinds (``graph.activity_service``), so a page costs a few reads of
about ``first`` rows each, however long the subject's history.

>>> window = TimeWindow(None, None)
>>> window.day_bounds()
(None, None)
>>> from datetime import UTC, datetime
>>> TimeWindow(datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 5, tzinfo=UTC)).day_bounds()
('2026-03-03', '2026-03-05')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from .model import Connection


class SubjectKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"
    COMMUNITY = "community"


@dataclass(frozen=True, slots=True)
class ActivitySubject:
    kind: SubjectKind
    id: str


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """Events at or after ``since`` and at or before ``until`` (None: unbounded)."""

    since: datetime | None
    until: datetime | None

    def day_bounds(self) -> tuple[str | None, str | None]:
        """The window as ISO days for day-dated events (a day is read as its midnight UTC):
        the first day whose midnight is at or after ``since``, the last at or before
        ``until``."""
        first = last = None
        if self.since is not None:
            since = self.since.astimezone(UTC)
            day = since.date()
            if datetime.combine(day, time(), UTC) < since:
                day += timedelta(days=1)
            first = day.isoformat()
        if self.until is not None:
            last = self.until.astimezone(UTC).date().isoformat()
        return first, last

    def seconds(self) -> tuple[float | None, float | None]:
        """The window as epoch seconds, ``until`` widened by a millisecond: a stored float
        time and the microseconds of a cursor need not round alike; the caller filters
        the few extra rows exactly."""
        lo = None if self.since is None else self.since.timestamp()
        hi = None if self.until is None else self.until.timestamp() + 1e-3
        return lo, hi


@dataclass(frozen=True, slots=True)
class ActivityCounts:
    """How many events of each store-read kind a subject has in a window."""

    interactions: int
    connections: int
    jobs_started: int
    jobs_ended: int

    @property
    def total(self) -> int:
        return self.interactions + self.connections + self.jobs_started + self.jobs_ended


@dataclass(frozen=True, slots=True)
class LedConnection:
    """A KNOWS and which of its ends (``lead``) is among the subject's people: the smaller
    id when both are."""

    connection: Connection
    lead: str
