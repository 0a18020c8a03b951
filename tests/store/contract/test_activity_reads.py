"""``ActivityReads``: every interaction and KNOWS touching some people, once each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.store.activity import date_epoch
from graph.store.base import ActivityReads
from tests.store.world import at

pytestmark = pytest.mark.protocol.with_args(ActivityReads)


def interactions(activity: Any) -> list[tuple[str, str, str, float]]:
    rows = zip(activity.actor, activity.recipient, activity.kind, activity.at, strict=True)
    return sorted((str(a), str(b), str(k), float(t)) for a, b, k, t in rows)


def knows(activity: Any) -> list[tuple[str, str, float | None]]:
    rows = zip(activity.conn_a, activity.conn_b, activity.conn_since, strict=True)
    return sorted((str(a), str(b), None if s != s else float(s)) for a, b, s in rows)


def test_everything_touching_the_people_once_each(seeded: Any) -> None:
    found = seeded.activity_among(["alice", "bob", "nobody"])
    # i1..i5 touch alice or bob; i1..i3 touch both and still come once; 007->7 and the
    # erin->bob comment: only the latter touches them
    assert interactions(found) == sorted(
        [
            ("alice", "bob", "email", at(0).timestamp()),
            ("bob", "alice", "meeting", at(1).timestamp()),
            ("alice", "bob", "email", at(2).timestamp()),
            ("alice", "carol", "call", at(3).timestamp()),
            ("dave", "alice", "like", at(4).timestamp()),
            ("erin", "bob", "comment", at(5).timestamp()),
        ]
    )
    assert knows(found) == [
        ("alice", "bob", date_epoch(date(2020, 5, 1))),
        ("alice", "carol", None),
        ("bob", "dave", None),
    ]


def test_nobody_and_unknown_people_get_nothing(seeded: Any) -> None:
    for asked in ([], ["nobody"], ["erin-typo"]):
        found = seeded.activity_among(asked)
        assert interactions(found) == [] and knows(found) == []


def test_a_person_alone_gets_only_their_own(seeded: Any) -> None:
    found = seeded.activity_among(["7"])
    assert interactions(found) == [("007", "7", "call", at(6).timestamp())]
    assert knows(found) == [("007", "7", None)]
