"""``Webhooks``: subscriptions kept with their secret, and an append-only delivery log read
newest first, on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.errors import Conflict, NotFound
from graph.store.base import Webhooks
from graph.webhooks.model import DeliveryAttempt, Outcome, Webhook

pytestmark = pytest.mark.protocol.with_args(Webhooks)

T0 = datetime(2026, 11, 1, 8, 0, 0, 250000, tzinfo=UTC)


def hook(i: int, **changes: Any) -> Webhook:
    base = Webhook(
        id=f"wh_{i}",
        url=f"https://hooks.example/{i}",
        events=("intro.accepted", "intro.won"),
        secret=f"whsec_secret_{i}",
        created_at=T0 + timedelta(minutes=i),
    )
    return replace(base, **changes)


def attempt(i: int, webhook_id: str = "wh_1", **changes: Any) -> DeliveryAttempt:
    base = DeliveryAttempt(
        delivery_id=f"d{i}",
        webhook_id=webhook_id,
        event_type="intro.accepted",
        attempt=1,
        at=T0 + timedelta(seconds=i),
        outcome=Outcome.DELIVERED,
        status_code=200,
        error=None,
        duration_ms=12.5,
    )
    return replace(base, **changes)


def without_seq(lines: list[DeliveryAttempt]) -> list[DeliveryAttempt]:
    return [replace(a, seq=None) for a in lines]


class TestSubscriptions:
    def test_none_at_first(self, records: Any) -> None:
        assert records.list_webhooks() == []

    def test_added_webhooks_come_back_whole_oldest_first(self, records: Any) -> None:
        # the worker signs with the stored secret: it must come back exactly as given
        records.add_webhook(hook(2, events=("intro.*",)))
        records.add_webhook(hook(1))
        assert records.list_webhooks() == [hook(1), hook(2, events=("intro.*",))]

    def test_a_duplicate_id_conflicts_and_keeps_the_first(self, records: Any) -> None:
        records.add_webhook(hook(1))
        with pytest.raises(Conflict):
            records.add_webhook(hook(1, url="https://elsewhere.example/"))
        assert records.list_webhooks() == [hook(1)]

    def test_remove_forgets_the_webhook_but_keeps_its_log(self, records: Any) -> None:
        records.add_webhook(hook(1))
        records.add_webhook(hook(2))
        records.append_deliveries([attempt(1, "wh_1")])
        records.remove_webhook("wh_1")
        assert records.list_webhooks() == [hook(2)]
        assert without_seq(records.deliveries(webhook_id="wh_1")) == [attempt(1, "wh_1")]

    def test_removing_an_unknown_webhook_is_not_found(self, records: Any) -> None:
        records.add_webhook(hook(1))
        with pytest.raises(NotFound):
            records.remove_webhook("wh_missing")
        assert records.list_webhooks() == [hook(1)]

    def test_webhooks_are_not_graph_data(self, records: Any) -> None:
        # caches keyed on the data version (the embedded index) must not be thrown away
        before = records.data_version()
        records.add_webhook(hook(1))
        records.append_deliveries([attempt(1)])
        records.remove_webhook("wh_1")
        assert records.data_version() == before


class TestDeliveryLog:
    def test_empty_log(self, records: Any) -> None:
        assert records.deliveries() == []

    def test_lines_come_back_newest_first_with_increasing_seqs(self, records: Any) -> None:
        failed = attempt(0, outcome=Outcome.RETRYING, status_code=None, error="connection refused")
        records.append_deliveries([failed, attempt(1, attempt=2, status_code=503)])
        records.append_deliveries([attempt(2, outcome=Outcome.FAILED, status_code=400)])
        got = records.deliveries()
        assert without_seq(got) == [
            attempt(2, outcome=Outcome.FAILED, status_code=400),
            attempt(1, attempt=2, status_code=503),
            failed,
        ]
        seqs = [a.seq for a in got]
        assert all(isinstance(s, int) for s in seqs)
        assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == 3

    def test_order_is_append_order_even_when_clocks_disagree(self, records: Any) -> None:
        records.append_deliveries([attempt(5)])
        records.append_deliveries([attempt(1)])
        assert [a.delivery_id for a in records.deliveries()] == ["d1", "d5"]

    def test_filter_by_webhook_and_limit(self, records: Any) -> None:
        records.append_deliveries([attempt(i, "wh_1" if i % 2 else "wh_2") for i in range(6)])
        assert [a.delivery_id for a in records.deliveries(webhook_id="wh_2")] == [
            "d4",
            "d2",
            "d0",
        ]
        assert [a.delivery_id for a in records.deliveries(limit=2)] == ["d5", "d4"]
        assert records.deliveries(webhook_id="wh_1", limit=1)[0].delivery_id == "d5"
        assert records.deliveries(limit=0) == []
        assert records.deliveries(webhook_id="wh_none") == []

    def test_a_dropped_delivery_has_no_answer(self, records: Any) -> None:
        dropped = attempt(
            1, attempt=0, outcome=Outcome.DROPPED, status_code=None, error="queue full"
        )
        records.append_deliveries([dropped])
        assert without_seq(records.deliveries()) == [dropped]

    def test_appending_nothing_is_a_no_op(self, records: Any) -> None:
        records.append_deliveries([])
        assert records.deliveries() == []
