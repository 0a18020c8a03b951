"""The leaderboard over GraphQL: each rep's counts this period and last, ranked by score.

Thin like the rest of ``schema``: what counts, the periods, the score and who may see which
team are decided by the service (``graph.activity_service``, ``graph.leaderboard``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph import activity_service as svc
from graph import leaderboard as board

from .enums import describe_enum
from .types import Info, Person

describe_enum(
    board.LeaderboardPeriod,
    "A calendar period in UTC; the leaderboard is for the one containing now.",
    {
        board.LeaderboardPeriod.WEEK: "An ISO week: Monday 00:00 UTC to the next Monday.",
        board.LeaderboardPeriod.MONTH: "A calendar month (UTC).",
        board.LeaderboardPeriod.QUARTER: "A calendar quarter (UTC): January, April, July or "
        "October to the next.",
    },
)


@strawberry.type(description="One count of a rep's: this period, the previous one, and the change.")
class LeaderboardMetric:
    value: int = strawberry.field(description="The count in the current period.")
    previous: int = strawberry.field(description="The count in the whole previous period.")
    change: int = strawberry.field(description="value - previous (negative when down).")

    @classmethod
    def of(cls, standing: board.Standing, name: str) -> LeaderboardMetric:
        now, before = getattr(standing.current, name), getattr(standing.previous, name)
        return cls(value=now, previous=before, change=now - before)


@strawberry.type(description="One rep's standing: their counts, score and rank.")
class LeaderboardEntry:
    rank: int = strawberry.field(
        description="1 for the best score; equal scores share a rank (1, 2, 2, 4)."
    )
    score: int = strawberry.field(
        description="5 x newStrongTies + 3 x introductionsMade + 3 x advocatesReached + "
        "2 x newConnections + interactions, this period."
    )
    previous_score: int = strawberry.field(description="The same score in the previous period.")
    person: Person = strawberry.field(description="The rep (a user's person).")
    team: str | None = strawberry.field(description="The rep's team (a user's team name).")
    new_connections: LeaderboardMetric = strawberry.field(
        description="Connections (KNOWS) of theirs dated in the period."
    )
    new_strong_ties: LeaderboardMetric = strawberry.field(
        description="People whose tie strength with them crossed 0.5 during the period: "
        "below it at the start, at least 0.5 at the end (now, for the current period)."
    )
    advocates_reached: LeaderboardMetric = strawberry.field(
        description="Distinct advocates they interacted with (either side) in the period."
    )
    introductions_made: LeaderboardMetric = strawberry.field(
        description="Interactions of kind INTRODUCTION or REFERRAL they made in the period "
        "(introduction requests, when they exist, will count here too)."
    )
    interactions: LeaderboardMetric = strawberry.field(
        description="Interactions they took part in (either side) in the period."
    )

    @classmethod
    def of(cls, entry: svc.LeaderboardEntry) -> LeaderboardEntry:
        s = entry.standing
        return cls(
            rank=s.rank,
            score=s.score,
            previous_score=s.previous.score,
            person=Person.of(entry.person),
            team=entry.team,
            new_connections=LeaderboardMetric.of(s, "new_connections"),
            new_strong_ties=LeaderboardMetric.of(s, "new_strong_ties"),
            advocates_reached=LeaderboardMetric.of(s, "advocates_reached"),
            introductions_made=LeaderboardMetric.of(s, "introductions_made"),
            interactions=LeaderboardMetric.of(s, "interactions"),
        )


@strawberry.type(description="Reps ranked by what they did for their network in a period.")
class Leaderboard:
    period: board.LeaderboardPeriod = strawberry.field(description="The kind of period.")
    start: datetime = strawberry.field(description="The current period's start (inclusive, UTC).")
    end: datetime = strawberry.field(description="The current period's end (exclusive, UTC).")
    previous_start: datetime = strawberry.field(
        description="The previous period's start (it ends where the current one starts)."
    )
    as_of: datetime = strawberry.field(
        description="The instant strengths are measured at (now: midnight UTC today unless "
        "pinned); the current period is the one containing it."
    )
    team_id: str | None = strawberry.field(
        description="The team asked for (null: as chosen by role)."
    )
    entries: list[LeaderboardEntry] = strawberry.field(
        description="Best score first, then by person id."
    )

    @classmethod
    def of(cls, b: svc.Leaderboard) -> Leaderboard:
        return cls(
            period=b.period,
            start=b.current.start,
            end=b.current.end,
            previous_start=b.previous.start,
            as_of=b.at,
            team_id=b.team,
            entries=[LeaderboardEntry.of(e) for e in b.entries],
        )


LEADERBOARD_DESCRIPTION = (
    "Each rep's new connections, new strong ties, advocates reached, introductions made and "
    "interactions in the calendar period (UTC) containing now, with the previous period's "
    "value and the change, best score first. Reps are active users with a person. A rep or "
    "manager sees their own team's (another team is NOT_FOUND); an admin or analyst any "
    "team's, or with no teamId everybody's."
)


async def leaderboard(
    info: Info,
    period: Annotated[
        board.LeaderboardPeriod | None,
        strawberry.argument(description="WEEK (default), MONTH or QUARTER."),
    ] = board.LeaderboardPeriod.WEEK,
    team_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="A team's name (User.team). Omitted: the caller's team for a rep or "
            "manager, everybody for an admin or analyst."
        ),
    ] = None,
) -> Leaderboard:
    ctx = info.context
    chosen = period or board.LeaderboardPeriod.WEEK
    found = await ctx.call(
        ctx.service.leaderboard, chosen, None if team_id is None else str(team_id)
    )
    return Leaderboard.of(found)
