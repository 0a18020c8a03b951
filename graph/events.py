"""Domain events, published by the service after a write commits, for whoever listens
(webhooks, ``api.webhooks``).

Publishing never fails the write that caused it: a listener that raises is logged and
skipped, so a broken receiver cannot undo or block an introduction's transition. Listeners
run in the publishing thread and must return quickly (webhook delivery only enqueues).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("warmgraph.events")


@dataclass(frozen=True, slots=True)
class Event:
    """``type`` such as ``intro.accepted``; ``payload`` JSON-ready (ids, statuses, times as
    ISO 8601 text); ``at`` when it happened (UTC)."""

    type: str
    payload: Mapping[str, Any]
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


Listener = Callable[[Event], None]


class EventBus:
    """In-process publish/subscribe; thread-safe (the service runs in worker threads)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a listener's failure is its own; the write stands
                log.exception("event listener failed on %s", event.type)


__all__ = ["Event", "EventBus", "Listener"]
