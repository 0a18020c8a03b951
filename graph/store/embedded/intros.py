"""The embedded store's introduction requests: its SQLite records' own, passed straight
through (requests are not in the in-memory link index, and not graph data).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, like :mod:`.access`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from ...intro import AskRules, HistoryEntry, IntroFilter, IntroRequest, IntroStatus
from ...intro_outcomes import AskOutcome
from .source import IndexedRecords


class IntroForwarding:
    _records: IndexedRecords

    def create_intro_request(self, request: IntroRequest, rules: AskRules) -> None:
        self._records.create_intro_request(request, rules)

    def transition_intro_request(
        self,
        id: str,
        expected: IntroStatus,
        entry: HistoryEntry,
        *,
        deal_id: str | None = None,
        meeting_at: datetime | None = None,
        response_note: str | None = None,
    ) -> IntroRequest:
        return self._records.transition_intro_request(
            id,
            expected,
            entry,
            deal_id=deal_id,
            meeting_at=meeting_at,
            response_note=response_note,
        )

    def expire_intro_requests(self, before: datetime, at: datetime, by: str) -> list[IntroRequest]:
        return self._records.expire_intro_requests(before, at, by)

    def get_intro_requests(self, ids: Collection[str]) -> dict[str, IntroRequest]:
        return self._records.get_intro_requests(ids)

    def intro_request_page(
        self, filters: IntroFilter, after: tuple[datetime, str] | None, limit: int
    ) -> list[IntroRequest]:
        return self._records.intro_request_page(filters, after, limit)

    def ask_outcomes(self) -> list[AskOutcome]:
        return self._records.ask_outcomes()

    def intro_version(self) -> int:
        return self._records.intro_version()

    def set_intro_capacity(self, person_id: str, capacity: int | None) -> None:
        self._records.set_intro_capacity(person_id, capacity)

    def intro_capacity(self, person_id: str) -> int | None:
        return self._records.intro_capacity(person_id)
