"""Webhook subscriptions and their delivery log in SQLite (the ``Webhooks`` protocol).

:class:`WebhookTables` is a base of :class:`~.records.SQLiteRecords`: each method is one
transaction of its ``Database``, written with ``changes_data=False`` (none of it is graph
data, so the data version and whatever is cached on it stay as they are).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ...errors import Conflict, NotFound
from ...webhooks.model import DeliveryAttempt, Outcome, Webhook
from ..values import epoch_seconds, instant
from .connection import Database

_WEBHOOK_COLS = "id, url, events, secret, created_at"
_DELIVERY_COLS = (
    "delivery_id, webhook_id, event_type, attempt, at, outcome, status_code, error, "
    "duration_ms, seq"
)


def _webhook(row: Sequence[Any]) -> Webhook:
    return Webhook(row[0], row[1], tuple(json.loads(row[2])), row[3], instant(row[4]))


def _delivery(row: Sequence[Any]) -> DeliveryAttempt:
    return DeliveryAttempt(
        delivery_id=row[0],
        webhook_id=row[1],
        event_type=row[2],
        attempt=row[3],
        at=instant(row[4]),
        outcome=Outcome(row[5]),
        status_code=row[6],
        error=row[7],
        duration_ms=row[8],
        seq=row[9],
    )


def add_webhook(conn: sqlite3.Connection, webhook: Webhook) -> None:
    if conn.execute("SELECT 1 FROM webhook WHERE id = ?", (webhook.id,)).fetchone():
        raise Conflict(f"a webhook with id {webhook.id!r} already exists")
    conn.execute(
        f"INSERT INTO webhook ({_WEBHOOK_COLS}) VALUES (?, ?, ?, ?, ?)",
        (
            webhook.id,
            webhook.url,
            json.dumps(list(webhook.events)),
            webhook.secret,
            epoch_seconds(webhook.created_at),
        ),
    )


def list_webhooks(conn: sqlite3.Connection) -> list[Webhook]:
    rows = conn.execute(f"SELECT {_WEBHOOK_COLS} FROM webhook ORDER BY created_at, id")
    return [_webhook(r) for r in rows]


def remove_webhook(conn: sqlite3.Connection, webhook_id: str) -> None:
    if conn.execute("DELETE FROM webhook WHERE id = ?", (webhook_id,)).rowcount == 0:
        raise NotFound("webhook", webhook_id)


def append_deliveries(conn: sqlite3.Connection, attempts: Sequence[DeliveryAttempt]) -> None:
    conn.executemany(
        "INSERT INTO webhook_delivery (delivery_id, webhook_id, event_type, attempt, at, "
        "outcome, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                a.delivery_id,
                a.webhook_id,
                a.event_type,
                a.attempt,
                epoch_seconds(a.at),
                a.outcome.value,
                a.status_code,
                a.error,
                a.duration_ms,
            )
            for a in attempts
        ],
    )


def deliveries(
    conn: sqlite3.Connection, webhook_id: str | None, limit: int
) -> list[DeliveryAttempt]:
    if limit <= 0:  # SQLite reads a negative LIMIT as none at all
        return []
    where, params = ("WHERE webhook_id = ? ", [webhook_id, limit]) if webhook_id else ("", [limit])
    rows = conn.execute(
        f"SELECT {_DELIVERY_COLS} FROM webhook_delivery {where}ORDER BY seq DESC LIMIT ?", params
    )
    return [_delivery(r) for r in rows]


class WebhookTables:
    """The ``Webhooks`` protocol over ``_db`` (set by the class this is a base of)."""

    _db: Database

    def add_webhook(self, webhook: Webhook) -> None:
        with self._db.write(changes_data=False) as conn:
            add_webhook(conn, webhook)

    def list_webhooks(self) -> list[Webhook]:
        with self._db.read() as conn:
            return list_webhooks(conn)

    def remove_webhook(self, webhook_id: str) -> None:
        with self._db.write(changes_data=False) as conn:
            remove_webhook(conn, webhook_id)

    def append_deliveries(self, attempts: Sequence[DeliveryAttempt]) -> None:
        if not attempts:
            return
        with self._db.write(changes_data=False) as conn:
            append_deliveries(conn, attempts)

    def deliveries(
        self, *, webhook_id: str | None = None, limit: int = 100
    ) -> list[DeliveryAttempt]:
        with self._db.read() as conn:
            return deliveries(conn, webhook_id, limit)
