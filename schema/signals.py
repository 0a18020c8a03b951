"""Signals reps act on over GraphQL: job changes and fading relationships.

The types and their resolvers; the resolvers are attached to ``Query`` (``schema.query``).
What counts as a change or a fading tie, and who may ask, is decided by the service
(``graph.signal_service``, ``graph.signals``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import ID

from graph import signals as s
from graph.signal_service import FADING_LIMIT_MAX, JOB_CHANGES_MAX

from .types import Advocacy, Company, Info, Interaction, Person


@strawberry.type(
    description="A person whose employment changed: the job they left and/or the job they "
    "joined (each when known), and whether they advocate for us."
)
class JobChange:
    person: Person = strawberry.field(description="Who moved.")
    at: date = strawberry.field(
        description="When: the new job's start, or the old job's end if no new job is known."
    )
    from_title: str | None = strawberry.field(description="Their title in the job they left.")
    to_title: str | None = strawberry.field(description="Their title in the job they joined.")
    was_advocate: bool = strawberry.field(
        description="They advocate for us (a champion, reference or promoter of some "
        "company): the best lead there is. These rank first."
    )
    advocate_of: list[Advocacy] = strawberry.field(
        description="The companies they advocate for, with the level."
    )
    model: strawberry.Private[s.Move]

    @classmethod
    def of(cls, change: s.JobChange) -> JobChange:
        move = change.move
        return cls(
            person=Person.of(change.person),
            at=move.at,
            from_title=None if move.left is None else move.left.title,
            to_title=None if move.joined is None else move.joined.title,
            was_advocate=change.was_advocate,
            advocate_of=[Advocacy.of(a) for a in change.advocacies],
            model=move,
        )

    @strawberry.field(description="The company they left, if known.")
    async def from_company(self, info: Info) -> Company | None:
        return await _company(info, self.model.company_left)

    @strawberry.field(description="The company they joined, if known.")
    async def to_company(self, info: Info) -> Company | None:
        return await _company(info, self.model.company_joined)


async def _company(info: Info, company_id: str | None) -> Company | None:
    if company_id is None:
        return None
    found = await info.context.loaders.companies.load(company_id)
    return Company.of(found) if found is not None else None


@strawberry.type(
    description=f"A tie that was strong a look-back ago ({s.FADING_LOOKBACK_DAYS} days) and "
    "has decayed since: "
    "its strength then and now by the tie-strength formula (README), and the pair's latest "
    "interaction."
)
class FadingTie:
    person: Person = strawberry.field(description="Whose tie it is (the person or teammate).")
    other: Person = strawberry.field(description="The person at the other end.")
    strength_then: float = strawberry.field(
        description=f"The tie's strength {s.FADING_LOOKBACK_DAYS} days ago, 0..1 (at least "
        f"{s.STRONG_TIE})."
    )
    strength_now: float = strawberry.field(description="The tie's strength today, 0..1.")
    drop: float = strawberry.field(description="strengthThen - strengthNow.")
    last_interaction: Interaction | None = strawberry.field(
        description="The pair's latest interaction, either way; null if they never had one."
    )

    @classmethod
    def of(cls, f: s.FadingRelationship) -> FadingTie:
        last = f.tie.last_interaction
        return cls(
            person=Person.of(f.person),
            other=Person.of(f.other),
            strength_then=f.tie.strength_then,
            strength_now=f.tie.strength_now,
            drop=f.tie.drop,
            last_interaction=None if last is None else Interaction.of(last),
        )


def _opt(value: ID | None) -> str | None:
    return None if value is None else str(value)


# -- queries -------------------------------------------------------------------------------
async def job_changes(
    info: Info,
    since: Annotated[
        date,
        strawberry.argument(description="Only changes on or after this date."),
    ],
    company_id: Annotated[
        ID | None,
        strawberry.argument(
            description="Only moves from or to this company (NOT_FOUND if unknown)."
        ),
    ] = None,
    advocates_only: Annotated[
        bool | None,
        strawberry.argument(
            description="Only people who advocate for some company (default false)."
        ),
    ] = False,
    first: Annotated[
        int | None,
        strawberry.argument(
            description=f"How many changes at most (1..{JOB_CHANGES_MAX}, default 50)."
        ),
    ] = 50,
) -> list[JobChange]:
    ctx = info.context
    found = await ctx.call(
        ctx.service.job_changes,
        since,
        _opt(company_id),
        bool(advocates_only),
        50 if first is None else first,
    )
    return [JobChange.of(c) for c in found]


async def fading_relationships(
    info: Info,
    person_id: Annotated[
        ID | None,
        strawberry.argument(
            description="Whose ties (give this or teamId, not both; BAD_INPUT otherwise)."
        ),
    ] = None,
    team_id: Annotated[
        str | None,
        strawberry.argument(
            description="A team's name (User.team): its active members' ties that the caller "
            "may see; NOT_FOUND for a team with no active user or not the caller's to see."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        strawberry.argument(
            description=f"How many ties at most (1..{FADING_LIMIT_MAX}, default 20)."
        ),
    ] = 20,
) -> list[FadingTie]:
    ctx = info.context
    found = await ctx.call(
        ctx.service.fading_relationships,
        _opt(person_id),
        team_id,
        20 if limit is None else limit,
    )
    return [FadingTie.of(f) for f in found]
