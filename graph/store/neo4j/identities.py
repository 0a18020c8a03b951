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
        """One transaction for the whole mapping (atomic, as the port says). Its size is bounded
        by the server's transaction memory: a caller records an import's ids per batch (the
        test server's 358 MiB limit took 60,000 keys in one call, and refused 100,000)."""
        keys = list(mapping)

        def work(tx: ManagedTransaction) -> None:
            # every batch in the same transaction: the whole mapping or none of it
            for batch in _batches(keys):
                rows = [{"key": key, "id": mapping[key]} for key in batch]
                tx.run(cypher.RECORD_EXTERNAL_IDS, source=source, kind=kind, rows=rows).consume()

        if keys:
            self._session.write(work, changes_data=False)

    def person_identities(self) -> list[PersonIdentity]:
        # Records read by position, not as dicts (``.data()``): at 100k people the transfer is
        # most of the time, and the dicts alone add a quarter to it.
        def work(tx: ManagedTransaction) -> list[PersonIdentity]:
            return [
                PersonIdentity(r[0], r[1], r[2], r[3], tuple(sorted(r[4])))
                for r in tx.run(cypher.PERSON_IDENTITIES)
            ]

        return self._session.read(work)

    def company_identities(self) -> list[CompanyIdentity]:
        def work(tx: ManagedTransaction) -> list[CompanyIdentity]:
            return [CompanyIdentity(r[0], r[1], r[2]) for r in tx.run(cypher.COMPANY_IDENTITIES)]

        return self._session.read(work)
