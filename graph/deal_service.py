"""The service's deal reads: pages of deals, a deal's contacts and its stage history.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below), like :mod:`graph.writes`. Visibility
(``graph.access.policy``: reps and managers see only their team's deals) is folded into the
store filter here, before the store pages, so a page is never short for deals the caller may
not see and a count never counts them.

Cursors are opaque to callers: URL-safe base64 of ``[order, value, id]``, the last deal's
place in the order. One made for another order, or not made here at all, is BadInput.

Ordering by likelihood (``LIKELIHOOD_DESC``/``_ASC``: which open deals are most and least
likely) is done here, not by a store: every deal the filter matches is read (in slices of
:data:`LIKELIHOOD_READ`) and scored (scores are cached until the data, the model or the day
changes), then sorted by probability, ties by id; the cursor is the last deal's probability
and id, as for any other order.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from .access import policy
from .access.model import Caller
from .deal_query import DealFilter, DealKey, DealOrder, StageChange, key_of, sort_key
from .errors import BadInput
from .likelihood.model import Likelihood
from .likelihood.scoring import DealLikelihoods
from .model import Company, Deal, PathRanking, Person
from .queries import PATH_LIMIT_MAX, PathQuery
from .store.base import Store
from .validation import check_range, check_text, optional_id

PAGE_SIZE_MAX = 500
CONTACTS_MAX = 100
#: Deals read per store call when ordering by likelihood.
LIKELIHOOD_READ = 10_000


@dataclass(frozen=True, slots=True)
class DealPage:
    """One page: ``edges`` as ``(cursor, deal)``; ``filters`` for counting the whole set."""

    edges: tuple[tuple[str, Deal], ...]
    has_next_page: bool
    filters: DealFilter

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1][0] if self.edges else None


@dataclass(frozen=True, slots=True)
class DealContact:
    """One of the account's people and how warm the deal's side is to them: the owner's own
    tie (0 when none) and the strongest tie anyone on the owner's team has (the owner
    included), with who that is (None when nobody has one)."""

    person: Person
    title: str | None
    strength: float
    team_strength: float
    teammate: Person | None


def encode_cursor(order: DealOrder, key: DealKey) -> str:
    raw = json.dumps([order.value, key.value, key.id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, order: DealOrder) -> DealKey:
    """The key a cursor stands for; BadInput for a malformed one or another order's."""
    check_text(cursor, "cursor", limit=4096)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, id = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise BadInput("the cursor is not one this service gave out") from None
    if made_for != order.value:
        raise BadInput("the cursor belongs to another ordering: start again without it")
    if not isinstance(id, str) or not _valid_value(value, order):
        raise BadInput("the cursor is not one this service gave out")
    return DealKey(value, id)


