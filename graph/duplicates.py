"""Possible duplicates: pairs of people identity resolution did not merge, for a person to
decide about (and merge, or leave).

**Who pairs up.** People are grouped by their name as resolution compares it
(:func:`graph.names.name_key`: case, accents and spacing ignored). Within a name, every pair
is a candidate unless both have a LinkedIn profile and the profiles differ
(:func:`graph.access.suppression.normalise_profile`): two profiles are two humans. Nothing
pairs across names, and a person without a name pairs with nobody.

**How they rank**, likeliest first: by :class:`Likeness`, then by name, then by ids.

1. ``SAME_COMPANY``: they share a current company (the same id, or names equal as
   resolution compares them, "Acme, Inc." and "ACME"). Resolution merges such people unless
   their e-mails differ, so these are the pairs a rule only just kept apart.
2. ``MISSING_COMPANY``: one of them (or both) works nowhere we know of.
3. ``DIFFERENT_COMPANIES``: the same name elsewhere: maybe someone who changed jobs.

**Bounded work.** A name shared by more than :data:`MAX_GROUP` people (a common name: a
reviewer cannot tell 51 John Smiths apart from a list either) gives only its same-company
pairs, and none from a company with more than :data:`MAX_GROUP` of them. So every person
pairs with at most ``MAX_GROUP - 1`` others per current company, and 2,000 "John Smith" rows
at 2,000 companies give no pairs instead of 2,000,000; the whole answer is at most
``(MAX_GROUP - 1) / 2`` pairs per person-and-company. A page is picked with a bounded heap,
and only its pairs get a reason written.

**Pages.** Pairs are totally ordered by ``(likeness, name, a, b)``; a pair's ``cursor`` is
that key, opaque to callers, and ``after=cursor`` continues strictly after it, so a page
never repeats or skips a pair even when the people change between pages.

>>> from graph.queries import PersonIdentity as P
>>> people = [
...     P("p1", "José Núñez", "jose@acme.com", None, ("c1",)),
...     P("p2", "jose  nunez", "jnunez@acme.com", None, ("c1",)),
...     P("p3", "Jose Nunez", None, None, ()),
...     P("p4", "Jose Nunez", None, None, ("c2",)),
...     P("p5", "Ann Lee", None, "https://www.linkedin.com/in/annlee", ()),
...     P("p6", "Ann Lee", None, "linkedin.com/in/ann-lee-2/", ()),
... ]
>>> for pair in possible_duplicates(people, {"c1": "Acme", "c2": "Globex"}):
...     print(pair.a, pair.b, "-", pair.reason)
p1 p2 - same name and company (Acme); different e-mails
p1 p3 - same name; one has no company
p2 p3 - same name; one has no company
p3 p4 - same name; one has no company
p1 p4 - same name; different companies (Acme / Globex)
p2 p4 - same name; different companies (Acme / Globex)
>>> page = possible_duplicates(people, {"c1": "Acme", "c2": "Globex"}, first=2)
>>> [(p.a, p.b) for p in possible_duplicates(people, {}, first=2, after=page[-1].cursor)]
[('p2', 'p3'), ('p3', 'p4')]
"""

from __future__ import annotations

import base64
import binascii
import heapq
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, TypeVar

from .access import normalise_email
from .access.suppression import normalise_profile
from .errors import BadInput
from .names import company_name_key, name_key
from .queries import PersonIdentity
from .store.base import Identities
from .validation import check_range

__all__ = [
    "MAX_GROUP",
    "DuplicatePair",
    "Likeness",
    "PossibleDuplicate",
    "decode_cursor",
    "dress",
    "page",
    "possible_duplicates",
]

#: The most pairs one page may ask for.
PAGE_MAX = 500

#: More people than this with one name is a common name: only its same-company pairs count.
MAX_GROUP = 50

#: A cursor longer than this was not made here (ours are a name and two ids).
CURSOR_MAX_CHARS = 2_000

T = TypeVar("T")


class Likeness(IntEnum):
    """Why a pair may be one person, likeliest first (the value is the rank)."""

    SAME_COMPANY = 0
    MISSING_COMPANY = 1
    DIFFERENT_COMPANIES = 2


