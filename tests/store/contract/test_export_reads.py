"""``ExportReads``: whole tables at once, and every pair's KNOWS and interaction counts."""

from __future__ import annotations

from typing import Any

import pytest

from graph.model import Community, Company, Deal, Person
from graph.store.base import ExportReads
from tests.store.world import COMMUNITIES, COMPANIES, DEALS, PEOPLE, at, dump

pytestmark = pytest.mark.protocol.with_args(ExportReads)


def test_all_nodes_are_every_node_of_the_kind_by_id(seeded: Any) -> None:
    shown = dump(seeded)
    assert [p.id for p in seeded.all_nodes(Person)] == sorted(PEOPLE)
    # the same records the per-id reads answer, field for field (tags, enums, dates)
    assert {p.id: p for p in seeded.all_nodes(Person)} == {
        k: v for k, v in shown["people"].items() if k in PEOPLE
    }
    assert [c.id for c in seeded.all_nodes(Company)] == sorted(COMPANIES)
    assert seeded.all_nodes(Community) == [shown["communities"][c] for c in sorted(COMMUNITIES)]
    assert seeded.all_nodes(Deal) == sorted(shown["deals"], key=lambda d: d.id)
    assert [d.id for d in seeded.all_nodes(Deal)] == DEALS


def test_an_empty_store_has_no_rows(records: Any) -> None:
    assert records.all_nodes(Person) == []
    activity = records.pair_activity()
    assert len(activity.knows_a) == len(activity.inter_a) == 0


def test_pair_activity_counts_each_pair_once_either_way(seeded: Any) -> None:
    activity = seeded.pair_activity()
    knows = sorted(zip(activity.knows_a, activity.knows_b, strict=True))
    assert knows == [("007", "7"), ("alice", "bob"), ("alice", "carol"), ("bob", "dave")]
    touches = {
        (a, b): (int(n), float(last))
        for a, b, n, last in zip(
            activity.inter_a, activity.inter_b, activity.inter_count, activity.inter_last,
            strict=True,
        )
    }  # fmt: skip
    assert touches == {
        ("alice", "bob"): (3, at(2).timestamp()),  # both directions, the latest of three
        ("alice", "carol"): (1, at(3).timestamp()),
        ("alice", "dave"): (1, at(4).timestamp()),  # dave -> alice, ordered by id
        ("bob", "erin"): (1, at(5).timestamp()),
        ("007", "7"): (1, at(6).timestamp()),
    }
