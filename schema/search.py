"""GraphQL for finding things by name: ``searchPeople``, ``searchCompanies``,
``searchCommunities`` and ``searchDeals``, each a Relay-style connection.

Thin like the rest of ``schema``: arguments are converted, the service
(``graph.search_service``) checks them, applies the caller's access rules and pages, and the
page is converted. What each search matches and its order are in ``graph.search_query``.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import Private

from graph import model as m
from graph import search_service as ss
from graph.search_query import NameQuery

from .deals import DealConnection, PageInfo
from .types import Community, Company, Info, Person

DEFAULT_PAGE_SIZE = 20

QueryText = Annotated[
    str,
    strawberry.argument(
        description="The text to look for, case-insensitive (surrounding spaces ignored; at "
        "most 4,096 characters). Empty or blank: everything, ordered by name then id."
    ),
]
First = Annotated[
    int | None,
    strawberry.argument(description="How many results to return, 1..100 (default 20)."),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Start after this cursor (an `endCursor` or edge `cursor` of the same "
        "search); one from another search, or malformed, is BAD_INPUT."
    ),
]

_CURSOR = "Opaque: pass as `after` to continue after this result."
_TOTAL = "How many results the search has across every page."


async def _total(info: Info, kind: m.NodeType, query: NameQuery) -> int:
    ctx = info.context
    return await ctx.call(ctx.service.count_found, kind, query)


def _page_info(page: ss.SearchPage[Any]) -> PageInfo:
    return PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor)


@strawberry.type(description="A person found, and their place in the results.")
class PersonEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Person = strawberry.field(description="The person.")


@strawberry.type(description="A page of people.")
class PersonConnection:
    edges: list[PersonEdge] = strawberry.field(description="The people on this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    search: Private[NameQuery]

    @classmethod
    def of(cls, page: ss.SearchPage[m.Person]) -> PersonConnection:
        return cls(
            edges=[PersonEdge(cursor=c, node=Person.of(p)) for c, p in page.edges],
            page_info=_page_info(page),
            search=page.query,
        )

    @strawberry.field(description=_TOTAL)
    async def total_count(self, info: Info) -> int:
        return await _total(info, m.Person, self.search)


@strawberry.type(description="A company found, and its place in the results.")
class CompanyEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Company = strawberry.field(description="The company.")


@strawberry.type(description="A page of companies.")
class CompanyConnection:
    edges: list[CompanyEdge] = strawberry.field(description="The companies on this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    search: Private[NameQuery]

    @classmethod
    def of(cls, page: ss.SearchPage[m.Company]) -> CompanyConnection:
        return cls(
            edges=[CompanyEdge(cursor=cur, node=Company.of(c)) for cur, c in page.edges],
            page_info=_page_info(page),
            search=page.query,
        )

    @strawberry.field(description=_TOTAL)
    async def total_count(self, info: Info) -> int:
        return await _total(info, m.Company, self.search)


@strawberry.type(description="A community found, and its place in the results.")
class CommunityEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Community = strawberry.field(description="The community.")


@strawberry.type(description="A page of communities.")
class CommunityConnection:
    edges: list[CommunityEdge] = strawberry.field(
        description="The communities on this page, in order."
    )
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    search: Private[NameQuery]

    @classmethod
    def of(cls, page: ss.SearchPage[m.Community]) -> CommunityConnection:
        return cls(
            edges=[CommunityEdge(cursor=cur, node=Community.of(c)) for cur, c in page.edges],
            page_info=_page_info(page),
            search=page.query,
        )

    @strawberry.field(description=_TOTAL)
    async def total_count(self, info: Info) -> int:
        return await _total(info, m.Community, self.search)


def _size(first: int | None) -> int:
    return DEFAULT_PAGE_SIZE if first is None else first


async def search_people(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> PersonConnection:
    ctx = info.context
    page = await ctx.call(ctx.service.search_people, query, _size(first), after)
    return PersonConnection.of(page)


async def search_companies(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> CompanyConnection:
    ctx = info.context
    page = await ctx.call(ctx.service.search_companies, query, _size(first), after)
    return CompanyConnection.of(page)


async def search_communities(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> CommunityConnection:
    ctx = info.context
    page = await ctx.call(ctx.service.search_communities, query, _size(first), after)
    return CommunityConnection.of(page)


async def search_deals(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> DealConnection:
    ctx = info.context
    page = await ctx.call(ctx.service.search_deals, query, _size(first), after)
    return DealConnection.of_search(page)


SEARCH_PEOPLE = (
    "People whose name, e-mail, title or id contains the text (case-insensitive), best "
    "first: the exact id, then names starting with the text, then the rest, each by name "
    "then id. An empty text lists everybody by name then id. A do-not-contact person's "
    "e-mail is not searched for a caller who may not see it. `first` 1..100 after `after`."
)
SEARCH_COMPANIES = (
    "Companies whose name or domain contains the text (case-insensitive): names starting "
    "with it first, each by name then id; an empty text lists every company by name. "
    "`first` 1..100 after `after`."
)
SEARCH_COMMUNITIES = (
    "Communities whose name contains the text (case-insensitive): names starting with it "
    "first, each by name then id; an empty text lists every community by name. `first` "
    "1..100 after `after`."
)
SEARCH_DEALS = (
    "Deals the caller may see (reps and managers: their team's) whose name or company's name "
    "contains the text (case-insensitive): deal names starting with it first, each by name "
    "then id; an empty text lists every such deal by name. `first` 1..100 after `after`."
)
