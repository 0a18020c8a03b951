"""The activity stream on the planted world of ``test_leaderboard``, on every store: every
event kind, newest first, pages walked exactly once while others write, deals only for
those who may see them, and a clear refusal for every bad argument."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.access.model import Role
from graph.activity_stream import ActivityKind
from graph.errors import BadInput, NotFound
from graph.model import (
    Community,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
)
from graph.service import WarmgraphService

from .test_leaderboard import as_, plant


def plant_activity(s: WarmgraphService) -> WarmgraphService:
    """On top of :func:`plant`: x1 joined acme (14 July), x2 left it (10 July) for globex
    (11 July); deals d-blue (ann's, moved on a stage) and d-red (cat's) at acme; community
    c1 with members x1 and x4."""
    s.set_employment(Employment("x1", "acme", "CTO", date(2026, 7, 14)))
    s.set_employment(Employment("x2", "acme", "VP", date(2020, 1, 1), date(2026, 7, 10)))
    s.set_employment(Employment("x2", "globex", "VP", date(2026, 7, 11)))
    s.create(Deal("d-blue", "Blue deal", "acme", "ann"))
    s.update(Deal, "d-blue", {"stage": DealStage.PROPOSAL})
    s.create(Deal("d-red", "Red deal", "acme", "cat"))
    s.create(Community("c1", "Club"))
    s.set_membership(Membership("x1", "c1"))
    s.set_membership(Membership("x4", "c1"))
    return s


@pytest.fixture
def world(service: WarmgraphService) -> WarmgraphService:
    return plant_activity(plant(service))


def walk(s: WarmgraphService, first: int, between=None, **subject):  # type: ignore[no-untyped-def]
    """Every event of the subject, page by page (``between(page_number)`` runs between)."""
    seen, after, n = [], None, 0
    while True:
        page = s.activity(**subject, first=first, after=after)
        assert len(page.items) <= first
        seen += page.items
        if not page.has_next_page:
            return seen
        after, n = page.end_cursor, n + 1
        if between is not None:
            between(n)


def key(item):  # type: ignore[no-untyped-def]
    return item.event.order_key()


def test_a_person_s_stream_newest_first_with_every_event_once(world: WarmgraphService) -> None:
    page = world.activity(person_id="ann", first=100)
    kinds = [i.event.kind for i in page.items]
    # 19 interactions of hers in July and one on 20 July; connections to x1, x2 and bob;
    # her deal's creation and its move to proposal
    assert kinds.count(ActivityKind.INTERACTION) == 20
    assert kinds.count(ActivityKind.NEW_CONNECTION) == 3
    assert kinds.count(ActivityKind.DEAL_STAGE_CHANGED) == 2
    assert page.total_count == 25 and not page.has_next_page
    assert [key(i) for i in page.items] == sorted(key(i) for i in page.items)
    ats = [i.event.at for i in page.items]
    assert ats == sorted(ats, reverse=True)
    deal_moves = [i for i in page.items if i.event.kind is ActivityKind.DEAL_STAGE_CHANGED]
    assert [i.event.stage_to for i in deal_moves] == [DealStage.PROPOSAL, DealStage.PROSPECTING]
    assert deal_moves[0].summary == "deal Blue deal (Acme) moved from prospecting to proposal"
    call = next(i for i in page.items if i.event.at == datetime(2026, 7, 13, tzinfo=UTC))
    assert call.summary == "Ann: call with Y" and call.other is not None and call.other.id == "y"


def test_since_keeps_only_what_happened_from_then(world: WarmgraphService) -> None:
    page = world.activity(person_id="ann", since=datetime(2026, 7, 15, tzinfo=UTC), first=100)
    assert all(i.event.at >= datetime(2026, 7, 15, tzinfo=UTC) for i in page.items)
    interactions = [i for i in page.items if i.event.kind is ActivityKind.INTERACTION]
    # 15 July: the like, the introduction, x4's three meetings; and the meeting of 20 July
    assert len(interactions) == 6
    assert [
        i.event.person_id for i in page.items if i.event.kind is ActivityKind.NEW_CONNECTION
    ] == ["ann"]


def test_a_company_s_stream_holds_every_kind(world: WarmgraphService) -> None:
    items = world.activity(company_id="acme", first=100).items
    assert {i.event.kind for i in items} == set(ActivityKind)
    jobs = {(i.event.kind, i.event.person_id) for i in items if i.event.company_id == "acme"}
    assert (ActivityKind.JOB_STARTED, "x1") in jobs and (ActivityKind.JOB_ENDED, "x2") in jobs
    assert {i.event.deal_id for i in items if i.event.deal_id} == {"d-blue", "d-red"}
    ended = next(i for i in items if i.event.kind is ActivityKind.JOB_ENDED)
    assert ended.summary == "X2 left Acme as VP"


def test_a_rep_sees_no_other_team_s_deal_in_the_stream(world: WarmgraphService) -> None:
    ann = as_(world, "ann@t.example", Role.REP, "ann", "blue")
    items = ann.activity(company_id="acme", first=100).items
    assert {i.event.deal_id for i in items if i.event.deal_id} == {"d-blue"}
    cat = as_(world, "cat@t.example", Role.REP, "cat", "red")
    assert {
        i.event.deal_id for i in cat.activity(company_id="acme", first=100).items if i.event.deal_id
    } == {"d-red"}


def test_a_community_s_stream_is_its_members(world: WarmgraphService) -> None:
    items = world.activity(community_id="c1", first=100).items
    people = {i.event.person_id for i in items} | {i.event.other_id for i in items}
    assert people >= {"x1", "x4"}
    assert all({i.event.person_id, i.event.other_id} & {"x1", "x4"} for i in items)
    assert (ActivityKind.JOB_STARTED, "x1") in {(i.event.kind, i.event.person_id) for i in items}


def test_pages_under_concurrent_writes_yield_every_event_exactly_once(
    world: WarmgraphService,
) -> None:
    before = {key(i) for i in world.activity(person_id="ann", first=100).items}

    def write(n: int) -> None:
        # newer than any page (sorts before the cursor), older than all, and a new KNOWS
        world.record_interaction(
            Interaction(
                f"new{n}", InteractionKind.CALL, datetime(2026, 8, n, tzinfo=UTC), "ann", "y"
            )
        )
        world.record_interaction(
            Interaction(
                f"old{n}", InteractionKind.CALL, datetime(2020, 1, n, tzinfo=UTC), "y", "ann"
            )
        )

    walked = walk(world, 4, write, person_id="ann")
    keys = [key(i) for i in walked]
    assert len(keys) == len(set(keys))  # nothing twice
    assert before <= set(keys)  # everything that existed throughout
    assert keys == sorted(keys)
    assert not {k for k in keys if k[2].startswith("new")}  # written behind the cursor


def test_one_subject_exactly_and_clear_refusals(world: WarmgraphService) -> None:
    with pytest.raises(BadInput, match="exactly one"):
        world.activity()
    with pytest.raises(BadInput, match="exactly one"):
        world.activity(person_id="ann", company_id="acme")
    for first in (0, 101):
        with pytest.raises(BadInput, match="first"):
            world.activity(person_id="ann", first=first)
    with pytest.raises(BadInput, match="cursor"):
        world.activity(person_id="ann", after="not-a-cursor")
    with pytest.raises(NotFound):
        world.activity(person_id="nobody")
    with pytest.raises(NotFound):
        world.activity(community_id="nowhere")
