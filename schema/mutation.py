"""Mutation root: every write goes through WarmgraphService, which makes it atomic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

import strawberry
from strawberry import ID

from graph import model as m

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


@strawberry.type
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

    # -- people ----------------------------------------------------------------------------
    @strawberry.mutation(description="CONFLICT if a person already has the id.")
    async def create_person(self, info: Info, input: PersonInput) -> Person:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Person)
        return Person.of(created)

    @strawberry.mutation(description="Change only the fields given.")
    async def update_person(self, info: Info, id: ID, input: PersonPatch) -> Person:
        service = info.context.service
        return Person.of(await _write(info, service.update, m.Person, str(id), input.changes()))

    @strawberry.mutation(
        description="Also removes every relationship and interaction they take part in."
    )
    async def delete_person(self, info: Info, id: ID) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Person, str(id))
        return _deleted(id)

    @strawberry.mutation(
        description="Two records of the same human made one (admins): every connection, "
        "interaction, job, membership, advocacy, deal, user and external id of mergeId moves "
        "to keepId, whose own values win (its empty ones are filled from mergeId's; "
        "doNotContact if either was); then mergeId is deleted. All of it or nothing. "
        "BAD_INPUT if the two ids are the same; NOT_FOUND if either is unknown."
    )
    async def merge_people(self, info: Info, keep_id: ID, merge_id: ID) -> Person:
        service = info.context.service
        kept, _ = await _write(info, service.merge_people, str(keep_id), str(merge_id))
        return Person.of(kept)

    # -- companies -------------------------------------------------------------------------
    @strawberry.mutation(description="CONFLICT if a company already has the id.")
    async def create_company(self, info: Info, input: CompanyInput) -> Company:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Company)
        return Company.of(created)

    @strawberry.mutation(description="Change only the fields given.")
    async def update_company(self, info: Info, id: ID, input: CompanyPatch) -> Company:
        service = info.context.service
        return Company.of(await _write(info, service.update, m.Company, str(id), input.changes()))

    @strawberry.mutation(description="Also removes its employment, advocacy and deals.")
    async def delete_company(self, info: Info, id: ID) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Company, str(id))
        return _deleted(id)

    # -- communities -----------------------------------------------------------------------
    @strawberry.mutation(description="CONFLICT if a community already has the id.")
    async def create_community(self, info: Info, input: CommunityInput) -> Community:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Community)
        return Community.of(created)

    @strawberry.mutation(description="Change only the fields given.")
    async def update_community(self, info: Info, id: ID, input: CommunityPatch) -> Community:
        service = info.context.service
        return Community.of(
            await _write(info, service.update, m.Community, str(id), input.changes())
        )

    @strawberry.mutation(description="Also removes its memberships.")
    async def delete_community(self, info: Info, id: ID) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Community, str(id))
        return _deleted(id)

    # -- deals -----------------------------------------------------------------------------
    @strawberry.mutation(description="NOT_FOUND if the company or owner does not exist.")
    async def create_deal(self, info: Info, input: DealInput) -> Deal:
        created = await _write(info, info.context.service.create, input.to_model())
        assert isinstance(created, m.Deal)
        return Deal.of(created)

    @strawberry.mutation(description="Change only the fields given.")
    async def update_deal(self, info: Info, id: ID, input: DealPatch) -> Deal:
        service = info.context.service
        return Deal.of(await _write(info, service.update, m.Deal, str(id), input.changes()))

    @strawberry.mutation
    async def delete_deal(self, info: Info, id: ID) -> DeletePayload:
        await _write(info, info.context.service.delete, m.Deal, str(id))
        return _deleted(id)

    # -- connections and interactions ------------------------------------------------------
    @strawberry.mutation(description="Create or update the connection between two people.")
    async def connect_people(
        self,
        info: Info,
        a: ID,
        b: ID,
        since: date | None = None,
        origin: ConnectionOrigin | None = m.ConnectionOrigin.MANUAL,
    ) -> Knows:
        connection = m.Connection(
            a=str(a), b=str(b), since=since, origin=origin or m.ConnectionOrigin.MANUAL
        )
        return Knows.of(await _write(info, info.context.service.connect, connection))

    @strawberry.mutation(description="NOT_FOUND if the two are not connected.")
    async def disconnect_people(self, info: Info, a: ID, b: ID) -> UnlinkPayload:
        await _write(info, info.context.service.disconnect, str(a), str(b))
        return _unlinked(a, b)

    @strawberry.mutation(description="Record one interaction; the id is generated if omitted.")
    async def record_interaction(self, info: Info, input: InteractionInput) -> Interaction:
        service = info.context.service
        return Interaction.of(await _write(info, service.record_interaction, input.to_model()))

    @strawberry.mutation
    async def delete_interaction(self, info: Info, id: ID) -> DeletePayload:
        await _write(info, info.context.service.delete_interaction, str(id))
        return _deleted(id)

    # -- employment, membership, advocacy --------------------------------------------------
    @strawberry.mutation(description="Create or replace a person's job at a company.")
    async def set_employment(self, info: Info, input: EmploymentInput) -> Employment:
        service = info.context.service
        return Employment.of(await _write(info, service.set_employment, input.to_model()))

    @strawberry.mutation
    async def remove_employment(self, info: Info, person_id: ID, company_id: ID) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_employment, str(person_id), str(company_id))
        return _unlinked(person_id, company_id)

    @strawberry.mutation(description="Create or replace a person's membership of a community.")
    async def set_membership(self, info: Info, input: MembershipInput) -> Membership:
        service = info.context.service
        return Membership.of(await _write(info, service.set_membership, input.to_model()))

    @strawberry.mutation
    async def remove_membership(self, info: Info, person_id: ID, community_id: ID) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_membership, str(person_id), str(community_id))
        return _unlinked(person_id, community_id)

    @strawberry.mutation(description="Create or replace a person's advocacy for a company.")
    async def set_advocacy(self, info: Info, input: AdvocacyInput) -> Advocacy:
        service = info.context.service
        return Advocacy.of(await _write(info, service.set_advocacy, input.to_model()))

    @strawberry.mutation
    async def remove_advocacy(self, info: Info, person_id: ID, company_id: ID) -> UnlinkPayload:
        service = info.context.service
        await _write(info, service.remove_advocacy, str(person_id), str(company_id))
        return _unlinked(person_id, company_id)
