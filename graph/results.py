"""What the service layer answers with: domain objects the GraphQL layer only renames."""

from __future__ import annotations

from dataclasses import dataclass

from .model import LinkEvidence, Person


@dataclass(frozen=True, slots=True)
class PathLink:
    source: Person
    target: Person
    strength: float
    evidence: LinkEvidence


@dataclass(frozen=True, slots=True)
class IntroductionPath:
    people: tuple[Person, ...]
    links: tuple[PathLink, ...]
    strength: float
    advocates: tuple[Person, ...]  # intermediaries who are advocates, in path order
    #: the user whose network the path starts from, when it starts from the caller's own
    #: person or a teammate's (``fromTeam``); None for a path asked from a given person
    teammate: str | None = None

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
