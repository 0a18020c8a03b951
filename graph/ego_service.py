"""The ego network the explorer draws: who is around a person, company or community.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller,
the influence cache and the access helpers declared below). The expansion itself is the
pure function :func:`graph.algorithms.ego.ego_network`, run over the link projection the
influence cache keeps per data version (read from the store once per write, not per query).

Seeds: the person; or a company's current employees; or a community's members. At most
``limit`` seeds are kept, the strongest-connected first (largest sum of tie strengths, then
smallest id). From the seeds the network grows best first over ties (strength > 0) up to
``hops`` links: the next person kept is the one with the strongest tie to someone already
kept (ties: smallest id), until ``limit`` people are kept. ``links`` are the ties among the
kept people, each pair once, strongest first, at most :data:`LINKS_PER_PERSON` x ``limit``
(every person's tie into the network is always among them, so the drawing stays connected).

Who may ask: everyone (it is people and their ties, which every role reads, like
``connections``). Do-not-contact people are part of the network and are shown, flagged by
``do_not_contact``; their e-mail and profile links only to admins, as everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from .access.model import Caller
from .algorithms.ego import ego_network
from .influence import InfluenceCache, RankedProjection
from .model import Community, Company, LinkEvidence, NodeT, Person
from .store.base import Store
from .validation import check_range, exactly_one

EGO_HOPS_MAX = 2
EGO_LIMIT_MAX = 200
#: Links shown per person kept: a dense neighbourhood of 200 people can hold ~20,000 ties,
#: more than a drawing can show or a response should carry.
LINKS_PER_PERSON = 4


@dataclass(frozen=True, slots=True)
class NetworkLink:
    """A tie between two people of an ego network; ``a`` has the smaller id."""

    a: Person
    b: Person
    strength: float
    evidence: LinkEvidence


@dataclass(frozen=True, slots=True)
class EgoNetwork:
    center: Person | Company | Community
    people: tuple[Person, ...]  # seeds first, then in the order they were kept
    links: tuple[NetworkLink, ...]  # strongest first
    truncated: bool  # someone within reach was left out (seeds included)
    links_truncated: bool  # ties among the people beyond the links cap were left out


class EgoOperations:
    store: Store
    caller: Caller
    _influence: InfluenceCache

    def get(self, kind: type[NodeT], id: str) -> NodeT:
        raise NotImplementedError

    def _people(self, ids: Collection[str]) -> dict[str, Person]:
        raise NotImplementedError

    def ego_network(
        self,
        person_id: str | None = None,
        company_id: str | None = None,
        community_id: str | None = None,
        hops: int = 1,
        limit: int = 50,
    ) -> EgoNetwork:
        """The network around exactly one subject (module docstring); NotFound for an
        unknown one, BadInput for hops outside 1..2 or limit outside 1..200."""
        exactly_one({"person": person_id, "company": company_id, "community": community_id})
        check_range("hops", hops, 1, EGO_HOPS_MAX)
        check_range("limit", limit, 1, EGO_LIMIT_MAX)
        center: Person | Company | Community
        if person_id is not None:
            center = self.get(Person, person_id)
            seed_ids: Collection[str] = [person_id]
        elif company_id is not None:
            center = self.get(Company, company_id)
            employed = self.store.employments(company_id=company_id, current_only=True)
            seed_ids = {e.person_id for e in employed}
        else:
            assert community_id is not None
            center = self.get(Community, community_id)
            seed_ids = {m.person_id for m in self.store.memberships(community_id=community_id)}
        ranked = self._ranked_projection()
        graph = ranked.projection
        seeds = [ranked.position[pid] for pid in seed_ids if pid in ranked.position]
        ego = ego_network(
            graph.start,
            graph.length,
            graph.nbr,
            graph.weight,
            ranked.id_rank,
            np.asarray(seeds, np.int64),
            hops,
            limit,
            max_links=LINKS_PER_PERSON * limit,
        )
        ids = graph.person_ids
        kept = [ids[i] for i in ego.people.tolist()]
        people = self._people(kept)  # as the caller may see them; gone since: left out
        pairs = [
            (ids[a], ids[b]) for a, b in ego.links.tolist() if ids[a] in people and ids[b] in people
        ]
        strength = {
            (ids[a], ids[b]): w
            for (a, b), w in zip(ego.links.tolist(), ego.strength.tolist(), strict=True)
        }
        evidence = self.store.link_evidence(pairs) if pairs else []  # one bulk read
        links = tuple(
            NetworkLink(people[a], people[b], strength[(a, b)], found)
            for (a, b), found in zip(pairs, evidence, strict=True)
        )
        return EgoNetwork(
            center=center,
            people=tuple(people[pid] for pid in kept if pid in people),
            links=links,
            truncated=ego.truncated,
            links_truncated=ego.links_truncated,
        )

    def _ranked_projection(self) -> RankedProjection:
        version = (self.store.data_version(), self.store.strengths_as_of())
        return self._influence.projection(version, self.store.link_projection)
