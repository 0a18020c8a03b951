"""Mutation root: every write goes through WarmgraphService, which makes it atomic.

The catalogue of the graph's writes with their argument descriptions, kept in one module
(over the usual length) so the Mutation type reads as one list; introductions' steps are in
:mod:`schema.intros`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, ParamSpec, TypeVar

import strawberry
from strawberry import ID

from graph import model as m

from . import intros
from . import users as access
from .enums import ConnectionOrigin
from .inputs import (
    AdvocacyInput,
    CommunityInput,
    CommunityPatch,
    CompanyInput,
    CompanyPatch,
    DealInput,
    DealPatch,
    EmploymentInput,
    InteractionInput,
    MembershipInput,
    PersonInput,
    PersonPatch,
)
from .types import (
    Advocacy,
    Community,
    Company,
    Deal,
    DeletePayload,
    Employment,
    Info,
    Interaction,
    Knows,
    Membership,
    Person,
    UnlinkPayload,
)

P = ParamSpec("P")
T = TypeVar("T")


def _id(kind: str, role: str = "") -> str:
    """An ID argument's description: which kind of node, and what an unknown one answers."""
    return f"The {role or kind}: a {kind}'s id; NOT_FOUND if there is none."


_CHANGES = "Only the fields given change; null clears a nullable field."


