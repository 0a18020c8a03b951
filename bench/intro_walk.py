"""A month of introduction requests walked through the service, for ``bench.intro_demo``.

:func:`make_cast` gives the demo world users: a dozen reps in three teams (the ``rep-``
people first; a world too small to have a dozen, such as the demo's 3,000 people with 3, is
topped up with its best-connected people, who stand in for reps) and a manager per team,
who writes deals. :func:`walk` then plays a calendar month as a seeded discrete-event
simulation on a controllable clock (``service.intro_clock``): asks spread over the first
:data:`ASK_DAYS` days, each later step a random delay after the one before, every step
taken through the public service methods acting as the user allowed to take it:

======================  ===========================  ===========================
step                    who                          outcome
======================  ===========================  ===========================
the ask                 the rep                      along the best path that
                                                     starts at a teammate's person
the connector's answer  the teammate (connector)     accept 0.7, else decline or
                                                     leave it to expire (half each)
the target's answer     the teammate                 accept 0.6
the introduction        the teammate                 always, once the target said yes
the meeting             the rep                      held 0.7 (else left INTRODUCED)
the deal                the rep (link), the          an open team deal at the
                        manager (create, close)      target's company, else a new one;
                                                     won 0.5
======================  ===========================  ===========================

Whatever the service refuses is counted by error code (a DO_NOT_CONTACT target or person
on the path, a team's earlier ask for the target, a connector at capacity), and asks the
script itself cannot make (no path; only paths from the rep's own network, whose connector
has no user to answer) by reason. Each request's statuses are recorded as the service
returned them, so the funnel the service computes can be checked against them.
"""

from __future__ import annotations

import dataclasses
import heapq
import random
from collections import Counter
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from graph.access.model import Caller, Role, User
from graph.errors import WarmgraphError
from graph.intro import DuplicateAsk, IntroRequest, IntroStatus, OverCapacity
from graph.model import Deal, DealOutcome, DealStage, Person
from graph.results import IntroductionPath
from graph.service import WarmgraphService

TEAMS = ("east", "west", "north")
REPS = 12
#: Asks are made over the month's first days, so most can run their course by its end.
ASK_DAYS = 17
P_CONNECTOR_ACCEPTS = 0.7
P_TARGET_ACCEPTS = 0.6
P_MEETING_HELD = 0.7
P_DEAL_WON = 0.5
#: Median hours before each step (lognormal around it, sigma 0.6).
DELAY_HOURS = {
    "connector": 20.0,
    "target": 30.0,
    "introduce": 12.0,
    "meeting": 96.0,
    "link": 24.0,
    "close": 120.0,
}


