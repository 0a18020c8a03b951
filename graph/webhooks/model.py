"""Webhooks' shapes and the checks on what an admin configures: the event catalogue, the
subscription (:class:`Webhook`) and one line of the delivery log (:class:`DeliveryAttempt`).

Event names are ``intro.<status>`` for every introduction status (``intro.accepted``,
``intro.target_declined`` ...); a subscription lists names or the pattern ``intro.*``.

>>> check_events("intro.accepted, intro.won")
('intro.accepted', 'intro.won')
>>> subscribes(("intro.*",), "intro.declined")
True
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..errors import BadInput, shown
from ..intro.model import IntroStatus

#: Every introduction status, in the order a request moves through them (``IntroRequest``):
#: taken from the domain's enum so a new status is a new event at once.
INTRO_STATUSES = tuple(status.name for status in IntroStatus)
#: The events a webhook may subscribe to: one per status, published when a request enters it.
EVENT_TYPES = tuple(f"intro.{status.lower()}" for status in INTRO_STATUSES)
#: Patterns standing for every event of a family.
EVENT_PATTERNS = ("intro.*",)

URL_MAX = 2048
SCHEMES = ("http", "https")


class Outcome(enum.StrEnum):
    """What became of one attempt (or of a delivery never attempted)."""

    DELIVERED = "delivered"  # the receiver answered 2xx
    RETRYING = "retrying"  # failed; another attempt is scheduled
    FAILED = "failed"  # failed for good: a 4xx other than 429, a redirect, or attempts used up
    DROPPED = "dropped"  # never attempted: the delivery queue was full


@dataclass(frozen=True, slots=True)
class Webhook:
    """A subscription: POST ``events`` to ``url``, signed with ``secret``."""

    id: str
    url: str
    events: tuple[str, ...]
    secret: str
    created_at: datetime

    def wants(self, event_type: str) -> bool:
        return subscribes(self.events, event_type)


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    """One line of the delivery log: one attempt to deliver one event to one webhook.

    ``delivery_id`` is the same for every attempt of one delivery (the receiver sees it in
    ``X-Warmgraph-Delivery`` and can de-duplicate on it); ``attempt`` counts from 1 (0 for a
    dropped delivery); ``status_code`` is None when no answer came (``error`` says why);
    ``duration_ms`` is the attempt's wall time; ``seq`` is assigned by the store.
    """

    delivery_id: str
    webhook_id: str
    event_type: str
    attempt: int
    at: datetime
    outcome: Outcome
    status_code: int | None = None
    error: str | None = None
    duration_ms: float = 0.0
    seq: int | None = None


def subscribes(patterns: Iterable[str], event_type: str) -> bool:
    """Whether a subscription to ``patterns`` receives ``event_type``."""
    for pattern in patterns:
        if pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def check_events(events: str | Collection[str]) -> tuple[str, ...]:
    """Event names (comma-separated text or a collection), each known or a pattern; sorted,
    without repeats. BadInput names the first unknown one and lists the known ones."""
    names = events.split(",") if isinstance(events, str) else list(events)
    cleaned = {name.strip().lower() for name in names if name.strip()}
    if not cleaned:
        raise BadInput("events must name at least one event, such as intro.accepted or intro.*")
    for name in sorted(cleaned):
        if name not in EVENT_TYPES and name not in EVENT_PATTERNS:
            known = ", ".join((*EVENT_PATTERNS, *EVENT_TYPES))
            raise BadInput(f"unknown event {shown(name)}; use one of: {known}")
    return tuple(sorted(cleaned))


def check_url(url: str) -> str:
    """An absolute http or https URL with a host; BadInput otherwise.

    Where it points is not checked: an admin configures webhooks, and pointing one at an
    internal service (a CRM on the same network) is a normal use. What keeps a webhook from
    being turned against the network is that deliveries never follow redirects, send
    nothing but the signed event, and read nothing back but the status code.
    """
    text = url.strip()
    if len(text) > URL_MAX:
        raise BadInput(f"the webhook URL is over {URL_MAX} characters")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a port that is not a number or out of range
    except ValueError as exc:
        raise BadInput(f"not a URL: {shown(url)} ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise BadInput(f"a webhook URL must start with http:// or https://, got {shown(url)}")
    if not parts.hostname:
        raise BadInput(f"the webhook URL names no host: {shown(url)}")
    if parts.username or parts.password:
        raise BadInput("the webhook URL must not carry a user or password (it is signed)")
    del port
    return text


__all__ = [
    "EVENT_PATTERNS",
    "EVENT_TYPES",
    "INTRO_STATUSES",
    "DeliveryAttempt",
    "Outcome",
    "Webhook",
    "check_events",
    "check_url",
    "subscribes",
]
