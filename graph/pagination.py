"""Keyset pagination for the service's nested lists (a person's connections, a community's
members, ...).

A page is ``first`` rows after a cursor; the cursor is the last row's **sort key**, not an
offset, so walking the pages while rows are added or removed yields every row that was
there throughout exactly once (a removed row is simply not there; one added before the
cursor is not seen, one added after it is).

Cursors are opaque to callers: URL-safe base64 of ``[list name, *key]``. One made for
another list, or not made here at all, is BadInput.

>>> rows = ["d", "a", "c", "b"]
>>> first = page_of("letters", rows, lambda r: (r,), first=2)
>>> [r for _, r in first.edges], first.has_next_page, first.total_count
(['a', 'b'], True, 4)
>>> [r for _, r in page_of("letters", rows, lambda r: (r,), 2, first.end_cursor).edges]
['c', 'd']
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import BadInput
from .validation import check_range, check_text

T = TypeVar("T")

#: A sort key: JSON scalars only (it travels inside the cursor).
Key = tuple[str | int | float | None, ...]

DEFAULT_FIRST = 50
MAX_FIRST = 100


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: ``edges`` as ``(cursor, row)``; ``total_count`` rows in the whole list."""

    edges: tuple[tuple[str, T], ...]
    has_next_page: bool
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1][0] if self.edges else None


def check_first(first: int) -> int:
    """``first`` within 1..:data:`MAX_FIRST`, else BadInput."""
    return check_range("first", first, 1, MAX_FIRST)


def encode_cursor(list_name: str, key: Key) -> str:
    raw = json.dumps([list_name, *key], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, list_name: str, arity: int | None) -> Key:
    """The key ``cursor`` stands for; BadInput unless this module made it for ``list_name``
    (with ``arity`` values, when given)."""
    check_text(cursor, "cursor", limit=4096)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, *key = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise BadInput("the cursor is not one this service gave out") from None
    scalars = all(isinstance(v, str | int | float) or v is None for v in key)
    if made_for != list_name or arity not in (None, len(key)) or not scalars:
        raise BadInput(f"the cursor is not one this service gave out for {list_name}")
    return tuple(key)


def page_of(
    list_name: str,
    rows: Iterable[T],
    key: Callable[[T], Key],
    first: int = DEFAULT_FIRST,
    after: str | None = None,
) -> Page[T]:
    """``first`` of ``rows`` in ``key`` order after the cursor ``after``, over rows already
    read in full (a list bounded by what one node has: its members, its employees).

    Keys must be unique and comparable position by position (no None next to a value)."""
    check_first(first)
    keyed = sorted(((key(r), r) for r in rows), key=lambda kr: kr[0])
    total = len(keyed)
    if after is not None:
        start = decode_cursor(after, list_name, len(keyed[0][0]) if keyed else None)
        keyed = [kr for kr in keyed if kr[0] > start]
    edges = tuple((encode_cursor(list_name, k), r) for k, r in keyed[:first])
    return Page(edges, len(keyed) > first, total)
