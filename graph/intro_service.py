"""The service's introduction requests: asking, each step after, reading, guard rails.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below), like :mod:`graph.writes`. Authorisation lives here;
the steps' rules live in :mod:`graph.intro.machine`; the store makes each step atomic.

Who is who on a request (``ActorRole``): the REQUESTER is the user who asked; the
CONNECTOR is a user whose person is ``path[1]`` (the connector), or whose person is
``path[0]`` when that is a teammate's (they hold the tie to the connector and relay);
anyone else is OTHER. A request is visible to its requester and connector side, to
everyone on the requester's team (so a rep sees that a teammate already asked), and to
admins and analysts; to anyone else it does not exist (NOT_FOUND, as ``graph.access.policy``
does for anything out of a caller's scope).

Guard rails, each refused with nothing changed: a path of 3 to ``MAX_HOPS + 1`` different,
existing people, each linked to the next (KNOWS or any interaction: the links paths walk),
starting at the caller's own person or a teammate's who shares their network (the people
``introductionPaths(fromTeam: true)`` starts from); nobody on it marked do-not-contact
(DO_NOT_CONTACT); no open (or won/lost) ask of the team for the same target made within the
window (CONFLICT naming it); the connector below their capacity (CONFLICT).

Expiry is lazy: an ask still REQUESTED ``expiry_days`` after it was made becomes EXPIRED
before any request is read or written here (and by ``warmgraph intros expire``); the store's
checks already count an overdue ask as expired, so a late expiry never lets a stale ask
block. A request whose linked deal has closed follows it to WON or LOST the same way: when
the deal is linked, and whenever the request is read.

After each committed step an :class:`~graph.events.Event` ``intro.<status>`` is published
on ``self.events`` (expiries and closes included).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from enum import StrEnum

from .access import policy
from .access.audit import Auditor, utc_now
from .access.model import Caller, Role, User
from .deal_query import CLOSED_STAGES
from .errors import BadInput, DoNotContact, Forbidden, NotFound
from .events import Event, EventBus
from .intro import (
    OPEN_STATUSES,
    SYSTEM,
    ActorRole,
    HistoryEntry,
    IntroAction,
    IntroFilter,
    IntroRequest,
    IntroSettings,
    IntroStatus,
    next_status,
)
from .model import NODE_KIND_NAMES, Deal, DealStage, NodeT, Person
from .pagination import Page, check_first, decode_cursor, encode_cursor
from .queries import MAX_HOPS
from .store.base import Store
from .store.values import epoch_seconds, instant
from .validation import check_id, check_range
from .validation.rules import optional_text

#: The longest note a request or an answer carries.
NOTE_LIMIT = 2000
#: The most open requests ``openRequests`` lists for one path.
OPEN_REQUESTS_MAX = 20
CAPACITY_MAX = 1000
#: Requests read per batch when counting a list (totalCount).
COUNT_BATCH = 1000


class IntroRole(StrEnum):
    """Which of the caller's requests a list holds."""

    REQUESTER = "requester"  # the asks the caller made
    CONNECTOR = "connector"  # the asks waiting on the caller as connector


