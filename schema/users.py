"""Users, tokens, teams and the audit log over GraphQL: the types and their resolvers.

The resolvers are attached to ``Query`` and ``Mutation`` (``schema.query``,
``schema.mutation``); who may call which is decided by the service (admins manage users and
read the audit log; everyone reads ``me`` and sets their own ``teamLink``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import ID

from graph import model as m
from graph.access import AuditEntry as AuditRecord
from graph.access import Role
from graph.access import User as UserRecord
from graph.access.directory import EMAIL_MAX
from graph.service import LIST_LIMIT_MAX

from .enums import describe_enum
from .types import DeletePayload, Info, Person

describe_enum(
    Role,
    "What a user may do (README, Users, teams and privacy). Reps and managers see only their "
    "team's deals; only admins see a do-not-contact person's e-mail and profile links.",
    {
        Role.ADMIN: "Everything: every read and write, users and tokens, erasure, merging "
        "people, the audit log.",
        Role.MANAGER: "Reads everything but other teams' deals; paths from anyone on their "
        "team; creates people, companies and communities; changes their team's people, jobs, "
        "memberships and advocacy; writes their team's deals, connections and interactions.",
        Role.REP: "Reads everything but other teams' deals; paths from themselves or "
        "teammates who share their network (teamLink); writes connections and interactions "
        "they take part in.",
        Role.ANALYST: "Reads everything, every deal too; paths from anyone; no writes.",
    },
)

#: Said of every e-mail argument: how it is matched and what an unknown one answers.
_EMAIL = (
    f"The user's e-mail address (case and surrounding spaces ignored, at most {EMAIL_MAX} "
    "characters); NOT_FOUND if no user has it."
)
_TEAM = (
    "A team's name (at most 256 characters, not blank): users with the same team share "
    "deals and paths; no team makes a team of one."
)


@strawberry.type(description="Someone allowed to call the API, with their role and team.")
class User:
    email: str = strawberry.field(description="Their e-mail address, lower-case: who they are.")
    role: Role = strawberry.field(description="What they may do.")
    team: str | None = strawberry.field(description="Their team's name; null: a team of one.")
    team_link: bool = strawberry.field(
        description="Whether teammates' `introductionPaths(fromTeam: true)` may start from "
        "this user's network (like TeamLink, on unless the user turns it off)."
    )
    active: bool = strawberry.field(description="False once the user is revoked.")
    created_at: datetime | None = strawberry.field(
        description="When the user was added (null for a caller that is not a stored user, "
        "such as a single-sign-on identity or the operator)."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When they were revoked; null while active (rotateToken clears it)."
    )
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
    user: User = strawberry.field(description="The user the token belongs to.")
    token: str = strawberry.field(
        description="Send as `Authorization: Bearer TOKEN`. Only its hash is stored: keep it."
    )


@strawberry.type(description="One entry of the append-only audit log.")
class AuditEntry:
    seq: int = strawberry.field(description="Its position in the log: larger is later.")
    at: datetime = strawberry.field(description="When it happened.")
    actor: str = strawberry.field(description="The e-mail of the user who acted.")
    action: str = strawberry.field(
        description="What was done, e.g. `create`, `update`, `delete`, `erase`, `merge`, "
        "`import`, `connect`, `record`, `set`, `remove`, `user.add`, `user.revoke`, "
        "`user.rotate`, `user.update`, `user.team_link`."
    )
    target: str = strawberry.field(description="What was acted on, e.g. `person:p42`.")
    detail: str = strawberry.field(
        description="More about it, often empty: e.g. the fields an update changed, or "
        "`role rep` for a new user."
    )

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
    email: str = strawberry.field(
        description=f"Their e-mail address (stored lower-case, at most {EMAIL_MAX} "
        "characters); CONFLICT if a user already has it."
    )
    role: Role = strawberry.field(description="What they may do.")
    person_id: ID | None = strawberry.field(
        default=None,
        description="Who they are in the graph (where their paths start); NOT_FOUND if no "
        "such person.",
    )
    team: str | None = strawberry.field(default=None, description=_TEAM)
    team_link: bool = strawberry.field(
        default=True,
        description="Share their network with their team's path searches (default true).",
    )


# -- queries -------------------------------------------------------------------------------
async def me(info: Info) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.me()))


async def users(info: Info) -> list[User]:
    ctx = info.context
    return [User.of(u) for u in await ctx.call(lambda: ctx.service.users.list())]


async def audit_log(
    info: Info,
    limit: Annotated[
        int | None,
        strawberry.argument(
            description=f"How many entries at most (1..{LIST_LIMIT_MAX}, default 100)."
        ),
    ] = 100,
    since: Annotated[
        datetime | None,
        strawberry.argument(description="Only entries at or after this time (default: all)."),
    ] = None,
) -> list[AuditEntry]:
    ctx = info.context
    entries = await ctx.call(ctx.service.audit_log, since, 100 if limit is None else limit)
    return [AuditEntry.of(e) for e in entries]


# -- mutations -----------------------------------------------------------------------------
async def add_user(
    info: Info, input: Annotated[UserInput, strawberry.argument(description="The new user.")]
) -> UserToken:
    ctx = info.context
    person = None if input.person_id is None else str(input.person_id)
    user, token = await ctx.call(
        lambda: ctx.service.users.add(input.email, input.role, person, input.team, input.team_link)
    )
    return UserToken(user=User.of(user), token=token)


async def revoke_user(
    info: Info, email: Annotated[str, strawberry.argument(description=_EMAIL)]
) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.revoke(email)))


async def rotate_token(
    info: Info, email: Annotated[str, strawberry.argument(description=_EMAIL)]
) -> UserToken:
    ctx = info.context
    user, token = await ctx.call(lambda: ctx.service.users.rotate(email))
    return UserToken(user=User.of(user), token=token)


async def update_user(
    info: Info,
    email: Annotated[str, strawberry.argument(description=_EMAIL)],
    role: Annotated[
        Role | None, strawberry.argument(description="Their new role; omit to keep it.")
    ] = None,
    person_id: Annotated[
        ID | None,
        strawberry.argument(
            description="Their person in the graph (NOT_FOUND if no such person); an empty "
            "string clears it; omit to keep it."
        ),
    ] = None,
    team: Annotated[
        str | None,
        strawberry.argument(description=f"{_TEAM} An empty string clears it; omit to keep it."),
    ] = None,
) -> User:
    ctx = info.context
    person = None if person_id is None else str(person_id)
    return User.of(
        await ctx.call(
            lambda: ctx.service.users.update(email, role=role, person_id=person, team=team)
        )
    )


async def set_team_link(
    info: Info,
    enabled: Annotated[
        bool,
        strawberry.argument(
            description="True to share your network with your team's path searches, false "
            "to stop. Only a stored user may (BAD_INPUT otherwise)."
        ),
    ],
) -> User:
    ctx = info.context
    return User.of(await ctx.call(lambda: ctx.service.users.set_team_link(enabled)))


async def erase_person(
    info: Info,
    id: Annotated[ID, strawberry.argument(description="The person to erase; NOT_FOUND if none.")],
) -> DeletePayload:
    ctx = info.context
    try:
        await ctx.call(ctx.service.erase_person, str(id))
    finally:
        ctx.loaders.clear()
    return DeletePayload(id=id, deleted=True)
