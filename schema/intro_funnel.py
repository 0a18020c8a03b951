"""``introFunnel`` over GraphQL: a team's introduction requests of one period, step by step
(``graph.intro.funnel``). Thin: the service reads and counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph.intro.funnel import FunnelStep
from graph.leaderboard import LeaderboardPeriod

from .enums import describe_enum
from .types import Info

describe_enum(
    FunnelStep,
    "A step of the introduction funnel: the status a request entered.",
    {
        FunnelStep.ASKED: "Asked (every request).",
        FunnelStep.ACCEPTED: "The connector accepted.",
        FunnelStep.TARGET_ACCEPTED: "The target accepted (double opt-in).",
        FunnelStep.INTRODUCED: "The introduction was made.",
        FunnelStep.MEETING_HELD: "The requester met the target.",
        FunnelStep.WON: "The linked deal was won.",
    },
)


@strawberry.type(description="How many requests reached one step of the funnel.")
class IntroFunnelStep:
    step: FunnelStep = strawberry.field(description="The step.")
    count: int = strawberry.field(description="Requests that reached it.")
    conversion: float | None = strawberry.field(
        description="count / the step before's count; null for ASKED or when none reached "
        "the step before."
    )
    median_hours: float | None = strawberry.field(
        description="Median hours from entering the step before to entering this one (0 for "
        "ASKED); null when none reached it."
    )


@strawberry.type(description="A team's introduction requests made in one period, by step.")
class IntroFunnel:
    team_id: str = strawberry.field(description="The team.")
    start: datetime = strawberry.field(description="The period's start (UTC, inclusive).")
    end: datetime = strawberry.field(description="The period's end (UTC, exclusive).")
    steps: list[IntroFunnelStep] = strawberry.field(
        description="ASKED, ACCEPTED, TARGET_ACCEPTED, INTRODUCED, MEETING_HELD, WON, in order."
    )


async def intro_funnel(
    info: Info,
    team_id: Annotated[
        str, strawberry.argument(description="The team's name (a user on no team: their e-mail).")
    ],
    period: Annotated[
        LeaderboardPeriod,
        strawberry.argument(description="The calendar period containing now (UTC)."),
    ] = LeaderboardPeriod.MONTH,
) -> IntroFunnel:
    ctx = info.context
    window, counts = await ctx.call(ctx.service.intro_funnel, team_id, period)
    return IntroFunnel(
        team_id=team_id,
        start=window.start,
        end=window.end,
        steps=[
            IntroFunnelStep(
                step=c.step, count=c.count, conversion=c.conversion, median_hours=c.median_hours
            )
            for c in counts
        ],
    )


INTRO_FUNNEL = (
    "A team's introduction requests made in the period containing now: how many reached "
    "each step, the conversion from the step before and the median time each step took. Reps "
    "and managers: their own team; admins and analysts: any (another is NOT_FOUND)."
)
