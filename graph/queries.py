"""Questions the stores answer where their data lives, and the raw answers they give.

The service layer (``graph.service``) validates arguments and turns ids into these; a store
answers with people ids and numbers only, and the service dresses them as domain objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# The path kernel's capacity is the product's limit on maxHops: one constant, named once.
from .algorithms.paths import MAX_HOPS as MAX_HOPS
from .model import PathRanking

PATH_LIMIT_MAX = 1000
DENSITY_HOPS_MAX = 4


@dataclass(frozen=True, slots=True)
class PathQuery:
    """Introduction paths from ``source`` to ``target_person`` or any current, contactable
    employee of ``target_company`` (exactly one of the two).

    Paths are simple, have 1..max_hops links, and every intermediary is neither
    doNotContact, the source, nor a target. No path ends at a doNotContact person: a
    doNotContact ``target_person`` gets no paths from any store (the service refuses first).
    """

    source: str
    target_person: str | None
    target_company: str | None
    max_hops: int
    limit: int
    rank_by: PathRanking


@dataclass(frozen=True, slots=True)
class RawPath:
    people: tuple[str, ...]  # source first, target last
    strengths: tuple[float, ...]  # one per link, in path order
    strength: float  # product of ``strengths``, multiplied in path order

    @property
    def hops(self) -> int:
        return len(self.strengths)

    def rank_key(self, rank_by: PathRanking) -> tuple[object, ...]:
        """Where the path ranks (smaller first) by the stores' rules (README, Introduction
        paths): for merging the answers of several sources."""
        if rank_by is PathRanking.HOPS:
            return (self.hops, -self.strength, self.people)
        return (-self.strength, self.hops, self.people)


@dataclass(frozen=True, slots=True)
class DensityQuery:
    """Advocate density around a seed set: a person, a company's current employees or a
    community's members (exactly one of the three)."""

    person_id: str | None
    company_id: str | None
    community_id: str | None
    hops: int
    for_company_id: str | None
    nearest_limit: int


@dataclass(frozen=True, slots=True)
class AdvocateReachRaw:
    advocate: str
    distance: int
    seed: str  # the seed person at ``distance`` with the smallest id


@dataclass(frozen=True, slots=True)
class DensityResult:
    """``reachable`` and ``advocates`` count the whole neighbourhood, doNotContact people
    included (aggregates name nobody); ``nearest`` lists up to ``nearest_limit`` advocates
    who may be contacted, by distance then id, and never a doNotContact one. A nearest
    entry's ``seed`` is named whether doNotContact or not: it is one the question named."""

    reachable: int
    advocates: int
    nearest: tuple[AdvocateReachRaw, ...]

    @property
    def density(self) -> float:
        return self.advocates / self.reachable if self.reachable else 0.0


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    """What identity resolution compares a person by (values as stored, not normalised)."""

    id: str
    name: str
    email: str | None
    linkedin: str | None
    companies: tuple[str, ...]  # ids of the companies they work at now


@dataclass(frozen=True, slots=True)
class MergeCounts:
    """What merging one person into another moved onto the kept person, by kind, and how
    many records were ``dropped``: a KNOWS or a job, membership or advocacy the kept person
    already had (folded into theirs), the KNOWS between the two, and interactions between
    the two (they would have become the kept person's with themselves)."""

    connections: int = 0
    interactions: int = 0
    employments: int = 0
    memberships: int = 0
    advocacies: int = 0
    deals: int = 0
    external_ids: int = 0
    users: int = 0
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class CompanyIdentity:
    id: str
    name: str
    domain: str | None


@dataclass(frozen=True, slots=True)
class LinkProjection:
    """The whole link graph in bulk, for influence, in the CSR layout the algorithms take.

    Person ``i`` is ``person_ids[i]``; its links are ``nbr[start[i]:start[i]+length[i]]``
    with tie strengths ``weight[...]`` (symmetric). ``advocacy[i]`` is the person's strongest
    advocacy level as a weight in 0..1 (0 = not an advocate). Only people who exist are in it.
    """

    person_ids: tuple[str, ...]
    start: npt.NDArray[np.int64]
    length: npt.NDArray[np.int64]
    nbr: npt.NDArray[np.int32]
    weight: npt.NDArray[np.float64]
    advocacy: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PairActivity:
    """What every linked pair's evidence counts are made of, in bulk (exports): each KNOWS
    once (``knows_a[i] < knows_b[i]``, person ids), and per pair of people who interacted
    (``inter_a[i] < inter_b[i]``) how many interactions either way and when the latest one
    was (epoch seconds, UTC)."""

    knows_a: npt.NDArray[np.object_]
    knows_b: npt.NDArray[np.object_]
    inter_a: npt.NDArray[np.object_]
    inter_b: npt.NDArray[np.object_]
    inter_count: npt.NDArray[np.int64]
    inter_last: npt.NDArray[np.float64]
