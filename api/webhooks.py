"""Webhook delivery: POST each published event, signed, to every webhook subscribed to it,
from background threads, retrying what may succeed later, logging every attempt.

:class:`WebhookDispatcher` listens on the service's ``EventBus`` (``create_app`` subscribes
it while the server runs). The listener only appends the event to a bounded in-memory
queue, so a slow or dead receiver never slows the write that published it; when the queue
is full the event is dropped, logged, and a ``dropped`` line is written to the delivery log
for each webhook that would have received it. Sender threads take events off the queue,
read the subscriptions (so a webhook added or removed with ``warmgraph webhooks`` applies
to the next event, also in a running server), and deliver:

- the body is ``{"id": <delivery id>, "type": <event>, "at": <ISO 8601>, "data": {...}}``,
  the same bytes on every attempt; the headers are those of ``graph.webhooks.signing``,
  with a fresh timestamp and signature per attempt;
- an attempt is bounded by ``RetryPolicy.timeout`` (connecting, and each read or write);
  redirects are never followed and the answer's body is never read, only its status;
- failures that may pass (no answer, ``5xx``, ``429``) are retried with exponential backoff
  and jitter (``graph.webhooks.retry``) until ``attempts`` are used; others are final;
- every attempt is one line of the delivery log (``warmgraph webhooks deliveries``).

Queued events and scheduled retries live in memory: when the server stops they are
abandoned, each written to the log as ``dropped`` (they are not resumed by the next start).
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import httpx

from graph.events import Event
from graph.store.base import Webhooks
from graph.webhooks import signing
from graph.webhooks.model import DeliveryAttempt, Outcome, Webhook
from graph.webhooks.retry import RetryPolicy, should_retry, succeeded

log = logging.getLogger("warmgraph.webhooks")

ERROR_MAX = 300


def _user_agent() -> str:
    try:
        return f"warmgraph-webhooks/{version('warmgraph')}"
    except PackageNotFoundError:
        return "warmgraph-webhooks"


def delivery_body(delivery_id: str, event: Event) -> bytes:
    """The JSON a receiver gets (compact, UTF-8)."""
    document = {
        "id": delivery_id,
        "type": event.type,
        "at": event.at.isoformat(),
        "data": dict(event.payload),
    }
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str).encode()


@dataclass(frozen=True, slots=True)
class _Job:
    """One delivery's next attempt."""

    webhook: Webhook
    delivery_id: str
    event_type: str
    body: bytes
    attempt: int


