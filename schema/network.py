"""The ego network over GraphQL: the people around a person, company or community, and the
ties among them, for the explorer page to draw.

The types and the resolver; the resolver is attached to ``Query`` (``schema.query``). What
is kept and in which order is decided by the service (``graph.ego_service``) and the pure
expansion (``graph.algorithms.ego``).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import ID

from graph import ego_service as e
from graph import model as m

from .types import Community, Company, Info, LinkEvidence, Person, _Views

# Becomes the Node interface once global ids land; until then a union of the three kinds.
EgoCenter = Annotated[
    Person | Company | Community,
    strawberry.union(
        "EgoCenter", description="What an ego network is around: a person, company or community."
    ),
]

EGO_NETWORK_DESCRIPTION = (
    "The network around exactly one of a person (personId), a company's current employees "
    "(companyId) or a community's members (communityId), for drawing: at most `limit` "
    "people (1..200) within `hops` links (1..2). Seeds come first (at most `limit`, the "
    "strongest-connected first: largest sum of tie strengths); then, best first, whoever has "
    "the strongest tie to someone already kept, until `limit`. `links` are the ties among "
    f"them, strongest first, at most {e.LINKS_PER_PERSON} x limit (each person's tie into "
    "the network always included). Do-not-contact people are shown and flagged. NOT_FOUND "
    "for an unknown subject, BAD_INPUT for none or several or a limit outside its range. "
    f"Its sub-selection counts `limit` times toward the query cost (links {e.LINKS_PER_PERSON} "
    "x limit)."
)


@strawberry.type(description="A tie between two people of an ego network; `a` has the smaller id.")
class NetworkLink:
    a: Person = strawberry.field(description="One end: the person with the smaller id.")
    b: Person = strawberry.field(description="The other end.")
    strength: float = strawberry.field(description="Tie strength in (0, 1].")
    evidence: LinkEvidence = strawberry.field(
        description="Why they are linked: fromToCount counts interactions from `a` to `b`."
    )


@strawberry.type(description="The people around a person, company or community, and their ties.")
class EgoNetwork:
    center: EgoCenter = strawberry.field(
        description="The person, company or community asked about."
    )
    people: list[Person] = strawberry.field(
        description="At most `limit` people: the seeds first (the person, or the company's "
        "current employees, or the community's members, strongest-connected first), then in "
        "the order they were reached, strongest tie first."
    )
    links: list[NetworkLink] = strawberry.field(
        description=f"Ties among `people`, each pair once, strongest first; at most "
        f"{e.LINKS_PER_PERSON} x limit, always including the tie that brought each person in."
    )
    truncated: bool = strawberry.field(
        description="Somebody within `hops` links was left out to keep to `limit` (seeds included)."
    )
    links_truncated: bool = strawberry.field(
        description=f"Ties among `people` beyond {e.LINKS_PER_PERSON} x limit were left out."
    )

    @classmethod
    def of(cls, ego: e.EgoNetwork) -> EgoNetwork:
        views = _Views()
        center: Person | Company | Community
        if isinstance(ego.center, m.Person):
            center = views.person(ego.center)
        elif isinstance(ego.center, m.Company):
            center = Company.of(ego.center)
        else:
            center = Community.of(ego.center)
        return cls(
            center=center,
            people=[views.person(p) for p in ego.people],
            links=[
                NetworkLink(
                    a=views.person(link.a),
                    b=views.person(link.b),
                    strength=link.strength,
                    evidence=views.evidence(link.evidence, link.a.id),
                )
                for link in ego.links
            ],
            truncated=ego.truncated,
            links_truncated=ego.links_truncated,
        )


def _opt(value: ID | None) -> str | None:
    return None if value is None else str(value)


async def ego_network(
    info: Info,
    person_id: Annotated[
        ID | None, strawberry.argument(description="The person at the centre.")
    ] = None,
    company_id: Annotated[
        ID | None,
        strawberry.argument(description="A company: its current employees are the seeds."),
    ] = None,
    community_id: Annotated[
        ID | None, strawberry.argument(description="A community: its members are the seeds.")
    ] = None,
    hops: Annotated[
        int | None, strawberry.argument(description="How many links out from the seeds, 1..2.")
    ] = 1,
    limit: Annotated[
        int | None,
        strawberry.argument(description="At most this many people in all, 1..200."),
    ] = 50,
) -> EgoNetwork:
    ctx = info.context
    found = await ctx.call(
        ctx.service.ego_network,
        person_id=_opt(person_id),
        company_id=_opt(company_id),
        community_id=_opt(community_id),
        hops=1 if hops is None else hops,
        limit=50 if limit is None else limit,
    )
    return EgoNetwork.of(found)