class Clock:
    """The time the service stamps steps with; the walk moves it forward only."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@dataclasses.dataclass(frozen=True)
class Cast:
    reps: list[User]
    managers: dict[str, User]  # by team

    def teammates(self, rep: User) -> list[User]:
        return [u for u in self.reps if u.team == rep.team and u.email != rep.email]


def make_cast(service: WarmgraphService, reps: int = REPS) -> Cast:
    """Users for ``reps`` reps over :data:`TEAMS` (round robin) and a manager per team."""
    people = [p.id for p in service.search_people("rep-", first=100).nodes]
    chosen = sorted(pid for pid in people if pid.startswith("rep-"))[:reps]
    for score in service.top_influencers(limit=200):
        if len(chosen) >= reps:
            break
        p = score.person
        if not p.do_not_contact and p.id not in chosen:
            chosen.append(p.id)  # stands in for a rep: the world has too few
    users = []
    for i, pid in enumerate(chosen):
        team = TEAMS[i % len(TEAMS)]
        user, _ = service.users.add(f"rep{i + 1:02d}@{team}.demo", Role.REP, pid, team)
        users.append(user)
    managers = {t: service.users.add(f"manager@{t}.demo", Role.MANAGER, None, t)[0] for t in TEAMS}
    return Cast(users, managers)


@dataclasses.dataclass
class Walked:
    """One request the script made, with every status the service returned for it."""

    id: str
    team: str
    requester: User
    connector: User
    target: str
    company: str | None
    statuses: list[IntroStatus]
    deal: str | None = None


@dataclasses.dataclass
class Walk:
    requests: list[Walked]
    #: service refusals: "paths:<CODE>" when searching, "ask:<CODE>[ (kind)]" when asking
    refused: Counter[str]
    #: asks the script could not make, by reason
    not_asked: Counter[str]
    deals_created: int = 0
    deals_reused: int = 0
    #: the first message of each kind of refusal
    examples: dict[str, str] = dataclasses.field(default_factory=dict)


Event = tuple[datetime, int, str, Any]


def walk(
    service: WarmgraphService,
    cast: Cast,
    targets: list[str],
    requests: int,
    month: datetime,
    seed: int,
) -> Walk:
    """Play ``requests`` asks (targets drawn from ``targets``) in the month starting at
    ``month`` (module docstring); the clock ends at the month's last hour."""
    rng = random.Random(seed)
    clock = Clock(month)
    service.intro_clock = clock
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(hours=1)
    acting: dict[str, WarmgraphService] = {}

    def as_user(user: User) -> WarmgraphService:
        if user.email not in acting:
            acting[user.email] = service.acting_as(Caller.of(user))
        return acting[user.email]

    result = Walk([], Counter(), Counter())
    queue: list[Event] = []
    seq = 0

    def later(at: datetime, kind: str, item: Any, step: str | None = None) -> None:
        nonlocal seq
        if step is not None:
            at += timedelta(hours=DELAY_HOURS[step] * rng.lognormvariate(0, 0.6))
        if at <= end:  # a step after the month's end is not taken: it stays where it is
            seq += 1
            heapq.heappush(queue, (at, seq, kind, item))

    for _ in range(requests):
        at = month + timedelta(seconds=rng.uniform(0, ASK_DAYS * 86400))
        later(at, "ask", (rng.choice(cast.reps), rng.choice(targets)))
    used_deals: set[str] = set()

    def moved(w: Walked, request: IntroRequest) -> None:
        if request.status is not w.statuses[-1]:
            w.statuses.append(request.status)

    def ask(rep: User, target: str) -> None:
        me = as_user(rep)
        try:
            paths = me.introduction_paths(to_id=target, from_team=True, max_hops=3, limit=5)
        except WarmgraphError as exc:
            result.refused[f"paths:{exc.code}"] += 1
            result.examples.setdefault(f"paths:{exc.code}", exc.message)
            return
        mates = {u.email: u for u in cast.teammates(rep)}
        usable = [p for p in paths if askable(p, mates, rep)]
        if not usable:
            result.not_asked[why_not(paths, mates)] += 1
            return
        path = usable[0]
        try:
            made = me.request_introduction([p.id for p in path.people], note="demo run")
        except WarmgraphError as exc:
            kind = {DuplicateAsk: " (team already asked)", OverCapacity: " (capacity)"}
            key = f"ask:{exc.code}{kind.get(type(exc), '')}"
            result.refused[key] += 1
            result.examples.setdefault(key, exc.message)
            return
        w = Walked(
            made.id, rep.team or "", rep, mates[path.teammate or ""], target,
            made.target_company_id, [made.status],
        )  # fmt: skip
        result.requests.append(w)
        if rng.random() < P_CONNECTOR_ACCEPTS:
            later(clock.at, "connector", (w, True), "connector")
        elif rng.random() < 0.5:
            later(clock.at, "connector", (w, False), "connector")
        # else: nobody answers; the ask expires after the window (expiry_days)

    def step(kind: str, w: Walked, flag: bool) -> None:
        connector, rep = as_user(w.connector), as_user(w.requester)
        if kind == "connector":
            moved(w, connector.respond_to_introduction(w.id, flag))
            if flag:
                later(clock.at, "target", (w, rng.random() < P_TARGET_ACCEPTS), "target")
        elif kind == "target":
            moved(w, connector.record_target_response(w.id, flag))
            if flag:
                later(clock.at, "introduce", (w, True), "introduce")
        elif kind == "introduce":
            moved(w, connector.mark_introduced(w.id))
            if rng.random() < P_MEETING_HELD:
                later(clock.at, "meeting", (w, True), "meeting")
        elif kind == "meeting":
            moved(w, rep.record_meeting(w.id))
            if w.company is not None:  # a target with no current company has no deal
                later(clock.at, "link", (w, True), "link")
        elif kind == "link":
            w.deal = deal_for(w)
            moved(w, rep.link_deal(w.id, w.deal))
            later(clock.at, "close", (w, rng.random() < P_DEAL_WON), "close")
        elif kind == "close":
            stage = DealStage.CLOSED_WON if flag else DealStage.CLOSED_LOST
            changes = {"stage": stage, "closed_at": clock.at.date()}
            as_user(cast.managers[w.team]).update(Deal, w.deal or "", changes)
            moved(w, rep.intro_request(w.id))  # read: it follows its deal to WON or LOST

    def deal_for(w: Walked) -> str:
        """An open deal of the rep's team at the target's company, made by today, that the
        walk has not used; else a new one the team's manager creates, owned by the rep."""
        assert w.company is not None
        for deal in as_user(w.requester).deals(company_id=w.company):
            # a generated deal made after today (the timeline runs to 2026-11-01) did
            # not exist yet: closing it today would be refused (closed before created)
            made = deal.created_at is None or deal.created_at <= clock.at.date()
            if made and deal.outcome is DealOutcome.OPEN and deal.id not in used_deals:
                used_deals.add(deal.id)
                result.deals_reused += 1
                return deal.id
        result.deals_created += 1
        deal = Deal(
            id=f"d-intro-{result.deals_created:04d}",
            name=f"Introduced: {w.target}",
            company_id=w.company,
            owner_id=w.requester.person_id,
            created_at=clock.at.date(),
        )
        as_user(cast.managers[w.team]).create(deal)
        used_deals.add(deal.id)
        return deal.id

    while queue:
        at, _, kind, item = heapq.heappop(queue)
        clock.at = at
        if kind == "ask":
            ask(*item)
            continue
        try:
            step(kind, *item)
        except WarmgraphError as exc:  # not expected: counted, so a run shows it
            result.refused[f"{kind}:{exc.code}"] += 1
            result.examples.setdefault(f"{kind}:{exc.code}", exc.message)
    clock.at = end
    return result