async def _write(info: Info, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a service write in a worker thread, then forget what this request had loaded."""
    try:
        return await info.context.call(fn, *args, **kwargs)
    finally:
        info.context.loaders.clear()


def _deleted(id: ID | str) -> DeletePayload:
    return DeletePayload(id=ID(str(id)), deleted=True)


def _unlinked(from_id: ID | str, to_id: ID | str) -> UnlinkPayload:
    return UnlinkPayload(from_id=ID(str(from_id)), to_id=ID(str(to_id)), removed=True)


@strawberry.type(
    description="Every write, each atomic (all of it or nothing) and recorded in the audit "
    "log. Who may do what is in graph/access/policy.py: analysts write nothing (FORBIDDEN); "
    "admins write anything (and alone delete people, companies and communities, erase and "
    "merge); managers create and change companies and communities, create people, change "
    "their team's people, jobs, memberships and advocacy, and write their team's deals and the "
    "connections and interactions their team takes part in; reps write connections and "
    "interactions they take part in. A refused write is FORBIDDEN and changes nothing."
)
class Mutation:
    # -- users, tokens and erasure (graph.access.policy says who may) -----------------------
    add_user: access.UserToken = strawberry.mutation(
        resolver=access.add_user,
        description="A new user and their API token, shown only in this answer (admins).",
    )
    revoke_user: access.User = strawberry.mutation(
        resolver=access.revoke_user,
        description="The user's token stops working at once (admins).",
    )
    rotate_token: access.UserToken = strawberry.mutation(
        resolver=access.rotate_token,
        description="A new token for the user; the old one stops working (admins).",
    )
    update_user: access.User = strawberry.mutation(
        resolver=access.update_user,
        description="Change a user's role, person or team; an empty string clears person "
        "or team (admins).",
    )
    set_team_link: access.User = strawberry.mutation(
        resolver=access.set_team_link,
        description="Share your network with your team's path searches, or stop (TeamLink).",
    )
    erase_person: DeletePayload = strawberry.mutation(
        resolver=access.erase_person,
        description="Delete the person everywhere and keep them out of every later import "
        "or write (a keyed hash of their id, e-mail and profiles is kept, never the text); "
        "admins only.",
    )

    # -- introduction requests (schema.intros; graph.intro.machine says who moves which step)
    request_introduction: intros.IntroRequest = strawberry.mutation(
        resolver=intros.request_introduction,
        description="Ask the connector (path[1]) to introduce you to the target (the path's "
        "last); FORBIDDEN for analysts.",
    )
    respond_to_introduction: intros.IntroRequest = strawberry.mutation(
        resolver=intros.respond_to_introduction,
        description="The connector accepts or declines (the connector only). A step the "
        "status does not allow is BAD_INPUT; the wrong person is FORBIDDEN; both change "
        "nothing (as for every step below).",
    )
    record_target_response: intros.IntroRequest = strawberry.mutation(
        resolver=intros.record_target_response,
        description="The target's answer (double opt-in), recorded by the connector or the "
        "requester, after the connector accepted.",
    )
    mark_introduced: intros.IntroRequest = strawberry.mutation(
        resolver=intros.mark_introduced,
        description="The introduction was made (connector or requester), after the target "
        "accepted.",
    )
    record_meeting: intros.IntroRequest = strawberry.mutation(
        resolver=intros.record_meeting,
        description="The requester met the target (requester), after the introduction.",
    )
    link_deal: intros.IntroRequest = strawberry.mutation(
        resolver=intros.link_deal,
        description="Link the deal the meeting led to (requester; after MEETING_HELD). When "
        "that deal closes the request becomes WON or LOST (at once if it is closed already).",
    )
    withdraw_introduction: intros.IntroRequest = strawberry.mutation(
        resolver=intros.withdraw_introduction,
        description="Withdraw an open request (requester).",
    )
    set_intro_capacity: int = strawberry.mutation(
        resolver=intros.set_intro_capacity,
        description="How many open asks a person takes as connector (admins and managers); "
        "returns the capacity now in force.",
    )

    # -- people ----------------------------------------------------------------------------
    @strawberry.mutation(
        description="A new person (admins and managers). CONFLICT if a person already has "
        "the id; SUPPRESSED if their id, e-mail or a profile link matches an erased person."
    )
    async def create_person(
        self,
        info: Info,
        input: Annotated[PersonInput, strawberry.argument(description="The new person.")],
    ) -> Person:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Person)
        return Person.of(created)

    @strawberry.mutation(
        description="Change only the fields given (admins; managers for their team's people)."
    )
    async def update_person(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description=_id("person"))],
        input: Annotated[PersonPatch, strawberry.argument(description=_CHANGES)],
    ) -> Person:
        service = info.context.service
        return Person.of(await _write(info, service.update, m.Person, str(id), input.changes()))

    @strawberry.mutation(
        description="Delete the person and every relationship and interaction they take part "
        "in; the "
        "deals they owned lose their owner (admins only). To keep them out of later imports "
        "too, use erasePerson."
    )
    async def delete_person(
        self, info: Info, id: Annotated[ID, strawberry.argument(description=_id("person"))]
    ) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Person, str(id))
        return _deleted(id)

    @strawberry.mutation(
        description="Two records of the same human made one (admins): every connection, "
        "interaction, job, membership, advocacy, deal, user and external id of mergeId moves "
        "to keepId, whose own values win (its empty ones are filled from mergeId's; "
        "doNotContact if either was); then mergeId is deleted. All of it or nothing. "
        "BAD_INPUT if the two ids are the same; NOT_FOUND if either is unknown."
    )
    async def merge_people(
        self,
        info: Info,
        keep_id: Annotated[ID, strawberry.argument(description=_id("person", "person who stays"))],
        merge_id: Annotated[
            ID,
            strawberry.argument(
                description=_id("person", "person merged into keepId and then deleted")
            ),
        ],
    ) -> Person:
        service = info.context.service
        kept, _ = await _write(info, service.merge_people, str(keep_id), str(merge_id))
        return Person.of(kept)

    # -- companies -------------------------------------------------------------------------
    @strawberry.mutation(
        description="A new company (admins and managers). CONFLICT if a company already has the id."
    )
    async def create_company(
        self,
        info: Info,
        input: Annotated[CompanyInput, strawberry.argument(description="The new company.")],
    ) -> Company:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Company)
        return Company.of(created)

    @strawberry.mutation(description="Change only the fields given (admins and managers).")
    async def update_company(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description=_id("company"))],
        input: Annotated[CompanyPatch, strawberry.argument(description=_CHANGES)],
    ) -> Company:
        service = info.context.service
        return Company.of(await _write(info, service.update, m.Company, str(id), input.changes()))

    @strawberry.mutation(
        description="Delete the company and its employment, advocacy and deals (admins only)."
    )
    async def delete_company(
        self, info: Info, id: Annotated[ID, strawberry.argument(description=_id("company"))]
    ) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Company, str(id))
        return _deleted(id)

    # -- communities -----------------------------------------------------------------------
    @strawberry.mutation(
        description="A new community (admins and managers). CONFLICT if a community already "
        "has the id."
    )
    async def create_community(
        self,
        info: Info,
        input: Annotated[CommunityInput, strawberry.argument(description="The new community.")],
    ) -> Community:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Community)
        return Community.of(created)

    @strawberry.mutation(description="Change only the fields given (admins and managers).")
    async def update_community(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description=_id("community"))],
        input: Annotated[CommunityPatch, strawberry.argument(description=_CHANGES)],
    ) -> Community:
        service = info.context.service
        return Community.of(
            await _write(info, service.update, m.Community, str(id), input.changes())
        )

    @strawberry.mutation(
        description="Delete the community and its memberships; interactions that happened "
        "in it keep their people but lose the community (admins only)."
    )
    async def delete_community(
        self, info: Info, id: Annotated[ID, strawberry.argument(description=_id("community"))]
    ) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Community, str(id))
        return _deleted(id)

    # -- deals -----------------------------------------------------------------------------
    @strawberry.mutation(
        description="A new deal (admins; managers for deals their team owns). NOT_FOUND if "
        "the company or owner does not exist; CONFLICT if a deal already has the id."
    )
    async def create_deal(
        self,
        info: Info,
        input: Annotated[DealInput, strawberry.argument(description="The new deal.")],
    ) -> Deal:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Deal)
        return Deal.of(created)

    @strawberry.mutation(
        description="Change only the fields given (admins; managers for deals their team "
        "owns, before and after the change); a stage change is recorded in stageHistory."
    )
    async def update_deal(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description=_id("deal"))],
        input: Annotated[DealPatch, strawberry.argument(description=_CHANGES)],
    ) -> Deal:
        service = info.context.service
        return Deal.of(await _write(info, service.update, m.Deal, str(id), input.changes()))

    @strawberry.mutation(
        description="Delete a deal and its stage history (admins; managers for deals their "
        "team owns)."
    )
    async def delete_deal(
        self, info: Info, id: Annotated[ID, strawberry.argument(description=_id("deal"))]
    ) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Deal, str(id))
        return _deleted(id)

    # -- connections and interactions ------------------------------------------------------
    @strawberry.mutation(
        description="Create or update the explicit connection between two different people "
        "(a KNOWS tie: their tie strength is at least the connection base). Admins; managers "
        "when someone on their team is one of the two; reps when they are."
    )
    async def connect_people(
        self,
        info: Info,
        a: Annotated[ID, strawberry.argument(description=_id("person", "first person"))],
        b: Annotated[ID, strawberry.argument(description=_id("person", "second person (not a)"))],
        since: Annotated[
            date | None,
            strawberry.argument(
                description="Connected since (1900-01-01 .. 2199-12-31); null: unknown."
            ),
        ] = None,
        origin: Annotated[
            ConnectionOrigin | None,
            strawberry.argument(description="Where it was learnt from (default MANUAL)."),
        ] = m.ConnectionOrigin.MANUAL,
    ) -> Knows:
        connection = m.Connection(
            a=str(a), b=str(b), since=since, origin=origin or m.ConnectionOrigin.MANUAL
        )
        return Knows.of(await _write(info, info.context.service.connect, connection))

    @strawberry.mutation(
        description="Remove the explicit connection (their interactions stay, and still link "
        "them). NOT_FOUND if the two are not connected. Who may: as connectPeople."
    )
    async def disconnect_people(
        self,
        info: Info,
        a: Annotated[ID, strawberry.argument(description=_id("person", "first person"))],
        b: Annotated[ID, strawberry.argument(description=_id("person", "second person"))],
    ) -> UnlinkPayload:
        await _write(info, info.context.service.disconnect, str(a), str(b))
        return _unlinked(a, b)

    @strawberry.mutation(
        description="Record one interaction; the id is generated if omitted. Admins; "
        "managers when someone on their team takes part; reps when they do."
    )
    async def record_interaction(
        self,
        info: Info,
        input: Annotated[InteractionInput, strawberry.argument(description="The interaction.")],
    ) -> Interaction:
        service = info.context.service
        return Interaction.of(await _write(info, service.record_interaction, input.to_model()))

    @strawberry.mutation(description="Delete one interaction. Who may: as recordInteraction.")
    async def delete_interaction(
        self,
        info: Info,
        id: Annotated[ID, strawberry.argument(description=_id("interaction"))],
    ) -> DeletePayload:
        await _write(info, info.context.service.delete_interaction, str(id))
        return _deleted(id)

    # -- employment, membership, advocacy --------------------------------------------------
    @strawberry.mutation(
        description="Create or replace a person's job at a company (admins; managers for "
        "their team's people)."
    )
    async def set_employment(
        self,
        info: Info,
        input: Annotated[EmploymentInput, strawberry.argument(description="The job.")],
    ) -> Employment:
        service = info.context.service
        return Employment.of(await _write(info, service.set_employment, input.to_model()))

    @strawberry.mutation(
        description="Delete a person's job at a company (to record that it ended, set its "
        "end with setEmployment instead). NOT_FOUND if there is no such job. Who may: as "
        "setEmployment."
    )
    async def remove_employment(
        self,
        info: Info,
        person_id: Annotated[ID, strawberry.argument(description=_id("person", "employee"))],
        company_id: Annotated[ID, strawberry.argument(description=_id("company", "employer"))],
    ) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_employment, str(person_id), str(company_id))
        return _unlinked(person_id, company_id)

    @strawberry.mutation(
        description="Create or replace a person's membership of a community (admins; "
        "managers for their team's people)."
    )
    async def set_membership(
        self,
        info: Info,
        input: Annotated[MembershipInput, strawberry.argument(description="The membership.")],
    ) -> Membership:
        service = info.context.service
        return Membership.of(await _write(info, service.set_membership, input.to_model()))

    @strawberry.mutation(
        description="Delete a person's membership of a community. NOT_FOUND if there is no "
        "such membership. Who may: as setMembership."
    )
    async def remove_membership(
        self,
        info: Info,
        person_id: Annotated[ID, strawberry.argument(description=_id("person", "member"))],
        community_id: Annotated[ID, strawberry.argument(description=_id("community"))],
    ) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_membership, str(person_id), str(community_id))
        return _unlinked(person_id, community_id)

    @strawberry.mutation(
        description="Create or replace a person's advocacy for a company (admins; managers "
        "for their team's people)."
    )
    async def set_advocacy(
        self,
        info: Info,
        input: Annotated[AdvocacyInput, strawberry.argument(description="The advocacy.")],
    ) -> Advocacy:
        service = info.context.service
        return Advocacy.of(await _write(info, service.set_advocacy, input.to_model()))

    @strawberry.mutation(
        description="Delete a person's advocacy for a company. NOT_FOUND if there is no such "
        "advocacy. Who may: as setAdvocacy."
    )
    async def remove_advocacy(
        self,
        info: Info,
        person_id: Annotated[ID, strawberry.argument(description=_id("person", "advocate"))],
        company_id: Annotated[
            ID, strawberry.argument(description=_id("company", "company they advocate for"))
        ],
    ) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_advocacy, str(person_id), str(company_id))
        return _unlinked(person_id, company_id)
