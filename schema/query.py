"""Query root: converts arguments, asks WarmgraphService, converts the answer."""

from __future__ import annotations

from typing import TypeVar

import strawberry
from strawberry import ID

from graph import model as m

from . import deals as deal_queries
from . import duplicates, network, search, signals
from . import forecast as forecasting
from . import users as access
from .enums import PathRanking
from .types import (
    AdvocateDensity,
    Community,
    Company,
    Deal,
    InfluenceScore,
    Info,
    IntroductionPath,
    Person,
)

T = TypeVar("T")


def _opt(value: ID | None) -> str | None:
    return None if value is None else str(value)


def _or(value: T | None, default: T) -> T:
    """Arguments are nullable as in the contract; an explicit null means the default."""
    return default if value is None else value


@strawberry.type(
    description="Every query is bounded before it runs: depth 12, 30 aliases, 2,000 tokens, "
    "5,000 fields with fragments expanded, one operation, and a cost of 50,000 by default "
    "(a field costs 1 plus its sub-selection times its list's limit argument, 100 for a list "
    "without one, maxHops x limit for introductionPaths)."
)
class Query:
    me: access.User = strawberry.field(
        resolver=access.me, description="The caller: e-mail, role, person and team."
    )
    users: list[access.User] = strawberry.field(
        resolver=access.users, description="Every user, revoked ones too (admins only)."
    )
    audit_log: list[access.AuditEntry] = strawberry.field(
        resolver=access.audit_log,
        description="The latest audit entries at or after `since`, newest first (admins "
        "only; limit 1..1000).",
    )

    possible_duplicates: list[duplicates.PossibleDuplicate] = strawberry.field(
        resolver=duplicates.possible_duplicates,
        description="Pairs of people who may be one person but were not merged (the same "
        "name, and a different or missing company, or the same company with different "
        "e-mails; never two different LinkedIn profiles), likeliest first: same company, "
        "then a missing company, then different companies. Page with `first` and `after`.",
    )

    search_people: search.PersonConnection = strawberry.field(
        resolver=search.search_people, description=search.SEARCH_PEOPLE
    )
    search_companies: search.CompanyConnection = strawberry.field(
        resolver=search.search_companies, description=search.SEARCH_COMPANIES
    )
    search_communities: search.CommunityConnection = strawberry.field(
        resolver=search.search_communities, description=search.SEARCH_COMMUNITIES
    )
    search_deals: deal_queries.DealConnection = strawberry.field(
        resolver=search.search_deals, description=search.SEARCH_DEALS
    )

    deals: deal_queries.DealConnection = strawberry.field(
        resolver=deal_queries.deals, description=deal_queries.DEALS_DESCRIPTION
    )
    forecast: forecasting.Forecast = strawberry.field(
        resolver=forecasting.forecast, description=forecasting.FORECAST_DESCRIPTION
    )
    job_changes: list[signals.JobChange] = strawberry.field(
        resolver=signals.job_changes,
        description="People whose employment changed on or after `since` (a job that "
        "started or ended), best lead first: advocates who moved (champions first), then the "
        "most recent. companyId keeps moves from or to that company; first is 1..500.",
    )
    fading_relationships: list[signals.FadingTie] = strawberry.field(
        resolver=signals.fading_relationships,
        description="Ties of a person (personId) or of a team's members (teamId, the team's "
        "name) that were strong 90 days ago (strength >= 0.5) and have dropped by at least "
        "0.1 since, biggest drop first (limit 1..500). A rep may ask for themselves and "
        "teammates who share their network, a manager for their team (anyone else is "
        "NOT_FOUND).",
    )

    ego_network: network.EgoNetwork = strawberry.field(
        resolver=network.ego_network, description=network.EGO_NETWORK_DESCRIPTION
    )

    @strawberry.field(description="A person by id; NOT_FOUND if there is none.")
    async def person(self, info: Info, id: ID) -> Person | None:
        return Person.of(await info.context.node(m.Person, str(id)))

    @strawberry.field(description="A company by id; NOT_FOUND if there is none.")
    async def company(self, info: Info, id: ID) -> Company | None:
        return Company.of(await info.context.node(m.Company, str(id)))

    @strawberry.field(description="A community by id; NOT_FOUND if there is none.")
    async def community(self, info: Info, id: ID) -> Community | None:
        return Community.of(await info.context.node(m.Community, str(id)))

    @strawberry.field(description="A deal by id; NOT_FOUND if there is none.")
    async def deal(self, info: Info, id: ID) -> Deal | None:
        return Deal.of(await info.context.node(m.Deal, str(id)))

    @strawberry.field(
        description="Warm introduction paths to a person (toId) or to anyone working at a "
        "company now (toCompanyId); give exactly one target. They start from fromId, or "
        "without it from the caller's own person; with fromTeam from everyone on the "
        "caller's team who shares their network (best first across the team; each path "
        "names its teammate). A rep may start only from themselves or such teammates, a "
        "manager from their team (anyone else is NOT_FOUND). Its sub-selection counts "
        "maxHops x limit times toward the query cost limit (see schema/limits.py)."
    )
    async def introduction_paths(
        self,
        info: Info,
        from_id: ID | None = None,
        to_id: ID | None = None,
        to_company_id: ID | None = None,
        max_hops: int | None = 3,
        limit: int | None = 5,
        rank_by: PathRanking | None = m.PathRanking.STRENGTH,
        from_team: bool | None = False,
    ) -> list[IntroductionPath]:
        ctx = info.context
        paths = await ctx.call(
            ctx.service.introduction_paths,
            _opt(from_id),
            to_id=_opt(to_id),
            to_company_id=_opt(to_company_id),
            max_hops=_or(max_hops, 3),
            limit=_or(limit, 5),
            rank_by=_or(rank_by, m.PathRanking.STRENGTH),
            from_team=bool(from_team),
        )
        return IntroductionPath.all_of(paths)

    @strawberry.field(description="One person's influence score and rank among everybody.")
    async def influence(self, info: Info, person_id: ID) -> InfluenceScore | None:
        ctx = info.context
        return InfluenceScore.of(await ctx.call(ctx.service.influence, str(person_id)))

    @strawberry.field(
        description="The most influential people, overall or within a community or "
        "among a company's current employees (rank is within that scope)."
    )
    async def top_influencers(
        self,
        info: Info,
        limit: int | None = 10,
        community_id: ID | None = None,
        company_id: ID | None = None,
    ) -> list[InfluenceScore]:
        ctx = info.context
        scores = await ctx.call(
            ctx.service.top_influencers,
            _or(limit, 10),
            community_id=_opt(community_id),
            company_id=_opt(company_id),
        )
        return [InfluenceScore.of(s) for s in scores]

    @strawberry.field(
        description="How dense advocates are within `hops` of a person, a company's "
        "current employees or a community's members (give exactly one); forCompanyId "
        "counts only advocates of that company."
    )
    async def advocate_density(
        self,
        info: Info,
        person_id: ID | None = None,
        company_id: ID | None = None,
        community_id: ID | None = None,
        hops: int | None = 2,
        for_company_id: ID | None = None,
        nearest_limit: int | None = 10,
    ) -> AdvocateDensity:
        ctx = info.context
        density = await ctx.call(
            ctx.service.advocate_density,
            person_id=_opt(person_id),
            company_id=_opt(company_id),
            community_id=_opt(community_id),
            hops=_or(hops, 2),
            for_company_id=_opt(for_company_id),
            nearest_limit=_or(nearest_limit, 10),
        )
        return AdvocateDensity.of(density)
