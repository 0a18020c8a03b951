"""GraphQL output types: the nodes (``Node``: Person, Company, Community, Deal), their
relationships and influence scores, as thin, renamed views of ``graph.model``.

Kept in one module on purpose: the types refer to each other (a person's employments reach
companies, whose deals reach people), and strawberry resolves those references most simply
within one module. Nested lists are connections (:mod:`schema.pagination`); paths and
advocate density are in :mod:`schema.paths`; a node's ``id`` is its global id
(:mod:`schema.ids`).

Each type is built with ``of(...)`` from a domain object. Scalar fields are copied; fields
that reach other nodes are resolvers that go through the request's DataLoaders
(``info.context``), so a list of a hundred people costs one store call per kind, not a
hundred.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import ID, Private

from graph import model as m
from graph import results as r
from graph.pagination import DEFAULT_FIRST

from . import pagination as pg
from .context import Context
from .enums import (
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealOutcome,
    DealStage,
    InteractionKind,
)
from .ids import global_id
from .likelihood import DealLikelihood
from .pagination import After, First, first_of

if TYPE_CHECKING:
    from .deals import DealConnection, DealContact, StageChange

Info = strawberry.Info[Context, None]


# -- nodes ---------------------------------------------------------------------------------
@strawberry.interface(
    description="Anything with a global id: a Person, Company, Community or Deal. "
    "`node(id)` finds one by its id."
)
class Node:
    if TYPE_CHECKING:
        local_id: ID

    @strawberry.field(
        description="The global id: base64 of `<TypeName>:<localId>`, unique across types."
    )
    def id(self) -> ID:
        return ID(global_id(type(self).__name__, self.local_id))


LOCAL_ID = "The id in the store, the CSV files and the CLI (unique within its type only)."


@strawberry.type(description="A person we know, or know of.")
class Person(Node):
    local_id: ID = strawberry.field(description=LOCAL_ID)
    name: str = strawberry.field(description="Their full name.")
    title: str | None = strawberry.field(description="Their job title, if known.")
    email: str | None = strawberry.field(
        description="Their e-mail (hidden from some roles for do-not-contact people)."
    )
    location: str | None = strawberry.field(description="Where they are, as given.")
    linkedin: str | None = strawberry.field(description="Their LinkedIn profile URL.")
    twitter: str | None = strawberry.field(description="Their Twitter/X handle.")
    do_not_contact: bool = strawberry.field(
        description="They asked not to be contacted: no introduction path ends at them, "
        "and none passes through them."
    )
    tags: list[str] = strawberry.field(description="Free-form labels.")

    @classmethod
    def of(cls, p: m.Person) -> Person:
        return cls(
            local_id=ID(p.id),
            name=p.name,
            title=p.title,
            email=p.email,
            location=p.location,
            linkedin=p.linkedin,
            twitter=p.twitter,
            do_not_contact=p.do_not_contact,
            tags=list(p.tags),
        )

    @strawberry.field(description="Whether they advocate for any company.")
    async def is_advocate(self, info: Info) -> bool:
        return bool(await info.context.loaders.advocacies_by_person.load(self.local_id))

    @strawberry.field(description="The companies they advocate for (a person has few).")
    async def advocacies(self, info: Info) -> list[Advocacy]:
        rows = await info.context.loaders.advocacies_by_person.load(self.local_id)
        return [Advocacy.of(a) for a in rows]

    @strawberry.field(description="Deals they own that the caller may see, newest first.")
    async def deals(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> Annotated[DealConnection, strawberry.lazy("schema.deals")]:
        from .deals import DealConnection

        ctx = info.context
        page = await ctx.call(
            ctx.service.nested_deal_page, owner_id=self.local_id, first=first_of(first), after=after
        )
        return DealConnection.of(page)

    @strawberry.field(description="Past and current jobs (a person has few).")
    async def employments(self, info: Info) -> list[Employment]:
        rows = await info.context.loaders.employments_by_person.load(self.local_id)
        return [Employment.of(e) for e in rows]

    @strawberry.field(description="Where they work now (the most recently started current job).")
    async def current_company(self, info: Info) -> Company | None:
        rows = await info.context.loaders.employments_by_person.load(self.local_id)
        current = [e for e in rows if e.current]
        if not current:
            return None
        latest = max(current, key=lambda e: (e.start or date.min, e.company_id))
        company = await info.context.loaders.companies.load(latest.company_id)
        return Company.of(company) if company is not None else None

    @strawberry.field(description="Communities they belong to (a person has few).")
    async def memberships(self, info: Info) -> list[Membership]:
        rows = await info.context.loaders.memberships_by_person.load(self.local_id)
        return [Membership.of(x) for x in rows]

    @strawberry.field(
        description="Their explicit connections (KNOWS), by the other person's local id."
    )
    async def connections(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> pg.Connection[Knows]:
        ctx = info.context
        page = await ctx.call(ctx.service.connection_page, self.local_id, first_of(first), after)
        return pg.Connection.of(page, Knows.of)

    @strawberry.field(description="Interactions they took part in, most recent first.")
    async def interactions(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> pg.Connection[Interaction]:
        ctx = info.context
        page = await ctx.call(ctx.service.interaction_page, self.local_id, first_of(first), after)
        return pg.Connection.of(page, Interaction.of)

    @strawberry.field(description="Their influence among everybody.")
    async def influence(self, info: Info) -> InfluenceScore | None:
        return InfluenceScore.of(await info.context.loaders.influence.load(self.local_id))


@strawberry.type(description="A company: an account, a prospect or an employer.")
class Company(Node):
    local_id: ID = strawberry.field(description=LOCAL_ID)
    name: str = strawberry.field(description="Its name.")
    domain: str | None = strawberry.field(description="Its web domain, e.g. acme.com.")
    industry: str | None = strawberry.field(description="Its industry, as given.")
    employees: int | None = strawberry.field(description="Its headcount, as given.")

    @classmethod
    def of(cls, c: m.Company) -> Company:
        return cls(
            local_id=ID(c.id),
            name=c.name,
            domain=c.domain,
            industry=c.industry,
            employees=c.employees,
        )

    @strawberry.field(description="People who work there now, by local id.")
    async def current_employees(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> pg.Connection[Person]:
        ctx = info.context
        page = await ctx.call(ctx.service.employee_page, self.local_id, first_of(first), after)
        people = await ctx.loaders.people.load_many([e.person_id for _, e in page.edges])
        found = {p.id: Person.of(p) for p in people if p is not None}
        return pg.Connection.of(page, lambda e: found[e.person_id])

    @strawberry.field(description="Its advocates' advocacies, by the person's local id.")
    async def advocacies(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> pg.Connection[Advocacy]:
        ctx = info.context
        page = await ctx.call(ctx.service.advocacy_page, self.local_id, first_of(first), after)
        return pg.Connection.of(page, Advocacy.of)

    @strawberry.field(description="Deals with this company that the caller may see, newest first.")
    async def deals(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> Annotated[DealConnection, strawberry.lazy("schema.deals")]:
        from .deals import DealConnection

        ctx = info.context
        page = await ctx.call(
            ctx.service.nested_deal_page,
            company_id=self.local_id,
            first=first_of(first),
            after=after,
        )
        return DealConnection.of(page)


@strawberry.type(description="A group, forum, event or customer community.")
class Community(Node):
    local_id: ID = strawberry.field(description=LOCAL_ID)
    name: str = strawberry.field(description="Its name.")
    kind: CommunityKind = strawberry.field(description="What sort of community it is.")
    url: str | None = strawberry.field(description="Where it lives online, if anywhere.")

    @classmethod
    def of(cls, c: m.Community) -> Community:
        return cls(local_id=ID(c.id), name=c.name, kind=c.kind, url=c.url)

    @strawberry.field(description="Who belongs to it, by the member's local id.")
    async def members(
        self, info: Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> pg.Connection[Membership]:
        ctx = info.context
        page = await ctx.call(ctx.service.member_page, self.local_id, first_of(first), after)
        return pg.Connection.of(page, Membership.of)


@strawberry.type(description="A sales opportunity with a company.")
class Deal(Node):
    local_id: ID = strawberry.field(description=LOCAL_ID)
    name: str = strawberry.field(description="Its name.")
    stage: DealStage = strawberry.field(description="Where it is in the pipeline.")
    outcome: DealOutcome = strawberry.field(description="Open, won or lost.")
    amount: float | None = strawberry.field(description="Its value, if known.")
    created_at: date | None = strawberry.field(description="When it was opened.")
    closed_at: date | None = strawberry.field(description="When it was won or lost.")
    company_id: Private[str]
    owner_id: Private[str | None]

    @classmethod
    def of(cls, d: m.Deal) -> Deal:
        return cls(
            local_id=ID(d.id),
            name=d.name,
            stage=d.stage,
            outcome=d.outcome,
            amount=d.amount,
            created_at=d.created_at,
            closed_at=d.closed_at,
            company_id=d.company_id,
            owner_id=d.owner_id,
        )

    @strawberry.field(description="The account the deal is with.")
    async def company(self, info: Info) -> Company:
        return Company.of(await info.context.node(m.Company, self.company_id))

    @strawberry.field(description="The rep who owns the deal, if any.")
    async def owner(self, info: Info) -> Person | None:
        if self.owner_id is None:
            return None
        owner = await info.context.loaders.people.load(self.owner_id)
        return Person.of(owner) if owner is not None else None

    @strawberry.field(
        description="The account's current, contactable people with their tie to the owner "
        "and to the owner's team, the warmest first."
    )
    async def contacts(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many: 1..100 (default 20).")
        ] = 20,
    ) -> list[Annotated[DealContact, strawberry.lazy("schema.deals")]]:
        from .deals import contacts_of

        return await contacts_of(info, str(self.local_id), first)

    @strawberry.field(description="Every stage the deal took, oldest first (from null: created).")
    async def stage_history(
        self, info: Info
    ) -> list[Annotated[StageChange, strawberry.lazy("schema.deals")]]:
        from .deals import history_of

        return await history_of(info, str(self.local_id))

    @strawberry.field(description="How likely the deal is to be won, and why.")
    async def likelihood(self, info: Info) -> DealLikelihood:
        # through the request's loader: a page of deals is scored in one batch
        return DealLikelihood.of(await info.context.loaders.likelihoods.load(str(self.local_id)))


# -- relationships -------------------------------------------------------------------------
@strawberry.type(description="One touch between two people: the actor reached the recipient.")
class Interaction:
    id: ID = strawberry.field(description="The interaction's id (as in the store and CSV).")
    kind: InteractionKind = strawberry.field(description="E-mail, call, meeting, ...")
    at: datetime = strawberry.field(description="When it happened (UTC).")
    model: Private[m.Interaction]

    @classmethod
    def of(cls, i: m.Interaction) -> Interaction:
        return cls(id=ID(i.id), kind=i.kind, at=i.at, model=i)

    @strawberry.field(description="Who reached out.")
    async def actor(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.actor_id))

    @strawberry.field(description="Who was reached.")
    async def recipient(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.recipient_id))

    @strawberry.field(description="Where it happened, if in a community.")
    async def community(self, info: Info) -> Community | None:
        if self.model.community_id is None:
            return None
        found = await info.context.loaders.communities.load(self.model.community_id)
        return Community.of(found) if found is not None else None


@strawberry.type(description="A person works (or worked) at a company; no end = current.")
class Employment:
    title: str | None = strawberry.field(description="Their title in that job.")
    start: date | None = strawberry.field(description="When the job started, if known.")
    end: date | None = strawberry.field(description="When it ended (null: it has not).")
    current: bool = strawberry.field(description="Whether it has not ended.")
    model: Private[m.Employment]

    @classmethod
    def of(cls, e: m.Employment) -> Employment:
        return cls(title=e.title, start=e.start, end=e.end, current=e.current, model=e)

    @strawberry.field(description="The employee.")
    async def person(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.person_id))

    @strawberry.field(description="The employer.")
    async def company(self, info: Info) -> Company:
        return Company.of(await info.context.node(m.Company, self.model.company_id))


@strawberry.type(description="A person belongs to a community.")
class Membership:
    role: str | None = strawberry.field(description="Their role there (admin, speaker, ...).")
    since: date | None = strawberry.field(description="Since when, if known.")
    model: Private[m.Membership]

    @classmethod
    def of(cls, x: m.Membership) -> Membership:
        return cls(role=x.role, since=x.since, model=x)

    @strawberry.field(description="The member.")
    async def person(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.person_id))

    @strawberry.field(description="The community.")
    async def community(self, info: Info) -> Community:
        return Community.of(await info.context.node(m.Community, self.model.community_id))


@strawberry.type(description="A person advocates for a company.")
class Advocacy:
    level: AdvocacyLevel = strawberry.field(description="How strongly.")
    since: date | None = strawberry.field(description="Since when, if known.")
    model: Private[m.Advocacy]

    @classmethod
    def of(cls, a: m.Advocacy) -> Advocacy:
        return cls(level=a.level, since=a.since, model=a)

    @strawberry.field(description="The advocate.")
    async def person(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.person_id))

    @strawberry.field(description="The company they advocate for.")
    async def company(self, info: Info) -> Company:
        return Company.of(await info.context.node(m.Company, self.model.company_id))


@strawberry.type(
    description="Two people know each other (an explicit, undirected KNOWS); a is the one "
    "with the smaller local id."
)
class Knows:
    since: date | None = strawberry.field(description="Since when, if known.")
    origin: ConnectionOrigin = strawberry.field(description="Where the connection was made.")
    model: Private[m.Connection]

    @classmethod
    def of(cls, c: m.Connection) -> Knows:
        return cls(since=c.since, origin=c.origin, model=c)

    @strawberry.field(description="The one with the smaller local id.")
    async def a(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.a))

    @strawberry.field(description="The one with the larger local id.")
    async def b(self, info: Info) -> Person:
        return Person.of(await info.context.node(m.Person, self.model.b))


# -- query results -------------------------------------------------------------------------
@strawberry.type(description="A person's influence: where they stand in the network.")
class InfluenceScore:
    person: Person = strawberry.field(description="Whose score it is.")
    score: float = strawberry.field(description="0..1: weighted PageRank plus advocacy.")
    rank: int = strawberry.field(description="1 = most influential within the scope asked.")
    global_rank: int = strawberry.field(description="Rank among everybody.")
    pagerank: float = strawberry.field(description="Their PageRank over tie strengths.")
    degree: int = strawberry.field(description="How many people they are linked to.")
    advocacy: float = strawberry.field(description="Strongest advocacy level as 0..1.")

    @classmethod
    def of(cls, s: r.InfluenceScore) -> InfluenceScore:
        return cls(
            person=Person.of(s.person),
            score=s.score,
            rank=s.rank,
            global_rank=s.global_rank,
            pagerank=s.pagerank,
            degree=s.degree,
            advocacy=s.advocacy,
        )


# -- mutation payloads ---------------------------------------------------------------------
@strawberry.type(description="What a delete answers: the id, and that it is gone.")
class DeletePayload:
    id: ID = strawberry.field(description="The deleted thing's local id.")
    deleted: bool = strawberry.field(description="True: it is gone.")


@strawberry.type(
    description="What removing a relationship answers: its two ends, and that it is gone."
)
class UnlinkPayload:
    from_id: ID = strawberry.field(description="One end's local id (the person).")
    to_id: ID = strawberry.field(description="The other end's local id.")
    removed: bool = strawberry.field(description="True: the relationship is gone.")
