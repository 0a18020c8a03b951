"""Query root: converts arguments, asks WarmgraphService, converts the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import ID

from graph import model as m
from graph.errors import NotFound

from . import activity as activity_stream
from . import deals as deal_queries
from . import duplicates, intros, network, search, signals
from . import forecast as forecasting
from . import intro_funnel as funnels
from . import leaderboard as leaderboards
from . import users as access
from .enums import PathRanking
from .ids import NODE_TYPES, decode, local_id
from .pagination import Connection
from .paths import AdvocateDensity, IntroductionPath
from .types import (
    Community,
    Company,
    Deal,
    InfluenceScore,
    Info,
    Node,
    Person,
)

T = TypeVar("T")


def _opt(value: ID | None) -> str | None:
    return None if value is None else str(value)


def _arg(description: str) -> Any:
    return strawberry.argument(description=description)


def _id(kind: str) -> Any:
    return _arg(f"The {kind}'s global id or local id.")


def _or(value: T | None, default: T) -> T:
    """Arguments are nullable as in the contract; an explicit null means the default."""
    return default if value is None else value


@strawberry.type(
    description="Every query is bounded before it runs: depth 12, 30 aliases, 2,000 tokens, "
    "5,000 fields with fragments expanded, one operation, and a cost of 50,000 by default "
    "(a field costs 1 plus its sub-selection times its list's limit argument, 100 for a list "
    "without one, maxHops x limit for introductionPaths; a connection's edges count `first` "
    "times, its pageInfo and totalCount once)."
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

    search_people: Connection[Person] = strawberry.field(
        resolver=search.search_people, description=search.SEARCH_PEOPLE
    )
    search_companies: Connection[Company] = strawberry.field(
        resolver=search.search_companies, description=search.SEARCH_COMPANIES
    )
    search_communities: Connection[Community] = strawberry.field(
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

    leaderboard: leaderboards.Leaderboard = strawberry.field(
        resolver=leaderboards.leaderboard, description=leaderboards.LEADERBOARD_DESCRIPTION
    )
    activity: activity_stream.ActivityConnection = strawberry.field(
        resolver=activity_stream.activity, description=activity_stream.ACTIVITY_DESCRIPTION
    )
    ego_network: network.EgoNetwork = strawberry.field(
        resolver=network.ego_network, description=network.EGO_NETWORK_DESCRIPTION
    )

    intro_requests: Connection[intros.IntroRequest] = strawberry.field(
        resolver=intros.intro_requests, description=intros.INTRO_REQUESTS
    )
    intro_funnel: funnels.IntroFunnel = strawberry.field(
        resolver=funnels.intro_funnel, description=funnels.INTRO_FUNNEL
    )
    intro_request: intros.IntroRequest = strawberry.field(
        resolver=intros.intro_request,
        description="One introduction request; NOT_FOUND unless you may see it.",
    )

    @strawberry.field(description="A person by id (global or local); NOT_FOUND if there is none.")
    async def person(self, info: Info, id: Annotated[ID, _id("person")]) -> Person | None:
        return Person.of(await info.context.node(m.Person, local_id(id, "Person")))

    @strawberry.field(description="A company by id (global or local); NOT_FOUND if there is none.")
    async def company(self, info: Info, id: Annotated[ID, _id("company")]) -> Company | None:
        return Company.of(await info.context.node(m.Company, local_id(id, "Company")))

    @strawberry.field(
        description="A community by id (global or local); NOT_FOUND if there is none."
    )
    async def community(self, info: Info, id: Annotated[ID, _id("community")]) -> Community | None:
        return Community.of(await info.context.node(m.Community, local_id(id, "Community")))

    @strawberry.field(
        description="A deal the caller may see, by id (global or local); NOT_FOUND if there "
        "is none."
    )
    async def deal(self, info: Info, id: Annotated[ID, _id("deal")]) -> Deal | None:
        return Deal.of(await info.context.node(m.Deal, local_id(id, "Deal")))

    @strawberry.field(
        description="Any node by its global id (a local id does not say its type); "
        "NOT_FOUND if there is none, or the caller may not see it."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description="A global id (`Node.id`).")],
    ) -> Node:
        decoded = decode(id)
        if decoded.type_name is None:
            raise NotFound("node", str(id))
        converters: dict[str, Callable[[Any], Node]] = {
            "Person": Person.of,
            "Company": Company.of,
            "Community": Community.of,
            "Deal": Deal.of,
        }
        kind = NODE_TYPES[decoded.type_name]
        return converters[decoded.type_name](await info.context.node(kind, str(decoded)))

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
        from_id: Annotated[
            ID | None, _arg("Where paths start (default: the caller's own person).")
        ] = None,
        to_id: Annotated[ID | None, _arg("The person to reach.")] = None,
        to_company_id: Annotated[
            ID | None, _arg("The company to reach: any of its current employees.")
        ] = None,
        max_hops: Annotated[int | None, _arg("The longest path, in links: 1..6.")] = 3,
        limit: Annotated[int | None, _arg("How many paths: 1..1000.")] = 5,
        rank_by: Annotated[
            PathRanking | None,
            _arg(
                "Best first by strength, by fewest hops, or by the estimated chance the "
                "introduction happens (LIKELIHOOD)."
            ),
        ] = m.PathRanking.STRENGTH,
        from_team: Annotated[
            bool | None, _arg("Start from everyone on the caller's team who shares their network.")
        ] = False,
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
    async def influence(
        self, info: Info, person_id: Annotated[ID, _id("person")]
    ) -> InfluenceScore | None:
        ctx = info.context
        return InfluenceScore.of(await ctx.call(ctx.service.influence, str(person_id)))

    @strawberry.field(
        description="The most influential people, overall or within a community or "
        "among a company's current employees (rank is within that scope)."
    )
    async def top_influencers(
        self,
        info: Info,
        limit: Annotated[int | None, _arg("How many: 1..1000.")] = 10,
        community_id: Annotated[ID | None, _arg("Rank only this community's members.")] = None,
        company_id: Annotated[
            ID | None, _arg("Rank only this company's current employees.")
        ] = None,
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
        person_id: Annotated[ID | None, _arg("Around this person.")] = None,
        company_id: Annotated[ID | None, _arg("Around this company's current employees.")] = None,
        community_id: Annotated[ID | None, _arg("Around this community's members.")] = None,
        hops: Annotated[int | None, _arg("How far around: 1..4 links.")] = 2,
        for_company_id: Annotated[ID | None, _arg("Count only advocates of this company.")] = None,
        nearest_limit: Annotated[
            int | None, _arg("How many of the nearest advocates to list: 0..100.")
        ] = 10,
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
