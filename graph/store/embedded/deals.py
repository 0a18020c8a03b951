"""The embedded store's deal pages and stage history: its SQLite records' own, passed
straight through (deals are not in the in-memory link index, and the history is written by
the records in the transaction of each deal write).

A base of :class:`graph.store.embedded.store.EmbeddedStore`, like :mod:`.access`.
"""

from __future__ import annotations

from datetime import datetime

from ...deal_query import DealFilter, DealKey, DealOrder, StageChange
from ...model import Deal
from .source import IndexedRecords


class DealForwarding:
    _records: IndexedRecords

    def deal_page(
        self, filters: DealFilter, order: DealOrder, after: DealKey | None, limit: int
    ) -> list[Deal]:
        return self._records.deal_page(filters, order, after, limit)

    def deal_count(self, filters: DealFilter) -> int:
        return self._records.deal_count(filters)

    def stage_changes(self, deal_id: str) -> list[StageChange]:
        return self._records.stage_changes(deal_id)

    def stage_changes_since(self, at: datetime, limit: int) -> list[StageChange]:
        return self._records.stage_changes_since(at, limit)
