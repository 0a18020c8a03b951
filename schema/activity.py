"""The activity stream over GraphQL: a Relay-style connection of what happened around a
person, a company or a community, newest first.

Thin like the rest of ``schema``: which events, their order, the keyset cursor and which
deals the caller may see are decided by the service (``graph.activity_service``,
``graph.activity_stream``).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import ID

from graph import activity_service as svc
from graph import activity_stream as stream
from graph.model import DealStage as ModelDealStage
from graph.model import InteractionKind as ModelInteractionKind

from .deals import PageInfo
from .enums import DealStage, InteractionKind
from .types import Company, Deal, Info, Person


@strawberry.enum(description="What sort of thing happened.")
class ActivityKind(Enum):
    INTERACTION = strawberry.enum_value(
        stream.ActivityKind.INTERACTION.value,
        description="An interaction: person reached other (interactionKind says how).",
    )
    NEW_CONNECTION = strawberry.enum_value(
        stream.ActivityKind.NEW_CONNECTION.value,
        description="person and other connected (a KNOWS dated that day, midnight UTC).",
    )
    JOB_STARTED = strawberry.enum_value(
        stream.ActivityKind.JOB_STARTED.value,
        description="person started a job at company (that day, midnight UTC).",
    )
    JOB_ENDED = strawberry.enum_value(
        stream.ActivityKind.JOB_ENDED.value,
        description="person's job at company ended (that day, midnight UTC).",
    )
    DEAL_STAGE_CHANGED = strawberry.enum_value(
        stream.ActivityKind.DEAL_STAGE_CHANGED.value,
        description="deal moved to stageTo (stageFrom null: it was created); person is its owner.",
    )


@strawberry.type(description="One thing that happened.")
class ActivityEvent:
    kind: ActivityKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When (a day's events at its midnight UTC).")
    summary: str = strawberry.field(description="One line saying what happened, for display.")
    person: Person | None = strawberry.field(
        description="Who acted: the interaction's actor, one side of a connection, the job's "
        "person, the deal's owner (null if deleted since)."
    )
    other: Person | None = strawberry.field(
        description="The interaction's recipient or the connection's other side."
    )
    company: Company | None = strawberry.field(description="The job's or the deal's company.")
    deal: Deal | None = strawberry.field(
        description="The deal whose stage changed (only deals the caller may see appear)."
    )
    interaction_kind: InteractionKind | None = strawberry.field(
        description="How they interacted (INTERACTION events only)."
    )
    stage_from: DealStage | None = strawberry.field(
        description="The deal's stage before (null on creation)."
    )
    stage_to: DealStage | None = strawberry.field(description="The deal's stage after.")
    title: str | None = strawberry.field(description="The job's title (job events).")

    @classmethod
    def of(cls, item: svc.ActivityItem) -> ActivityEvent:
        e = item.event
        return cls(
            kind=ActivityKind[e.kind.name],
            at=e.at,
            summary=item.summary,
            person=None if item.person is None else Person.of(item.person),
            other=None if item.other is None else Person.of(item.other),
            company=None if item.company is None else Company.of(item.company),
            deal=None if item.deal is None else Deal.of(item.deal),
            interaction_kind=_kind(e.interaction_kind),
            stage_from=_stage(e.stage_from),
            stage_to=_stage(e.stage_to),
            title=e.title,
        )


def _kind(kind: ModelInteractionKind | None) -> InteractionKind | None:
    return None if kind is None else InteractionKind(kind)


def _stage(stage: ModelDealStage | None) -> DealStage | None:
    return None if stage is None else DealStage(stage)


@strawberry.type(description="An event and its place in the stream.")
class ActivityEdge:
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: ActivityEvent = strawberry.field(description="The event.")


@strawberry.type(description="A page of the activity stream, newest first.")
class ActivityConnection:
    edges: list[ActivityEdge] = strawberry.field(description="This page's events.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    total_count: int = strawberry.field(
        description="How many events the stream holds (since `since`), across every page."
    )

    @classmethod
    def of(cls, page: svc.ActivityPage) -> ActivityConnection:
        return cls(
            edges=[ActivityEdge(cursor=i.cursor, node=ActivityEvent.of(i)) for i in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )


ACTIVITY_DESCRIPTION = (
    "What happened around exactly one subject (else BAD_INPUT), newest first: for a person, "
    "their interactions, connections, jobs and the deals they own; for a company, its "
    "current employees' interactions and connections, the jobs started and ended there, and "
    "its deals; for a community, its members' interactions, connections and jobs and the "
    "deals they own. Deal stage changes only for deals the caller may see. Keyset pages on "
    "(at, kind, id): walking them while others write yields every event that existed "
    "throughout exactly once."
)


def _id(value: ID | None) -> str | None:
    return None if value is None else str(value)


async def activity(
    info: Info,
    person_id: Annotated[ID | None, strawberry.argument(description="A person.")] = None,
    company_id: Annotated[ID | None, strawberry.argument(description="A company.")] = None,
    community_id: Annotated[ID | None, strawberry.argument(description="A community.")] = None,
    since: Annotated[
        datetime | None,
        strawberry.argument(description="Only events at or after this instant."),
    ] = None,
    first: Annotated[
        int | None, strawberry.argument(description="Page size, 1..100 (default 50).")
    ] = 50,
    after: Annotated[
        str | None,
        strawberry.argument(description="A cursor from a previous page: continue after it."),
    ] = None,
) -> ActivityConnection:
    ctx = info.context
    page = await ctx.call(
        ctx.service.activity,
        _id(person_id),
        _id(company_id),
        _id(community_id),
        since,
        50 if first is None else first,
        after,
    )
    return ActivityConnection.of(page)