Key = tuple[int, str, str, str]  # (likeness, name key, a, b): the pairs' total order


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two people (ids, ``a < b``) who may be one, and why, in words a person can read."""

    a: str
    b: str
    likeness: Likeness
    name: str  # the name as compared (name_key)
    reason: str

    @property
    def key(self) -> Key:
        return (int(self.likeness), self.name, self.a, self.b)

    @property
    def cursor(self) -> str:
        """Where a page ending here continues (``after=``); opaque to callers."""
        raw = json.dumps(list(self.key), ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@dataclass(frozen=True, slots=True)
class PossibleDuplicate(Generic[T]):
    """A pair dressed for a caller: the two people (as the caller may see them), why, and
    the cursor to continue after it."""

    a: T
    b: T
    reason: str
    cursor: str


def decode_cursor(cursor: str) -> Key:
    """The key a :attr:`DuplicatePair.cursor` holds; BadInput for anything else."""
    bad = BadInput("`after` is not a cursor from possibleDuplicates")
    if not isinstance(cursor, str) or not cursor or len(cursor) > CURSOR_MAX_CHARS:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or type(value[0]) is not int
        or value[0] not in {int(x) for x in Likeness}
        or not all(isinstance(v, str) for v in value[1:])
    ):
        raise bad
    return (value[0], value[1], value[2], value[3])


def possible_duplicates(
    people: Iterable[PersonIdentity],
    company_names: Mapping[str, str],
    first: int | None = None,
    after: str | Key | None = None,
) -> list[DuplicatePair]:
    """The first ``first`` pairs (all when None) in rank order, strictly after the cursor
    ``after`` (a :attr:`DuplicatePair.cursor`, or its decoded key). ``company_names`` maps
    company ids to names; a company missing from it compares by id alone."""
    start = decode_cursor(after) if isinstance(after, str) else after
    by_id = {p.id: p for p in people}
    groups = _name_groups(by_id.values())
    named = [by_id[pid] for ids in groups.values() for pid in ids]  # only those who pair
    profiles = {p.id: _profile(p.linkedin) for p in named}
    employers = {p.id: _companies(p, company_names) for p in named}
    keys: Iterator[Key] = _candidate_keys(groups, profiles, employers)
    if start is not None:
        keys = (k for k in keys if k > start)
    chosen = sorted(keys) if first is None else heapq.nsmallest(first, keys)
    return [
        DuplicatePair(
            a, b, Likeness(rank), name, _reason(Likeness(rank), by_id[a], by_id[b], company_names)
        )
        for rank, name, a, b in chosen
    ]


def page(store: Identities, first: int, after: str | None) -> list[DuplicatePair]:
    """One page of a store's pairs (what the service answers): ``first`` in 1..PAGE_MAX and
    ``after`` checked before anything is read, then one bulk read of each identity kind."""
    check_range("number of pairs (first)", first, 1, PAGE_MAX)
    start = None if after is None else decode_cursor(after)
    companies = {c.id: c.name for c in store.company_identities()}
    return possible_duplicates(store.person_identities(), companies, first, start)


def dress(pairs: Sequence[DuplicatePair], people: Mapping[str, T]) -> list[PossibleDuplicate[T]]:
    """The pairs with their people (``people`` by id); a pair naming someone not in
    ``people`` (deleted or merged since the read) is left out."""
    return [
        PossibleDuplicate(people[p.a], people[p.b], p.reason, p.cursor)
        for p in pairs
        if p.a in people and p.b in people
    ]


def _profile(url: str | None) -> str | None:
    return normalise_profile(url) or None if url and url.strip() else None


def _companies(person: PersonIdentity, names: Mapping[str, str]) -> frozenset[str]:
    """The person's current companies as compared."""
    return frozenset(_compared(c, names) for c in person.companies)


def _compared(company_id: str, names: Mapping[str, str]) -> str:
    """A company as compared: its name's key, or its id when it has no name ("#" keeps ids
    apart from names)."""
    return company_name_key(names.get(company_id)) or f"#{company_id}"


def _name_groups(people: Iterable[PersonIdentity]) -> dict[str, list[str]]:
    """Ids by name key, for the names more than one person has."""
    groups: dict[str, list[str]] = defaultdict(list)
    for person in people:
        key = name_key(person.name)
        if key is not None:
            groups[key].append(person.id)
    return {name: ids for name, ids in groups.items() if len(ids) > 1}


def _candidate_keys(
    groups: Mapping[str, list[str]],
    profiles: Mapping[str, str | None],
    employers: Mapping[str, frozenset[str]],
) -> Iterator[Key]:
    for name, ids in groups.items():
        if len(ids) <= MAX_GROUP:
            pairs: Iterable[tuple[str, str]] = itertools.combinations(sorted(ids), 2)
        else:
            pairs = _same_company_pairs(ids, employers)
        for a, b in pairs:
            pa, pb = profiles[a], profiles[b]
            if pa is not None and pb is not None and pa != pb:
                continue  # two LinkedIn profiles are two humans
            yield (_likeness(employers[a], employers[b]), name, a, b)


def _same_company_pairs(
    ids: Sequence[str], employers: Mapping[str, frozenset[str]]
) -> Iterator[tuple[str, str]]:
    """A common name's pairs sharing a company, each once; a company with more than
    MAX_GROUP people of that name gives none."""
    at: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        for company in employers[pid]:
            at[company].append(pid)
    seen: set[tuple[str, str]] = set()
    for members in at.values():
        if len(members) > MAX_GROUP:
            continue
        for pair in itertools.combinations(sorted(members), 2):
            if pair not in seen:
                seen.add(pair)
                yield pair


def _likeness(a: frozenset[str], b: frozenset[str]) -> int:
    if not a or not b:
        return Likeness.MISSING_COMPANY
    return Likeness.SAME_COMPANY if a & b else Likeness.DIFFERENT_COMPANIES


def _reason(
    likeness: Likeness, a: PersonIdentity, b: PersonIdentity, names: Mapping[str, str]
) -> str:
    """The pair's reason in words. It says whether e-mails differ, never what they are."""
    if likeness is Likeness.SAME_COMPANY:
        shared = _companies(a, names) & _companies(b, names)
        named = {_company_name(c, names) for c in a.companies if _compared(c, names) in shared}
        reason = f"same name and company ({', '.join(sorted(named))})"
        if _email(a) and _email(b) and _email(a) != _email(b):
            reason += "; different e-mails"
        return reason
    if likeness is Likeness.MISSING_COMPANY:
        if not a.companies and not b.companies:
            return "same name; neither has a company"
        return "same name; one has no company"
    return f"same name; different companies ({_company_list(a, names)} / {_company_list(b, names)})"


def _email(person: PersonIdentity) -> str | None:
    return normalise_email(person.email) if person.email and person.email.strip() else None


def _company_name(company_id: str, names: Mapping[str, str]) -> str:
    return names.get(company_id) or company_id


def _company_list(person: PersonIdentity, names: Mapping[str, str]) -> str:
    return ", ".join(sorted({_company_name(c, names) for c in person.companies}))
