"""The embedded store's webhooks and delivery log: its SQLite records', passed straight
through (not graph data, so nothing of it is in the in-memory index).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, like ``AccessForwarding``."""

from __future__ import annotations

from collections.abc import Sequence

from ...webhooks.model import DeliveryAttempt, Webhook
from .source import IndexedRecords


class WebhookForwarding:
    _records: IndexedRecords

    def add_webhook(self, webhook: Webhook) -> None:
        self._records.add_webhook(webhook)

    def list_webhooks(self) -> list[Webhook]:
        return self._records.list_webhooks()

    def remove_webhook(self, webhook_id: str) -> None:
        self._records.remove_webhook(webhook_id)

    def append_deliveries(self, attempts: Sequence[DeliveryAttempt]) -> None:
        self._records.append_deliveries(attempts)

    def deliveries(
        self, *, webhook_id: str | None = None, limit: int = 100
    ) -> list[DeliveryAttempt]:
        return self._records.deliveries(webhook_id=webhook_id, limit=limit)
