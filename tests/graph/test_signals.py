"""Job changes and fading ties on hand-built histories with known answers, on every store.

The fading strengths are recomputed here from the formula as the README states it (channel
weight x 0.5 ** (age / half-life), reciprocity bonus, saturation), not through
``graph.strength``, so a change to either side shows.
"""

from __future__ import annotations

import doctest
import math
from datetime import date, timedelta
from typing import Any

import pytest

import graph.signals
from graph.access import Caller, Role
from graph.errors import BadInput, NotFound
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.service import WarmgraphService
from graph.signals import MIN_DROP, STRONG_TIE, job_moves
from graph.strength import StrengthModel
from tests.conftest import NOW

TODAY = NOW.date()
SINCE = date(2026, 6, 1)


def test_the_module_examples_run() -> None:
    failed, _ = doctest.testmod(graph.signals)
    assert failed == 0


# -- job moves, pure ----------------------------------------------------------------------------
class TestJobMoves:
    def test_a_move_pairs_the_job_left_with_the_job_joined(self) -> None:
        left = Employment("p", "a", "VP", date(2020, 1, 1), date(2026, 6, 30))
        joined = Employment("p", "b", "CRO", date(2026, 7, 14))
        [move] = job_moves([left, joined], SINCE)
        assert (move.left, move.joined, move.at) == (left, joined, date(2026, 7, 14))

    def test_a_new_job_whose_old_one_ended_before_since_still_names_it(self) -> None:
        left = Employment("p", "a", None, date(2020, 1, 1), date(2026, 5, 20))
        joined = Employment("p", "b", None, date(2026, 6, 2))
        [move] = job_moves([left, joined], SINCE)
        assert (move.company_left, move.company_joined) == ("a", "b")

    def test_boundaries_on_since_count_and_the_day_before_does_not(self) -> None:
        jobs = [
            Employment("on", "a", None, date(2020, 1, 1), SINCE),
            Employment("before", "a", None, date(2020, 1, 1), SINCE - timedelta(days=1)),
            Employment("starts", "b", None, SINCE),
        ]
        moves = job_moves(jobs, SINCE)
        assert [(m.person_id, m.company_left, m.company_joined) for m in moves] == [
            ("on", "a", None),
            ("starts", None, "b"),
        ]

    def test_a_job_too_long_before_the_new_one_is_not_its_origin(self) -> None:
        old = Employment("p", "a", None, date(2010, 1, 1), date(2024, 1, 1))
        new = Employment("p", "b", None, date(2026, 7, 1))
        [move] = job_moves([old, new], SINCE)
        assert move.left is None and move.company_joined == "b"

    def test_undated_jobs_never_change(self) -> None:
        assert job_moves([Employment("p", "a"), Employment("p", "b", "x")], SINCE) == []


# -- the service, on every store ----------------------------------------------------------------
def at_days_ago(days: float) -> Any:
    return NOW - timedelta(days=days)


@pytest.fixture
def signals(store: Any) -> WarmgraphService:
    service = WarmgraphService(store)
    service.strength_model = StrengthModel(now=NOW)
    return service


@pytest.fixture
def moves_world(signals: WarmgraphService) -> WarmgraphService:
    return build_moves(signals)


def build_moves(s: WarmgraphService) -> WarmgraphService:
    """Moves since SINCE: champ (a champion) acme -> globex, plain initech -> acme, recent
    joins globex, ref (a reference) leaves initech; stay (a champion) never moves."""
    for pid in ("champ", "plain", "recent", "stay", "ref"):
        s.create(Person(pid, pid.title(), email=f"{pid}@x.example"))
    for cid in ("acme", "globex", "initech"):
        s.create(Company(cid, cid.title()))
    jobs = [
        Employment("champ", "acme", "VP Eng", date(2019, 1, 1), date(2026, 6, 15)),
        Employment("champ", "globex", "CTO", date(2026, 7, 1)),
        Employment("plain", "initech", "Eng", date(2018, 1, 1), date(2026, 8, 1)),
        Employment("plain", "acme", "Lead", date(2026, 8, 20)),
        Employment("recent", "globex", "Ops", date(2026, 10, 1)),  # a new job, no old one
        Employment("stay", "acme", "CFO", date(2015, 1, 1)),  # never moved
        Employment("ref", "initech", "PM", date(2020, 1, 1), date(2026, 9, 1)),
    ]
    for job in jobs:
        s.set_employment(job)
    s.set_advocacy(Advocacy("champ", "acme", AdvocacyLevel.CHAMPION))
    s.set_advocacy(Advocacy("ref", "initech", AdvocacyLevel.REFERENCE))
    s.set_advocacy(Advocacy("stay", "acme", AdvocacyLevel.CHAMPION))
    return s