class WebhookDispatcher:
    """Delivers events to ``store``'s webhooks with ``policy``; ``senders`` threads attempt
    deliveries concurrently (one slow receiver holds up one of them); at most
    ``queue_size`` events wait to be expanded, and as many attempts wait to be made.

    Call it with an event (it is an ``EventBus`` listener); :meth:`start` before and
    :meth:`stop` after.
    """

    def __init__(
        self,
        store: Webhooks,
        policy: RetryPolicy | None = None,
        *,
        queue_size: int = 1000,
        senders: int = 4,
    ) -> None:
        self.store = store
        self.policy = policy or RetryPolicy()
        self.queue_size = queue_size
        self.senders = senders
        self._cond = threading.Condition()
        self._events: deque[Event] = deque()
        self._scheduled: list[tuple[float, int, _Job]] = []
        self._order = itertools.count()
        self._busy = 0
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._client: httpx.Client | None = None

    # -- the listener (runs in the publishing thread: must return at once) --------------

    def __call__(self, event: Event) -> None:
        with self._cond:
            if not self._stopping and len(self._events) < self.queue_size:
                self._events.append(event)
                self._cond.notify()
                return
        log.warning("webhook queue full or stopped: dropping event %s", event.type)
        self._record_dropped([event], [], "the delivery queue was full")

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": _user_agent()},
        )
        for n in range(self.senders):
            thread = threading.Thread(target=self._run, name=f"webhook-sender-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float | None = None) -> None:
        """Stop taking work, let attempts in flight finish (each bounded by the policy's
        timeout), then log what was still waiting as dropped."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        wait = self.policy.timeout * 3 + 1 if timeout is None else timeout
        for thread in self._threads:
            thread.join(wait)
        self._threads.clear()
        with self._cond:
            events, self._events = list(self._events), deque()
            jobs, self._scheduled = [job for _, _, job in self._scheduled], []
        if events or jobs:
            log.warning(
                "webhooks stopping: %d queued events and %d retries abandoned",
                len(events),
                len(jobs),
            )
            self._record_dropped(events, jobs, "the server stopped before it was delivered")
        if self._client is not None:
            self._client.close()
            self._client = None

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is queued, scheduled or in flight; False if ``timeout``
        seconds passed first. For tests and orderly shutdowns."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._events or self._scheduled or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    # -- the sender threads --------------------------------------------------------------

    def _next(self) -> Event | _Job | None:
        """The next event to expand or attempt due; None once stopping."""
        with self._cond:
            while not self._stopping:
                if self._events:
                    self._busy += 1
                    return self._events.popleft()
                now = time.monotonic()
                if self._scheduled and self._scheduled[0][0] <= now:
                    self._busy += 1
                    return heapq.heappop(self._scheduled)[2]
                self._cond.wait(self._scheduled[0][0] - now if self._scheduled else None)
            return None

    def _run(self) -> None:
        while (work := self._next()) is not None:
            try:
                if isinstance(work, Event):
                    self._expand(work)
                else:
                    self._attempt(work)
            except Exception:  # one bad delivery must not kill the sender
                log.exception("webhook delivery failed unexpectedly")
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _schedule(self, jobs: Iterable[_Job], delay: float = 0.0) -> None:
        due = time.monotonic() + delay
        with self._cond:
            for job in jobs:
                heapq.heappush(self._scheduled, (due, next(self._order), job))
            self._cond.notify_all()

    def _expand(self, event: Event) -> None:
        """One first attempt per webhook subscribed to the event."""
        jobs = [
            _Job(webhook, delivery_id, event.type, delivery_body(delivery_id, event), 1)
            for webhook in self.store.list_webhooks()
            if webhook.wants(event.type)
            for delivery_id in [new_delivery_id()]
        ]
        with self._cond:
            room = self.queue_size - len(self._scheduled)
        if len(jobs) > room:
            self._record_dropped([], jobs[max(room, 0) :], "the delivery queue was full")
            jobs = jobs[: max(room, 0)]
        self._schedule(jobs)

    def _attempt(self, job: _Job) -> None:
        if job.attempt > 1 and job.webhook.id not in {w.id for w in self.store.list_webhooks()}:
            return  # removed while waiting for the retry: nothing more to send
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            signing.EVENT_HEADER: job.event_type,
            signing.DELIVERY_HEADER: job.delivery_id,
            signing.TIMESTAMP_HEADER: str(timestamp),
            signing.SIGNATURE_HEADER: signing.signature(job.webhook.secret, timestamp, job.body),
        }
        at = datetime.now(UTC)
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        assert self._client is not None
        try:
            # streamed and closed unread: only the status matters, however big the answer
            with self._client.stream(
                "POST", job.webhook.url, content=job.body, headers=headers
            ) as r:
                status = r.status_code
        except httpx.HTTPError as exc:
            error = (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:ERROR_MAX]
        duration_ms = (time.perf_counter() - started) * 1000.0
        if status is not None and not succeeded(status):
            error = "redirect not followed" if 300 <= status <= 399 else f"HTTP {status}"
        retry = (
            not succeeded(status)
            and should_retry(status)
            and not self.policy.gives_up_after(job.attempt)
        )
        outcome = (
            Outcome.DELIVERED
            if succeeded(status)
            else Outcome.RETRYING
            if retry
            else Outcome.FAILED
        )
        line = DeliveryAttempt(
            job.delivery_id,
            job.webhook.id,
            job.event_type,
            job.attempt,
            at,
            outcome,
            status,
            error,
            duration_ms,
        )
        self.store.append_deliveries([line])
        if outcome is not Outcome.DELIVERED:
            log.info(
                "webhook %s delivery %s attempt %d: %s",
                job.webhook.id,
                job.delivery_id,
                job.attempt,
                error,
            )
        if retry:
            delay = self.policy.delay(job.attempt)
            self._schedule([replace(job, attempt=job.attempt + 1)], delay)

    def _record_dropped(self, events: Sequence[Event], jobs: Sequence[_Job], why: str) -> None:
        """A ``dropped`` log line per delivery that will not be attempted (again)."""
        try:
            lines = [
                _dropped(j.delivery_id, j.webhook.id, j.event_type, j.attempt, why) for j in jobs
            ]
            if events:
                webhooks = self.store.list_webhooks()
                lines += [
                    _dropped(new_delivery_id(), w.id, e.type, 0, why)
                    for e in events
                    for w in webhooks
                    if w.wants(e.type)
                ]
            self.store.append_deliveries(lines)
        except Exception:  # the store itself may be what is failing
            log.exception("could not record dropped webhook deliveries")


def new_delivery_id() -> str:
    return "dlv_" + secrets.token_hex(12)


def _dropped(
    delivery_id: str, webhook_id: str, event_type: str, attempt: int, why: str
) -> DeliveryAttempt:
    """A log line for a delivery (or its ``attempt``) that will not be made."""
    at = datetime.now(UTC)
    return DeliveryAttempt(
        delivery_id, webhook_id, event_type, attempt, at, Outcome.DROPPED, None, why
    )


__all__ = ["WebhookDispatcher", "delivery_body"]
