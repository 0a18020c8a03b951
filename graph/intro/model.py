"""Introduction requests as plain immutable records, like ``graph.model``.

A request is asked along a path of people, as it was when asked: ``path[0]`` is the
requester's own person (or a teammate's, asking through the team's network), ``path[1]``
the connector (who is asked to make the introduction), ``path[-1]`` the target.

Statuses, in the order a request moves through them::

    REQUESTED -> ACCEPTED | DECLINED | EXPIRED              (the connector's answer)
    ACCEPTED -> TARGET_ACCEPTED | TARGET_DECLINED          (double opt-in: the target's)
    TARGET_ACCEPTED -> INTRODUCED -> MEETING_HELD -> WON | LOST   (the linked deal's outcome)
    any open status -> WITHDRAWN                            (the requester gives up)

Open statuses (:data:`OPEN_STATUSES`) still move; the others are final.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..errors import Conflict
from ..intro_outcomes import AskOutcome


class IntroStatus(StrEnum):
    """Where an introduction request stands (the module docstring draws the order)."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    TARGET_ACCEPTED = "target_accepted"
    TARGET_DECLINED = "target_declined"
    INTRODUCED = "introduced"
    MEETING_HELD = "meeting_held"
    WON = "won"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


#: Statuses a request can still move from ("my open asks").
OPEN_STATUSES: frozenset[IntroStatus] = frozenset(
    {
        IntroStatus.REQUESTED,
        IntroStatus.ACCEPTED,
        IntroStatus.TARGET_ACCEPTED,
        IntroStatus.INTRODUCED,
        IntroStatus.MEETING_HELD,
    }
)

#: A team's request in one of these, made within the de-duplication window, blocks another
#: ask for the same target: it is under way or it worked. One that ended without an
#: introduction (declined, expired, target declined, withdrawn) leaves the way free to try
#: another path.
BLOCKING_STATUSES: frozenset[IntroStatus] = OPEN_STATUSES | {IntroStatus.WON, IntroStatus.LOST}

#: A connector's asks that count against their capacity: those they still have work on
#: (answering, asking the target, introducing). Once introduced, the rest is the rep's.
CAPACITY_STATUSES: frozenset[IntroStatus] = frozenset(
    {IntroStatus.REQUESTED, IntroStatus.ACCEPTED, IntroStatus.TARGET_ACCEPTED}
)

#: Who ``by`` is when nobody acted: expiry, and a linked deal's close.
SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One step: the status entered, when, and who moved it (a user's e-mail, or
    :data:`SYSTEM`)."""

    status: IntroStatus
    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class IntroRequest:
    """One introduction request. ``team`` is the requester's team when asked (the
    requester's e-mail for a user on no team: a team of one), the scope of de-duplication.
    ``target_company_id`` is where the target worked when asked (for the likelihood
    estimate). ``history`` starts with the REQUESTED entry, oldest first."""

    id: str
    requester: str  # the user's e-mail
    requester_person_id: str | None
    team: str
    path: tuple[str, ...]
    note: str | None
    status: IntroStatus
    created_at: datetime
    history: tuple[HistoryEntry, ...]
    target_company_id: str | None = None
    deal_id: str | None = None
    meeting_at: datetime | None = None
    response_note: str | None = None

    @property
    def connector_id(self) -> str:
        return self.path[1]

    @property
    def target_id(self) -> str:
        return self.path[-1]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class AskRules:
    """The guard rails a new request is checked against, inside the store's transaction:
    no request of ``team`` for the target in :data:`BLOCKING_STATUSES` made at or after
    ``window_start``; fewer than the connector's capacity (their own, else
    ``default_capacity``) of asks in :data:`CAPACITY_STATUSES`. A REQUESTED one made
    before ``expired_before`` counts as expired (expiry is applied lazily)."""

    window_start: datetime
    expired_before: datetime
    default_capacity: int


@dataclass(frozen=True, slots=True)
class IntroFilter:
    """Which requests a page holds; None: any. Pages are newest first, then by id."""

    requester: str | None = None
    connector_ids: Collection[str] | None = None
    statuses: Collection[IntroStatus] | None = None
    team: str | None = None
    target_ids: Collection[str] | None = None


@dataclass(frozen=True, slots=True)
class IntroSettings:
    """The tunables: the de-duplication window, default connector capacity, expiry."""

    window_days: float = 30.0
    capacity: int = 3
    expiry_days: float = 14.0

    def rules(self, now: datetime) -> AskRules:
        return AskRules(
            window_start=now - timedelta(days=self.window_days),
            expired_before=self.expired_before(now),
            default_capacity=self.capacity,
        )

    def expired_before(self, now: datetime) -> datetime:
        return now - timedelta(days=self.expiry_days)


class DuplicateAsk(Conflict):
    """Someone on the team already asked for this target within the window."""

    def __init__(self, existing: IntroRequest) -> None:
        super().__init__(
            f"{existing.requester} on your team already asked for an introduction to "
            f"{existing.target_id!r} (request {existing.id!r}, {existing.status.name} since "
            f"{existing.history[-1].at:%Y-%m-%d}); follow that one instead"
        )
        self.existing = existing


class OverCapacity(Conflict):
    """The connector already has as many open asks as they take."""

    def __init__(self, connector_id: str, open_asks: int, capacity: int) -> None:
        super().__init__(
            f"person {connector_id!r} already has {open_asks} open introduction asks "
            f"(their capacity is {capacity}); wait for one to be answered or ask through "
            "another path"
        )
        self.connector_id = connector_id
        self.capacity = capacity


class StaleStatus(Conflict):
    """The request moved between reading it and writing (another caller's transition won)."""

    def __init__(self, id: str, expected: IntroStatus, found: IntroStatus) -> None:
        super().__init__(
            f"introduction request {id!r} is {found.name} now, not {expected.name}: "
            "someone else moved it meanwhile; read it again"
        )


_CONNECTOR_ANSWERS = {
    IntroStatus.ACCEPTED: True,
    IntroStatus.DECLINED: False,
    IntroStatus.EXPIRED: False,
}
_TARGET_ANSWERS = {IntroStatus.TARGET_ACCEPTED: True, IntroStatus.TARGET_DECLINED: False}


def outcome_of(request: IntroRequest) -> AskOutcome:
    """The request as evidence for the likelihood estimate, read from its history: the
    connector's answer (an expiry counts as a no) and when it came, the target's answer."""
    connector = target = None
    answered_at = None
    for entry in request.history:
        if entry.status in _CONNECTOR_ANSWERS:
            connector = _CONNECTOR_ANSWERS[entry.status]
            answered_at = entry.at
        elif entry.status in _TARGET_ANSWERS:
            target = _TARGET_ANSWERS[entry.status]
    return AskOutcome(
        request_id=request.id,
        connector_id=request.connector_id,
        target_id=request.target_id,
        target_company_id=request.target_company_id,
        asked_at=request.created_at,
        connector_accepted=connector,
        target_accepted=target,
        answered_at=answered_at,
    )
