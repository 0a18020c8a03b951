"""The service's nested lists, one page at a time: a person's connections and interactions,
a company's current employees and advocacies, a community's members, a person's or a
company's deals.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store and the
caller) over the deal pages of :mod:`graph.deal_service`. Every list is keyset-paginated
(:mod:`graph.pagination`): ``first`` is 1..100 and ``after`` a cursor this service gave out
for the same list, else BadInput.

Two ways to page, chosen by how big the list can grow:

* **interactions** grow without bound (years of e-mail), so the store pages them
  (``RelationshipReads.interactions(person, limit, after)`` on every backend, with
  ``interaction_count``): a page costs the same however deep it is;
* the others are bounded by what one node has (a person's connections, a company's current
  employees, a community's members: the largest in the S bundle is 1,439 rows), read whole
  in one store call as the request's loaders already do, and paged here by their key.
  Deals reuse the deal pages (``graph.deal_service``), paged by the store.
"""

from __future__ import annotations

from datetime import datetime

from .deal_query import DealOrder
from .deal_service import DealOperations, DealPage
from .errors import BadInput
from .model import Advocacy, Connection, Employment, Interaction, Membership
from .pagination import DEFAULT_FIRST, Page, check_first, decode_cursor, encode_cursor, page_of
from .store.base import Store
from .validation import check_id

#: Connections read per person when paging them (no person comes near it).
CONNECTIONS_READ = 1_000_000


class ListOperations(DealOperations):
    store: Store

    def connection_page(
        self, person_id: str, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Page[Connection]:
        """The person's connections (KNOWS), by the other person's id."""
        check_first(first)
        pid = check_id(person_id, "person id")
        rows = self.store.connections(pid, CONNECTIONS_READ)
        return page_of("connections", rows, lambda c: (c.b if c.a == pid else c.a,), first, after)

    def interaction_page(
        self, person_id: str, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Page[Interaction]:
        """The person's interactions (either side), most recent first, then by id."""
        check_first(first)
        pid = check_id(person_id, "person id")
        start = None if after is None else _interaction_key(after)
        rows = self.store.interactions(pid, first + 1, start)
        edges = tuple(
            (encode_cursor("interactions", (i.at.isoformat(), i.id)), i) for i in rows[:first]
        )
        return Page(edges, len(rows) > first, self.store.interaction_count(pid))

    def employee_page(
        self, company_id: str, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Page[Employment]:
        """The company's current employments, by person id (one per person)."""
        check_first(first)
        rows = self.store.employments(
            company_id=check_id(company_id, "company id"), current_only=True
        )
        latest: dict[str, Employment] = {}
        for e in rows:  # a person with two current jobs there is one employee
            latest[e.person_id] = e
        return page_of("currentEmployees", latest.values(), lambda e: (e.person_id,), first, after)

    def advocacy_page(
        self, company_id: str, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Page[Advocacy]:
        """The company's advocacies, by person id."""
        check_first(first)
        rows = self.store.advocacies(company_id=check_id(company_id, "company id"))
        return page_of("advocacies", rows, lambda a: (a.person_id,), first, after)

    def member_page(
        self, community_id: str, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Page[Membership]:
        """The community's memberships, by person id."""
        check_first(first)
        rows = self.store.memberships(community_id=check_id(community_id, "community id"))
        return page_of("members", rows, lambda x: (x.person_id,), first, after)

    def nested_deal_page(
        self,
        *,
        owner_id: str | None = None,
        company_id: str | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> DealPage:
        """A person's (owned) or a company's deals the caller may see, newest first: the
        deal pages with a nested list's bound on ``first``."""
        check_first(first)
        return self.deal_page(
            owner_id=owner_id,
            company_id=company_id,
            first=first,
            after=after,
            order=DealOrder.CREATED_DESC,
        )


def _interaction_key(cursor: str) -> tuple[datetime, str]:
    at, id = decode_cursor(cursor, "interactions", 2)
    try:
        if not isinstance(at, str) or not isinstance(id, str):
            raise ValueError(at)
        return datetime.fromisoformat(at), id
    except ValueError:
        raise BadInput("the cursor is not one this service gave out for interactions") from None