class IntroOperations:
    store: Store
    caller: Caller
    events: EventBus
    #: The tunables (``graph.config``: ``[intros]``); a server sets them from its settings.
    intro_settings: IntroSettings = IntroSettings()
    #: The clock requests are stamped with (tests pin it).
    intro_clock: Callable[[], datetime] = staticmethod(utc_now)

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    @property
    def _audit(self) -> Auditor:
        raise NotImplementedError

    def _stored(self, kind: type[NodeT], id: str) -> NodeT:
        raise NotImplementedError

    # -- who is who -----------------------------------------------------------------------
    def _team_key(self) -> str:
        return self.caller.team or self.caller.email

    def _role_on(self, request: IntroRequest) -> ActorRole:
        if self.caller.email == request.requester:
            return ActorRole.REQUESTER
        mine = self.caller.person_id
        if mine is not None and (
            mine == request.connector_id
            or (mine == request.path[0] and mine != request.requester_person_id)
        ):
            return ActorRole.CONNECTOR
        return ActorRole.OTHER

    def _sees_request(self, request: IntroRequest) -> bool:
        return (
            self.caller.role in (Role.ADMIN, Role.ANALYST)
            or request.team == self._team_key()
            or self._role_on(request) is not ActorRole.OTHER
        )

    # -- housekeeping ---------------------------------------------------------------------
    def expire_intro_requests(self) -> list[IntroRequest]:
        """Mark every overdue REQUESTED ask EXPIRED now (publishing each); those asks."""
        now = self.intro_clock()
        expired = self.store.expire_intro_requests(
            self.intro_settings.expired_before(now), now, SYSTEM
        )
        for request in expired:
            self._publish(request)
        return expired

    def _settled(self, requests: Sequence[IntroRequest]) -> list[IntroRequest]:
        """``requests`` with those whose linked deal has closed moved to WON or LOST."""
        waiting = [r for r in requests if r.status is IntroStatus.MEETING_HELD and r.deal_id]
        if not waiting:
            return list(requests)
        deals = self.store.get_nodes(Deal, {r.deal_id for r in waiting if r.deal_id})
        settled = {}
        for r in waiting:
            deal = deals.get(r.deal_id or "")
            if deal is None or deal.stage not in CLOSED_STAGES:
                continue
            won = deal.stage is DealStage.CLOSED_WON
            action = IntroAction.CLOSE_WON if won else IntroAction.CLOSE_LOST
            settled[r.id] = self._step(r, action, ActorRole.SYSTEM, SYSTEM)
        return [settled.get(r.id, r) for r in requests]

    def _step(
        self,
        request: IntroRequest,
        action: IntroAction,
        role: ActorRole,
        by: str,
        **fields: str | datetime | None,
    ) -> IntroRequest:
        """Take ``action`` (checked by the machine), store it compare-and-set, publish."""
        status = next_status(request.status, action, role)
        entry = HistoryEntry(status, self.intro_clock(), by)
        moved = self.store.transition_intro_request(
            request.id,
            request.status,
            entry,
            **fields,  # type: ignore[arg-type]
        )
        if status is not request.status:
            self._publish(moved)
        return moved

    def _publish(self, request: IntroRequest) -> None:
        last = request.history[-1]
        self.events.publish(
            Event(
                type=f"intro.{request.status.value}",
                payload={
                    "id": request.id,
                    "status": request.status.name,
                    "requester": request.requester,
                    "connector": request.connector_id,
                    "target": request.target_id,
                    "path": list(request.path),
                    "at": last.at.isoformat(),
                    "by": last.by,
                },
                at=last.at,
            )
        )

    # -- reads ------------------------------------------------------------------------------
    def intro_request(self, id: str) -> IntroRequest:
        """One request the caller may see (settled); NotFound otherwise."""
        check_id(id, "introduction request id")
        self.expire_intro_requests()
        found = self.store.get_intro_requests([id]).get(id)
        if found is None or not self._sees_request(found):
            raise NotFound("introduction request", id)
        return self._settled([found])[0]

    def intro_requests(
        self,
        status: IntroStatus | None = None,
        role: IntroRole | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[IntroRequest]:
        """The caller's asks (``role`` REQUESTER), the asks waiting on them as connector
        (CONNECTOR: those whose ``path[1]`` is their person), or without ``role`` every ask
        they may see (their team's; everyone's for admins and analysts); newest first."""
        check_first(first)
        start = None
        if after is not None:
            at, id = decode_cursor(after, "introRequests", 2)
            if not isinstance(at, float | int) or not isinstance(id, str):
                raise BadInput("the cursor is not one this service gave out for introRequests")
            start = (instant(float(at)), id)
        self.expire_intro_requests()
        filters = self._intro_filter(status, role)
        rows = self.store.intro_request_page(filters, start, first + 1)
        shown = self._settled(rows[:first])
        edges = tuple(
            (encode_cursor("introRequests", (epoch_seconds(r.created_at), r.id)), r) for r in shown
        )
        return Page(edges, len(rows) > first, -1)

    def count_intro_requests(
        self, status: IntroStatus | None = None, role: IntroRole | None = None
    ) -> int:
        """How many requests :meth:`intro_requests` pages through (the same filters), read
        in keyset batches."""
        filters = self._intro_filter(status, role)
        total, start = 0, None
        while True:
            rows = self.store.intro_request_page(filters, start, COUNT_BATCH)
            total += len(rows)
            if len(rows) < COUNT_BATCH:
                return total
            start = (rows[-1].created_at, rows[-1].id)

    def _intro_filter(self, status: IntroStatus | None, role: IntroRole | None) -> IntroFilter:
        statuses = None if status is None else [status]
        if role is IntroRole.REQUESTER:
            return IntroFilter(requester=self.caller.email, statuses=statuses)
        elif role is IntroRole.CONNECTOR:
            mine = [] if self.caller.person_id is None else [self.caller.person_id]
            return IntroFilter(connector_ids=mine, statuses=statuses)
        elif self.caller.role in (Role.ADMIN, Role.ANALYST):
            return IntroFilter(statuses=statuses)
        else:
            return IntroFilter(team=self._team_key(), statuses=statuses)

    def open_intro_requests(self, target_ids: Collection[str]) -> dict[str, list[IntroRequest]]:
        """The open asks of the caller's team for each of ``target_ids`` (newest first, at
        most :data:`OPEN_REQUESTS_MAX` each): what a rep sees next to a path."""
        ids = sorted(set(target_ids))
        found: dict[str, list[IntroRequest]] = {t: [] for t in ids}
        if not ids:
            return found
        filters = IntroFilter(team=self._team_key(), target_ids=ids, statuses=OPEN_STATUSES)
        limit = OPEN_REQUESTS_MAX * len(ids)
        expired_before = self.intro_settings.expired_before(self.intro_clock())
        for r in self.store.intro_request_page(filters, None, limit):
            overdue = r.status is IntroStatus.REQUESTED and r.created_at < expired_before
            if not overdue and len(found[r.target_id]) < OPEN_REQUESTS_MAX:
                found[r.target_id].append(r)
        return found

    # -- asking -------------------------------------------------------------------------------
    def request_introduction(self, path: Sequence[str], note: str | None = None) -> IntroRequest:
        """Ask ``path[1]`` to introduce the caller to ``path[-1]`` (module docstring: the
        checks, in order)."""
        policy.require_writer(self.caller)
        path = tuple(check_id(pid, "person id on the path") for pid in path)
        note = optional_text(note, "note", limit=NOTE_LIMIT)
        if not 3 <= len(path) <= MAX_HOPS + 1:
            raise BadInput(
                f"an introduction path lists 3 to {MAX_HOPS + 1} people (you, or a teammate; "
                f"the connector; ...; the target), got {len(path)}"
            )
        if len(set(path)) != len(path):
            raise BadInput("an introduction path lists each person once")
        pool = {pid for _, pid in self.team.pooled()}
        if path[0] not in pool:
            raise Forbidden(
                "an introduction path starts at your own person or at a teammate's who "
                "shares their network (teamLink)"
            )
        if self.caller.person_id is not None and path[1] == self.caller.person_id:
            raise BadInput("you are the connector on that path: nobody to ask")
        people = self.store.get_nodes(Person, path)
        for pid in path:
            if pid not in people:
                raise NotFound(NODE_KIND_NAMES[Person], pid)
        pairs = list(itertools.pairwise(path))
        for evidence in self.store.link_evidence(pairs):
            if not evidence.connected and not evidence.interactions:
                raise BadInput(
                    f"{evidence.a!r} and {evidence.b!r} are not linked (no connection and "
                    "no interaction): not a path"
                )
        for pid in path:
            if people[pid].do_not_contact:
                raise DoNotContact(f"person {pid!r} on the path asked not to be contacted")
        self.expire_intro_requests()
        now = self.intro_clock()
        jobs = self.store.employments(person_id=path[-1], current_only=True)
        request = IntroRequest(
            id=f"intro-{uuid.uuid4().hex[:16]}",
            requester=self.caller.email,
            requester_person_id=self.caller.person_id,
            team=self._team_key(),
            path=path,
            note=note,
            status=IntroStatus.REQUESTED,
            created_at=now,
            history=(HistoryEntry(IntroStatus.REQUESTED, now, self.caller.email),),
            target_company_id=min((j.company_id for j in jobs), default=None),
        )
        self.store.create_intro_request(request, self.intro_settings.rules(now))
        self._audit.record("requestIntroduction", f"intro:{request.id}", " > ".join(path))
        self._publish(request)
        return request

    # -- the steps after ----------------------------------------------------------------------
    def _act(
        self, id: str, action: IntroAction, verb: str, **fields: str | datetime | None
    ) -> IntroRequest:
        request = self.intro_request(id)
        moved = self._step(request, action, self._role_on(request), self.caller.email, **fields)
        self._audit.record(verb, f"intro:{id}", moved.status.name)
        return moved

    def respond_to_introduction(
        self, id: str, accept: bool, note: str | None = None
    ) -> IntroRequest:
        """The connector's answer."""
        note = optional_text(note, "note", limit=NOTE_LIMIT)
        action = IntroAction.ACCEPT if accept else IntroAction.DECLINE
        return self._act(id, action, "respondToIntroduction", response_note=note)

    def record_target_response(self, id: str, accept: bool) -> IntroRequest:
        """The target's answer (double opt-in), recorded by the connector or requester."""
        action = IntroAction.TARGET_ACCEPT if accept else IntroAction.TARGET_DECLINE
        return self._act(id, action, "recordTargetResponse")

    def mark_introduced(self, id: str) -> IntroRequest:
        return self._act(id, IntroAction.INTRODUCE, "markIntroduced")

    def record_meeting(self, id: str, at: datetime | None = None) -> IntroRequest:
        """The requester met the target (``at``: when; default now)."""
        if at is not None and not isinstance(at, datetime):
            raise BadInput("the meeting time must be a date and time")
        when = self.intro_clock() if at is None else at
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return self._act(id, IntroAction.RECORD_MEETING, "recordMeeting", meeting_at=when)

    def link_deal(self, id: str, deal_id: str) -> IntroRequest:
        """Name the deal the meeting led to (a deal the caller may see); when it is closed
        already, the request follows it to WON or LOST at once."""
        self._stored(Deal, check_id(deal_id, "deal id"))
        linked = self._act(id, IntroAction.LINK_DEAL, "linkDeal", deal_id=deal_id)
        return self._settled([linked])[0]

    def withdraw_introduction(self, id: str) -> IntroRequest:
        return self._act(id, IntroAction.WITHDRAW, "withdrawIntroduction")

    # -- capacity -----------------------------------------------------------------------------
    def set_intro_capacity(self, person_id: str, capacity: int | None) -> int:
        """Set how many open asks a person takes as connector (None: back to the default);
        admins and managers only. The capacity now in force."""
        policy.require_role(self.caller, [Role.MANAGER], "set a connector's capacity")
        if capacity is not None:
            check_range("capacity", capacity, 0, CAPACITY_MAX)
        self._stored(Person, person_id)
        self.store.set_intro_capacity(person_id, capacity)
        self._audit.record("setIntroCapacity", f"person:{person_id}", str(capacity))
        return self.intro_settings.capacity if capacity is None else capacity

    def intro_capacity(self, person_id: str) -> int:
        own = self.store.intro_capacity(check_id(person_id, "person id"))
        return self.intro_settings.capacity if own is None else own

    def intro_requester(self, request: IntroRequest) -> User:
        """The user who asked, as stored (or, for a requester who is not a stored user,
        such as a single-sign-on identity, a user record made from the request)."""
        found = self.store.get_user(request.requester)
        if found is not None:
            return found
        team = None if request.team == request.requester else request.team
        return User(request.requester, Role.REP, request.requester_person_id, team)
