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

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from . import activity_stream as stream
from . import leaderboard as board
from .access import policy
from .access.model import Caller, User
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
        events = [
            e
            for e in self._events(person_id, company_id, community_id, start)
            if start is None or e.at >= start
        ]
        chosen, more = stream.page(events, cursor, first)
        total = len({e.order_key() for e in events})
        return ActivityPage(self._dress(chosen), more, total)

    def _events(
        self,
        person_id: str | None,
        company_id: str | None,
        community_id: str | None,
        since: datetime | None,
    ) -> list[stream.ActivityEvent]:
        store = self.store
        if person_id is not None:
            self.get(Person, person_id)
            people = {person_id}
            jobs = store.employments(person_id=person_id)
            deals = store.deals(owner_id=person_id)
        elif company_id is not None:
            self.get(Company, company_id)
            jobs = store.employments(company_id=company_id)
            people = {j.person_id for j in jobs if j.current}
            deals = store.deals(company_id=company_id)
        else:
            assert community_id is not None
            self.get(Community, community_id)
            people = {m.person_id for m in store.memberships(community_id=community_id)}
            day = date.min if since is None else since.astimezone(UTC).date()
            jobs = [j for j in store.employment_changes(day) if j.person_id in people]
            deals = self._deals_owned_by(people)
        seen = {d.id: (d.company_id, d.owner_id) for d in deals if self._sees(d)}
        return (
            stream.interaction_events(store.interactions_of(people) if people else [])
            + stream.connection_events(store.connections_of(people) if people else [], people)
            + stream.job_events(jobs)
            + stream.stage_events(self._stage_changes(seen, since), seen)
        )

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
