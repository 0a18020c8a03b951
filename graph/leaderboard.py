"""Leaderboards: how much each rep did for their network in a calendar period, as a game.

Pure functions over ``graph.model`` records (no store, no caller): the service reads each
rep's history in bulk and dresses the answer (``graph.activity_service``).

Periods
-------
A period is a calendar period in UTC: an ISO week (Monday 00:00 to the next Monday), a
calendar month or a calendar quarter (January, April, July, October). The leaderboard is
for the period containing "now" (``at``: the instant tie strengths are measured from, the
store's ``strengths_as_of``); the previous period is the whole period before it.

>>> from datetime import UTC, datetime
>>> p = period_containing(LeaderboardPeriod.WEEK, datetime(2026, 7, 16, 9, tzinfo=UTC))
>>> p.start.isoformat(), p.end.isoformat()
('2026-07-13T00:00:00+00:00', '2026-07-20T00:00:00+00:00')
>>> previous_period(LeaderboardPeriod.WEEK, p).start.isoformat()
'2026-07-06T00:00:00+00:00'
>>> q = period_containing(LeaderboardPeriod.QUARTER, datetime(2026, 1, 5, tzinfo=UTC))
>>> previous_period(LeaderboardPeriod.QUARTER, q).start.isoformat(), q.end.isoformat()
('2025-10-01T00:00:00+00:00', '2026-04-01T00:00:00+00:00')

Counts
------
For a rep (a person) and a period (an event counts when ``start <= when < end``):

* ``new_connections``: KNOWS rows of theirs whose ``since`` (a day, read as its midnight
  UTC) is in the window; an undated connection is never new;
* ``new_strong_ties``: people whose tie strength with the rep (``graph.strength``, read by
  ``graph.signals.tie_strengths``) was below ``STRONG_TIE`` at the window's start and at
  least ``STRONG_TIE`` at its end, or at ``at`` for the current period (what had happened
  by then, read at that instant);
* ``advocates_reached``: distinct advocates (anyone with an advocacy now) the rep
  interacted with in the window, either side;
* ``introductions_made``: interactions of kind INTRODUCTION or REFERRAL the rep made (was
  the actor of) in the window;
* ``interactions``: interactions the rep took part in (either side) in the window.

The score is the current period's weighted sum ``SCORE_WEIGHTS``: a new strong tie is worth
5, an introduction made and an advocate reached 3 each, a new connection 2, and any
interaction 1 (so volume alone never beats relationships). Ranks are competition ranks
(1, 2, 2, 4): equal scores share a rank; ties are listed by person id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from .model import Connection, Interaction, InteractionKind
from .signals import STRONG_TIE, tie_strengths
from .strength import StrengthModel

#: What one of each count is worth in the score (see the module docstring).
SCORE_WEIGHTS: Mapping[str, int] = {
    "new_strong_ties": 5,
    "introductions_made": 3,
    "advocates_reached": 3,
    "new_connections": 2,
    "interactions": 1,
}
INTRODUCING_KINDS = frozenset({InteractionKind.INTRODUCTION, InteractionKind.REFERRAL})


class LeaderboardPeriod(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)`` in UTC."""

    start: datetime
    end: datetime

    def holds(self, when: datetime) -> bool:
        return self.start <= when < self.end


