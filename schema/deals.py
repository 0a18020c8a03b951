"""GraphQL for deal reads: the ``deals`` connection (Relay-style cursor pagination), a deal's
contacts and its stage history. Thin like the rest of ``schema``: arguments are converted,
the service (``graph.deal_service``) decides, results are converted.

Kept apart from :mod:`schema.types` (which refers to these types lazily) so the deal
queries read as one piece.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import ID, Private

from graph import deal_query as q
from graph import deal_service as ds
from graph import model as m
from graph.search_query import NameQuery
from graph.search_service import SearchPage

from .enums import DealStage
from .types import Deal, Info, Person

strawberry.enum(
    q.DealOrder,
    name="DealOrder",
    description="How deals are ordered: by creation date, amount or close date (deals "
    "without that value last), or by likelihood (`Deal.likelihood.probability`: which open "
    "deals are most and least likely; a closed deal counts as 1 if won, 0 if lost), then by id.",
)

DEFAULT_PAGE_SIZE = 50
DEFAULT_CONTACTS = 20


@strawberry.type(description="Where a page ends, and whether another follows.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page (null on an empty page)."
    )


@strawberry.type(description="A deal and its place in the order.")
class DealEdge:
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: Deal


@strawberry.type(description="A page of deals.")
class DealConnection:
    edges: list[DealEdge]
    page_info: PageInfo
    #: What the pages are of: a filter (``deals``) or a search (``searchDeals``).
    filters: Private[q.DealFilter | NameQuery]

    @classmethod
    def of(cls, page: ds.DealPage) -> DealConnection:
        return cls(
            edges=[DealEdge(cursor=c, node=Deal.of(d)) for c, d in page.edges],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            filters=page.filters,
        )

    @classmethod
    def of_search(cls, page: SearchPage[m.Deal]) -> DealConnection:
        return cls(
            edges=[DealEdge(cursor=c, node=Deal.of(d)) for c, d in page.edges],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            filters=page.query,
        )

    @strawberry.field(description="How many deals match, across every page.")
    async def total_count(self, info: Info) -> int:
        ctx = info.context
        if isinstance(self.filters, NameQuery):
            return await ctx.call(ctx.service.count_found, m.Deal, self.filters)
        return await ctx.call(ctx.service.count_deals, self.filters)


@strawberry.type(description="One of the account's people and how warm the deal's side is.")
class DealContact:
    person: Person
    title: str | None = strawberry.field(description="Their title at the account.")
    strength: float = strawberry.field(
        description="Tie strength between the deal's owner and them, 0 when none."
    )
    team_strength: float = strawberry.field(
        description="The strongest tie anyone on the owner's team (the owner too) has to them."
    )
    teammate: Person | None = strawberry.field(
        description="Who on the owner's team holds that tie (null when nobody has one)."
    )

    @classmethod
    def of(cls, c: ds.DealContact) -> DealContact:
        return cls(
            person=Person.of(c.person),
            title=c.title,
            strength=c.strength,
            team_strength=c.team_strength,
            teammate=None if c.teammate is None else Person.of(c.teammate),
        )


@strawberry.type(description="A deal moved to another stage (from null: it was created).")
class StageChange:
    from_: DealStage | None = strawberry.field(name="from")
    to: DealStage
    at: datetime

    @classmethod
    def of(cls, c: q.StageChange) -> StageChange:
        return cls(from_=c.stage_from, to=c.stage_to, at=c.at)


async def deals(
    info: Info,
    owner_id: ID | None = None,
    company_id: ID | None = None,
    team_id: str | None = None,
    open: bool | None = None,
    first: int | None = DEFAULT_PAGE_SIZE,
    after: str | None = None,
    order_by: q.DealOrder | None = q.DealOrder.CREATED_DESC,
) -> DealConnection:
    ctx = info.context
    page = await ctx.call(
        ctx.service.deal_page,
        owner_id=None if owner_id is None else str(owner_id),
        company_id=None if company_id is None else str(company_id),
        team_id=team_id,
        open=open,
        first=DEFAULT_PAGE_SIZE if first is None else first,
        after=after,
        order=q.DealOrder.CREATED_DESC if order_by is None else order_by,
    )
    return DealConnection.of(page)


DEALS_DESCRIPTION = (
    "Deals the caller may see (reps and managers: their team's), filtered by owner, "
    "company, team (a team's name: deals its members own) and open/closed, `first` "
    "(1..500) after the cursor `after`. A malformed cursor, or one from another ordering, "
    "is BAD_INPUT."
)


async def contacts_of(info: Info, deal_id: str, first: int | None) -> list[DealContact]:
    ctx = info.context
    found = await ctx.call(
        ctx.service.deal_contacts, deal_id, DEFAULT_CONTACTS if first is None else first
    )
    return [DealContact.of(c) for c in found]


async def history_of(info: Info, deal_id: str) -> list[StageChange]:
    ctx = info.context
    return [StageChange.of(c) for c in await ctx.call(ctx.service.stage_history, deal_id)]
