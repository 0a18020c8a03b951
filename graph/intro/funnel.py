"""The introduction funnel: of the requests a team made in a period, how many reached each
step, the conversion from the step before, and the median time the step took.

A pure function over requests (their histories); the service reads the team's requests.
A request counts at a step when its history entered that status, so a withdrawn or
declined one counts at every step it reached before. The time of a step is from entering
the step before to entering it (for ASKED: 0), over the requests that reached it.

>>> from datetime import UTC, datetime, timedelta
>>> t = datetime(2026, 11, 2, tzinfo=UTC)
>>> def req(id, *steps):
...     history = tuple(HistoryEntry(IntroStatus(s), t + timedelta(hours=h), "x")
...                     for h, s in enumerate(steps))
...     return IntroRequest(id, "r", None, "east", ("a", "b", "c"), None,
...                         history[-1].status, t, history)
>>> f = funnel([req("1", "requested", "accepted", "target_accepted"),
...             req("2", "requested", "declined")])
>>> [(s.step.name, s.count, s.conversion, s.median_hours) for s in f[:3]]
[('ASKED', 2, None, 0.0), ('ACCEPTED', 1, 0.5, 1.0), ('TARGET_ACCEPTED', 1, 1.0, 1.0)]
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import HistoryEntry, IntroRequest, IntroStatus


class FunnelStep(StrEnum):
    """The funnel's steps, in order, each the status a request enters."""

    ASKED = "requested"
    ACCEPTED = "accepted"
    TARGET_ACCEPTED = "target_accepted"
    INTRODUCED = "introduced"
    MEETING_HELD = "meeting_held"
    WON = "won"


@dataclass(frozen=True, slots=True)
class FunnelCount:
    """``count`` requests reached ``step``; ``conversion`` is count / the step before's
    (None for the first step, or when none reached the step before); ``median_hours`` the
    median time the step took (None when nobody reached it)."""

    step: FunnelStep
    count: int
    conversion: float | None
    median_hours: float | None


def _entered(history: Sequence[HistoryEntry]) -> dict[IntroStatus, HistoryEntry]:
    found: dict[IntroStatus, HistoryEntry] = {}
    for entry in history:
        found.setdefault(entry.status, entry)
    return found


def funnel(requests: Sequence[IntroRequest]) -> list[FunnelCount]:
    """The funnel of ``requests`` (module docstring)."""
    entered = [_entered(r.history) for r in requests]
    counts: list[FunnelCount] = []
    previous: FunnelStep | None = None
    for step in FunnelStep:
        status = IntroStatus(step.value)
        reached = [e for e in entered if status in e]
        hours = [
            0.0
            if previous is None
            else (e[status].at - e[IntroStatus(previous.value)].at).total_seconds() / 3600
            for e in reached
            if previous is None or IntroStatus(previous.value) in e
        ]
        before = counts[-1].count if counts else 0
        counts.append(
            FunnelCount(
                step=step,
                count=len(reached),
                conversion=None if previous is None or not before else len(reached) / before,
                median_hours=statistics.median(hours) if hours else None,
            )
        )
        previous = step
    return counts
