"""``possibleDuplicates``: pairs of people the import's resolution rules did not merge, for a
person to decide about. Thin: the pairs are found, ranked and paged in
:mod:`graph.duplicates`; this converts arguments and answers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.duplicates import PAGE_MAX

from .types import Info, Person

DEFAULT_FIRST = 50


@strawberry.type(
    description="Two people who may be one: the same name (case and accents ignored) and "
    "no rule merged them. Merge them with mergePeople, or leave them."
)
class PossibleDuplicate:
    a: Person = strawberry.field(description="One of the two (the one with the smaller id).")
    b: Person = strawberry.field(description="The other one.")
    reason: str = strawberry.field(
        description='Why they may be one person, e.g. "same name and company (Acme); '
        'different e-mails", "same name; one has no company", "same name; different '
        'companies (Acme / Globex)".'
    )
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` to list the pairs that come after this one."
    )


async def possible_duplicates(
    info: Info,
    first: Annotated[
        int | None,
        strawberry.argument(description=f"How many pairs to list (1..{PAGE_MAX})."),
    ] = DEFAULT_FIRST,
    after: Annotated[
        str | None,
        strawberry.argument(description="List the pairs after this `cursor` of an earlier page."),
    ] = None,
) -> list[PossibleDuplicate]:
    ctx = info.context
    found = await ctx.call(
        ctx.service.possible_duplicates, DEFAULT_FIRST if first is None else first, after
    )
    return [
        PossibleDuplicate(a=Person.of(d.a), b=Person.of(d.b), reason=d.reason, cursor=d.cursor)
        for d in found
    ]