class TestJobChanges:
    def test_a_champion_who_moved_ranks_first_and_says_where_they_went(
        self, moves_world: WarmgraphService
    ) -> None:
        found = moves_world.job_changes(SINCE)
        assert [c.person.id for c in found] == ["champ", "ref", "recent", "plain"]
        champ = found[0]
        assert champ.was_advocate and [a.company_id for a in champ.advocacies] == ["acme"]
        assert (champ.move.company_left, champ.move.left and champ.move.left.title) == (
            "acme",
            "VP Eng",
        )
        assert (champ.move.company_joined, champ.move.joined and champ.move.joined.title) == (
            "globex",
            "CTO",
        )
        assert champ.move.at == date(2026, 7, 1)
        assert not found[-1].was_advocate

    def test_an_advocate_who_stayed_is_no_job_change(self, moves_world: WarmgraphService) -> None:
        assert "stay" not in {c.person.id for c in moves_world.job_changes(SINCE)}

    def test_advocates_only(self, moves_world: WarmgraphService) -> None:
        found = moves_world.job_changes(SINCE, advocates_only=True)
        assert [c.person.id for c in found] == ["champ", "ref"]

    def test_a_company_filters_moves_from_or_to_it(self, moves_world: WarmgraphService) -> None:
        assert [c.person.id for c in moves_world.job_changes(SINCE, "acme")] == ["champ", "plain"]
        assert [c.person.id for c in moves_world.job_changes(SINCE, "globex")] == [
            "champ",
            "recent",
        ]

    def test_since_is_a_boundary(self, moves_world: WarmgraphService) -> None:
        found = moves_world.job_changes(date(2026, 8, 20))
        assert [c.person.id for c in found] == ["ref", "recent", "plain"]
        assert moves_world.job_changes(date(2026, 10, 2)) == []

    def test_first_keeps_the_best(self, moves_world: WarmgraphService) -> None:
        assert [c.person.id for c in moves_world.job_changes(SINCE, first=1)] == ["champ"]

    def test_bad_input_and_unknown_ids(self, moves_world: WarmgraphService) -> None:
        with pytest.raises(BadInput, match="first"):
            moves_world.job_changes(SINCE, first=0)
        with pytest.raises(BadInput, match="first"):
            moves_world.job_changes(SINCE, first=501)
        with pytest.raises(BadInput, match="since"):
            moves_world.job_changes("2026-01-01")  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            moves_world.job_changes(SINCE, "no-such-company")


# -- fading ties --------------------------------------------------------------------------------
HALF_LIFE = 90.0
WEIGHT = {InteractionKind.MEETING: 1.0, InteractionKind.LIKE: 0.1, InteractionKind.EMAIL: 0.5}


def expected_strength(
    touches: list[tuple[str, InteractionKind, float]], me: str, connected: bool, age_shift: float
) -> float:
    """The README's formula, by hand: touches as (actor, kind, days ago from NOW), read
    ``age_shift`` days before NOW (touches after that moment not yet happened)."""
    ab = ba = 0.0
    for actor, kind, days_ago in touches:
        age = days_ago - age_shift
        if age < 0:
            continue
        mass = WEIGHT[kind] * 0.5 ** (age / HALF_LIFE)
        if actor == me:
            ab += mass
        else:
            ba += mass
    engaged = 1 - math.exp(-(ab + ba + 1.0 * min(ab, ba)) / 4.0)
    base = 0.3 if connected else 0.0
    return base + (1 - base) * engaged


FADED = [("me", InteractionKind.MEETING, d) for d in (100, 110, 120)] + [
    ("faded", InteractionKind.MEETING, d) for d in (101, 111, 121)
]
KEPT = [("me", InteractionKind.MEETING, d) for d in (100, 50, 10, 5, 2)] + [
    ("kept", InteractionKind.MEETING, d) for d in (99, 40, 9, 4, 1)
]
WEAK = [("me", InteractionKind.LIKE, 100), ("weak", InteractionKind.EMAIL, 100)]


@pytest.fixture
def ties_world(signals: WarmgraphService) -> WarmgraphService:
    return build_ties(signals)


