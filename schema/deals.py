"""GraphQL for deal reads: the ``deals`` connection (Relay-style cursor pagination), a deal's
contacts and its stage history. Thin like the rest of ``schema``: arguments are converted,
the service (``graph.deal_service``) decides, results are converted.

Kept apart from :mod:`schema.types` (which refers to these types lazily) so the deal
queries read as one piece.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import ID, Private

from graph import deal_query as q
from graph import deal_service as ds
from graph import model as m
from graph.search_query import NameQuery
from graph.search_service import SearchPage

from .enums import DealStage, describe_enum
from .types import Deal, Info, Person

_LAST = "; deals without one last, ties by id"
describe_enum(
    q.DealOrder,
    name="DealOrder",
    values={
        q.DealOrder.CREATED_DESC: f"Newest first by creation date (the default){_LAST}.",
        q.DealOrder.CREATED_ASC: f"Oldest first by creation date{_LAST}.",
        q.DealOrder.AMOUNT_DESC: f"Largest amount first{_LAST}.",
        q.DealOrder.AMOUNT_ASC: f"Smallest amount first{_LAST}.",
        q.DealOrder.CLOSE_DATE_ASC: f"Earliest close date (closedAt) first{_LAST}.",
        q.DealOrder.CLOSE_DATE_DESC: f"Latest close date (closedAt) first{_LAST}.",
        q.DealOrder.LIKELIHOOD_DESC: "Likeliest to be won first (likelihood.probability; "
        "a closed deal counts 1 if won, 0 if lost), ties by id.",
        q.DealOrder.LIKELIHOOD_ASC: "Least likely to be won first, ties by id.",
    },
    description="How deals are ordered: by creation date, amount or close date (deals "
    "without that value last), or by likelihood (`Deal.likelihood.probability`: which open "
    "deals are most and least likely; a closed deal counts as 1 if won, 0 if lost), then by id.",
)

DEFAULT_PAGE_SIZE = 50
DEFAULT_CONTACTS = 20


@strawberry.type(description="Where a page ends, and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether more items follow this page (ask again with `after: endCursor`)."
    )
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page (null on an empty page)."
    )


@strawberry.type(description="A deal and its place in the order.")
class DealEdge:
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: Deal = strawberry.field(description="The deal.")


@strawberry.type(description="A page of deals.")
class DealConnection:
    edges: list[DealEdge] = strawberry.field(
        description="This page's deals in the order asked for, with their cursors."
    )
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
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
    person: Person = strawberry.field(
        description="One of the account's current, contactable people (never doNotContact)."
    )
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
    from_: DealStage | None = strawberry.field(
        name="from", description="The stage it left; null when the deal was created."
    )
    to: DealStage = strawberry.field(description="The stage it entered.")
    at: datetime = strawberry.field(description="When the change was recorded.")

    @classmethod
    def of(cls, c: q.StageChange) -> StageChange:
        return cls(from_=c.stage_from, to=c.stage_to, at=c.at)


async def deals(
    info: Info,
    owner_id: Annotated[
        ID | None, strawberry.argument(description="Only deals this person owns.")
    ] = None,
    company_id: Annotated[
        ID | None, strawberry.argument(description="Only deals with this company.")
    ] = None,
    team_id: Annotated[
        str | None,
        strawberry.argument(
            description="A team's name (User.team): only deals its active members' people "
            "own (none for a team nobody is on)."
        ),
    ] = None,
    open: Annotated[
        bool | None,
        strawberry.argument(
            description="True: only open deals; false: only closed ones (CLOSED_WON, "
            "CLOSED_LOST); null or omitted: both."
        ),
    ] = None,
    first: Annotated[
        int | None,
        strawberry.argument(
            description=f"How many deals (1..{ds.PAGE_SIZE_MAX}, default {DEFAULT_PAGE_SIZE})."
        ),
    ] = DEFAULT_PAGE_SIZE,
    after: Annotated[
        str | None,
        strawberry.argument(
            description="Start after this cursor (an edge's cursor or pageInfo.endCursor of "
            "the same ordering; BAD_INPUT otherwise)."
        ),
    ] = None,
    order_by: Annotated[
        q.DealOrder | None,
        strawberry.argument(description="The order (default CREATED_DESC)."),
    ] = q.DealOrder.CREATED_DESC,
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
    f"(1..{ds.PAGE_SIZE_MAX}) after the cursor `after`. A malformed cursor, or one from "
    "another ordering, is BAD_INPUT."
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
