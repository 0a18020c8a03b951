"""Webhook subscriptions and their delivery log on Neo4j (the ``Webhooks`` protocol):
``(:Webhook {id, url, events, secret, createdAt})`` and ``(:WebhookDelivery {seq, ...})``.

:class:`WebhookNodes` is a base of :class:`~.store.Neo4jStore`. Every write runs with
``changes_data=False``: none of it is graph data. Times are float epoch seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from neo4j import ManagedTransaction

from ...errors import Conflict, NotFound
from ...webhooks.model import DeliveryAttempt, Outcome, Webhook
from ..values import epoch_seconds, instant
from . import cypher
from .session import Session


def _delivery_props(a: DeliveryAttempt) -> dict[str, Any]:
    props = {
        "deliveryId": a.delivery_id,
        "webhookId": a.webhook_id,
        "eventType": a.event_type,
        "attempt": a.attempt,
        "at": epoch_seconds(a.at),
        "outcome": a.outcome.value,
        "statusCode": a.status_code,
        "error": a.error,
        "durationMs": float(a.duration_ms),
    }
    return {key: value for key, value in props.items() if value is not None}


def _delivery(r: Mapping[str, Any]) -> DeliveryAttempt:
    return DeliveryAttempt(
        delivery_id=r["deliveryId"],
        webhook_id=r["webhookId"],
        event_type=r["eventType"],
        attempt=r["attempt"],
        at=instant(r["at"]),
        outcome=Outcome(r["outcome"]),
        status_code=r["statusCode"],
        error=r["error"],
        duration_ms=r["durationMs"],
        seq=r["seq"],
    )


class WebhookNodes:
    """The ``Webhooks`` protocol through ``_session`` (set by the class this is a base of)."""

    _session: Session

    def add_webhook(self, webhook: Webhook) -> None:
        props = {
            "id": webhook.id,
            "url": webhook.url,
            "events": list(webhook.events),
            "secret": webhook.secret,
            "createdAt": epoch_seconds(webhook.created_at),
        }

        def work(tx: ManagedTransaction) -> None:
            if tx.run(cypher.WEBHOOK_EXISTS, id=webhook.id).single(strict=True)["found"]:
                raise Conflict(f"a webhook with id {webhook.id!r} already exists")
            # a concurrent add of the same id fails on the webhook_id constraint instead
            tx.run(cypher.CREATE_WEBHOOK, props=props).consume()

        self._session.write(work, changes_data=False)

    def list_webhooks(self) -> list[Webhook]:
        return [
            Webhook(r["id"], r["url"], tuple(r["events"]), r["secret"], instant(r["createdAt"]))
            for r in self._session.query(cypher.LIST_WEBHOOKS)
        ]

    def remove_webhook(self, webhook_id: str) -> None:
        def work(tx: ManagedTransaction) -> int:
            return int(tx.run(cypher.REMOVE_WEBHOOK, id=webhook_id).single(strict=True)[0])

        if self._session.write(work, changes_data=False) == 0:
            raise NotFound("webhook", webhook_id)

    def append_deliveries(self, attempts: Sequence[DeliveryAttempt]) -> None:
        if not attempts:
            return
        rows = [_delivery_props(a) for a in attempts]

        def work(tx: ManagedTransaction) -> None:
            tx.run(
                cypher.APPEND_DELIVERIES, counter=cypher.WEBHOOK_COUNTER_KEY, rows=rows
            ).consume()

        self._session.write(work, changes_data=False)

    def deliveries(
        self, *, webhook_id: str | None = None, limit: int = 100
    ) -> list[DeliveryAttempt]:
        if limit <= 0:
            return []
        rows = self._session.query(cypher.DELIVERIES, webhookId=webhook_id or None, limit=limit)
        return [_delivery(r) for r in rows]
