"""What the service layer answers with: domain objects the GraphQL layer only renames."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Company, LinkEvidence, Person


@dataclass(frozen=True, slots=True)
class PathLink:
    source: Person
    target: Person
    strength: float
    evidence: LinkEvidence


@dataclass(frozen=True, slots=True)
class Willingness:
    """How readily an intermediary makes the introductions asked of them
    (:mod:`graph.intro_likelihood`)."""

    person: Person
    estimate: float  # the Beta posterior mean of their acceptance rate
    lift: float  # estimate / the prior mean: 1.0 for a person never asked
    asked: int  # requests they answered (accepted, declined or let expire)
    accepted: int


@dataclass(frozen=True, slots=True)
class TargetAcceptance:
    company: Company | None  # the company whose targets' answers it learns from
    estimate: float
    asked: int
    accepted: int


@dataclass(frozen=True, slots=True)
class PathLikelihood:
    score: float  # strength x product of lifts x target acceptance
    strength: float
    willingness: tuple[Willingness, ...]  # one per intermediary, in path order
    target_acceptance: TargetAcceptance
    exact: bool  # False when a path outside the candidate pool might rank higher


@dataclass(frozen=True, slots=True)
class IntroductionPath:
    people: tuple[Person, ...]
    links: tuple[PathLink, ...]
    strength: float
    advocates: tuple[Person, ...]  # intermediaries who are advocates, in path order
    #: the user whose network the path starts from, when it starts from the caller's own
    #: person or a teammate's (``fromTeam``); None for a path asked from a given person
    teammate: str | None = None
    #: the estimate and its parts; only with ``rankBy: LIKELIHOOD``
    likelihood: PathLikelihood | None = None

    @property
    def hops(self) -> int:
        return len(self.links)


@dataclass(frozen=True, slots=True)
class InfluenceScore:
    person: Person
    score: float
    rank: int  # 1 = most influential within the scope asked for
    global_rank: int  # among everybody
    pagerank: float
    degree: int
    advocacy: float


@dataclass(frozen=True, slots=True)
class AdvocateReach:
    advocate: Person
    distance: int
    seed: Person


@dataclass(frozen=True, slots=True)
class AdvocateDensity:
    reachable: int
    advocates: int
    density: float
    nearest: tuple[AdvocateReach, ...]
