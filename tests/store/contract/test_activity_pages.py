"""``ActivityPages``: the newest events of one kind around a person, company or community.

A planted world with equal times at the boundaries; every read is checked against the rows
it must give (exact sets; newest first), under both SQLite plans (through the people's own
indexes, and walking the time index), and the counts with the embedded store's kept arrays.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from graph.activity_query import ActivityCounts, ActivitySubject, SubjectKind, TimeWindow
from graph.model import (
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    Person,
)
from graph.store.base import ActivityPages
from graph.store.embedded import store as embedded_store
from graph.store.sqlite import activity_pages as sqlite_pages

pytestmark = pytest.mark.protocol.with_args(ActivityPages)

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
ACME = ActivitySubject(SubjectKind.COMPANY, "acme")
GUILD = ActivitySubject(SubjectKind.COMMUNITY, "guild")
ANN = ActivitySubject(SubjectKind.PERSON, "ann")
EVER = TimeWindow(None, None)
# acme's current staff: ann, bob (cat left); the guild: ann, cat
JOBS = [
    Employment("ann", "acme", "VP Sales", date(2024, 1, 1)),
    Employment("bob", "acme", "AE", date(2025, 6, 1)),
    Employment("cat", "acme", "SE", date(2020, 1, 1), date(2026, 2, 1)),
    Employment("cat", "globex", "CRO", date(2026, 2, 2)),
    Employment("dan", "globex", None),
]
# three at T0 exactly: a page boundary falls inside them
TOUCHES = [
    ("i1", "ann", "bob", 0),
    ("i2", "bob", "erin", 0),
    ("i6", "bob", "ann", 0),
    ("i3", "erin", "ann", -1),
    ("i4", "cat", "dan", -2),
    ("i5", "dan", "erin", -3),
]


@pytest.fixture(params=["indexes", "time walk"])
def world(request: pytest.FixtureRequest, records: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    # SQLite reads a subject through its people's indexes or by walking the time index,
    # by its size: both plans must give the same rows (other backends ignore this).
    monkeypatch.setattr(sqlite_pages, "NARROW_SHARE", 0 if request.param == "indexes" else 10**9)
    for pid in ("ann", "bob", "cat", "dan", "erin"):
        records.create_node(Person(pid, pid.title()))
    for cid in ("acme", "globex"):
        records.create_node(Company(cid, cid.title()))
    records.create_node(Community("guild", "Guild", CommunityKind.GROUP))
    for job in JOBS:
        records.set_employment(job)
    for pid in ("ann", "cat"):
        records.set_membership(Membership(pid, "guild"))
    for a, b, since in [
        ("ann", "bob", date(2026, 3, 1)),
        ("bob", "cat", date(2026, 3, 1)),
        ("cat", "dan", date(2026, 1, 1)),
        ("ann", "erin", None),
        ("dan", "erin", date(2026, 3, 5)),
    ]:
        records.connect(Connection(a, b, since, ConnectionOrigin.LINKEDIN))
    for iid, actor, recipient, hours in TOUCHES:
        at = T0 + hours * HOUR
        records.record_interaction(Interaction(iid, InteractionKind.CALL, at, actor, recipient))
    return records


def _newest_first(times: list[datetime]) -> bool:
    return all(a >= b for a, b in pairwise(times))


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (ACME, {"i1", "i2", "i6", "i3"}),
        (ANN, {"i1", "i6", "i3"}),
        (GUILD, {"i1", "i6", "i3", "i4"}),
        (ActivitySubject(SubjectKind.COMPANY, "nobody"), set()),
    ],
)
def test_interactions_touching_the_subject_s_people_each_once_newest_first(
    world: Any, subject: ActivitySubject, expected: set[str]
) -> None:
    got = world.recent_interactions(subject, EVER, 50)
    assert sorted(i.id for i in got) == sorted(expected)
    assert _newest_first([i.at for i in got])


def test_a_limit_keeps_the_newest_and_the_window_bounds_are_inclusive(world: Any) -> None:
    top = world.recent_interactions(ACME, EVER, 2)
    assert len(top) == 2 and {i.id for i in top} <= {"i1", "i2", "i6"}
    assert {i.at for i in top} == {T0}
    # a cursor at T0 - 1h: that instant is in, T0 is out; since is in as well
    below = world.recent_interactions(ACME, TimeWindow(None, T0 - HOUR), 50)
    assert [i.id for i in below] == ["i3"]
    assert {
        i.id for i in world.recent_interactions(GUILD, TimeWindow(T0 - 2 * HOUR, T0 - HOUR), 50)
    } == {"i3", "i4"}
    assert world.recent_interactions(ACME, TimeWindow(T0 + HOUR, None), 50) == []


def test_connections_are_dated_ones_led_by_the_subject_s_person(world: Any) -> None:
    def pairs(
        subject: ActivitySubject, window: TimeWindow = EVER
    ) -> list[tuple[str, str, date | None]]:
        got = world.recent_connections(subject, window, 50)
        led = [
            (c.lead, *({c.connection.a, c.connection.b} - {c.lead}), c.connection.since)
            for c in got
        ]
        return sorted(led)

    march = date(2026, 3, 1)
    # both ends staff: the smaller id leads; undated ann-erin never counts
    assert pairs(ACME) == [("ann", "bob", march), ("bob", "cat", march)]
    assert pairs(GUILD) == [
        ("ann", "bob", march),
        ("cat", "bob", march),
        ("cat", "dan", date(2026, 1, 1)),
    ]
    # a window is on days (a day is its midnight UTC): 1 March 09:00 leaves 1 March out
    late = TimeWindow(datetime(2026, 3, 1, 9, tzinfo=UTC), None)
    assert pairs(GUILD, late) == []
    assert pairs(GUILD, TimeWindow(None, datetime(2026, 2, 28, 23, tzinfo=UTC))) == [
        ("cat", "dan", date(2026, 1, 1))
    ]
    newest = world.recent_connections(GUILD, EVER, 1)
    assert len(newest) == 1 and newest[0].connection.since == march


def test_jobs_by_start_or_end_day(world: Any) -> None:
    def jobs(subject: ActivitySubject, ended: bool, limit: int = 50) -> list[tuple[str, str]]:
        return [(j.person_id, j.company_id) for j in world.recent_jobs(subject, ended, EVER, limit)]

    # every job at acme, current or past, newest start first
    assert jobs(ACME, False) == [("bob", "acme"), ("ann", "acme"), ("cat", "acme")]
    assert jobs(ACME, True) == [("cat", "acme")]
    # the guild's members' jobs anywhere; dan's undated job never appears
    assert jobs(GUILD, False) == [("cat", "globex"), ("ann", "acme"), ("cat", "acme")]
    assert jobs(GUILD, False, 1) == [("cat", "globex")]
    assert jobs(ANN, True) == []
    window = TimeWindow(datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
    assert [j.person_id for j in world.recent_jobs(ACME, False, window, 50)] == ["bob"]
    assert [j.person_id for j in world.recent_jobs(ACME, True, window, 50)] == ["cat"]


@pytest.mark.parametrize("kept_arrays", [False, True])
def test_counts_match_what_the_reads_yield(
    world: Any, kept_arrays: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the embedded store counts a big subject over its kept arrays: make every subject big
    monkeypatch.setattr(embedded_store, "KEEP_ACTIVITY_MIN", 0 if kept_arrays else 10**9)
    assert world.activity_counts(ACME, EVER) == ActivityCounts(4, 2, 3, 1)
    assert world.activity_counts(GUILD, EVER) == ActivityCounts(4, 3, 3, 1)
    assert world.activity_counts(ANN, EVER) == ActivityCounts(3, 1, 1, 0)
    since = TimeWindow(T0 - HOUR, None)  # T0 - 1h is in; no KNOWS or job is that late
    assert world.activity_counts(ACME, since) == ActivityCounts(4, 0, 0, 0)
    march = TimeWindow(datetime(2026, 3, 1, tzinfo=UTC), None)
    assert world.activity_counts(GUILD, march) == ActivityCounts(4, 2, 0, 0)
    nobody = ActivitySubject(SubjectKind.COMMUNITY, "nobody")
    assert world.activity_counts(nobody, EVER) == ActivityCounts(0, 0, 0, 0)
