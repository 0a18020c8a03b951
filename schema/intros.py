"""Introduction requests over GraphQL (issue 13's contract): the types, the mutations that
move a request, the ``introRequests`` list and ``IntroductionPath.openRequests``.

Thin, like every resolver here: arguments converted, the service called in a worker
thread (it authorises, and ``graph.intro.machine`` decides which step may follow which),
the answer converted. Mounted on ``Query`` and ``Mutation`` with a line each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, ParamSpec, TypeVar

import strawberry
from strawberry import ID, Private

from graph import model as m
from graph.intro import IntroRequest as Record
from graph.intro import IntroStatus
from graph.intro_service import IntroRole

from . import users as access
from .enums import describe_enum
from .ids import local_id
from .pagination import AFTER_DESCRIPTION, FIRST_DESCRIPTION, Connection, first_of
from .types import Deal, Info, Person

P = ParamSpec("P")
T = TypeVar("T")

describe_enum(
    IntroStatus,
    "Where an introduction request stands: REQUESTED, then the connector's answer "
    "(ACCEPTED, DECLINED, or EXPIRED when nobody answers in time), then the target's "
    "(TARGET_ACCEPTED or TARGET_DECLINED: double opt-in), INTRODUCED, MEETING_HELD, and the "
    "linked deal's outcome (WON or LOST); WITHDRAWN when the requester gives up.",
    {
        IntroStatus.REQUESTED: "Asked; waiting for the connector.",
        IntroStatus.ACCEPTED: "The connector agreed to make the introduction.",
        IntroStatus.DECLINED: "The connector declined (final).",
        IntroStatus.EXPIRED: "Nobody answered within the expiry time (final).",
        IntroStatus.TARGET_ACCEPTED: "The target agreed to be introduced.",
        IntroStatus.TARGET_DECLINED: "The target declined (final).",
        IntroStatus.INTRODUCED: "The introduction was made.",
        IntroStatus.MEETING_HELD: "The requester met the target.",
        IntroStatus.WON: "The linked deal was won (final).",
        IntroStatus.LOST: "The linked deal was lost (final).",
        IntroStatus.WITHDRAWN: "The requester withdrew the request (final).",
    },
)
describe_enum(
    IntroRole,
    "Which side of a request the caller is on.",
    {
        IntroRole.REQUESTER: "Requests the caller made (my asks).",
        IntroRole.CONNECTOR: "Requests whose connector is the caller's person (asks waiting "
        "for me).",
    },
)


@strawberry.type(description="One step of a request: the status it entered, when, by whom.")
class IntroStep:
    status: IntroStatus = strawberry.field(description="The status entered.")
    at: datetime = strawberry.field(description="When.")
    by: str = strawberry.field(
        description="The e-mail of the user who moved it, or `system` (expiry, a linked "
        "deal's close)."
    )


@strawberry.type(
    description="A request to the connector (the person after the first on the path) to "
    "introduce the requester to the target (the last). Visible to the requester, the "
    "connector, the requester's team, admins and analysts."
)
class IntroRequest:
    id: ID = strawberry.field(description="The request's id.")
    status: IntroStatus = strawberry.field(description="Where it stands now.")
    note: str | None = strawberry.field(description="The requester's note to the connector.")
    response_note: str | None = strawberry.field(
        description="The connector's note with their answer."
    )
    created_at: datetime = strawberry.field(description="When it was asked.")
    meeting_at: datetime | None = strawberry.field(
        description="When the meeting took place (recordMeeting); null before."
    )
    history: list[IntroStep] = strawberry.field(
        description="Every step, oldest first (the first is REQUESTED)."
    )
    record: Private[Record]

    @classmethod
    def of(cls, r: Record) -> IntroRequest:
        return cls(
            id=ID(r.id),
            status=r.status,
            note=r.note,
            response_note=r.response_note,
            created_at=r.created_at,
            meeting_at=r.meeting_at,
            history=[IntroStep(status=e.status, at=e.at, by=e.by) for e in r.history],
            record=r,
        )

    @strawberry.field(description="The user who asked.")
    async def requester(self, info: Info) -> access.User:
        ctx = info.context
        return access.User.of(await ctx.call(ctx.service.intro_requester, self.record))

    @strawberry.field(description="The person asked to make the introduction (path[1]).")
    async def connector(self, info: Info) -> Person | None:
        found = await info.context.nodes(m.Person, [self.record.connector_id])
        return Person.of(found[0]) if found else None

    @strawberry.field(description="The person to be introduced to (the path's last).")
    async def target(self, info: Info) -> Person | None:
        found = await info.context.nodes(m.Person, [self.record.target_id])
        return Person.of(found[0]) if found else None

    @strawberry.field(
        description="The people asked along, as it was when asked: the requester's (or a "
        "teammate's) person first, the target last (people since erased are left out)."
    )
    async def path(self, info: Info) -> list[Person]:
        return [Person.of(p) for p in await info.context.nodes(m.Person, self.record.path)]

    @strawberry.field(
        description="The deal the meeting led to (linkDeal); null before, or when the "
        "caller may not see it."
    )
    async def deal(self, info: Info) -> Deal | None:
        if self.record.deal_id is None:
            return None
        found = await info.context.nodes(m.Deal, [self.record.deal_id])
        return Deal.of(found[0]) if found else None


@strawberry.input(description="What to ask for.")
class IntroductionRequestInput:
    path: list[ID] = strawberry.field(
        description="Person ids (global or local) from your side to the target: your own "
        "person (or a teammate's who shares their network), the connector, ..., the target; "
        "3 to 7 people, each linked to the next. DO_NOT_CONTACT if anyone on it asked not to "
        "be contacted; CONFLICT if your team asked for the target within the window (naming "
        "that request) or the connector has as many open asks as they take."
    )
    note: str | None = strawberry.field(
        default=None, description="A note to the connector (at most 2,000 characters)."
    )


async def _write(info: Info, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        return await info.context.call(fn, *args, **kwargs)
    finally:
        info.context.loaders.clear()


def _arg(description: str) -> Any:
    return strawberry.argument(description=description)


RequestId = Annotated[ID, _arg("The introduction request's id; NOT_FOUND if you cannot see it.")]


async def request_introduction(
    info: Info,
    input: Annotated[IntroductionRequestInput, _arg("The path to ask along, and a note.")],
) -> IntroRequest:
    path = [local_id(pid, "Person") for pid in input.path]
    s = info.context.service
    return IntroRequest.of(await _write(info, s.request_introduction, path, input.note))


async def respond_to_introduction(
    info: Info,
    id: RequestId,
    accept: Annotated[bool, _arg("True: you will make the introduction; false: you decline.")],
    note: Annotated[str | None, _arg("A note for the requester.")] = None,
) -> IntroRequest:
    s = info.context.service
    return IntroRequest.of(await _write(info, s.respond_to_introduction, str(id), accept, note))


async def record_target_response(
    info: Info,
    id: RequestId,
    accept: Annotated[bool, _arg("Whether the target agreed to be introduced.")],
) -> IntroRequest:
    s = info.context.service
    return IntroRequest.of(await _write(info, s.record_target_response, str(id), accept))


async def mark_introduced(info: Info, id: RequestId) -> IntroRequest:
    s = info.context.service
    return IntroRequest.of(await _write(info, s.mark_introduced, str(id)))


async def record_meeting(
    info: Info,
    id: RequestId,
    at: Annotated[datetime | None, _arg("When the meeting took place (default: now).")] = None,
) -> IntroRequest:
    s = info.context.service
    return IntroRequest.of(await _write(info, s.record_meeting, str(id), at))


async def link_deal(
    info: Info,
    id: RequestId,
    deal_id: Annotated[ID, _arg("The deal the meeting led to (global or local id).")],
) -> IntroRequest:
    s = info.context.service
    deal = local_id(deal_id, "Deal")
    return IntroRequest.of(await _write(info, s.link_deal, str(id), deal))


async def withdraw_introduction(info: Info, id: RequestId) -> IntroRequest:
    s = info.context.service
    return IntroRequest.of(await _write(info, s.withdraw_introduction, str(id)))


async def set_intro_capacity(
    info: Info,
    person_id: Annotated[ID, _arg("The connector's person id (global or local).")],
    capacity: Annotated[
        int | None, _arg("Open asks they take at once, 0..1000; null: back to the default.")
    ] = None,
) -> int:
    s = info.context.service
    return await _write(info, s.set_intro_capacity, local_id(person_id, "Person"), capacity)


async def intro_requests(
    info: Info,
    status: Annotated[IntroStatus | None, _arg("Only requests in this status.")] = None,
    role: Annotated[
        IntroRole | None,
        _arg(
            "REQUESTER: the asks you made; CONNECTOR: the asks waiting on you; null: every "
            "request you may see (your team's; all for admins and analysts)."
        ),
    ] = None,
    first: Annotated[int | None, _arg(FIRST_DESCRIPTION)] = None,
    after: Annotated[str | None, _arg(AFTER_DESCRIPTION)] = None,
) -> Connection[IntroRequest]:
    ctx = info.context
    page = await ctx.call(ctx.service.intro_requests, status, role, first_of(first), after)
    found = Connection.of(page, IntroRequest.of)

    async def count(info: strawberry.Info) -> int:  # only when totalCount is asked for
        return int(await ctx.call(ctx.service.count_intro_requests, status, role))

    found.total = None
    found.count = count
    return found


async def intro_request(info: Info, id: RequestId) -> IntroRequest:
    ctx = info.context
    return IntroRequest.of(await ctx.call(ctx.service.intro_request, str(id)))


async def open_requests(info: Info, target_id: str) -> list[IntroRequest]:
    """The open requests of the caller's team for one target (IntroductionPath)."""
    ctx = info.context
    found = await ctx.call(ctx.service.open_intro_requests, [target_id])
    return [IntroRequest.of(r) for r in found[target_id]]


INTRO_REQUESTS = (
    "Introduction requests, newest first: yours (role REQUESTER), those waiting on you as "
    "connector (CONNECTOR), or every one you may see; `status` narrows them. Asks still "
    "REQUESTED after the expiry time (14 days by default) read as EXPIRED."
)
