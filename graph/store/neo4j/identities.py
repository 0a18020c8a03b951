"""External ids and identity reads on Neo4j: the ``ExternalIds`` and ``Identities`` protocols.

External ids are import bookkeeping, not graph data: they are written with
``changes_data=False`` (the data version, and whatever is cached on it, stays as it is). The
``external_id_key`` constraint (:mod:`.schema`) keeps one id per ``(source, kind, key)``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from neo4j import ManagedTransaction

from ...queries import CompanyIdentity, PersonIdentity
from . import cypher
from .session import Session

#: Keys per ``UNWIND`` statement: bounds one statement's parameters and memory on the server
#: while a whole mapping still goes in one transaction.
BATCH = 10_000


def _batches(items: list[str]) -> list[list[str]]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


class IdentityRecords:
    """External ids and everyone's identity, through ``session``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        unique = sorted(set(keys))

        def work(tx: ManagedTransaction) -> dict[str, str]:
            found: dict[str, str] = {}
            for batch in _batches(unique):
                rows = tx.run(cypher.EXTERNAL_IDS, source=source, kind=kind, keys=batch)
                found.update((r["key"], r["id"]) for r in rows)
            return found

        return self._session.read(work) if unique else {}

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        keys = list(mapping)

        def work(tx: ManagedTransaction) -> None:
            # every batch in the same transaction: the whole mapping or none of it
            for batch in _batches(keys):
                rows = [{"key": key, "id": mapping[key]} for key in batch]
                tx.run(cypher.RECORD_EXTERNAL_IDS, source=source, kind=kind, rows=rows).consume()

        if keys:
            self._session.write(work, changes_data=False)

    def person_identities(self) -> list[PersonIdentity]:
        return [
            PersonIdentity(
                r["id"], r["name"], r["email"], r["linkedin"], tuple(sorted(r["companies"]))
            )
            for r in self._session.query(cypher.PERSON_IDENTITIES)
        ]

    def company_identities(self) -> list[CompanyIdentity]:
        return [
            CompanyIdentity(r["id"], r["name"], r["domain"])
            for r in self._session.query(cypher.COMPANY_IDENTITIES)
        ]
