"""The API suite's hand-built world (tests/api/world.py) in a real store, with the real app
over it, plus users of each role and a second team's deal, so exports can be checked
against what GraphQL answers and against the role rules."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Deal, DealStage
from tests.api.conftest import (  # noqa: F401  # fixtures, re-exported for this directory
    anyio_backend,
    app,
    client,
    gql,
    service,
    settings,
    store_kind,
    token,
    world,
    world_template,
)

REP = "rita@warmgraph.test"
ANALYST = "ana@warmgraph.test"


@pytest.fixture
def planted(world, service):  # type: ignore[no-untyped-def]  # noqa: F811  # the fixtures above
    """The world, plus a deal of another team (owned by bob, who is on none) and a rep on
    rep-1's team and an analyst (their tokens, by role)."""
    service.create(
        Deal("d-2", "Globex rollout", "acme", owner_id="bob", stage=DealStage.PROSPECTING,
             amount=5000.0, created_at=date(2026, 8, 1))
    )  # fmt: skip
    tokens = {
        "rep": service.users.add(REP, "rep", person_id="rep-1", team="east")[1],
        "analyst": service.users.add(ANALYST, "analyst")[1],
    }
    return world, tokens
