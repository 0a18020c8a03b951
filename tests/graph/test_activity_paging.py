"""The activity stream paged by the stores (a k-way merge of per-kind keyset reads): walking
it in pages of any size gives exactly the one big page, in order, under both SQLite plans;
many events share a time (connections and jobs are dated by day), so page boundaries fall
inside runs of equal times."""

from __future__ import annotations

import pytest

from graph.activity_service import ActivityItem
from graph.activity_stream import OrderKey
from graph.service import WarmgraphService
from graph.store.sqlite import activity_pages

from .test_activity import walk
from .test_activity import world as world  # the planted world fixture


def key(item: ActivityItem) -> OrderKey:
    return item.event.order_key()


@pytest.mark.parametrize("plan", ["indexes", "time walk"])
@pytest.mark.parametrize(
    "subject",
    [{"person_id": "ann"}, {"company_id": "acme"}, {"community_id": "c1"}],
    ids=["person", "company", "community"],
)
def test_every_page_size_walks_the_same_stream(
    world: WarmgraphService,
    subject: dict[str, str],
    plan: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(activity_pages, "NARROW_SHARE", 0 if plan == "indexes" else 10**9)
    whole = world.activity(**subject, first=100)  # type: ignore[arg-type]
    assert not whole.has_next_page and whole.total_count == len(whole.items) > 3
    expected = [key(i) for i in whole.items]
    assert expected == sorted(expected)
    for first in (1, 2, 3, 7):
        walked: list[ActivityItem] = walk(world, first, **subject)
        assert [key(i) for i in walked] == expected
        assert [i.summary for i in walked] == [i.summary for i in whole.items]
