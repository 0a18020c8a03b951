"""A page of deals asking for ``likelihood`` is scored in one batch: the features of all its
open deals come from one read (``describe`` once), not one per deal, and each deal's answer
is the one it gets when asked about alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

import graph.likelihood.scoring as scoring
from graph.model import Deal, DealStage

pytestmark = pytest.mark.anyio

PAGE = """{ deals(first: 20) { edges { node { localId likelihood {
    probability band model { version } drivers { feature contribution } } } } } }"""
ONE = """query ($id: ID!) { deal(id: $id) { likelihood {
    probability band model { version } drivers { feature contribution } } } }"""

EXTRA = [
    Deal("d-2", "Acme add-on", "acme", "rep-1", DealStage.PROSPECTING, 5000.0, date(2026, 8, 1)),
    Deal("d-3", "Acme renewal", "acme", "rep-1", DealStage.NEGOTIATION, 9000.0, date(2026, 7, 1)),
    Deal("d-4", "Acme pilot", "acme", None, DealStage.QUALIFICATION, None, None),
    Deal(
        "d-5", "Acme won", "acme", "rep-1", DealStage.CLOSED_WON, 1.0, date(2026, 1, 1),
        closed_at=date(2026, 3, 1),
    ),
    Deal(
        "d-6", "Acme lost", "acme", "rep-1", DealStage.CLOSED_LOST, 1.0, date(2026, 1, 1),
        closed_at=date(2026, 4, 1),
    ),
]  # fmt: skip


@pytest.fixture
def described(monkeypatch) -> list[list[str]]:
    """The deal ids of every open-deal ``describe`` call scoring makes (training describes
    closed deals and is not counted)."""
    calls: list[list[str]] = []
    real = scoring.describe

    def counting(store: Any, deals: Sequence[Deal], *args: Any, **kwargs: Any) -> Any:
        if any(d.outcome.value == "open" for d in deals):
            calls.append(sorted(d.id for d in deals))
        return real(store, deals, *args, **kwargs)

    monkeypatch.setattr(scoring, "describe", counting)
    return calls


async def test_a_page_of_deals_is_scored_with_one_feature_read(
    gql, world, service, described
) -> None:
    for deal in EXTRA:
        service.store.create_node(deal)
    page = (await gql.data(PAGE))["deals"]["edges"]
    ids = sorted(edge["node"]["localId"] for edge in page)
    assert ids == ["d-1", "d-2", "d-3", "d-4", "d-5", "d-6"]
    # one read for the whole page, of the open deals only (closed ones state their outcome)
    assert described == [["d-1", "d-2", "d-3", "d-4"]]
    by_id = {edge["node"]["localId"]: edge["node"]["likelihood"] for edge in page}
    assert by_id["d-5"]["probability"] == 1.0 and by_id["d-5"]["band"] == "CLOSED"
    assert by_id["d-6"]["probability"] == 0.0 and by_id["d-6"]["band"] == "CLOSED"
    for deal_id, batched in by_id.items():
        alone = (await gql.data(ONE, id=deal_id))["deal"]["likelihood"]
        assert alone == batched, deal_id


async def test_the_same_deal_twice_in_a_document_is_scored_once(
    gql, world, service, described
) -> None:
    doc = """{ a: deal(id: "d-1") { likelihood { probability } }
               b: deal(id: "d-1") { likelihood { probability } } }"""
    data = await gql.data(doc)
    assert data["a"] == data["b"]
    assert described == [["d-1"]]
