"""Appending to the audit log: who did what, and when, for every write and erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ..store.base import AuditLog
from .model import AuditEntry, Caller


def utc_now() -> datetime:
    return datetime.now(UTC)


class Auditor:
    """Writes the caller's entries. Called after a write succeeded, so the log never claims
    a write that did not happen."""

    def __init__(
        self, log: AuditLog, caller: Caller, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.log = log
        self.caller = caller
        self.clock = clock

    def record(self, action: str, target: str, detail: str = "") -> None:
        self.log.append_audit(AuditEntry(self.clock(), self.caller.email, action, target, detail))
