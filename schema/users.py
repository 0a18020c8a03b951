"""Users, tokens, teams and the audit log over GraphQL: the types and their resolvers.

The resolvers are attached to ``Query`` and ``Mutation`` (``schema.query``,
``schema.mutation``); who may call which is decided by the service (admins manage users and
read the audit log; everyone reads ``me`` and sets their own ``teamLink``).
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import ID

from graph import model as m
from graph.access import AuditEntry as AuditRecord
from graph.access import Role
from graph.access import User as UserRecord

from .types import DeletePayload, Info, Person

strawberry.enum(Role, description="What a user may do (README, Users and roles).")


@strawberry.type(description="Someone allowed to call the API, with their role and team.")
class User:
    email: str
    role: Role
    team: str | None
    team_link: bool = strawberry.field(
        description="Whether teammates' `introductionPaths(fromTeam: true)` may start from "
        "this user's network (like TeamLink, on unless the user turns it off)."
    )
    active: bool = strawberry.field(description="False once the user is revoked.")
    created_at: datetime | None
    revoked_at: datetime | None
    person_id: strawberry.Private[str | None]

    @strawberry.field(description="Who the user is in the graph (where their paths start).")
    async def person(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        found = await info.context.nodes(m.Person, [self.person_id])
        return Person.of(found[0]) if found else None

    @classmethod
    def of(cls, u: UserRecord) -> User:
        return cls(
            email=u.email,
            role=u.role,
            team=u.team,
            team_link=u.team_link,
            active=u.active,
            created_at=u.created_at,
            revoked_at=u.revoked_at,
            person_id=u.person_id,
        )


@strawberry.type(description="A user and their new API token, shown this once only.")
class UserToken:
    user: User
    token: str = strawberry.field(
        description="Send as `Authorization: Bearer TOKEN`. Only its hash is stored: keep it."
    )


@strawberry.type(description="One entry of the append-only audit log.")
class AuditEntry:
    seq: int
    at: datetime
    actor: str = strawberry.field(description="The e-mail of the user who acted.")
    action: str
    target: str = strawberry.field(description="What was acted on, e.g. `person:p42`.")
    detail: str

    @classmethod
    def of(cls, e: AuditRecord) -> AuditEntry:
        return cls(
            seq=e.seq or 0,
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            detail=e.detail,
        )


@strawberry.input(description="A new user.")
class UserInput:
    email: str
    role: Role
    person_id: ID | None = None
    team: str | None = None
    team_link: bool = True


# -- queries -------------------------------------------------------------------------------
async def me(info: Info) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.me()))


async def users(info: Info) -> list[User]:
    ctx = info.context
    return [User.of(u) for u in await ctx.call(lambda: ctx.service.users.list())]


async def audit_log(
    info: Info, limit: int | None = 100, since: datetime | None = None
) -> list[AuditEntry]:
    ctx = info.context
    entries = await ctx.call(ctx.service.audit_log, since, 100 if limit is None else limit)
    return [AuditEntry.of(e) for e in entries]


# -- mutations -----------------------------------------------------------------------------
async def add_user(info: Info, input: UserInput) -> UserToken:
    ctx = info.context
    person = None if input.person_id is None else str(input.person_id)
    user, token = await ctx.call(
        lambda: ctx.service.users.add(input.email, input.role, person, input.team, input.team_link)
    )
    return UserToken(user=User.of(user), token=token)


async def revoke_user(info: Info, email: str) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.revoke(email)))


async def rotate_token(info: Info, email: str) -> UserToken:
    ctx = info.context
    user, token = await ctx.call(lambda: ctx.service.users.rotate(email))
    return UserToken(user=User.of(user), token=token)


async def update_user(
    info: Info,
    email: str,
    role: Role | None = None,
    person_id: ID | None = None,
    team: str | None = None,
) -> User:
    ctx = info.context
    person = None if person_id is None else str(person_id)
    return User.of(
        await ctx.call(
            lambda: ctx.service.users.update(email, role=role, person_id=person, team=team)
        )
    )


async def set_team_link(info: Info, enabled: bool) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.set_team_link(enabled)))


async def erase_person(info: Info, id: ID) -> DeletePayload:
    ctx = info.context
    try:
        await ctx.call(ctx.service.erase_person, str(id))
    finally:
        ctx.loaders.clear()
    return DeletePayload(id=id, deleted=True)