def askable(path: IntroductionPath, mates: Collection[str], rep: User) -> bool:
    """A path the rep can ask along that a user can answer: it starts at a teammate's
    person (the teammate answers for the connector), has someone between them and the
    target (the API takes 3 to 7 people), and that someone is not the rep (who would be
    their own connector; the service refuses both with BAD_INPUT)."""
    people = path.people
    return path.teammate in mates and len(people) >= 3 and people[1].id != rep.person_id


def why_not(paths: list[IntroductionPath], mates: Collection[str]) -> str:
    """Why no path of ``paths`` is :func:`askable`."""
    theirs = [p for p in paths if p.teammate in mates]
    if not paths:
        return "no path within 3 hops"
    if not theirs:
        return "only paths from the rep's own network (no user answers for the connector)"
    if any(len(p.people) == 2 for p in theirs):
        return "a teammate knows the target directly (nobody to introduce through)"
    return "every teammate's path runs through the rep"


def recorded_funnel(requests: list[Walked], team: str) -> dict[str, int]:
    """How many of ``team``'s walked requests entered each funnel step, from the statuses
    the service returned to the script (not from the funnel)."""
    steps = {
        "ASKED": IntroStatus.REQUESTED,
        "ACCEPTED": IntroStatus.ACCEPTED,
        "TARGET_ACCEPTED": IntroStatus.TARGET_ACCEPTED,
        "INTRODUCED": IntroStatus.INTRODUCED,
        "MEETING_HELD": IntroStatus.MEETING_HELD,
        "WON": IntroStatus.WON,
    }
    mine = [w for w in requests if w.team == team]
    return {name: sum(1 for w in mine if status in w.statuses) for name, status in steps.items()}


def target_pool(service: WarmgraphService, size: int, seed: int) -> list[str]:
    """``size`` people drawn at random (reps excluded; do-not-contact people kept: asking
    for them is refused, and that is counted)."""
    people = sorted(p.id for p in service.all_nodes(Person) if not p.id.startswith("rep-"))
    return random.Random(seed).sample(people, min(size, len(people)))
