"""``DealReads``: filtered, ordered, keyset-paginated deals, checked against the same
filter and order computed in Python over every deal (the brute-force reference)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from graph.deal_query import STORED_ORDERS, DealFilter, DealKey, DealOrder, key_of, sort_key
from graph.model import Company, Deal, DealStage, Person
from graph.store.base import DealReads

pytestmark = pytest.mark.protocol.with_args(DealReads)

OWNERS = ["o1", "o2", "o3", "007"]
COMPANIES = ["acme", "globex"]


def planted_deals() -> list[Deal]:
    """48 deals with ties and missing values in every ordered field, some without owner."""
    rng = random.Random(11)
    deals = []
    for i in range(48):
        deals.append(
            Deal(
                id=f"d{i:03d}",
                name=f"Deal {i}",
                company_id=rng.choice(COMPANIES),
                owner_id=rng.choice([*OWNERS, None]),
                stage=rng.choice(list(DealStage)),
                amount=rng.choice([None, 100.0, 250.5, 1000.0, float(i)]),
                created_at=rng.choice([None, date(2025, 1, 1) + timedelta(days=rng.randint(0, 5))]),
                closed_at=rng.choice([None, date(2026, 2, 1), date(2026, 3, 1)]),
            )
        )
    return deals


@pytest.fixture
def dealt(records: Any) -> tuple[Any, list[Deal]]:
    for pid in OWNERS:
        records.create_node(Person(pid, pid.upper()))
    for cid in COMPANIES:
        records.create_node(Company(cid, cid.title()))
    deals = planted_deals()
    for deal in deals:
        records.create_node(deal)
    return records, deals


def expected(deals: list[Deal], filters: DealFilter, order: DealOrder) -> list[str]:
    chosen = [d for d in deals if filters.matches(d)]
    return [d.id for d in sorted(chosen, key=lambda d: sort_key(key_of(d, order), order))]


def walk(store: Any, filters: DealFilter, order: DealOrder, size: int) -> list[str]:
    seen: list[str] = []
    after: DealKey | None = None
    while True:
        page = store.deal_page(filters, order, after, size)
        assert len(page) <= size
        seen += [d.id for d in page]
        if len(page) < size:
            return seen
        after = key_of(page[-1], order)


FILTERS = [
    DealFilter(),
    DealFilter(owner_ids=frozenset({"o1", "007"})),
    DealFilter(company_id="acme", open=True),
    DealFilter(open=False),
    DealFilter(owner_ids=frozenset({"o2"}), company_id="globex", open=False),
]


class TestDealPages:
    @pytest.mark.parametrize("order", STORED_ORDERS, ids=str)
    def test_pages_walk_every_match_once_in_order(
        self, dealt: tuple[Any, list[Deal]], order: DealOrder
    ) -> None:
        store, deals = dealt
        for filters in FILTERS:
            want = expected(deals, filters, order)
            assert want, "the planted deals cover every filter"
            for size in (1, 5, 500):
                assert walk(store, filters, order, size) == want, (filters, size)
            assert store.deal_count(filters) == len(want)

    def test_deals_come_back_whole(self, dealt: tuple[Any, list[Deal]]) -> None:
        store, deals = dealt
        by_id = {d.id: d for d in deals}
        page = store.deal_page(DealFilter(), DealOrder.AMOUNT_ASC, None, 100)
        assert len(page) == len(deals)
        assert all(d == by_id[d.id] for d in page)

    def test_no_owners_matches_nothing(self, dealt: tuple[Any, list[Deal]]) -> None:
        store, _ = dealt
        nobody = DealFilter(owner_ids=frozenset())
        assert store.deal_page(nobody, DealOrder.CREATED_DESC, None, 10) == []
        assert store.deal_count(nobody) == 0
        unknown = DealFilter(owner_ids=frozenset({"ghost"}), company_id="nowhere")
        assert store.deal_page(unknown, DealOrder.CREATED_DESC, None, 10) == []
        assert store.deal_count(unknown) == 0

    def test_a_deal_never_moves_between_pages_when_others_are_added(
        self, dealt: tuple[Any, list[Deal]]
    ) -> None:
        # keyset, not offset: a deal created before the cursor does not shift the next page
        store, deals = dealt
        order = DealOrder.AMOUNT_DESC
        first = store.deal_page(DealFilter(), order, None, 10)
        store.create_node(Deal("d-new", "New", "acme", amount=1e9))  # sorts first
        rest = walk_from(store, order, key_of(first[-1], order))
        assert [d.id for d in first] + rest == expected(deals, DealFilter(), order)


def walk_from(store: Any, order: DealOrder, after: DealKey) -> list[str]:
    seen: list[str] = []
    while True:
        page = store.deal_page(DealFilter(), order, after, 7)
        seen += [d.id for d in page]
        if len(page) < 7:
            return seen
        after = key_of(page[-1], order)
