"""Signals reps act on, computed from stored history: job changes and fading ties.

Pure functions over ``graph.model`` records (no store, no caller): the service reads the
history in bulk and dresses the answers (``graph.signal_service``).

Job changes
-----------
A person's employment changed since a date when a job of theirs *started* or *ended* on or
after it. :func:`job_moves` turns those into moves:

* each job that started on or after ``since`` is a move *to* it; it comes *from* the
  person's other job whose end is nearest its start (either side, within
  ``PAIR_WINDOW_DAYS``; each ended job pairs with at most one new one). The move is dated
  by the new job's start;
* each job that ended on or after ``since`` and paired with no new job is a departure with
  no known destination, dated by its end.

A job without a start (or an end) is not dated, so it never counts as changed by itself.

>>> from datetime import date
>>> jobs = [
...     Employment("ann", "acme", "VP", date(2020, 1, 1), date(2026, 3, 31)),
...     Employment("ann", "globex", "CTO", date(2026, 4, 15)),
...     Employment("bob", "acme", "Eng", date(2019, 5, 1), date(2026, 6, 30)),
... ]
>>> [(m.person_id, m.at.isoformat(), m.company_left, m.company_joined)
...  for m in job_moves(jobs, date(2026, 1, 1))]
[('ann', '2026-04-15', 'acme', 'globex'), ('bob', '2026-06-30', 'acme', None)]
>>> job_moves(jobs, date(2026, 5, 1))[0].company_left  # ann's move is before: only bob's
'acme'

Fading ties
-----------
A tie is *fading* when it was strong ``lookback`` ago and has lost strength since. Both
strengths come from the one tie-strength formula (:mod:`graph.strength`), read at two
clocks: *then* counts only what had happened by then (interactions at or before it, a
connection made by then or undated), *now* counts everything. Only ties whose then-strength
was at least ``strong`` and whose strength dropped by at least ``min_drop`` are listed,
biggest drop first.

>>> from datetime import UTC, datetime, timedelta
>>> from graph.model import InteractionKind
>>> now = datetime(2026, 11, 1, tzinfo=UTC)
>>> old = [Interaction(f"i{k}", InteractionKind.MEETING, now - timedelta(days=91), a, b)
...        for k, (a, b) in enumerate([("me", "x"), ("x", "me")] * 3)]
>>> [t.other_id for t in fading_ties({"me"}, [], old, StrengthModel(now=now))]
['x']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from .model import (
    ADVOCACY_RANK,
    Advocacy,
    Connection,
    Employment,
    Interaction,
    Person,
)
from .strength import FloatArray, StrengthModel

#: An ended job and a new one pair into one move when the end is this close to the start
#: (a gap between jobs, or an overlap: notice periods run both ways).
PAIR_WINDOW_DAYS = 365
#: How far back "then" is for fading ties: one default half-life, so a tie left alone
#: since then has lost about half of its interaction mass.
FADING_LOOKBACK_DAYS = 90
#: A tie counts as having been strong at or above this strength: more than an explicit
#: connection alone (0.3) plus a little; about three two-way meetings between strangers.
STRONG_TIE = 0.5
#: A drop smaller than this is noise, not fading (one email's worth of activity).
MIN_DROP = 0.1


# -- job changes -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Move:
    """One change of a person's employment: the job left and/or the job joined."""

    person_id: str
    at: date
    left: Employment | None = None
    joined: Employment | None = None

    @property
    def company_left(self) -> str | None:
        return None if self.left is None else self.left.company_id

    @property
    def company_joined(self) -> str | None:
        return None if self.joined is None else self.joined.company_id

    def involves(self, company_id: str) -> bool:
        return company_id in (self.company_left, self.company_joined)


def job_moves(employments: Iterable[Employment], since: date) -> list[Move]:
    """Every move (see the module docstring) dated on or after ``since``, by person id and
    date; ``employments`` must hold all jobs of the people concerned."""
    by_person: dict[str, list[Employment]] = defaultdict(list)
    for job in employments:
        by_person[job.person_id].append(job)
    moves: list[Move] = []
    for person_id in sorted(by_person):
        moves += _moves_of(person_id, by_person[person_id], since)
    return moves


