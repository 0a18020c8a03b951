"""The service's leaderboard and activity stream: social selling made a game, and what
happened around a person, a company or a community.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below), like :mod:`graph.signal_service`: it reads history in
bulk, computes with the pure functions of :mod:`graph.leaderboard` and
:mod:`graph.activity_stream`, and shows people as the caller may see them.

Who may ask
-----------
Leaderboard: the reps of a leaderboard are the active users with a person (one entry per
person). An admin or analyst sees every team's (``team_id`` None: everybody) or any one
team's. A rep or manager sees only their own team's (``team_id`` None means theirs; a user
on no team is a team of one); another team is NOT_FOUND, as is a team with no active user.

Activity: anyone may read it (people, companies and communities are readable by every
role); deal stage changes appear only for deals the caller may see (``policy.Team.
sees_deal_of``), so a rep never learns of another team's deals from it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from . import activity_stream as stream
from . import leaderboard as board
from .access import policy
from .access.model import Caller, User
from .activity_query import ActivitySubject, SubjectKind, TimeWindow
from .deal_query import DealFilter, DealOrder, StageChange
from .errors import NotFound
from .model import Community, Company, Deal, Person
from .store.base import Store
from .strength import StrengthModel
from .validation import check_range, check_text, check_time, exactly_one

ACTIVITY_FIRST_MAX = 100
#: Up to this many deals, each deal's history is read on its own; above, every change
#: since ``since`` is read at once and filtered (one query instead of hundreds).
DEALS_READ_ONE_BY_ONE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _from(event: stream.ActivityEvent, start: datetime | None) -> bool:
    return start is None or event.at >= start


@dataclass(frozen=True, slots=True)
class LeaderboardEntry:
    person: Person
    team: str | None
    standing: board.Standing


@dataclass(frozen=True, slots=True)
class Leaderboard:
    period: board.LeaderboardPeriod
    current: board.Period
    previous: board.Period
    at: datetime
    team: str | None
    entries: tuple[LeaderboardEntry, ...]


@dataclass(frozen=True, slots=True)
class ActivityItem:
    """An event as the service answers it: the records it names as the caller may see
    them (None when deleted since) and a one-line summary."""

    event: stream.ActivityEvent
    cursor: str
    summary: str
    person: Person | None = None
    other: Person | None = None
    company: Company | None = None
    deal: Deal | None = None


@dataclass(frozen=True, slots=True)
class ActivityPage:
    items: tuple[ActivityItem, ...]
    has_next_page: bool
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1].cursor if self.items else None


class ActivityOperations:
    store: Store
    caller: Caller
    strength_model: StrengthModel | None = None

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    def get(self, kind: Any, id: str) -> Any:
        raise NotImplementedError

    def get_many(self, kind: Any, ids: Collection[str]) -> dict[str, Any]:
        raise NotImplementedError

    def _people(self, ids: Collection[str]) -> dict[str, Person]:
        raise NotImplementedError

    # -- leaderboard ----------------------------------------------------------------------
    def leaderboard(
        self,
        period: board.LeaderboardPeriod = board.LeaderboardPeriod.WEEK,
        team_id: str | None = None,
        at: datetime | None = None,
    ) -> Leaderboard:
        """Every rep's standing (``graph.leaderboard``) in the calendar period containing
        ``at`` (default: the instant strengths are measured from), best first."""
        period = board.LeaderboardPeriod(period)
        model = self.strength_model or self.store.strength_model()
        moment = check_time(at, "at") if at is not None else model.as_of()
        reps = self._leaderboard_reps(team_id)
        rep_ids = set(reps)
        touches = self.store.interactions_of(rep_ids) if rep_ids else []
        met = {i.actor_id for i in touches} | {i.recipient_id for i in touches}
        standings = board.standings(
            rep_ids,
            self.store.connections_of(rep_ids) if rep_ids else [],
            touches,
            self.store.advocates_among(met) if met else set(),
            model,
            period,
            moment,
        )
        people = self._people(rep_ids)
        current = board.period_containing(period, moment)
        return Leaderboard(
            period=period,
            current=current,
            previous=board.previous_period(period, current),
            at=moment,
            team=team_id,
            entries=tuple(
                LeaderboardEntry(people[s.person_id], reps[s.person_id], s)
                for s in standings
                if s.person_id in people
            ),
        )

    def _leaderboard_reps(self, team_id: str | None) -> dict[str, str | None]:
        """person id -> team of the reps the caller may rank (module docstring)."""
        users = [u for u in self.store.list_users() if u.active]
        if team_id is not None:
            team_id = check_text(team_id, "team").strip()
            if not team_id:
                raise NotFound("team", team_id)
        if not policy.paths_from_anyone(self.caller):
            own = self.caller.team
            if team_id is not None and team_id != own:
                raise NotFound("team", team_id)  # no oracle on other teams
            chosen: list[User] = list(self.team.members)
        elif team_id is None:
            chosen = users
        else:
            chosen = [u for u in users if u.team == team_id]
            if not chosen:
                raise NotFound("team", team_id)
        reps: dict[str, str | None] = {}
        for user in sorted(chosen, key=lambda u: u.email):
            if user.person_id is not None:
                reps.setdefault(user.person_id, user.team)
        return reps

    # -- activity -------------------------------------------------------------------------
    def activity(
        self,
        person_id: str | None = None,
        company_id: str | None = None,
        community_id: str | None = None,
        since: datetime | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> ActivityPage:
        """A page of what happened around exactly one subject, newest first
        (:mod:`graph.activity_stream`): for a person, their interactions, connections,
        jobs and the deals they own; for a company, its current employees' interactions
        and connections, everyone's jobs there, and its deals; for a community, its
        members' interactions, connections and jobs and the deals they own."""
        exactly_one({"person": person_id, "company": company_id, "community": community_id})
        check_range("first", first, 1, ACTIVITY_FIRST_MAX)
        start = None if since is None else check_time(since, "since")
        cursor = None if after is None else stream.decode_cursor(after)
        subject = self._activity_subject(person_id, company_id, community_id)
        deal_events = [e for e in self._deal_events(subject, start) if _from(e, start)]
        chosen, more = self._merged_page(subject, start, cursor, first, deal_events)
        counts = self.store.activity_counts(subject, TimeWindow(start, None))
        total = counts.total + len({e.order_key() for e in deal_events})
        return ActivityPage(self._dress(chosen), more, total)

    def _activity_subject(
        self, person_id: str | None, company_id: str | None, community_id: str | None
    ) -> ActivitySubject:
        if person_id is not None:
            self.get(Person, person_id)
            return ActivitySubject(SubjectKind.PERSON, person_id)
        if company_id is not None:
            self.get(Company, company_id)
            return ActivitySubject(SubjectKind.COMPANY, company_id)
        assert community_id is not None
        self.get(Community, community_id)
        return ActivitySubject(SubjectKind.COMMUNITY, community_id)

    def _merged_page(
        self,
        subject: ActivitySubject,
        start: datetime | None,
        cursor: stream.OrderKey | None,
        first: int,
        deal_events: list[stream.ActivityEvent],
    ) -> tuple[list[stream.ActivityEvent], bool]:
        """A k-way merge of the newest events of each kind after the cursor: each kind's
        read is complete down to its oldest row only when it came back short; events are
        certain only above the newest such frontier, so while the page does not fill
        above it, the kinds cut short are read again with twice the limit (equal times
        at a boundary, such as many connections on one day, need that)."""
        until = None if cursor is None else _EPOCH + timedelta(microseconds=-cursor[0])
        window = TimeWindow(start, until)
        store = self.store
        readers: dict[str, Callable[[int], list[stream.ActivityEvent]]] = {
            "interactions": lambda n: stream.interaction_events(
                store.recent_interactions(subject, window, n)
            ),
            "connections": lambda n: stream.led_connection_events(
                store.recent_connections(subject, window, n)
            ),
            "started": lambda n: stream.job_events(
                store.recent_jobs(subject, False, window, n), stream.ActivityKind.JOB_STARTED
            ),
            "ended": lambda n: stream.job_events(
                store.recent_jobs(subject, True, window, n), stream.ActivityKind.JOB_ENDED
            ),
        }
        limit = first + 1
        read: dict[str, tuple[list[stream.ActivityEvent], bool]] = {}
        pending = list(readers)
        while True:
            for name in pending:
                got = readers[name](limit)
                read[name] = (got, len(got) >= limit)
            cut_short = [min(e.at for e in got) for got, short in read.values() if short]
            frontier = max(cut_short, default=None)
            events = [
                e
                for got, _ in read.values()
                for e in got
                if _from(e, start) and (frontier is None or e.at > frontier)
            ]
            events += [e for e in deal_events if frontier is None or e.at > frontier]
            chosen, more = stream.page(events, cursor, first)
            if frontier is None or more:
                return chosen, more
            pending = [name for name, (_, short) in read.items() if short]
            limit *= 2

    def _deal_events(
        self, subject: ActivitySubject, since: datetime | None
    ) -> list[stream.ActivityEvent]:
        """Stage changes of the subject's deals the caller may see (a few: deals are few)."""
        store = self.store
        if subject.kind is SubjectKind.PERSON:
            deals = store.deals(owner_id=subject.id)
        elif subject.kind is SubjectKind.COMPANY:
            deals = store.deals(company_id=subject.id)
        else:
            members = {m.person_id for m in store.memberships(community_id=subject.id)}
            deals = self._deals_owned_by(members)
        seen = {d.id: (d.company_id, d.owner_id) for d in deals if self._sees(d)}
        return stream.stage_events(self._stage_changes(seen, since), seen)

    def _sees(self, deal: Deal) -> bool:
        return self.team.sees_deal_of(deal.owner_id)

    def _deals_owned_by(self, people: set[str]) -> list[Deal]:
        if not people:
            return []
        owned = DealFilter(owner_ids=frozenset(people))
        count = self.store.deal_count(owned)
        return self.store.deal_page(owned, DealOrder.CREATED_DESC, None, count) if count else []

    def _stage_changes(
        self, deals: dict[str, tuple[str, str | None]], since: datetime | None
    ) -> list[StageChange]:
        if len(deals) <= DEALS_READ_ONE_BY_ONE:
            return [c for deal_id in sorted(deals) for c in self.store.stage_changes(deal_id)]
        changes: list[StageChange] = []
        start = since or _EPOCH
        batch = 10_000
        while True:  # every change since ``start``, in batches (the read takes a limit)
            got = self.store.stage_changes_since(start, batch)
            changes += got
            if len(got) < batch:
                return changes
            start = got[-1].at  # changes at that instant are read again: page() dedups
            if all(c.at == start for c in got):
                batch *= 2

    def _dress(self, events: list[stream.ActivityEvent]) -> tuple[ActivityItem, ...]:
        """The page's events with their records (read for the page only) and summaries."""
        named = {e.person_id for e in events} | {e.other_id for e in events}
        people = self._people({pid for pid in named if pid is not None})
        companies = self.get_many(Company, {e.company_id for e in events if e.company_id})
        deals = self.get_many(Deal, {e.deal_id for e in events if e.deal_id})
        items = []
        for e in events:
            person = people.get(e.person_id or "")
            other = people.get(e.other_id or "")
            company = companies.get(e.company_id or "")
            deal = deals.get(e.deal_id or "")
            items.append(
                ActivityItem(
                    event=e,
                    cursor=stream.encode_cursor(e),
                    summary=stream.summary(e, person, other, company, deal),
                    person=person,
                    other=other,
                    company=company,
                    deal=deal,
                )
            )
        return tuple(items)
