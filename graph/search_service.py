"""The service's searches by name: people, companies, communities and deals, in pages.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below), like :mod:`graph.deal_service`. Everything a search is
asked is checked here, once, above every store: the text (``graph.validation``), ``first``
(1..:data:`PAGE_SIZE_MAX`) and the cursor. The store then pages by key
(``graph.store.base.NameSearch``; what matches and the order: ``graph.search_query``).

Access rules are folded into the store's query, before it pages, so a page is never short
and a count never counts what the caller may not see:

- deals: only those the caller may see (``graph.access.policy``: reps and managers see their
  team's), the same owner set as ``deal_page``;
- people: a do-not-contact person's e-mail is hidden from roles that may not see it, so they
  are not found by it either (``NameQuery.hide_private_emails``), and come back redacted.

Cursors are opaque to callers: URL-safe base64 of ``[kind, search, tier, name, id]``, where
``search`` is a short digest of the kind and the text, so a cursor from another search is
BadInput rather than a silently wrong page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .access import policy
from .access.model import Caller
from .errors import BadInput
from .model import NODE_KIND_NAMES, Community, Company, Deal, NodeType, Person
from .search_query import NameQuery, SearchKey
from .store.base import Store
from .validation import check_range, check_text

#: The most results one page may hold.
PAGE_SIZE_MAX = 100
#: Longest cursor accepted (a key holds a name and an id).
CURSOR_LENGTH_MAX = 16_384

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SearchPage(Generic[T]):
    """One page: ``edges`` as ``(cursor, node)``; ``kind`` and ``query`` count every page."""

    edges: tuple[tuple[str, T], ...]
    has_next_page: bool
    kind: NodeType
    query: NameQuery

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1][0] if self.edges else None

    @property
    def nodes(self) -> list[T]:
        return [node for _, node in self.edges]


def _search_tag(kind: NodeType, text: str) -> str:
    """A short digest naming one search (its kind and needle)."""
    return hashlib.sha256(f"{NODE_KIND_NAMES[kind]}\0{text}".encode()).hexdigest()[:16]


def encode_cursor(kind: NodeType, text: str, key: SearchKey) -> str:
    raw = json.dumps(
        [NODE_KIND_NAMES[kind], _search_tag(kind, text), key.tier, key.name, key.id],
        ensure_ascii=False,
    ).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, kind: NodeType, text: str) -> SearchKey:
    """The key a cursor stands for; BadInput for a malformed one or another search's.

    >>> key = SearchKey(1, "Ada", "p1")
    >>> decode_cursor(encode_cursor(Person, "ad", key), Person, "ad") == key
    True
    """
    check_text(cursor, "cursor", limit=CURSOR_LENGTH_MAX)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, tag, tier, name, id = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise BadInput("the cursor is not one this service gave out") from None
    if made_for != NODE_KIND_NAMES[kind] or tag != _search_tag(kind, text):
        raise BadInput("the cursor belongs to another search: start again without it")
    if not (type(tier) is int and isinstance(name, str) and isinstance(id, str)):
        raise BadInput("the cursor is not one this service gave out")
    return SearchKey(tier, name, id)


class SearchOperations:
    store: Store
    caller: Caller

    def _shown(self, person: Person) -> Person:
        raise NotImplementedError

    def _owners(self, owner_id: str | None, team_id: str | None) -> frozenset[str] | None:
        raise NotImplementedError

    def search_people(
        self, text: str, first: int = 20, after: str | None = None
    ) -> SearchPage[Person]:
        """People whose name, e-mail, title or id contains ``text`` (case-insensitive): the
        exact id first, then names starting with it, then the rest, each by name then id;
        an empty (or blank) text lists everybody by name then id."""
        hide = not policy.sees_private_contact_details(self.caller)
        page = self._page(Person, text, first, after, hide_private_emails=hide)
        edges = tuple((cursor, self._shown(p)) for cursor, p in page.edges)
        return SearchPage(edges, page.has_next_page, page.kind, page.query)

    def search_companies(
        self, text: str, first: int = 20, after: str | None = None
    ) -> SearchPage[Company]:
        """Companies whose name or domain contains ``text``: names starting with it first."""
        return self._page(Company, text, first, after)

    def search_communities(
        self, text: str, first: int = 20, after: str | None = None
    ) -> SearchPage[Community]:
        """Communities whose name contains ``text``: names starting with it first."""
        return self._page(Community, text, first, after)

    def search_deals(
        self, text: str, first: int = 20, after: str | None = None
    ) -> SearchPage[Deal]:
        """Deals the caller may see whose name or company's name contains ``text``: deal
        names starting with it first."""
        return self._page(Deal, text, first, after, owners=self._owners(None, None))

    def count_found(self, kind: NodeType, query: NameQuery) -> int:
        """How many results a page's search has across every page (rules already folded in)."""
        return self.store.search_count(kind, query)

    def _page(
        self,
        kind: NodeType,
        text: str,
        first: int,
        after: str | None,
        **rules: Any,
    ) -> SearchPage[Any]:
        check_range("first", first, 1, PAGE_SIZE_MAX)
        needle = check_text(text, "search text").strip().lower()
        start = None if after is None else decode_cursor(after, kind, needle)
        query = NameQuery(needle, **rules)
        read: dict[NodeType, Callable[[NameQuery, SearchKey | None, int], Any]] = {
            Person: self.store.search_people,
            Company: self.store.search_companies,
            Community: self.store.search_communities,
            Deal: self.store.search_deals,
        }
        found: list[tuple[SearchKey, Any]] = read[kind](query, start, first + 1)
        edges = tuple((encode_cursor(kind, needle, key), node) for key, node in found[:first])
        return SearchPage(edges, len(found) > first, kind, query)