def _moves_of(person_id: str, jobs: Sequence[Employment], since: date) -> list[Move]:
    started = sorted(
        (j for j in jobs if j.start is not None and j.start >= since),
        key=lambda j: (j.start, j.company_id),
    )
    ended = [j for j in jobs if j.end is not None]
    paired: set[str] = set()
    moves: list[Move] = []
    for new in started:
        assert new.start is not None
        start = new.start
        candidates = [
            old
            for old in ended
            if old.company_id != new.company_id
            and old.company_id not in paired
            and abs((_end(old) - start).days) <= PAIR_WINDOW_DAYS
        ]
        left = min(
            candidates,
            key=lambda old: (abs((_end(old) - start).days), old.company_id),
            default=None,
        )
        if left is not None:
            paired.add(left.company_id)
        moves.append(Move(person_id, start, left, new))
    for old in ended:
        if old.company_id not in paired and _end(old) >= since:
            moves.append(Move(person_id, _end(old), old, None))
    return sorted(moves, key=lambda m: (m.at, m.company_left or "", m.company_joined or ""))


def _end(job: Employment) -> date:
    assert job.end is not None
    return job.end


def rank_moves(moves: Iterable[Move], advocacies: Mapping[str, Sequence[Advocacy]]) -> list[Move]:
    """Moves best lead first: advocates before everyone else (a champion before a
    reference before a promoter), then the most recent, then by person id.

    >>> from datetime import date
    >>> moves = [Move("old", date(2026, 5, 1)), Move("new", date(2026, 6, 1)),
    ...          Move("fan", date(2026, 1, 1))]
    >>> [m.person_id for m in rank_moves(moves, {"fan": [Advocacy("fan", "acme")]})]
    ['fan', 'new', 'old']
    """

    def key(move: Move) -> tuple[int, int, str, str]:
        rank = max((ADVOCACY_RANK[a.level] for a in advocacies.get(move.person_id, ())), default=0)
        return (-rank, -move.at.toordinal(), move.person_id, move.company_joined or "")

    return sorted(moves, key=key)


@dataclass(frozen=True, slots=True)
class JobChange:
    """A move as the service answers it: the person (as the caller may see them) and the
    companies they advocate for (empty if none)."""

    person: Person
    move: Move
    advocacies: tuple[Advocacy, ...] = ()

    @property
    def was_advocate(self) -> bool:
        return bool(self.advocacies)


# -- fading ties -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FadingTie:
    """``person_id``'s tie to ``other_id``: its strength then and now, and their latest
    interaction (None when they never interacted)."""

    person_id: str
    other_id: str
    strength_then: float
    strength_now: float
    last_interaction: Interaction | None

    @property
    def drop(self) -> float:
        return self.strength_then - self.strength_now


@dataclass(frozen=True, slots=True)
class FadingRelationship:
    """A fading tie as the service answers it: both people as the caller may see them."""

    person: Person
    other: Person
    tie: FadingTie


