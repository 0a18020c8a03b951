"""GraphQL for finding things by name: ``searchPeople``, ``searchCompanies``,
``searchCommunities`` and ``searchDeals``, each a Relay-style connection.

Thin like the rest of ``schema``: arguments are converted, the service
(``graph.search_service``) checks them, applies the caller's access rules and pages, and the
page is converted. What each search matches and its order are in ``graph.search_query``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry

from graph import model as m
from graph import search_service as ss
from graph.search_query import NameQuery

from .deals import DealConnection
from .pagination import Connection
from .types import Community, Company, Info, Person

N = TypeVar("N")
V = TypeVar("V")

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


def _counter(kind: m.NodeType, query: NameQuery) -> Callable[[strawberry.Info], Awaitable[int]]:
    async def count(info: strawberry.Info) -> int:
        ctx = info.context
        return int(await ctx.call(ctx.service.count_found, kind, query))

    return count


def _connection(page: ss.SearchPage[N], convert: Callable[[N], V]) -> Connection[V]:
    return Connection.counted(
        page.edges, page.has_next_page, convert, _counter(page.kind, page.query)
    )


def _size(first: int | None) -> int:
    return DEFAULT_PAGE_SIZE if first is None else first


async def search_people(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[Person]:
    ctx = info.context
    page = await ctx.call(ctx.service.search_people, query, _size(first), after)
    return _connection(page, Person.of)


async def search_companies(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[Company]:
    ctx = info.context
    page = await ctx.call(ctx.service.search_companies, query, _size(first), after)
    return _connection(page, Company.of)


async def search_communities(
    info: Info, query: QueryText, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[Community]:
    ctx = info.context
    page = await ctx.call(ctx.service.search_communities, query, _size(first), after)
    return _connection(page, Community.of)


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
