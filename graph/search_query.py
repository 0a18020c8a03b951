"""What a search by name is asked with, and where a result stands in its order: plain records
shared by the service and every store (``graph.store.base.NameSearch``).

Every search orders its results by a :class:`SearchKey`: the match's relevance tier (0 is
best), then the name as stored, then the local id. The id makes the key unique, so a page can
start strictly after the last result of the page before (keyset pagination): a row added or
removed between two pages never makes another one skip or repeat.

The tiers, per kind (``needle`` is the search text, lower-cased; an empty one matches every
row, all in tier 0, so "everybody" is simply ordered by name and id):

=============  =========================================  ================================
kind           matches when the needle is in              tiers
=============  =========================================  ================================
person         id, name, e-mail or title                  0 the id is the needle,
                                                           1 the name starts with it, 2 other
company        name or domain                             0 the name starts with it, 1 other
community      name                                       0 the name starts with it, 1 other
deal           its name or its company's name             0 its name starts with it, 1 other
=============  =========================================  ================================

:func:`person_key` and :func:`name_key` compute the same keys in Python: the reference the
stores' queries are tested against.

>>> from graph.model import Person
>>> ada = Person(id="p1", name="Ada Lovelace", email="ada@example.com")
>>> person_key(ada, "ada"), person_key(ada, "example"), person_key(ada, "p1")
(SearchKey(tier=1, name='Ada Lovelace', id='p1'), SearchKey(tier=2, name='Ada Lovelace', \
id='p1'), SearchKey(tier=0, name='Ada Lovelace', id='p1'))
>>> person_key(ada, "nobody") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Person


@dataclass(frozen=True, order=True, slots=True)
class SearchKey:
    """Where a result stands: relevance tier (0 best), then name, then local id."""

    tier: int
    name: str
    id: str


@dataclass(frozen=True, slots=True)
class NameQuery:
    """One search: ``text`` is the needle, already lower-cased by the service ('' lists every
    row); ``owners`` (deals only) as in ``graph.deal_query.DealFilter`` (None: any owner, or
    none; a set, possibly empty: owned by one of those people); ``hide_private_emails``
    (people only): a do-not-contact person is then not found by their e-mail, which the
    caller may not see (``graph.access.policy.sees_private_contact_details``)."""

    text: str
    owners: frozenset[str] | None = None
    hide_private_emails: bool = False


def person_key(
    person: Person, needle: str, *, hide_private_emails: bool = False
) -> SearchKey | None:
    """The person's key for ``needle`` (lower-cased), or None if they do not match."""
    if not needle:
        return SearchKey(0, person.name, person.id)
    fields = [person.id, person.name, person.email or "", person.title or ""]
    if hide_private_emails and person.do_not_contact:
        fields[2] = ""
    if not any(needle in f.lower() for f in fields):
        return None
    if person.id.lower() == needle:
        return SearchKey(0, person.name, person.id)
    return SearchKey(1 if person.name.lower().startswith(needle) else 2, person.name, person.id)


def name_key(id: str, name: str, others: tuple[str | None, ...], needle: str) -> SearchKey | None:
    """The key of a company, community or deal named ``name`` whose ``others`` (a company's
    domain, a deal's company name) are searched too, or None if it does not match."""
    if not needle:
        return SearchKey(0, name, id)
    if name.lower().startswith(needle):
        return SearchKey(0, name, id)
    if needle in name.lower() or any(needle in (o or "").lower() for o in others):
        return SearchKey(1, name, id)
    return None
