"""GraphQL views of query results built from several nodes: introduction paths with the
evidence for each link, and advocate density. Split from :mod:`schema.types` (whose nodes
they show) to keep each module to one family of types.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import strawberry

from graph import model as m
from graph import results as r

from . import intros
from .enums import ConnectionOrigin, InteractionKind
from .types import Company, Info, Person


@strawberry.type(description="How many interactions of one kind.")
class InteractionCount:
    kind: InteractionKind = strawberry.field(description="The kind.")
    count: int = strawberry.field(description="How many of that kind.")


@strawberry.type(description="Why two neighbours on a path are linked.")
class LinkEvidence:
    connected: bool = strawberry.field(description="Whether they know each other (KNOWS).")
    connected_since: date | None = strawberry.field(description="Since when, if known.")
    origin: ConnectionOrigin | None = strawberry.field(
        description="Where the connection was made (null: not connected)."
    )
    interaction_count: int = strawberry.field(description="Interactions between the two.")
    interactions: list[InteractionCount] = strawberry.field(
        description="Interactions between the two, by kind, most frequent first."
    )
    last_interaction_at: datetime | None = strawberry.field(
        description="When they last interacted (null: never)."
    )
    from_to_count: int = strawberry.field(description="Interactions from `from` to `to`.")
    to_from_count: int = strawberry.field(description="Interactions from `to` to `from`.")

    @classmethod
    def of(cls, e: m.LinkEvidence, from_id: str) -> LinkEvidence:
        forward, backward = (e.a_to_b, e.b_to_a) if e.a == from_id else (e.b_to_a, e.a_to_b)
        counts = sorted(
            ((kind, n) for kind, n in e.counts.items() if n), key=lambda kn: (-kn[1], kn[0])
        )
        return cls(
            connected=e.connected,
            connected_since=e.connected_since,
            origin=e.origin,
            interaction_count=e.interactions,
            interactions=[InteractionCount(kind=k, count=n) for k, n in counts],
            last_interaction_at=e.last_interaction_at,
            from_to_count=forward,
            to_from_count=backward,
        )


@strawberry.type(description="One hop of an introduction path.")
class PathLink:
    from_: Person = strawberry.field(name="from", description="The nearer end.")
    to: Person = strawberry.field(description="The farther end.")
    strength: float = strawberry.field(description="Tie strength in (0, 1].")
    evidence: LinkEvidence = strawberry.field(description="Why the two are linked.")

    @classmethod
    def of(cls, link: r.PathLink, views: _Views | None = None) -> PathLink:
        views = views or _Views()
        return cls(
            from_=views.person(link.source),
            to=views.person(link.target),
            strength=link.strength,
            evidence=views.evidence(link.evidence, link.source.id),
        )


@strawberry.type(description="How readily an intermediary makes the introductions asked of them.")
class Willingness:
    person: Person = strawberry.field(description="The intermediary.")
    estimate: float = strawberry.field(
        description="Their estimated acceptance rate: a Beta prior at the population's rate, "
        "updated by their past answers as a connector, older answers counting less."
    )
    lift: float = strawberry.field(
        description="estimate divided by the prior mean: 1.0 for a person never asked, "
        "below 1 for one who declines more than most. The path's score multiplies it."
    )
    asked: int = strawberry.field(
        description="Introduction requests they answered (accepted, declined or let expire)."
    )
    accepted: int = strawberry.field(description="Of those, how many they accepted.")


@strawberry.type(description="How readily people at the target's company accept introductions.")
class TargetAcceptance:
    company: Company | None = strawberry.field(
        description="The company learnt from: the one asked for, or the target's current "
        "employer (null: the target works nowhere known; the population's rate is used)."
    )
    estimate: float = strawberry.field(
        description="Estimated share of targets there who accept an introduction (double "
        "opt-in), with the same prior and recency as willingness."
    )
    asked: int = strawberry.field(description="Targets there who answered an introduction.")
    accepted: int = strawberry.field(description="Of those, how many accepted.")


@strawberry.type(
    description="The estimated chance an introduction along a path happens, and its parts."
)
class PathLikelihood:
    score: float = strawberry.field(
        description="strength x each intermediary's lift x targetAcceptance.estimate: what "
        "rankBy LIKELIHOOD orders by. A ranking estimate on a chance-like scale, not a "
        "calibrated probability (tie strength is not one)."
    )
    strength: float = strawberry.field(description="Product of the links' strengths.")
    willingness: list[Willingness] = strawberry.field(
        description="One per intermediary, in path order (empty for a direct link)."
    )
    target_acceptance: TargetAcceptance = strawberry.field(
        description="The target company's acceptance, the same for every path of an answer."
    )
    exact: bool = strawberry.field(
        description="True when the answer is provably the best by score; false when a "
        "path outside the largest candidate pool (1000 strongest per source) might rank higher."
    )

    @classmethod
    def of(cls, x: r.PathLikelihood, views: _Views) -> PathLikelihood:
        t = x.target_acceptance
        return cls(
            score=x.score,
            strength=x.strength,
            willingness=[
                Willingness(
                    person=views.person(w.person),
                    estimate=w.estimate,
                    lift=w.lift,
                    asked=w.asked,
                    accepted=w.accepted,
                )
                for w in x.willingness
            ],
            target_acceptance=TargetAcceptance(
                company=None if t.company is None else Company.of(t.company),
                estimate=t.estimate,
                asked=t.asked,
                accepted=t.accepted,
            ),
            exact=x.exact,
        )


@strawberry.type(description="A chain of people from a rep to a target.")
class IntroductionPath:
    hops: int = strawberry.field(description="How many links: 1..maxHops.")
    strength: float = strawberry.field(description="Product of the links' strengths.")
    people: list[Person] = strawberry.field(description="Source first, target last.")
    links: list[PathLink] = strawberry.field(description="The hops, source first.")
    advocates: list[Person] = strawberry.field(
        description="Intermediaries who are advocates, in path order."
    )
    teammate: str | None = strawberry.field(
        description="The e-mail of the user whose network the path starts from (the "
        "caller, or with fromTeam a teammate); null when asked from a given fromId."
    )
    likelihood: PathLikelihood | None = strawberry.field(
        description="The estimated chance the introduction happens and its parts; only "
        "with rankBy LIKELIHOOD (null otherwise)."
    )

    @strawberry.field(
        description="Open introduction requests of your team for this path's target, newest "
        "first: a teammate may have asked already."
    )
    async def open_requests(self, info: Info) -> list[intros.IntroRequest]:
        return await intros.open_requests(info, str(self.people[-1].local_id))

    @classmethod
    def of(cls, p: r.IntroductionPath, views: _Views | None = None) -> IntroductionPath:
        views = views or _Views()
        return cls(
            hops=p.hops,
            strength=p.strength,
            people=[views.person(x) for x in p.people],
            links=[PathLink.of(link, views) for link in p.links],
            advocates=[views.person(x) for x in p.advocates],
            teammate=p.teammate,
            likelihood=None if p.likelihood is None else PathLikelihood.of(p.likelihood, views),
        )

    @classmethod
    def all_of(cls, paths: Iterable[r.IntroductionPath]) -> list[IntroductionPath]:
        """Paths that share people and links share their (immutable) views of them."""
        views = _Views()
        return [cls.of(p, views) for p in paths]


class _Views:
    """Converts each person and each link's evidence once for a whole answer: paths
    repeat them (a person is in ``people`` and in two links; links recur across paths)."""

    def __init__(self) -> None:
        self._people: dict[str, Person] = {}
        self._evidence: dict[tuple[int, str], LinkEvidence] = {}

    def person(self, p: m.Person) -> Person:
        view = self._people.get(p.id)
        if view is None:
            view = self._people[p.id] = Person.of(p)
        return view

    def evidence(self, e: m.LinkEvidence, from_id: str) -> LinkEvidence:
        key = (id(e), from_id)  # the answer holds every e, so ids stay unique meanwhile
        view = self._evidence.get(key)
        if view is None:
            view = self._evidence[key] = LinkEvidence.of(e, from_id)
        return view


@strawberry.type(description="An advocate within reach, and how far.")
class AdvocateReach:
    advocate: Person = strawberry.field(description="The advocate.")
    distance: int = strawberry.field(description="Hops from the nearest seed person.")
    seed: Person = strawberry.field(description="The seed person the advocate is nearest to.")

    @classmethod
    def of(cls, a: r.AdvocateReach) -> AdvocateReach:
        return cls(advocate=Person.of(a.advocate), distance=a.distance, seed=Person.of(a.seed))


@strawberry.type(description="How many of the people within reach are advocates.")
class AdvocateDensity:
    reachable_count: int = strawberry.field(description="People within reach.")
    advocate_count: int = strawberry.field(description="Advocates among them.")
    density: float = strawberry.field(description="advocateCount / reachableCount (0 if none).")
    nearest: list[AdvocateReach] = strawberry.field(
        description="The nearest advocates, nearest first (up to nearestLimit)."
    )

    @classmethod
    def of(cls, d: r.AdvocateDensity) -> AdvocateDensity:
        return cls(
            reachable_count=d.reachable,
            advocate_count=d.advocates,
            density=d.density,
            nearest=[AdvocateReach.of(a) for a in d.nearest],
        )
