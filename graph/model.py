"""The domain model: plain, immutable records shared by every store and layer.

Ids are opaque strings, unique within one node kind: a person and a company may share an
id, and ``"007"`` is not ``"7"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar


class CommunityKind(StrEnum):
    GROUP = "group"
    FORUM = "forum"
    EVENT = "event"
    CUSTOMER_COMMUNITY = "customer_community"
    OTHER = "other"


class InteractionKind(StrEnum):
    EMAIL = "email"
    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    COMMENT = "comment"
    LIKE = "like"
    SHARE = "share"
    REFERRAL = "referral"
    INTRODUCTION = "introduction"


class ConnectionOrigin(StrEnum):
    LINKEDIN = "linkedin"
    EMAIL = "email"
    CRM = "crm"
    MANUAL = "manual"


class AdvocacyLevel(StrEnum):
    PROMOTER = "promoter"
    REFERENCE = "reference"
    CHAMPION = "champion"


class DealStage(StrEnum):
    PROSPECTING = "prospecting"
    QUALIFICATION = "qualification"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"


class DealOutcome(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class PathRanking(StrEnum):
    STRENGTH = "strength"
    HOPS = "hops"
    #: by the estimated chance the introduction happens (:mod:`graph.intro_likelihood`);
    #: the service answers it, stores only ever see STRENGTH and HOPS
    LIKELIHOOD = "likelihood"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    title: str | None = None
    email: str | None = None
    location: str | None = None
    linkedin: str | None = None
    twitter: str | None = None
    do_not_contact: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    name: str
    domain: str | None = None
    industry: str | None = None
    employees: int | None = None


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    name: str
    kind: CommunityKind = CommunityKind.OTHER
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Deal:
    id: str
    name: str
    company_id: str
    owner_id: str | None = None
    stage: DealStage = DealStage.PROSPECTING
    amount: float | None = None
    created_at: date | None = None
    closed_at: date | None = None

    @property
    def outcome(self) -> DealOutcome:
        if self.stage is DealStage.CLOSED_WON:
            return DealOutcome.WON
        if self.stage is DealStage.CLOSED_LOST:
            return DealOutcome.LOST
        return DealOutcome.OPEN


Node = Person | Company | Community | Deal
NodeType = type[Person] | type[Company] | type[Community] | type[Deal]
#: One node kind, for functions that return what they were asked for.
NodeT = TypeVar("NodeT", Person, Company, Community, Deal)

NODE_KIND_NAMES: dict[type, str] = {
    Person: "person",
    Company: "company",
    Community: "community",
    Deal: "deal",
}


@dataclass(frozen=True, slots=True)
class Interaction:
    """One touch between two people; ``actor`` reached out to ``recipient``."""

    id: str
    kind: InteractionKind
    at: datetime
    actor_id: str
    recipient_id: str
    community_id: str | None = None


@dataclass(frozen=True, slots=True)
class Connection:
    """An undirected KNOWS between two people; stored with ``a < b``."""

    a: str
    b: str
    since: date | None = None
    origin: ConnectionOrigin = ConnectionOrigin.MANUAL

    def __post_init__(self) -> None:
        if self.b < self.a:
            a, b = self.b, self.a
            object.__setattr__(self, "a", a)
            object.__setattr__(self, "b", b)


@dataclass(frozen=True, slots=True)
class Employment:
    """Person WORKS_AT Company; no ``end`` means they work there now."""

    person_id: str
    company_id: str
    title: str | None = None
    start: date | None = None
    end: date | None = None

    @property
    def current(self) -> bool:
        return self.end is None


@dataclass(frozen=True, slots=True)
class Membership:
    person_id: str
    community_id: str
    role: str | None = None
    since: date | None = None


#: Advocacy levels in order of strength (1 = weakest); 0 stands for "not an advocate".
ADVOCACY_RANK: dict[AdvocacyLevel, int] = {
    AdvocacyLevel.PROMOTER: 1,
    AdvocacyLevel.REFERENCE: 2,
    AdvocacyLevel.CHAMPION: 3,
}
#: How much each level of advocacy weighs, where one number per person is needed (influence).
ADVOCACY_WEIGHTS: dict[AdvocacyLevel, float] = {
    level: rank / len(ADVOCACY_RANK) for level, rank in ADVOCACY_RANK.items()
}
#: ADVOCACY_WEIGHTS by rank (index 0 = not an advocate), for stores that keep the rank.
ADVOCACY_WEIGHT_BY_RANK: tuple[float, ...] = (
    0.0,
    *(ADVOCACY_WEIGHTS[level] for level in sorted(ADVOCACY_RANK, key=ADVOCACY_RANK.__getitem__)),
)


@dataclass(frozen=True, slots=True)
class Advocacy:
    """Person ADVOCATES_FOR Company: what makes someone one of our advocates."""

    person_id: str
    company_id: str
    level: AdvocacyLevel = AdvocacyLevel.PROMOTER
    since: date | None = None


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """Why two people are linked: what a rep reads next to each hop of a path."""

    a: str
    b: str
    connected: bool
    connected_since: date | None = None
    origin: ConnectionOrigin | None = None
    counts: dict[InteractionKind, int] = field(default_factory=dict)
    last_interaction_at: datetime | None = None
    a_to_b: int = 0
    b_to_a: int = 0

    @property
    def interactions(self) -> int:
        return sum(self.counts.values())
