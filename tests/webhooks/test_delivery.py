"""Webhook delivery against a real HTTP receiver on loopback: what a receiver gets (signed,
verifiable with an independent HMAC), which failures are retried and how each attempt is
logged, who gets which event, and that neither a dead nor a slow receiver hurts the
service."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.webhooks import WebhookDispatcher
from graph.access.model import Caller
from graph.events import Event, EventBus
from graph.store.sqlite import SQLiteRecords
from graph.webhooks.directory import WebhookDirectory
from graph.webhooks.model import Outcome
from graph.webhooks.retry import RetryPolicy
from graph.webhooks.signing import verify

from .receiver import Receiver, closed_port_url, running_receiver

#: Retries after about 10, 20, 40 ms: the schedule of the default policy, scaled down.
FAST = RetryPolicy(attempts=4, base_delay=0.01, jitter=0.2, timeout=5.0)
PAYLOAD = {"id": "ir_1", "status": "ACCEPTED", "by": "ana@acme.example"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteRecords]:
    with SQLiteRecords(tmp_path / "hooks.db") as records:
        yield records


@pytest.fixture
def directory(store: SQLiteRecords) -> WebhookDirectory:
    return WebhookDirectory(store, Caller.operator())


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as r:
        yield r


@pytest.fixture
def bus(store: SQLiteRecords) -> Iterator[EventBus]:
    """An event bus with a started dispatcher (``bus.dispatcher``) listening on it."""
    bus = EventBus()
    dispatcher = WebhookDispatcher(store, FAST)
    dispatcher.start()
    unsubscribe = bus.subscribe(dispatcher)
    bus.dispatcher = dispatcher  # type: ignore[attr-defined]
    yield bus
    unsubscribe()
    dispatcher.stop()


def publish(bus: EventBus, event_type: str = "intro.accepted") -> None:
    bus.publish(Event(event_type, PAYLOAD))
    assert bus.dispatcher.wait_idle(30)  # type: ignore[attr-defined]


def independent_signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class TestWhatAReceiverGets:
    def test_a_signed_json_event_with_its_headers(self, bus, directory, receiver) -> None:
        hook, secret = directory.add(receiver.url + "/hook", "intro.accepted")
        publish(bus)
        [got] = receiver.requests
        headers = {k.lower(): v for k, v in got.headers.items()}
        body = json.loads(got.body)
        assert set(body) == {"id", "type", "at", "data"}
        assert body["type"] == "intro.accepted" and body["data"] == PAYLOAD
        assert headers["content-type"] == "application/json"
        assert headers["x-warmgraph-event"] == "intro.accepted"
        assert headers["x-warmgraph-delivery"] == body["id"]
        timestamp = headers["x-warmgraph-timestamp"]
        assert timestamp.isdigit()
        assert headers["x-warmgraph-signature"] == independent_signature(
            secret, timestamp, got.body
        )
        # the receiver's side: the published verify() accepts it, and nothing else
        signature = headers["x-warmgraph-signature"]
        assert verify(secret, got.body, timestamp, signature)
        assert not verify(secret, got.body + b" ", timestamp, signature)
        assert not verify("whsec_other", got.body, timestamp, signature)
        assert not verify(secret, got.body, str(int(timestamp) - 3600), signature)
        assert not verify(secret, got.body, timestamp, signature, now=int(timestamp) + 301)
        [line] = directory.deliveries()
        assert (line.webhook_id, line.delivery_id, line.attempt) == (hook.id, body["id"], 1)
        assert (line.outcome, line.status_code, line.error) == (Outcome.DELIVERED, 200, None)

    def test_the_secret_is_never_in_the_log_or_the_listing(self, bus, directory, receiver) -> None:
        _, secret = directory.add(receiver.url + "/hook", "intro.*")
        receiver.answer("/hook", [500])
        publish(bus)
        assert secret not in repr(directory.list())
        assert secret not in repr(directory.deliveries())


class TestRetries:
    def test_5xx_and_429_are_retried_with_the_same_delivery_and_every_attempt_logged(
        self, bus, directory, receiver
    ) -> None:
        _, secret = directory.add(receiver.url + "/flaky", "intro.accepted")
        receiver.answer("/flaky", [500, 429, 503])
        publish(bus)
        got = receiver.at("/flaky")
        assert len(got) == 4
        assert len({r.body for r in got}) == 1  # the same event, byte for byte
        assert len({r.headers["X-Warmgraph-Delivery"] for r in got}) == 1
        for r in got:  # each attempt signed afresh, for its own timestamp
            ts = r.headers["X-Warmgraph-Timestamp"]
            assert r.headers["X-Warmgraph-Signature"] == independent_signature(secret, ts, r.body)
        log = list(reversed(directory.deliveries()))
        assert [(a.attempt, a.outcome, a.status_code) for a in log] == [
            (1, Outcome.RETRYING, 500),
            (2, Outcome.RETRYING, 429),
            (3, Outcome.RETRYING, 503),
            (4, Outcome.DELIVERED, 200),
        ]
        assert [a.error for a in log[:3]] == ["HTTP 500", "HTTP 429", "HTTP 503"]
        assert all(a.duration_ms >= 0 for a in log)

    def test_gives_up_after_the_last_attempt(self, bus, directory, receiver) -> None:
        directory.add(receiver.url + "/broken", "intro.accepted")
        receiver.answer("/broken", [500] * 10)
        publish(bus)
        assert len(receiver.at("/broken")) == FAST.attempts
        newest = directory.deliveries()[0]
        assert (newest.attempt, newest.outcome) == (FAST.attempts, Outcome.FAILED)

    @pytest.mark.parametrize("code", [400, 401, 404, 410])
    def test_other_4xx_are_final(self, bus, directory, receiver, code) -> None:
        directory.add(receiver.url + "/refuses", "intro.accepted")
        receiver.answer("/refuses", [code, 200])
        publish(bus)
        assert len(receiver.at("/refuses")) == 1
        [line] = directory.deliveries()
        assert (line.outcome, line.status_code, line.error) == (
            Outcome.FAILED,
            code,
            f"HTTP {code}",
        )

    def test_redirects_are_never_followed(self, bus, directory, receiver) -> None:
        directory.add(receiver.url + "/moved", "intro.accepted")
        receiver.answer("/moved", [302])
        publish(bus)
        assert [r.path for r in receiver.requests] == ["/moved"]
        [line] = directory.deliveries()
        assert (line.outcome, line.status_code) == (Outcome.FAILED, 302)
        assert line.error == "redirect not followed"

    def test_a_receiver_that_is_down_is_retried_logged_and_survived(
        self, bus, directory, receiver
    ) -> None:
        down, _ = directory.add(closed_port_url(), "intro.accepted")
        publish(bus)
        log = list(reversed(directory.deliveries(down.id)))
        assert [(a.attempt, a.outcome) for a in log] == [
            (1, Outcome.RETRYING),
            (2, Outcome.RETRYING),
            (3, Outcome.RETRYING),
            (4, Outcome.FAILED),
        ]
        assert all(a.status_code is None and a.error for a in log)
        # the dispatcher is still working: the next event reaches a receiver that is up
        directory.add(receiver.url + "/up", "intro.won")
        publish(bus, "intro.won")
        assert len(receiver.at("/up")) == 1


class TestWhoGetsWhat:
    def test_only_subscribed_webhooks_receive_an_event(self, bus, directory, receiver) -> None:
        a, _ = directory.add(receiver.url + "/a", "intro.accepted")
        b, _ = directory.add(receiver.url + "/b", "intro.won,intro.lost")
        c, _ = directory.add(receiver.url + "/c", "intro.*")
        publish(bus, "intro.accepted")
        assert sorted(r.path for r in receiver.requests) == ["/a", "/c"]
        assert {line.webhook_id for line in directory.deliveries()} == {a.id, c.id}
        assert directory.deliveries(b.id) == []

    def test_a_removed_webhook_receives_nothing_more(self, bus, directory, receiver) -> None:
        hook, _ = directory.add(receiver.url + "/gone", "intro.*")
        directory.remove(hook.id)
        publish(bus)
        assert receiver.requests == []

    def test_events_nobody_subscribed_to_send_nothing(self, bus, directory, receiver) -> None:
        directory.add(receiver.url + "/a", "intro.accepted")
        publish(bus, "intro.declined")
        assert receiver.requests == [] and directory.deliveries() == []


class TestTheServiceIsNeverHeldUp:
    def test_publishing_returns_while_a_slow_receiver_holds_the_delivery(
        self, bus, directory, receiver
    ) -> None:
        directory.add(receiver.url + "/slow", "intro.accepted")
        receiver.hold = True
        publisher = threading.Thread(target=bus.publish, args=(Event("intro.accepted", PAYLOAD),))
        publisher.start()
        publisher.join(10)
        assert not publisher.is_alive()  # the write's thread is back ...
        assert receiver.wait_for(1)  # ... while the receiver still holds the request
        assert not receiver.released.is_set()
        receiver.release()
        assert bus.dispatcher.wait_idle(30)  # type: ignore[attr-defined]
        assert directory.deliveries()[0].outcome is Outcome.DELIVERED

    def test_a_full_queue_drops_the_event_and_logs_it(self, store, directory, receiver) -> None:
        hook, _ = directory.add(receiver.url + "/hook", "intro.accepted")
        dispatcher = WebhookDispatcher(store, FAST, queue_size=1)  # not started: nothing drains
        dispatcher(Event("intro.accepted", PAYLOAD))
        dispatcher(Event("intro.accepted", {"id": "ir_2"}))
        [dropped] = directory.deliveries()
        assert (dropped.webhook_id, dropped.attempt, dropped.outcome) == (
            hook.id,
            0,
            Outcome.DROPPED,
        )
        assert dropped.error == "the delivery queue was full"
        dispatcher.start()
        try:
            assert dispatcher.wait_idle(30)
        finally:
            dispatcher.stop()
        [delivered] = receiver.requests
        assert json.loads(delivered.body)["data"] == PAYLOAD

    def test_stopping_logs_waiting_retries_as_dropped(self, store, directory, receiver) -> None:
        directory.add(receiver.url + "/later", "intro.accepted")
        receiver.answer("/later", [503])
        patient = RetryPolicy(attempts=3, base_delay=600, timeout=5.0)
        dispatcher = WebhookDispatcher(store, patient)
        dispatcher.start()
        dispatcher(Event("intro.accepted", PAYLOAD))
        assert receiver.wait_for(1)
        dispatcher.stop()
        log = directory.deliveries()
        assert [(a.attempt, a.outcome) for a in log] == [
            (2, Outcome.DROPPED),
            (1, Outcome.RETRYING),
        ]
        assert log[0].error == "the server stopped before it was delivered"


def test_removing_a_webhook_cancels_its_waiting_retries(store, directory, receiver) -> None:
    hook, _ = directory.add(receiver.url + "/flaky", "intro.accepted")
    receiver.answer("/flaky", [503])
    # long enough that the removal below lands before the retry is due
    dispatcher = WebhookDispatcher(store, RetryPolicy(attempts=3, base_delay=2.0, jitter=0.0))
    dispatcher.start()
    try:
        dispatcher(Event("intro.accepted", PAYLOAD))
        assert receiver.wait_for(1)
        directory.remove(hook.id)
        assert dispatcher.wait_idle(30)
    finally:
        dispatcher.stop()
    assert len(receiver.at("/flaky")) == 1
    assert [a.outcome for a in directory.deliveries()] == [Outcome.RETRYING]
