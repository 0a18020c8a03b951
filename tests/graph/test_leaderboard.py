"""The leaderboard on a planted world whose every count is known, on every store: exact
counts per rep and period, the change since the previous period, the score's order and
ranks, the team filter and who may see which team."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.access.model import Caller, Role
from graph.errors import BadInput, NotFound
from graph.leaderboard import LeaderboardPeriod, RepCounts
from graph.model import (
    Advocacy,
    Company,
    Connection,
    Interaction,
    Person,
)
from graph.model import InteractionKind as K
from graph.service import WarmgraphService

#: "now" for the leaderboard: Thursday 16 July 2026, so the week is 13-20 July (current)
#: and 6-13 July (previous).
AT = datetime(2026, 7, 16, 12, tzinfo=UTC)


def t(day: int, hour: int = 10, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 7, day, hour, minute, second, tzinfo=UTC)


def plant(s: WarmgraphService) -> WarmgraphService:
    """Reps ann and bob (team blue), cat and dee (team red); adv an advocate of acme.

    ann this week: connections x1 (13 July, the week's first day) and bob; a meeting with
    adv and a like back; an introduction to x1; six meetings with x4 (a new strong tie);
    a call to y at the week's very first instant. x1 becomes strong too (the connection and
    the introduction on top of last week's e-mail). Last week: connection x2 and a referral
    to it; an e-mail from x1; six meetings with x5 (strong last week, so not new this
    week); a call to y one second before the week.
    """
    for pid in ("ann", "bob", "cat", "dee", "adv", "x1", "x2", "x4", "x5", "y", "gone"):
        s.create(Person(pid, pid.title(), email=f"{pid}@x.example"))
    s.create(Company("acme", "Acme"))
    s.create(Company("globex", "Globex"))
    s.set_advocacy(Advocacy("adv", "acme"))
    s.connect(Connection("ann", "x1", date(2026, 7, 13)))
    s.connect(Connection("ann", "x2", date(2026, 7, 8)))
    s.connect(Connection("ann", "bob", date(2026, 7, 15)))
    rows = [
        (K.MEETING, t(14), "ann", "adv"),
        (K.LIKE, t(15), "adv", "ann"),
        (K.INTRODUCTION, t(15), "ann", "x1"),
        *[(K.MEETING, t(14, 9 + k), "ann", "x4") for k in range(3)],
        *[(K.MEETING, t(15, 9 + k), "x4", "ann") for k in range(3)],
        (K.CALL, t(13, 0), "ann", "y"),
        # last week
        (K.REFERRAL, t(9), "x2", "ann"),
        (K.EMAIL, t(7), "x1", "ann"),
        *[(K.MEETING, t(8, 9 + k), "ann", "x5") for k in range(3)],
        *[(K.MEETING, t(8, 13 + k), "x5", "ann") for k in range(3)],
        (K.CALL, t(12, 23, 59, 59), "ann", "y"),
        # bob, cat, dee
        (K.EMAIL, t(14), "bob", "adv"),
        (K.MEETING, t(16, 10), "cat", "x1"),
        (K.SHARE, t(10), "cat", "x1"),
        (K.COMMENT, t(14), "dee", "x2"),
        # outside both weeks: the week after (future) and June
        (K.MEETING, t(20, 0), "ann", "y"),
        (K.MEETING, datetime(2026, 6, 1, tzinfo=UTC), "bob", "y"),
    ]
    for n, (kind, at, actor, recipient) in enumerate(rows):
        s.record_interaction(Interaction(f"i{n:02d}", kind, at, actor, recipient))
    s.users.add("ann@t.example", "rep", "ann", "blue")
    s.users.add("bob@t.example", "rep", "bob", "blue")
    s.users.add("boss@t.example", "manager", None, "blue")
    s.users.add("cat@t.example", "rep", "cat", "red")
    s.users.add("dee@t.example", "rep", "dee", "red")
    s.users.add("ana@t.example", "analyst")
    s.users.add("gone@t.example", "rep", "gone", "blue")
    s.users.revoke("gone@t.example")
    return s


ANN_NOW = RepCounts(
    new_connections=2, new_strong_ties=2, advocates_reached=1, introductions_made=1,
    interactions=10,
)  # fmt: skip
ANN_BEFORE = RepCounts(
    new_connections=1, new_strong_ties=1, advocates_reached=0, introductions_made=0,
    interactions=9,
)  # fmt: skip


def as_(s: WarmgraphService, email: str, role: Role, person: str | None, team: str | None):
    return s.acting_as(Caller(email, role, person, team))


@pytest.fixture
def world(service: WarmgraphService) -> WarmgraphService:
    return plant(service)


def test_every_count_of_every_rep_this_week_and_last(world: WarmgraphService) -> None:
    board = world.leaderboard(LeaderboardPeriod.WEEK, at=AT)
    assert (board.current.start, board.current.end) == (t(13, 0), t(20, 0))
    assert (board.previous.start, board.previous.end) == (t(6, 0), t(13, 0))
    got = {e.person.id: e.standing for e in board.entries}
    assert got["ann"].current == ANN_NOW
    # the referral was made *to* ann, so it is not one she made
    assert got["ann"].previous == ANN_BEFORE
    assert got["bob"].current == RepCounts(1, 0, 1, 0, 1)
    assert got["bob"].previous == RepCounts()
    assert got["cat"].current == RepCounts(interactions=1)
    assert got["cat"].previous == RepCounts(interactions=1)
    assert got["dee"].current == RepCounts(interactions=1)


def test_ranked_by_the_documented_score_with_shared_ranks(world: WarmgraphService) -> None:
    board = world.leaderboard(LeaderboardPeriod.WEEK, at=AT)
    ranked = [(e.person.id, e.standing.score, e.standing.rank) for e in board.entries]
    # ann: 2 x 5 + 1 x 3 + 1 x 3 + 2 x 2 + 10 = 30; bob: 3 + 2 + 1 = 6
    assert ranked == [("ann", 30, 1), ("bob", 6, 2), ("cat", 1, 3), ("dee", 1, 3)]
    assert "gone" not in {e.person.id for e in board.entries}  # a revoked user is no rep
    assert [e.team for e in board.entries] == ["blue", "blue", "red", "red"]


def test_a_month_adds_up_both_weeks_against_an_empty_june(world: WarmgraphService) -> None:
    board = world.leaderboard(LeaderboardPeriod.MONTH, at=AT)
    assert (board.current.start, board.previous.start) == (
        t(1, 0),
        datetime(2026, 6, 1, tzinfo=UTC),
    )
    ann = next(e.standing for e in board.entries if e.person.id == "ann")
    # both weeks' 19, and the meeting of 20 July: the whole calendar month counts
    assert ann.current == RepCounts(3, 3, 1, 1, 20)
    assert ann.previous == RepCounts()
    bob = next(e.standing for e in board.entries if e.person.id == "bob")
    assert bob.previous == RepCounts(interactions=1)  # the June meeting


def test_a_rep_and_a_manager_see_only_their_team(world: WarmgraphService) -> None:
    ann = as_(world, "ann@t.example", Role.REP, "ann", "blue")
    assert [e.person.id for e in ann.leaderboard(at=AT).entries] == ["ann", "bob"]
    assert [e.person.id for e in ann.leaderboard(team_id="blue", at=AT).entries] == ["ann", "bob"]
    boss = as_(world, "boss@t.example", Role.MANAGER, None, "blue")
    assert [e.person.id for e in boss.leaderboard(at=AT).entries] == ["ann", "bob"]
    for caller in (ann, boss):
        for team in ("red", "nope"):
            with pytest.raises(NotFound):
                caller.leaderboard(team_id=team, at=AT)


def test_an_analyst_sees_any_team_or_everyone(world: WarmgraphService) -> None:
    ana = as_(world, "ana@t.example", Role.ANALYST, None, None)
    assert [e.person.id for e in ana.leaderboard(team_id="red", at=AT).entries] == ["cat", "dee"]
    assert len(ana.leaderboard(at=AT).entries) == 4
    with pytest.raises(NotFound):
        ana.leaderboard(team_id="nope", at=AT)
    with pytest.raises(BadInput):
        ana.leaderboard(LeaderboardPeriod.WEEK, at="yesterday")  # type: ignore[arg-type]


def test_a_rep_on_no_team_is_a_team_of_one(world: WarmgraphService) -> None:
    world.users.add("solo@t.example", "rep", "x2")
    solo = as_(world, "solo@t.example", Role.REP, "x2", None)
    entries = solo.leaderboard(at=AT).entries
    assert [e.person.id for e in entries] == ["x2"]
    assert entries[0].standing.current == RepCounts(interactions=1)  # dee's comment
