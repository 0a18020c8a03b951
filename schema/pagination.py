"""Relay-style pages of a list: ``XConnection { edges { cursor node } pageInfo totalCount }``.

One generic :class:`Connection` (strawberry names ``Connection[Person]`` ``PersonConnection``
and its edges ``PersonEdge``) for every nested list, and the :class:`PageInfo` every
connection shares (the deals connection too). The pages themselves are made by the service
(:mod:`graph.pagination`, keyset cursors); this module only converts them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Generic, TypeVar

import strawberry
from strawberry import Private

from graph import pagination as p

T = TypeVar("T")
R = TypeVar("R")

FIRST_DESCRIPTION = "How many to return: 1..100 (default 50); outside that, BAD_INPUT."
AFTER_DESCRIPTION = (
    "Continue after this cursor (an edge's `cursor` or `pageInfo.endCursor`); a cursor this "
    "list did not give out is BAD_INPUT."
)

#: The ``first`` and ``after`` arguments of every nested list.
First = Annotated[int | None, strawberry.argument(description=FIRST_DESCRIPTION)]
After = Annotated[str | None, strawberry.argument(description=AFTER_DESCRIPTION)]


def first_of(first: int | None) -> int:
    """An explicit null means the default."""
    return p.DEFAULT_FIRST if first is None else first


@strawberry.type(description="Where a page ends, and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page (null on an empty page)."
    )


@strawberry.type(description="One item of a page and its place in the list.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list (keyset pagination: walking the pages while the list "
    "changes yields every item present throughout exactly once)."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Where the page ends.")
    #: The whole list's size when the page came with it; else ``count`` asks for it, only
    #: when a client selects ``totalCount`` (a search's count is a query of its own).
    total: Private[int | None] = None
    count: Private[Callable[[strawberry.Info], Awaitable[int]] | None] = None

    @strawberry.field(description="How many items the whole list holds.")
    async def total_count(self, info: strawberry.Info) -> int:
        if self.total is not None:
            return self.total
        assert self.count is not None  # one of the two is always given
        return await self.count(info)

    @classmethod
    def of(cls, page: p.Page[R], convert: Callable[[R], T]) -> Connection[T]:
        return cls(
            edges=[Edge(cursor=c, node=convert(row)) for c, row in page.edges],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total=page.total_count,
        )

    @classmethod
    def counted(
        cls,
        edges: Iterable[tuple[str, R]],
        has_next_page: bool,
        convert: Callable[[R], T],
        count: Callable[[strawberry.Info], Awaitable[int]],
    ) -> Connection[T]:
        """A page whose total is counted only when asked for."""
        views = [Edge(cursor=c, node=convert(row)) for c, row in edges]
        end = views[-1].cursor if views else None
        return cls(
            edges=views,
            page_info=PageInfo(has_next_page=has_next_page, end_cursor=end),
            count=count,
        )


__all__ = ["After", "Connection", "Edge", "First", "PageInfo", "first_of"]
