"""The service's forecast on a real SQLite file whose stage history is planted: won deals took
30 days from entering negotiation to closed-won, so an open negotiation deal is expected 30
days after it entered the stage, and falls inside or outside the horizon accordingly."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from graph.model import Company, Deal, DealStage, Person
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.store.values import epoch_seconds

N, W = DealStage.NEGOTIATION, DealStage.CLOSED_WON
TODAY = date(2026, 11, 15)
ENTERED = datetime(2026, 11, 3, 9, tzinfo=UTC)  # the open deal entered negotiation


def plant(path: Path) -> None:
    """Six won deals and one open one written through the service, then their history's
    times set to the planted ones (the stores stamp changes with the wall clock)."""
    store = EmbeddedStore(path)
    service = WarmgraphService(store)
    service.create(Company("acme", "Acme"))
    service.create(Person("rep", "Rep"))
    for k in range(6):
        service.create(Deal(f"won{k}", "Won", "acme", "rep", N, 100.0, date(2026, 1, 1)))
        service.update(Deal, f"won{k}", {"stage": W, "closed_at": date(2026, 6, 1)})
    service.create(Deal("open", "Open", "acme", "rep", N, 1000.0, date(2026, 10, 1)))
    store.close()
    with sqlite3.connect(path) as conn:
        for k in range(6):
            entered = datetime(2026, 3, 1 + k, 9, tzinfo=UTC)
            for stage, at in ((N, entered), (W, entered + timedelta(days=30))):
                conn.execute(
                    "UPDATE deal_stage_change SET at = ? WHERE deal_id = ? AND stage_to = ?",
                    (epoch_seconds(at), f"won{k}", stage.value),
                )
        conn.execute(
            "UPDATE deal_stage_change SET at = ? WHERE deal_id = 'open'", (epoch_seconds(ENTERED),)
        )


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WarmgraphService]:
    monkeypatch.setenv("WARMGRAPH_NOW", TODAY.isoformat())
    path = tmp_path / "flow.db"
    plant(path)
    store = EmbeddedStore(path)
    yield WarmgraphService(store)
    store.close()


def test_an_open_negotiation_deal_is_expected_30_days_after_it_entered(
    service: WarmgraphService,
) -> None:
    result = service.forecast(months=2).result  # Nov and Dec
    (deal,) = result.included
    assert deal.id == "open" and deal.basis == "stage"
    assert deal.expected_close == ENTERED.date() + timedelta(days=30) == date(2026, 12, 3)
    assert [(b.key, b.deals) for b in result.by_month] == [("2026-11", 0), ("2026-12", 1)]
    assert result.expected_amount == pytest.approx(1000.0 * deal.probability)
    # closed won deals are history, never forecast
    assert all(d.id.startswith("open") for d in result.included)


def test_a_horizon_ending_before_that_leaves_it_out(service: WarmgraphService) -> None:
    result = service.forecast(months=1).result
    assert result.deals == 0 and result.expected_amount == 0.0
    assert result.best_case == result.worst_case == 0.0
