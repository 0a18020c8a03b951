"""The embedded store's record reads that the in-memory index has no part in: its SQLite
records' own, passed straight through (nodes, searches by name, relationships, evidence,
the history signals read).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, like :mod:`.access` and
:mod:`.deals`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from ...model import (
    Advocacy,
    Community,
    Company,
    Connection,
    Deal,
    Employment,
    Interaction,
    LinkEvidence,
    Membership,
    NodeT,
    NodeType,
    Person,
)
from ...search_query import NameQuery, SearchKey
from .source import IndexedRecords


class RecordForwarding:
    _records: IndexedRecords

    def get_nodes(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        return self._records.get_nodes(kind, ids)

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        return self._records.existing_ids(kind, ids)

    def search_people(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Person]]:
        return self._records.search_people(query, after, limit)

    def search_companies(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Company]]:
        return self._records.search_companies(query, after, limit)

    def search_communities(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Community]]:
        return self._records.search_communities(query, after, limit)

    def search_deals(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Deal]]:
        return self._records.search_deals(query, after, limit)

    def search_count(self, kind: NodeType, query: NameQuery) -> int:
        return self._records.search_count(kind, query)

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        return self._records.employments(
            person_id=person_id, company_id=company_id, current_only=current_only
        )

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        return self._records.memberships(person_id=person_id, community_id=community_id)

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        return self._records.advocacies(person_id=person_id, company_id=company_id)

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        return self._records.advocates_among(person_ids)

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        return self._records.connections(person_id, limit)

    def interactions(self, person_id: str, limit: int) -> list[Interaction]:
        return self._records.interactions(person_id, limit)

    def get_interaction(self, id: str) -> Interaction | None:
        return self._records.get_interaction(id)

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        return self._records.deals(company_id=company_id, owner_id=owner_id)

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        return self._records.link_evidence(pairs)

    def employment_changes(self, since: date) -> list[Employment]:
        return self._records.employment_changes(since)

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        return self._records.advocacies_of(person_ids)

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        return self._records.connections_of(person_ids)

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        return self._records.interactions_of(person_ids)
