"""What a page of deals is asked with, and a deal's stage history: plain records shared by the
service and every store (``graph.store.base.DealReads`` / ``DealHistory``).

A page is keyset-paginated: deals are ordered by one field (nulls last) then by id, and the
next page starts strictly after the last deal's :class:`DealKey`. Unlike an offset, a key
never skips or repeats a deal when others are added or removed between two pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .model import Deal, DealStage

#: Stages a deal can still move from; the rest are closed.
CLOSED_STAGES: tuple[DealStage, ...] = (DealStage.CLOSED_WON, DealStage.CLOSED_LOST)


class DealOrder(StrEnum):
    CREATED_DESC = "created_desc"
    CREATED_ASC = "created_asc"
    AMOUNT_DESC = "amount_desc"
    AMOUNT_ASC = "amount_asc"
    CLOSE_DATE_ASC = "close_date_asc"
    CLOSE_DATE_DESC = "close_date_desc"
    LIKELIHOOD_DESC = "likelihood_desc"
    LIKELIHOOD_ASC = "likelihood_asc"

    @property
    def field(self) -> str:
        """The ``Deal`` field ordered by: ``created_at``, ``amount`` or ``closed_at``; or
        ``likelihood``, which no store holds (see :attr:`stored`)."""
        return _FIELDS[self.name.rsplit("_", 1)[0]]

    @property
    def stored(self) -> bool:
        """Whether stores page by it. Likelihood is computed (``graph.likelihood``), so the
        service orders by it itself, over every deal the filter matches."""
        return self.field != "likelihood"

    @property
    def descending(self) -> bool:
        return self.name.endswith("_DESC")


_FIELDS = {
    "CREATED": "created_at",
    "AMOUNT": "amount",
    "CLOSE_DATE": "closed_at",
    "LIKELIHOOD": "likelihood",
}

#: The orders a store pages by (``graph.store.base.DealReads``).
STORED_ORDERS: tuple[DealOrder, ...] = tuple(o for o in DealOrder if o.stored)

#: A key's value as stored and compared: amounts as floats, dates as ISO text (which orders
#: like the dates), None for a missing value (ordered after every present one).
KeyValue = float | str | None


@dataclass(frozen=True, slots=True)
class DealKey:
    """Where a deal stands in an order: its value of the order's field, then its id."""

    value: KeyValue
    id: str


@dataclass(frozen=True, slots=True)
class DealFilter:
    """Which deals: every condition given must hold.

    ``owner_ids`` None means any owner (or none); a set (possibly empty) means deals owned by
    one of those people, so an empty set matches nothing. The service folds the caller's
    visibility, an owner and a team into this one set.
    """

    owner_ids: frozenset[str] | None = None
    company_id: str | None = None
    open: bool | None = None

    def matches(self, deal: Deal) -> bool:
        """The filter in Python (the reference the stores' queries are tested against)."""
        if self.owner_ids is not None and deal.owner_id not in self.owner_ids:
            return False
        if self.company_id is not None and deal.company_id != self.company_id:
            return False
        return self.open is None or (deal.stage not in CLOSED_STAGES) == self.open


def key_value(deal: Deal, order: DealOrder) -> KeyValue:
    value: float | date | None = getattr(deal, order.field)
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else float(value)


def key_of(deal: Deal, order: DealOrder) -> DealKey:
    return DealKey(key_value(deal, order), deal.id)


def sort_key(key: DealKey, order: DealOrder) -> tuple[object, ...]:
    """A Python sort key giving the stores' order: present values first (in the order's
    direction), missing ones last, ties by id ascending."""
    if key.value is None:
        return (1, 0, "", key.id)
    if isinstance(key.value, str):
        # ISO dates: descending by comparing code points negated
        text: tuple[int, ...] = tuple(-ord(c) for c in key.value) if order.descending else ()
        return (0, 0, text or key.value, key.id)
    return (0, -key.value if order.descending else key.value, "", key.id)


@dataclass(frozen=True, slots=True)
class StageChange:
    """A deal moved from ``stage_from`` (None: it was created) to ``stage_to`` at ``at``."""

    deal_id: str
    stage_from: DealStage | None
    stage_to: DealStage
    at: datetime
