"""The activity stream: what happened around a person, a company or a community, newest first.

Pure functions over ``graph.model`` records (no store, no caller): the service reads the
subject's history and dresses a page (``graph.activity_service``).

Events are interactions, new connections (a KNOWS with a ``since`` day), jobs started and
ended (an employment's start or end day) and deal stage changes (``graph.deal_query.
StageChange``, a deal's creation included). A day is read as its midnight UTC. Events are
ordered newest first, then by kind (in :class:`ActivityKind` order), then by an id unique
within the kind; that triple is the keyset cursor, so walking the pages while others write
yields every event that existed throughout exactly once (new ones sort either before the
cursor or after it, never into a page already read twice).

>>> from datetime import UTC, date, datetime
>>> from graph.model import InteractionKind
>>> events = sorted(
...     interaction_events([Interaction("i1", InteractionKind.CALL,
...                                     datetime(2026, 3, 2, 9, tzinfo=UTC), "ann", "bob")])
...     + connection_events([Connection("bob", "ann", date(2026, 3, 2))]),
...     key=ActivityEvent.order_key)
>>> [(e.kind.name, e.at.isoformat()) for e in events]
[('INTERACTION', '2026-03-02T09:00:00+00:00'), ('NEW_CONNECTION', '2026-03-02T00:00:00+00:00')]
>>> decode_cursor(encode_cursor(events[0])) == events[0].order_key()
True
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from .deal_query import StageChange
from .errors import BadInput
from .model import (
    Company,
    Connection,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from .validation import check_text


class ActivityKind(StrEnum):
    INTERACTION = "interaction"
    NEW_CONNECTION = "new_connection"
    JOB_STARTED = "job_started"
    JOB_ENDED = "job_ended"
    DEAL_STAGE_CHANGED = "deal_stage_changed"


_KIND_ORDER = {kind: k for k, kind in enumerate(ActivityKind)}

#: (-epoch microseconds, kind position, id): ascending is the stream's order.
OrderKey = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class ActivityEvent:
    """One thing that happened. ``person``/``other`` are the two people of an interaction
    (actor, recipient) or a connection; a job's person; a deal's owner. ``id`` is unique
    within the kind (an interaction's id; a pair, a job or a stage change as JSON)."""

    kind: ActivityKind
    at: datetime
    id: str
    person_id: str | None = None
    other_id: str | None = None
    company_id: str | None = None
    deal_id: str | None = None
    interaction_kind: InteractionKind | None = None
    title: str | None = None
    stage_from: DealStage | None = None
    stage_to: DealStage | None = None

    def order_key(self) -> OrderKey:
        return (-_micros(self.at), _KIND_ORDER[self.kind], self.id)


def interaction_events(interactions: Iterable[Interaction]) -> list[ActivityEvent]:
    return [
        ActivityEvent(
            ActivityKind.INTERACTION,
            _aware(i.at),
            i.id,
            person_id=i.actor_id,
            other_id=i.recipient_id,
            interaction_kind=i.kind,
        )
        for i in interactions
    ]


def connection_events(
    connections: Iterable[Connection], first: Iterable[str] = ()
) -> list[ActivityEvent]:
    """Dated connections; a connection with one of ``first`` names it as ``person``."""
    lead = set(first)
    events = []
    for c in connections:
        if c.since is None:
            continue
        a, b = (c.b, c.a) if c.b in lead and c.a not in lead else (c.a, c.b)
        events.append(
            ActivityEvent(
                ActivityKind.NEW_CONNECTION,
                _midnight(c.since),
                json.dumps([c.a, c.b]),
                person_id=a,
                other_id=b,
            )
        )
    return events


def job_events(employments: Iterable[Employment]) -> list[ActivityEvent]:
    """A JOB_STARTED for each known start, a JOB_ENDED for each known end."""
    events = []
    for job in employments:
        for kind, day in ((ActivityKind.JOB_STARTED, job.start), (ActivityKind.JOB_ENDED, job.end)):
            if day is not None:
                events.append(
                    ActivityEvent(
                        kind,
                        _midnight(day),
                        json.dumps([job.person_id, job.company_id]),
                        person_id=job.person_id,
                        company_id=job.company_id,
                        title=job.title,
                    )
                )
    return events


def stage_events(
    changes: Iterable[StageChange], deals: dict[str, tuple[str, str | None]]
) -> list[ActivityEvent]:
    """Changes of the deals in ``deals`` (id -> (company id, owner id)); others dropped."""
    events = []
    for change in changes:
        if change.deal_id not in deals:
            continue
        company_id, owner_id = deals[change.deal_id]
        stage_from = None if change.stage_from is None else str(change.stage_from)
        events.append(
            ActivityEvent(
                ActivityKind.DEAL_STAGE_CHANGED,
                _aware(change.at),
                json.dumps([change.deal_id, stage_from, str(change.stage_to)]),
                person_id=owner_id,
                company_id=company_id,
                deal_id=change.deal_id,
                stage_from=change.stage_from,
                stage_to=change.stage_to,
            )
        )
    return events


def summary(
    event: ActivityEvent,
    person: Person | None = None,
    other: Person | None = None,
    company: Company | None = None,
    deal: Deal | None = None,
) -> str:
    """One line saying what happened, with names where the records are at hand (ids
    otherwise: a record deleted since still has an event).

    >>> from datetime import UTC, datetime
    >>> e = ActivityEvent(ActivityKind.INTERACTION, datetime(2026, 3, 2, tzinfo=UTC), "i1",
    ...                   "ann", "bob", interaction_kind=InteractionKind.MEETING)
    >>> summary(e, Person("ann", "Ann Lee"))
    'Ann Lee: meeting with bob'
    """
    who = person.name if person is not None else event.person_id or "someone"
    whom = other.name if other is not None else event.other_id or "someone"
    where = company.name if company is not None else event.company_id or "a company"
    as_title = f" as {event.title}" if event.title else ""
    if event.kind is ActivityKind.INTERACTION:
        return f"{who}: {event.interaction_kind} with {whom}"
    if event.kind is ActivityKind.NEW_CONNECTION:
        return f"{who} and {whom} connected"
    if event.kind is ActivityKind.JOB_STARTED:
        return f"{who} started at {where}{as_title}"
    if event.kind is ActivityKind.JOB_ENDED:
        return f"{who} left {where}{as_title}"
    name = deal.name if deal is not None else event.deal_id
    if event.stage_from is None:
        return f"deal {name} ({where}) created at {event.stage_to}"
    return f"deal {name} ({where}) moved from {event.stage_from} to {event.stage_to}"


def page(
    events: Iterable[ActivityEvent], after: OrderKey | None, first: int
) -> tuple[list[ActivityEvent], bool]:
    """Up to ``first`` events in stream order strictly after ``after``; and whether more
    follow. Events with an equal key (the same row read twice) are kept once."""
    ordered = sorted({e.order_key(): e for e in events}.items())
    rest: Sequence[tuple[OrderKey, ActivityEvent]] = ordered
    if after is not None:
        rest = [(key, e) for key, e in ordered if key > after]
    return [e for _, e in rest[:first]], len(rest) > first


def encode_cursor(event: ActivityEvent) -> str:
    """Opaque to callers: URL-safe base64 of the event's ``[at, kind, id]``."""
    raw = json.dumps([event.at.isoformat(), str(event.kind), event.id]).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> OrderKey:
    """The order key a cursor stands for; BadInput for one this service did not give out."""
    check_text(cursor, "cursor", limit=4096)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, kind, id = json.loads(raw)
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None or not isinstance(id, str):
            raise ValueError
        return (-_micros(moment), _KIND_ORDER[ActivityKind(kind)], id)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise BadInput("the cursor is not one this service gave out") from None


def _micros(at: datetime) -> int:
    delta = _aware(at) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware(at: datetime) -> datetime:
    """Stores return aware times; a naive one (built by hand) is UTC, as stores read it."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
