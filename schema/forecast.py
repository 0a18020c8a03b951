"""GraphQL for the forecast (``Query.forecast``): converted from
``graph.forecast_service.Forecast``; the rules are in ``graph.likelihood.forecast``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import ID

from graph import forecast_service as fs
from graph.likelihood import forecast as f

from .enums import DealStage
from .likelihood import LikelihoodModel
from .types import Info


@strawberry.type(description="One calendar month of the horizon.")
class ForecastMonth:
    month: str = strawberry.field(description="YYYY-MM.")
    expected_amount: float = strawberry.field(
        description="Sum of amount x probability of the deals expected to close this month."
    )
    deals: int = strawberry.field(description="How many deals are expected to close this month.")

    @classmethod
    def of(cls, b: f.Bucket) -> ForecastMonth:
        return cls(month=b.key, expected_amount=b.expected_amount, deals=b.deals)


@strawberry.type(description="One open stage's share of the forecast.")
class ForecastStage:
    stage: DealStage = strawberry.field(description="An open stage.")
    expected_amount: float = strawberry.field(
        description="Sum of amount x probability of the horizon's deals in this stage."
    )
    deals: int = strawberry.field(description="How many of the horizon's deals are in it.")

    @classmethod
    def of(cls, b: f.Bucket) -> ForecastStage:
        return cls(stage=DealStage(b.key), expected_amount=b.expected_amount, deals=b.deals)


@strawberry.type(
    description="Open deals expected to close inside the horizon (this calendar month and the "
    "next months - 1), each weighted by its likelihood. A deal's expected close is its own "
    "closedAt when it has one (a past one: today), otherwise from the flow: the median time "
    "won deals took from entering its stage to closed-won (given how long it has been in the "
    f"stage; at least {f.MIN_FLOW_SAMPLES} won deals), else from creation over whole won "
    f"cycles, else {f.DEFAULT_DAYS} days from today."
)
class Forecast:
    months: int = strawberry.field(description="The horizon's length in calendar months.")
    start: date = strawberry.field(description="First day of the horizon.")
    end: date = strawberry.field(description="Last day of the horizon.")
    expected_amount: float = strawberry.field(
        description="Sum of amount x probability (a deal without an amount adds 0)."
    )
    best_case: float = strawberry.field(
        description=f"The {f.BEST_PERCENTILE:.0f}th percentile of {f.DRAWS:,} simulated "
        "totals (each deal won independently with its probability, fixed seed), never below "
        "expectedAmount."
    )
    worst_case: float = strawberry.field(
        description=f"The {f.WORST_PERCENTILE:.0f}th percentile of the same totals, never "
        "above expectedAmount."
    )
    deals: int = strawberry.field(description="Open deals expected inside the horizon.")
    by_month: list[ForecastMonth] = strawberry.field(
        description="Every month of the horizon in order, empty ones too (a deal whose "
        "expected close has passed counts in this month)."
    )
    by_stage: list[ForecastStage] = strawberry.field(description="Every open stage, in order.")
    model: LikelihoodModel = strawberry.field(
        description="What the probabilities came from (fallback: the per-stage prior)."
    )

    @classmethod
    def of(cls, x: fs.Forecast) -> Forecast:
        r = x.result
        return cls(
            months=x.months,
            start=r.start,
            end=r.end,
            expected_amount=r.expected_amount,
            best_case=r.best_case,
            worst_case=r.worst_case,
            deals=r.deals,
            by_month=[ForecastMonth.of(b) for b in r.by_month],
            by_stage=[ForecastStage.of(b) for b in r.by_stage],
            model=LikelihoodModel.of(x.model),
        )


async def forecast(
    info: Info,
    months: Annotated[
        int | None,
        strawberry.argument(
            description=f"The horizon in calendar months, this one included "
            f"({f.MONTHS_MIN}..{f.MONTHS_MAX}, default 3)."
        ),
    ] = 3,
    owner_id: Annotated[
        ID | None,
        strawberry.argument(description="Only deals this person owns (NOT_FOUND if unknown)."),
    ] = None,
    team_id: Annotated[
        str | None,
        strawberry.argument(
            description="A team's name (User.team): only deals its active members' people "
            "own; NOT_FOUND if no active user is on it, BAD_INPUT if blank."
        ),
    ] = None,
    company_id: Annotated[
        ID | None,
        strawberry.argument(description="Only deals with this company (NOT_FOUND if unknown)."),
    ] = None,
) -> Forecast:
    ctx = info.context
    found = await ctx.call(
        ctx.service.forecast,
        3 if months is None else months,
        None if owner_id is None else str(owner_id),
        team_id,
        None if company_id is None else str(company_id),
    )
    return Forecast.of(found)


FORECAST_DESCRIPTION = (
    "The forecast of the open deals the caller may see (reps and managers: their team's), "
    "narrowed by owner, team (a team's name) and company: months "
    f"{f.MONTHS_MIN}..{f.MONTHS_MAX} (BAD_INPUT otherwise); an unknown owner, company or team "
    "is NOT_FOUND."
)