def build_ties(s: WarmgraphService) -> WarmgraphService:
    """me's ties: faded (connected) and dnc (do not contact) left alone for 100 days, kept
    kept warm, weak never strong; teammate mate's tie to stranger faded. Users: me and mate
    reps on team blue, boss its manager, other-rep a rep on team red."""
    for pid in ("me", "mate", "faded", "kept", "weak", "other-rep", "stranger"):
        s.create(Person(pid, pid.title(), email=f"{pid}@x.example"))
    s.create(Person("dnc", "Dee", email="dee@x.example", do_not_contact=True))
    s.connect(Connection("me", "faded", date(2024, 1, 1)))
    n = 0
    for other, touches in (("faded", FADED), ("kept", KEPT), ("weak", WEAK), ("dnc", FADED)):
        for actor, kind, days_ago in touches:
            n += 1
            recipient = other if actor == "me" else "me"
            actor_id = "me" if actor == "me" else other
            s.record_interaction(
                Interaction(f"i{n}", kind, at_days_ago(days_ago), actor_id, recipient)
            )
    # a teammate with a fading tie of their own, to a stranger
    for actor, kind, days_ago in FADED:
        n += 1
        a, b = ("mate", "stranger") if actor == "me" else ("stranger", "mate")
        s.record_interaction(Interaction(f"i{n}", kind, at_days_ago(days_ago), a, b))
    s.users.add("me@team.example", "rep", "me", "blue")
    s.users.add("mate@team.example", "rep", "mate", "blue")
    s.users.add("boss@team.example", "manager", None, "blue")
    s.users.add("other@team.example", "rep", "other-rep", "red")
    return s


def as_user(service: WarmgraphService, email: str, role: Role, person: str | None, team: str):
    return service.acting_as(Caller(email, role, person, team))


class TestFadingTies:
    def test_a_strong_tie_left_alone_fades_by_the_exact_formula(
        self, ties_world: WarmgraphService
    ) -> None:
        found = {f.other.id: f for f in ties_world.fading_relationships("me")}
        faded = found["faded"].tie
        then = expected_strength(FADED, "me", True, 90)
        now = expected_strength(FADED, "me", True, 0)
        assert then >= STRONG_TIE and then - now >= MIN_DROP
        assert faded.strength_then == pytest.approx(then, rel=1e-9)
        assert faded.strength_now == pytest.approx(now, rel=1e-9)
        assert faded.drop == pytest.approx(then - now, rel=1e-9)
        last = faded.last_interaction
        assert last is not None and last.at == at_days_ago(100)
        assert last.kind is InteractionKind.MEETING

    def test_a_tie_never_strong_and_a_tie_kept_warm_are_not_listed(
        self, ties_world: WarmgraphService
    ) -> None:
        assert expected_strength(WEAK, "me", False, 90) < STRONG_TIE
        kept_drop = expected_strength(KEPT, "me", False, 90) - expected_strength(
            KEPT, "me", False, 0
        )
        assert kept_drop < MIN_DROP
        found = [f.other.id for f in ties_world.fading_relationships("me")]
        assert "weak" not in found and "kept" not in found
        # the connection only adds to then and now alike: faded, unconnected dnc drops more
        assert found == ["dnc", "faded"]

    def test_a_do_not_contact_person_is_shown_as_the_caller_may_see_them(
        self, ties_world: WarmgraphService
    ) -> None:
        rep = as_user(ties_world, "me@team.example", Role.REP, "me", "blue")
        dnc = next(f.other for f in rep.fading_relationships("me") if f.other.id == "dnc")
        assert dnc.do_not_contact and dnc.email is None
        admin_view = next(
            f.other for f in ties_world.fading_relationships("me") if f.other.id == "dnc"
        )
        assert admin_view.email == "dee@x.example"

    def test_limit(self, ties_world: WarmgraphService) -> None:
        assert [f.other.id for f in ties_world.fading_relationships("me", limit=1)] == ["dnc"]
        for bad in (0, 501):
            with pytest.raises(BadInput, match="limit"):
                ties_world.fading_relationships("me", limit=bad)

    def test_a_team_lists_its_members_ties(self, ties_world: WarmgraphService) -> None:
        boss = as_user(ties_world, "boss@team.example", Role.MANAGER, None, "blue")
        found = [(f.person.id, f.other.id) for f in boss.fading_relationships(team_id="blue")]
        assert sorted(found) == [("mate", "stranger"), ("me", "dnc"), ("me", "faded")]

    def test_who_may_ask(self, ties_world: WarmgraphService) -> None:
        rep = as_user(ties_world, "me@team.example", Role.REP, "me", "blue")
        assert rep.fading_relationships("mate")  # a teammate who shares their network
        with pytest.raises(NotFound):
            rep.fading_relationships("other-rep")  # someone else's network
        with pytest.raises(NotFound):
            rep.fading_relationships(team_id="red")
        other = as_user(ties_world, "other@team.example", Role.REP, "other-rep", "red")
        with pytest.raises(NotFound):
            other.fading_relationships("me")
        analyst = as_user(ties_world, "a@x.example", Role.ANALYST, None, "grey")
        assert analyst.fading_relationships(team_id="blue")
        with pytest.raises(NotFound):
            ties_world.fading_relationships("nobody")
        with pytest.raises(NotFound):
            ties_world.fading_relationships(team_id="no-such-team")
        with pytest.raises(BadInput):
            ties_world.fading_relationships("me", team_id="blue")
        with pytest.raises(BadInput):
            ties_world.fading_relationships()
