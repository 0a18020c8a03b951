"""``DealHistory``: every stage a deal took, written with the deal (create, update, import),
gone with it, and nothing written when the stage stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from graph.bundle import Bundle
from graph.deal_query import StageChange
from graph.errors import NotFound
from graph.model import Company, Deal, DealStage, Person
from graph.store.base import DealHistory

pytestmark = pytest.mark.protocol.with_args(DealHistory)

P, Q, N, W = (
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.NEGOTIATION,
    DealStage.CLOSED_WON,
)


def moves(changes: list[StageChange]) -> list[tuple[DealStage | None, DealStage]]:
    return [(c.stage_from, c.stage_to) for c in changes]


def deals_bundle(rows: list[tuple[str, str | None]]) -> Bundle:
    """Deals of acme (id, stage or None for "keep the stored one")."""
    return Bundle(
        deals=pd.DataFrame(
            {
                "id": [r[0] for r in rows],
                "name": [f"Deal {r[0]}" for r in rows],
                "company_id": ["acme"] * len(rows),
                "owner_id": [None] * len(rows),
                "stage": [r[1] for r in rows],
                "amount": [float("nan")] * len(rows),
                "created_at": [None] * len(rows),
                "closed_at": [None] * len(rows),
            }
        )
    )


def no_progress(stage: str, done: int, total: int | None = None) -> None:
    pass


@pytest.fixture
def acme(records: Any) -> Any:
    records.create_node(Company("acme", "Acme"))
    records.create_node(Person("rep", "Rep"))
    return records


class TestStageHistory:
    def test_create_then_each_stage_change(self, acme: Any) -> None:
        before = datetime.now(UTC)
        acme.create_node(Deal("d1", "One", "acme", owner_id="rep"))
        acme.update_node(Deal("d1", "One", "acme", owner_id="rep", stage=Q))
        acme.update_node(Deal("d1", "One", "acme", owner_id="rep", stage=Q, amount=5.0))
        acme.update_node(Deal("d1", "One", "acme", owner_id="rep", stage=W))
        after = datetime.now(UTC)
        changes = acme.stage_changes("d1")
        # the amount change moved no stage: no row for it
        assert moves(changes) == [(None, P), (P, Q), (Q, W)]
        assert all(c.deal_id == "d1" for c in changes)
        assert all(before - timedelta(seconds=1) <= c.at <= after for c in changes)
        assert [c.at for c in changes] == sorted(c.at for c in changes)
        assert acme.stage_changes("nope") == []

    def test_a_failed_write_records_nothing(self, acme: Any) -> None:
        with pytest.raises(NotFound):
            acme.update_node(Deal("ghost", "Ghost", "acme", stage=W))
        with pytest.raises(NotFound):
            acme.create_node(Deal("d2", "Two", "nowhere", stage=W))
        assert acme.stage_changes("ghost") == []
        assert acme.stage_changes("d2") == []

    def test_import_records_created_and_moved_deals_only(self, acme: Any) -> None:
        acme.create_node(Deal("kept", "Kept", "acme", stage=N))
        acme.create_node(Deal("moved", "Moved", "acme", stage=P))
        acme.import_bundle(
            deals_bundle([("kept", None), ("moved", "closed_won"), ("new", "proposal")]),
            no_progress,
        )
        assert moves(acme.stage_changes("kept")) == [(None, N)]
        assert moves(acme.stage_changes("moved")) == [(None, P), (P, W)]
        assert moves(acme.stage_changes("new")) == [(None, DealStage.PROPOSAL)]
        # the same import again changes no stage, so it writes no history
        acme.import_bundle(
            deals_bundle([("kept", None), ("moved", "closed_won"), ("new", "proposal")]),
            no_progress,
        )
        assert len(acme.stage_changes("moved")) == 2
        assert len(acme.stage_changes("new")) == 1

    def test_history_goes_with_its_deal(self, acme: Any) -> None:
        acme.create_node(Deal("d1", "One", "acme", stage=P))
        acme.update_node(Deal("d1", "One", "acme", stage=Q))
        acme.delete_node(Deal, "d1")
        assert acme.stage_changes("d1") == []
        acme.create_node(Deal("d1", "One again", "acme", stage=N))
        assert moves(acme.stage_changes("d1")) == [(None, N)]
        acme.delete_node(Company, "acme")  # takes its deals, and so their history
        assert acme.stage_changes("d1") == []
        assert acme.stage_changes_since(datetime(2000, 1, 1, tzinfo=UTC), 100) == []

    def test_changes_since(self, acme: Any) -> None:
        acme.create_node(Deal("a", "A", "acme"))
        acme.create_node(Deal("b", "B", "acme"))
        middle = datetime.now(UTC)
        acme.update_node(Deal("a", "A", "acme", stage=Q))
        acme.update_node(Deal("b", "B", "acme", stage=N))
        everything = acme.stage_changes_since(datetime(2000, 1, 1, tzinfo=UTC), 100)
        assert len(everything) == 4
        assert [c.at for c in everything] == sorted(c.at for c in everything)
        recent = acme.stage_changes_since(middle, 100)
        assert [(c.deal_id, c.stage_from, c.stage_to) for c in recent] == [
            ("a", P, Q),
            ("b", P, N),
        ]
        assert len(acme.stage_changes_since(datetime(2000, 1, 1, tzinfo=UTC), 3)) == 3