def fading_ties(
    person_ids: Collection[str],
    connections: Iterable[Connection],
    interactions: Iterable[Interaction],
    model: StrengthModel,
    *,
    lookback_days: float = FADING_LOOKBACK_DAYS,
    strong: float = STRONG_TIE,
    min_drop: float = MIN_DROP,
) -> list[FadingTie]:
    """The fading ties of each of ``person_ids`` (module docstring), biggest drop first
    (then by person and other id). ``connections`` and ``interactions`` must hold all of
    theirs; others are ignored. A tie between two of ``person_ids`` is listed for each."""
    model = model.at(model.as_of())  # one instant for the whole answer, even across midnight
    then = model.as_of() - timedelta(days=lookback_days)
    people = set(person_ids)
    connections = [c for c in connections if c.a in people or c.b in people]
    touches = [i for i in interactions if i.actor_id in people or i.recipient_id in people]
    pairs = sorted(
        {_pair(i.actor_id, i.recipient_id) for i in touches} | {(c.a, c.b) for c in connections}
    )
    strength_now = tie_strengths(pairs, connections, touches, model)
    strength_then = tie_strengths(pairs, connections, touches, model, then)
    fading = (strength_then >= strong) & (strength_then - strength_now >= min_drop)
    last: dict[tuple[str, str], Interaction] = {}
    for i in touches:
        pair = _pair(i.actor_id, i.recipient_id)
        if pair not in last or (_aware(i.at), i.id) > (_aware(last[pair].at), last[pair].id):
            last[pair] = i
    found: list[FadingTie] = []
    for k in np.flatnonzero(fading):
        pair = pairs[k]
        for me, other in (pair, pair[::-1]):
            if me in people:
                tie = FadingTie(
                    me, other, float(strength_then[k]), float(strength_now[k]), last.get(pair)
                )
                found.append(tie)
    return sorted(found, key=lambda t: (-t.drop, t.person_id, t.other_id))


def tie_strengths(
    pairs: Sequence[tuple[str, str]],
    connections: Iterable[Connection],
    interactions: Iterable[Interaction],
    model: StrengthModel,
    at: datetime | None = None,
) -> FloatArray:
    """The strength of each of ``pairs`` (``a < b``) by the one formula (:mod:`graph.strength`).

    With ``at`` None, everything counts, read at ``model``'s clock. With ``at`` given, the
    strength *as it was* at that instant: only interactions at or before it and connections
    made by its day (or undated: a connection of unknown age counts as always there), read
    at its clock. One vectorised ``decayed_mass`` for all pairs, as the stores compute it;
    rows about other pairs are ignored.

    >>> from datetime import UTC, datetime, timedelta
    >>> from graph.model import InteractionKind
    >>> now = datetime(2026, 11, 1, tzinfo=UTC)
    >>> meets = [Interaction(f"i{k}", InteractionKind.MEETING, now - timedelta(days=k), a, b)
    ...          for k, (a, b) in enumerate([("a", "b"), ("b", "a")] * 3)]
    >>> [round(float(s), 2) for s in tie_strengths([("a", "b")], [], meets, StrengthModel(now=now))]
    [0.89]
    >>> [round(float(s), 2) for s in tie_strengths([("a", "b")], [], meets,
    ...                                            StrengthModel(now=now), now - timedelta(days=3))]
    [0.63]
    """
    position = {pair: k for k, pair in enumerate(pairs)}
    day = None if at is None else at.astimezone(UTC).date()
    connected = np.zeros(len(pairs), dtype=bool)
    for c in connections:
        k = position.get((c.a, c.b))
        if k is not None and (day is None or c.since is None or c.since <= day):
            connected[k] = True
    rows = [(position.get(_pair(i.actor_id, i.recipient_id)), i) for i in interactions]
    touches = [(k, i) for k, i in rows if k is not None]
    index = np.array([k for k, _ in touches], dtype=np.int64)
    forward = np.array([i.actor_id < i.recipient_id for _, i in touches], dtype=bool)
    stamps = np.array([_aware(i.at).timestamp() for _, i in touches], dtype=np.float64)
    kinds = [str(i.kind) for _, i in touches]
    clock = model if at is None else model.at(at)
    mass = clock.decayed_mass(kinds, stamps) if touches else np.zeros(0)
    if at is not None:
        mass = np.where(stamps <= at.timestamp(), mass, 0.0)
    totals = []
    for mask in (forward, ~forward):
        total = np.zeros(len(pairs), dtype=np.float64)
        np.add.at(total, index[mask], mass[mask])
        totals.append(total)
    return clock.pair_strength(connected, totals[0], totals[1])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _aware(at: datetime) -> datetime:
    """Stores return aware times; a naive one (built by hand) is UTC, as stores read it."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
