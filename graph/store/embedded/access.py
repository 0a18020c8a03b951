"""The embedded store's users, suppressions, audit log, external ids and identity reads: its
SQLite records' own, passed straight through (none of it is in the in-memory index: the
first four are not graph data, and identities are a bulk read of records the index does not
hold — names, e-mails, employment).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, kept apart so the store's module
reads as the index and its writes; the records are the store's composed ``_records``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from ...access.model import AuditEntry, User
from ...queries import CompanyIdentity, PersonIdentity
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

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        return self._records.external_ids(source, kind, keys)

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        # not graph data: the data version, and so the index, stay as they are
        self._records.record_external_ids(source, kind, mapping)

    def person_identities(self) -> list[PersonIdentity]:
        return self._records.person_identities()

    def company_identities(self) -> list[CompanyIdentity]:
        return self._records.company_identities()
