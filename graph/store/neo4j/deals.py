"""Deal pages and stage history on Neo4j: the ``DealReads`` and ``DealHistory`` protocols.

The history is written by deal creates and updates (:func:`record_stage_change`, inside the
transaction of :mod:`.nodes`) and by the bulk import (``cypher.IMPORT_DEALS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from ...deal_query import CLOSED_STAGES, DealFilter, DealKey, DealOrder, StageChange
from ...model import Deal, DealStage
from ..values import epoch_seconds, instant
from . import cypher, values
from .session import Session

#: ``Deal`` field -> the property it is stored as.
_PROPERTY = {"created_at": "createdAt", "amount": "amount", "closed_at": "closedAt"}


def _filter_params(filters: DealFilter) -> dict[str, Any]:
    return {
        "owners": None if filters.owner_ids is None else sorted(filters.owner_ids),
        "company": filters.company_id,
        "open": filters.open,
        "closed": [s.value for s in CLOSED_STAGES],
    }


def stored_stage(tx: ManagedTransaction, deal_id: str) -> str | None:
    row = tx.run(cypher.STAGE_OF, id=deal_id).single()
    return None if row is None else row["stage"]


def record_stage_change(
    tx: ManagedTransaction, deal_id: str, before: str | None, after: DealStage, at: datetime
) -> None:
    """A change node if the stage moved (``before`` None: the deal is new)."""
    if before == after.value:
        return
    tx.run(
        cypher.RECORD_STAGE_CHANGE,
        id=deal_id,
        stageFrom=before,
        stageTo=after.value,
        at=epoch_seconds(at),
    ).consume()


def _change(row: Mapping[str, Any]) -> StageChange:
    return StageChange(
        deal_id=row["deal"],
        stage_from=None if row["stageFrom"] is None else DealStage(row["stageFrom"]),
        stage_to=DealStage(row["stageTo"]),
        at=instant(row["at"]),
    )


class DealRecords:
    """``DealReads`` and ``DealHistory`` through ``session``: one read per call."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def deal_page(
        self, filters: DealFilter, order: DealOrder, after: DealKey | None, limit: int
    ) -> list[Deal]:
        if filters.owner_ids is not None and not filters.owner_ids:
            return []
        statement = cypher.DEAL_PAGE[(filters.owner_ids is not None, order.descending)]
        rows = self._session.query(
            statement,
            **_filter_params(filters),
            field=_PROPERTY[order.field],
            hasAfter=after is not None,
            afterValue=None if after is None else after.value,
            afterId=None if after is None else after.id,
            limit=int(limit),
        )
        return [values.deal(r["props"], r["company"], r["owner"]) for r in rows]

    def deal_count(self, filters: DealFilter) -> int:
        if filters.owner_ids is not None and not filters.owner_ids:
            return 0
        statement = cypher.DEAL_COUNT[filters.owner_ids is not None]
        return int(self._session.query(statement, **_filter_params(filters))[0]["n"])

    def stage_changes(self, deal_id: str) -> list[StageChange]:
        return [_change(r) for r in self._session.query(cypher.STAGE_CHANGES, id=deal_id)]

    def stage_changes_since(self, at: datetime, limit: int) -> list[StageChange]:
        rows = self._session.query(
            cypher.STAGE_CHANGES_SINCE, at=epoch_seconds(at), limit=int(limit)
        )
        return [_change(r) for r in rows]
