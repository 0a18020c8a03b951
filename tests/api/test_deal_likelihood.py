"""``Deal.likelihood`` over GraphQL: present for every deal, honest about its model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio

QUERY = """{ deal(id: "d-1") { likelihood {
    probability band drivers { feature value contribution explanation }
    model { version trainedAt trainingSize cvAuc fallback } } } }"""


async def test_an_open_deal_with_too_few_closed_deals_gets_the_stated_prior(gql, world) -> None:
    data = await gql.data(QUERY)
    likelihood = data["deal"]["likelihood"]
    assert likelihood["probability"] == 0.4 and likelihood["band"] == "MEDIUM"  # PROPOSAL prior
    assert likelihood["model"]["fallback"] is True
    assert likelihood["model"]["version"].startswith("prior")
    assert likelihood["model"]["cvAuc"] is None
    assert "too few closed deals" in likelihood["drivers"][0]["explanation"]


async def test_a_closed_deal_states_its_outcome(gql, world) -> None:
    await gql.data(
        'mutation { updateDeal(id: "d-1", input: {stage: CLOSED_LOST, closedAt: "2026-10-15"})'
        " { id } }"
    )
    likelihood = (await gql.data(QUERY))["deal"]["likelihood"]
    assert likelihood["probability"] == 0.0 and likelihood["band"] == "CLOSED"
    assert likelihood["drivers"] == []
