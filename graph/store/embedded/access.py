"""The embedded store's users, suppressions and audit log: its SQLite records' own, passed
straight through (they are not graph data, so the in-memory index never sees them).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, kept apart so the store's module
reads as the index and its writes; the records are the store's composed ``_records``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from ...access.model import AuditEntry, User
from .source import IndexedRecords


class AccessForwarding:
    _records: IndexedRecords

    def add_user(self, user: User, token_hash: str) -> None:
        self._records.add_user(user, token_hash)

    def get_user(self, email: str) -> User | None:
        return self._records.get_user(email)

    def user_by_token(self, token_hash: str) -> User | None:
        return self._records.user_by_token(token_hash)

    def list_users(self) -> list[User]:
        return self._records.list_users()

    def update_user(self, user: User) -> None:
        self._records.update_user(user)

    def set_user_token(self, email: str, token_hash: str) -> None:
        self._records.set_user_token(email, token_hash)

    def revoke_user(self, email: str, at: datetime) -> None:
        self._records.revoke_user(email, at)

    def suppression_secret(self) -> bytes:
        return self._records.suppression_secret()

    def add_suppressions(self, keys: Collection[str], at: datetime) -> None:
        self._records.add_suppressions(keys, at)

    def suppressed(self, keys: Collection[str]) -> set[str]:
        return self._records.suppressed(keys)

    def suppression_count(self) -> int:
        return self._records.suppression_count()

    def append_audit(self, entry: AuditEntry) -> None:
        self._records.append_audit(entry)

    def audit_entries(self, *, since: datetime | None = None, limit: int = 100) -> list[AuditEntry]:
        return self._records.audit_entries(since=since, limit=limit)