def period_containing(kind: LeaderboardPeriod, moment: datetime) -> Period:
    """The calendar period of ``kind`` (UTC) that ``moment`` falls in."""
    day = _aware(moment).astimezone(UTC).date()
    if kind is LeaderboardPeriod.WEEK:
        first = day - timedelta(days=day.weekday())
        return Period(_midnight(first), _midnight(first + timedelta(days=7)))
    months = 1 if kind is LeaderboardPeriod.MONTH else 3
    month = day.month - (day.month - 1) % months
    first = date(day.year, month, 1)
    after = month + months
    last = date(day.year + (after - 1) // 12, (after - 1) % 12 + 1, 1)
    return Period(_midnight(first), _midnight(last))


def previous_period(kind: LeaderboardPeriod, period: Period) -> Period:
    """The whole period of ``kind`` just before ``period``."""
    return period_containing(kind, period.start - timedelta(microseconds=1))


@dataclass(frozen=True, slots=True)
class RepCounts:
    """One rep's counts in one window (module docstring)."""

    new_connections: int = 0
    new_strong_ties: int = 0
    advocates_reached: int = 0
    introductions_made: int = 0
    interactions: int = 0

    @property
    def score(self) -> int:
        return sum(getattr(self, name) * weight for name, weight in SCORE_WEIGHTS.items())


@dataclass(frozen=True, slots=True)
class Standing:
    """A rep's place: counts now and in the previous period, the score and the rank."""

    person_id: str
    current: RepCounts
    previous: RepCounts
    rank: int

    @property
    def score(self) -> int:
        return self.current.score


def standings(
    rep_ids: Collection[str],
    connections: Iterable[Connection],
    interactions: Iterable[Interaction],
    advocates: Collection[str],
    model: StrengthModel,
    kind: LeaderboardPeriod,
    at: datetime,
) -> list[Standing]:
    """Every rep's standing in the period of ``kind`` containing ``at``, best first.

    ``connections`` and ``interactions`` must hold all of the reps' (others are ignored);
    ``advocates`` the ids of everyone who is an advocate (at least those the reps met).
    """
    at = _aware(at)
    current = period_containing(kind, at)
    before = previous_period(kind, current)
    reps = set(rep_ids)
    conns = [c for c in connections if c.a in reps or c.b in reps]
    touches = [i for i in interactions if i.actor_id in reps or i.recipient_id in reps]
    crossed = _strong_ties_crossed(reps, conns, touches, model, [before, current], at)
    conns_of: dict[str, list[Connection]] = defaultdict(list)
    for c in conns:
        for rep in {c.a, c.b} & reps:
            conns_of[rep].append(c)
    touches_of: dict[str, list[Interaction]] = defaultdict(list)
    for i in touches:
        for rep in {i.actor_id, i.recipient_id} & reps:
            touches_of[rep].append(i)
    counts: dict[str, list[RepCounts]] = {}
    for rep in sorted(reps):
        counts[rep] = [
            _counts(rep, window, conns_of[rep], touches_of[rep], advocates, crossed[k].get(rep, 0))
            for k, window in enumerate((before, current))
        ]
    ordered = sorted(reps, key=lambda rep: (-counts[rep][1].score, rep))
    result: list[Standing] = []
    for position, rep in enumerate(ordered, start=1):
        previous, now = counts[rep]
        tied = result and result[-1].score == now.score
        rank = result[-1].rank if tied else position
        result.append(Standing(rep, now, previous, rank))
    return result


def _counts(
    rep: str,
    window: Period,
    connections: Iterable[Connection],
    touches: Iterable[Interaction],
    advocates: Collection[str],
    strong_ties: int,
) -> RepCounts:
    """``rep``'s counts in ``window`` from their own connections and interactions."""
    new_connections = sum(
        1
        for c in connections
        if rep in (c.a, c.b) and c.since is not None and window.holds(_midnight(c.since))
    )
    mine = [
        i for i in touches if rep in (i.actor_id, i.recipient_id) and window.holds(_aware(i.at))
    ]
    made = [i for i in mine if i.actor_id == rep and i.kind in INTRODUCING_KINDS]
    others = {i.recipient_id if i.actor_id == rep else i.actor_id for i in mine}
    return RepCounts(
        new_connections=new_connections,
        new_strong_ties=strong_ties,
        advocates_reached=len(others & set(advocates)),
        introductions_made=len(made),
        interactions=len(mine),
    )


def _strong_ties_crossed(
    reps: set[str],
    connections: list[Connection],
    touches: list[Interaction],
    model: StrengthModel,
    windows: list[Period],
    at: datetime,
) -> list[dict[str, int]]:
    """Per window, per rep: how many of their ties were weak at its start and strong at its
    end (cut at ``at``): the strengths at each distinct instant computed once for all pairs."""
    pairs = sorted(
        {_pair(i.actor_id, i.recipient_id) for i in touches} | {(c.a, c.b) for c in connections}
    )
    instants = sorted({w.start for w in windows} | {min(w.end, at) for w in windows})
    # "at an instant" is what had happened strictly before it: an interaction at a period's
    # first microsecond, or a connection made on its first day, belongs to that period
    just_before = timedelta(microseconds=1)
    strong = {
        t: tie_strengths(pairs, connections, touches, model, t - just_before) >= STRONG_TIE
        for t in instants
    }
    found: list[dict[str, int]] = []
    for window in windows:
        crossed = strong[min(window.end, at)] & ~strong[window.start]
        per_rep: dict[str, int] = defaultdict(int)
        for k, pair in enumerate(pairs):
            if crossed[k]:
                for rep in {*pair} & reps:
                    per_rep[rep] += 1
        found.append(dict(per_rep))
    return found


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware(at: datetime) -> datetime:
    """Stores return aware times; a naive one (built by hand) is UTC, as stores read it."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