def _valid_value(value: object, order: DealOrder) -> bool:
    if value is None:
        return True
    if order.field in ("amount", "likelihood"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class DealOperations:
    store: Store
    caller: Caller

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    def _shown(self, person: Person) -> Person:
        raise NotImplementedError

    _likelihood: DealLikelihoods

    def get(self, kind: Any, id: str) -> Any:
        raise NotImplementedError

    def get_many(self, kind: Any, ids: Collection[str]) -> dict[str, Any]:
        raise NotImplementedError

    # -- likelihood ---------------------------------------------------------------------------
    def deal_likelihood(self, deal_id: str) -> Likelihood:
        """A deal's likelihood (graph.likelihood); seen by whoever may see the deal."""
        deal = self.get(Deal, deal_id)
        return self._likelihood.score(self.store, [deal])[deal.id]

    def deal_likelihoods(self, deal_ids: Collection[str]) -> dict[str, Likelihood]:
        """Many at once (features read in bulk); deals the caller may not see are left out."""
        return self._likelihood.score(self.store, list(self.get_many(Deal, deal_ids).values()))

    # -- pages --------------------------------------------------------------------------------
    def deal_page(
        self,
        *,
        owner_id: str | None = None,
        company_id: str | None = None,
        team_id: str | None = None,
        open: bool | None = None,
        first: int = 50,
        after: str | None = None,
        order: DealOrder = DealOrder.CREATED_DESC,
    ) -> DealPage:
        """Deals the caller may see matching every filter given, ``first`` of them after
        the cursor ``after``. ``team_id`` is a team's name (``User.team``): deals owned by
        its active members' people."""
        check_range("first", first, 1, PAGE_SIZE_MAX)
        optional_id(owner_id, "owner")
        optional_id(company_id, "company id")
        order = DealOrder(order)
        start = None if after is None else decode_cursor(after, order)
        filters = DealFilter(self._owners(owner_id, team_id), company_id, open)
        if order.stored:
            found = self.store.deal_page(filters, order, start, first + 1)
            keyed = [(key_of(d, order), d) for d in found]
        else:
            keyed = self._by_likelihood(filters, order, start, first + 1)
        edges = tuple((encode_cursor(order, key), d) for key, d in keyed[:first])
        return DealPage(edges, len(keyed) > first, filters)

    def _by_likelihood(
        self, filters: DealFilter, order: DealOrder, start: DealKey | None, limit: int
    ) -> list[tuple[DealKey, Deal]]:
        """Up to ``limit`` deals matching ``filters`` after ``start`` in likelihood order."""
        deals: list[Deal] = []
        after: DealKey | None = None
        while True:
            batch = self.store.deal_page(filters, DealOrder.CREATED_DESC, after, LIKELIHOOD_READ)
            deals += batch
            if len(batch) < LIKELIHOOD_READ:
                break
            after = key_of(batch[-1], DealOrder.CREATED_DESC)
        scores = self.deal_likelihoods([d.id for d in deals])
        keyed = [
            (DealKey(float(scores[d.id].probability) if d.id in scores else None, d.id), d)
            for d in deals
        ]
        keyed.sort(key=lambda kd: sort_key(kd[0], order))
        if start is not None:
            edge = sort_key(start, order)
            keyed = [kd for kd in keyed if sort_key(kd[0], order) > edge]
        return keyed[:limit]

    def count_deals(self, filters: DealFilter) -> int:
        """How many deals a page's filters match (visibility already folded in)."""
        return self.store.deal_count(filters)

    def _owners(self, owner_id: str | None, team_id: str | None) -> frozenset[str] | None:
        """The owners the filter allows: the owner, the team's people and the caller's
        visibility, intersected; None when nothing restricts them."""
        owners: frozenset[str] | None = None if owner_id is None else frozenset({owner_id})
        if team_id is not None:
            check_text(team_id, "team")
            members = frozenset(
                u.person_id
                for u in self.store.list_users()
                if u.active and u.team == team_id and u.person_id is not None
            )
            owners = members if owners is None else owners & members
        if not policy.sees_every_deal(self.caller):
            visible = frozenset(self.team.person_ids())
            owners = visible if owners is None else owners & visible
        return owners

    # -- one deal -------------------------------------------------------------------------------
    def stage_history(self, deal_id: str) -> list[StageChange]:
        """The deal's stage changes, oldest first; NotFound for a deal the caller may not see."""
        self.get(Deal, deal_id)
        return self.store.stage_changes(deal_id)

    def deal_contacts(self, deal_id: str, first: int = 20) -> list[DealContact]:
        """The account's current, contactable people, the warmest first: by the owner's own
        tie, then the team's best, then id. Do-not-contact people are left out: they are
        never someone to reach out to."""
        check_range("first", first, 1, CONTACTS_MAX)
        deal: Deal = self.get(Deal, deal_id)
        jobs = self.store.employments(company_id=deal.company_id, current_only=True)
        titles = {e.person_id: e.title for e in jobs}
        people = self.store.get_nodes(Person, list(titles))
        team = self._owner_team(deal.owner_id)
        ties = {pid: self._ties_into(pid, deal.company_id) for pid in team}
        contacts = []
        for pid, person in people.items():
            if person.do_not_contact:
                continue
            own = ties.get(deal.owner_id or "", {}).get(pid, 0.0)
            best, best_strength = None, 0.0
            for member in sorted(ties):
                strength = ties[member].get(pid, 0.0)
                if strength > best_strength:
                    best, best_strength = member, strength
            contacts.append((pid, person, own, best, best_strength))
        contacts.sort(key=lambda c: (-c[2], -c[4], c[0]))
        shown = self.store.get_nodes(Person, {c[3] for c in contacts[:first] if c[3]})
        return [
            DealContact(
                person=self._shown(person),
                title=titles[pid] or person.title,
                strength=own,
                team_strength=best_strength,
                teammate=None if best is None else self._shown(shown[best]),
            )
            for pid, person, own, best, best_strength in contacts[:first]
        ]

    def _owner_team(self, owner_id: str | None) -> list[str]:
        """The owner and the people of their team's active users (the owner's team is that
        of an active user linked to them; none: the owner alone)."""
        if owner_id is None:
            return []
        users = [u for u in self.store.list_users() if u.active]
        teams = {u.team for u in users if u.person_id == owner_id and u.team is not None}
        members = {u.person_id for u in users if u.team in teams and u.person_id is not None}
        return sorted(members | {owner_id})

    def _ties_into(self, person_id: str, company_id: str) -> dict[str, float]:
        """``person_id``'s tie strength to each contactable current employee of the company
        they are linked to directly (a one-hop introduction path is exactly that link)."""
        if not self.store.existing_ids(Person, [person_id]) or not self.store.existing_ids(
            Company, [company_id]
        ):
            return {}
        query = PathQuery(person_id, None, company_id, 1, PATH_LIMIT_MAX, PathRanking.STRENGTH)
        return {p.people[-1]: p.strengths[0] for p in self.store.introduction_paths(query)}
