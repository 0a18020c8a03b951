"""Webhooks as the service offers them: add, list, remove, read the delivery log. Admins
only (and the operator at the command line): a webhook sends what happens to introductions
outside, so configuring one is as sensitive as reading them all.

The signing secret is made here (256 bits from ``secrets``) and returned once, by
:meth:`WebhookDirectory.add`; listings never show it, and it is never logged.
"""

from __future__ import annotations

import builtins
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from ..access import policy
from ..access.audit import Auditor
from ..access.model import Caller
from ..errors import NotFound
from ..store.base import AuditLog, Webhooks
from ..validation import check_id, check_range
from .model import DeliveryAttempt, Webhook, check_events, check_url

#: Webhook ids and secrets start with these, so they are easy to recognise (and for secret
#: scanners to find).
ID_PREFIX = "wh_"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
DELIVERIES_MAX = 1000


@dataclass(frozen=True, slots=True)
class WebhookView:
    """A webhook as listed: everything but its secret."""

    id: str
    url: str
    events: tuple[str, ...]
    created_at: datetime

    @classmethod
    def of(cls, webhook: Webhook) -> WebhookView:
        return cls(webhook.id, webhook.url, webhook.events, webhook.created_at)


class WebhookStore(Webhooks, AuditLog, Protocol):
    """What the directory needs from a store."""


class WebhookDirectory:
    """Acts for ``caller``; writes its changes to the store's audit log."""

    def __init__(self, store: WebhookStore, caller: Caller) -> None:
        self.store = store
        self.caller = caller
        self.audit = Auditor(store, caller)

    def add(self, url: str, events: str | Collection[str]) -> tuple[WebhookView, str]:
        """Subscribe ``url`` to ``events``; the new webhook and its signing secret (returned
        this once). BadInput for a URL that is not http(s) or an unknown event name."""
        policy.require_admin(self.caller, "manage webhooks")
        webhook = Webhook(
            id=ID_PREFIX + secrets.token_hex(8),
            url=check_url(url),
            events=check_events(events),
            secret=SECRET_PREFIX + secrets.token_urlsafe(32),
            created_at=datetime.now(UTC),
        )
        self.store.add_webhook(webhook)
        self.audit.record("webhook.add", f"webhook:{webhook.id}", ",".join(webhook.events))
        return WebhookView.of(webhook), webhook.secret

    def list(self) -> builtins.list[WebhookView]:
        policy.require_admin(self.caller, "manage webhooks")
        return [WebhookView.of(w) for w in self.store.list_webhooks()]

    def remove(self, webhook_id: str) -> WebhookView:
        """Unsubscribe; NotFound if there is no such webhook. Deliveries already waiting for
        a retry are dropped; its log stays."""
        policy.require_admin(self.caller, "manage webhooks")
        wanted = check_id(webhook_id, "webhook id")
        found = [w for w in self.store.list_webhooks() if w.id == wanted]
        if not found:
            raise NotFound("webhook", wanted)
        self.store.remove_webhook(wanted)
        self.audit.record("webhook.remove", f"webhook:{wanted}")
        return WebhookView.of(found[0])

    def deliveries(
        self, webhook_id: str | None = None, limit: int = 100
    ) -> builtins.list[DeliveryAttempt]:
        """The delivery log, newest first: every attempt (of one webhook if given)."""
        policy.require_admin(self.caller, "read the webhook delivery log")
        check_range("limit", limit, 1, DELIVERIES_MAX)
        wanted = None if webhook_id is None else check_id(webhook_id, "webhook id")
        return self.store.deliveries(webhook_id=wanted, limit=limit)


__all__ = ["WebhookDirectory", "WebhookView"]
