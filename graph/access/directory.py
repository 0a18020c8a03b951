"""Users and their tokens, as the service offers them: add, list, revoke, rotate, update,
and turning a presented token or a verified single-sign-on identity into a :class:`Caller`.

Managing users is for admins (and the operator at the command line); a token is returned
once, when it is made, and only its hash is stored.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Protocol

from ..errors import BadInput, NotFound, Unauthenticated, shown
from ..model import Person
from ..store.base import NodeRecords, UserRecords
from ..validation import check_id, check_text
from . import policy
from .audit import Auditor
from .model import Caller, Role, User, normalise_email
from .tokens import hash_token, new_token

#: Loose on purpose (addresses are the identity provider's business); it catches typos such
#: as a missing ``@`` or a space, and bounds the length.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
EMAIL_MAX = 254  # RFC 5321's limit on a path


def check_email(email: str) -> str:
    """The normalised address; BadInput if it does not look like one."""
    value = normalise_email(email)
    if len(value) > EMAIL_MAX or not _EMAIL.fullmatch(value):
        raise BadInput(f"not an e-mail address: {shown(email)}")
    return value


def check_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise BadInput(f"unknown role {shown(role)}; use one of: {names}") from None


class _Store(UserRecords, NodeRecords, Protocol):
    """What the directory needs from a store."""


class UserDirectory:
    def __init__(self, store: _Store, caller: Caller, auditor: Auditor) -> None:
        self.store = store
        self.caller = caller
        self.audit = auditor

    # -- admin operations ------------------------------------------------------------------
    def add(
        self,
        email: str,
        role: str | Role,
        person_id: str | None = None,
        team: str | None = None,
        team_link: bool = True,
    ) -> tuple[User, str]:
        """A new user and their token (the only time it is shown). Conflict if the e-mail
        is taken; NotFound if the person does not exist."""
        policy.require_admin(self.caller, "manage users")
        user = User(
            email=check_email(email),
            role=check_role(role),
            person_id=self._person(person_id),
            team=self._team(team),
            team_link=team_link,
            created_at=datetime.now(UTC),
        )
        token = new_token()
        self.store.add_user(user, hash_token(token))
        self.audit.record("user.add", f"user:{user.email}", f"role {user.role.value}")
        return user, token

    def list(self) -> list[User]:
        policy.require_admin(self.caller, "list users")
        return self.store.list_users()

    def get(self, email: str) -> User:
        policy.require_admin(self.caller, "read users")
        return self._existing(email)

    def revoke(self, email: str) -> User:
        """The user's token stops working on the very next request."""
        policy.require_admin(self.caller, "manage users")
        user = self._existing(email)
        self.store.revoke_user(user.email, datetime.now(UTC))
        self.audit.record("user.revoke", f"user:{user.email}")
        return self._existing(user.email)

    def rotate(self, email: str) -> tuple[User, str]:
        """A new token for the user (the old one stops working; a revoked user is active
        again)."""
        policy.require_admin(self.caller, "manage users")
        user = self._existing(email)
        token = new_token()
        self.store.set_user_token(user.email, hash_token(token))
        self.audit.record("user.rotate", f"user:{user.email}")
        return self._existing(user.email), token

    def update(
        self,
        email: str,
        *,
        role: str | Role | None = None,
        person_id: str | None = None,
        team: str | None = None,
    ) -> User:
        """Change the given fields (``""`` clears person or team)."""
        policy.require_admin(self.caller, "manage users")
        user = self._existing(email)
        changes: dict[str, object] = {}
        if role is not None:
            changes["role"] = check_role(role)
        if person_id is not None:
            changes["person_id"] = self._person(person_id or None)
        if team is not None:
            changes["team"] = self._team(team or None)
        updated = dataclasses.replace(user, **changes)  # type: ignore[arg-type]
        self.store.update_user(updated)
        self.audit.record("user.update", f"user:{user.email}", ", ".join(sorted(changes)))
        return updated

    # -- everyone --------------------------------------------------------------------------
    def me(self) -> User:
        """The caller as a user record (a caller that is not a stored user, such as a
        single-sign-on identity or the operator, is described as it stands)."""
        stored = self.store.get_user(self.caller.email)
        if stored is not None and stored.active:
            return dataclasses.replace(stored, role=self.caller.role, team=self.caller.team)
        c = self.caller
        return User(c.email, c.role, c.person_id, c.team, c.team_link)

    def set_team_link(self, enabled: bool) -> User:
        """Share (or stop sharing) one's network with one's team's path searches."""
        stored = self.store.get_user(self.caller.email)
        if stored is None or not stored.active:
            raise BadInput("only a stored user can change teamLink; ask an admin to add you")
        updated = dataclasses.replace(stored, team_link=enabled)
        self.store.update_user(updated)
        self.audit.record("user.team_link", f"user:{stored.email}", "on" if enabled else "off")
        return self.me() if self.caller.email == updated.email else updated

    # -- authentication --------------------------------------------------------------------
    def caller_for_token(self, token: str) -> Caller:
        """The active user the token belongs to; Unauthenticated otherwise."""
        user = self.store.user_by_token(hash_token(token))
        if user is None:
            raise Unauthenticated("the token is not valid (unknown, rotated or revoked)")
        return Caller.of(user)

    def caller_for_identity(self, email: str, role: Role | None, team: str | None) -> Caller:
        """A single-sign-on identity: the identity provider's role and team win; a stored
        user with that e-mail supplies the person, teamLink and any missing role or team. A
        revoked stored user is refused even with a valid token."""
        stored = self.store.get_user(normalise_email(email))
        if stored is not None and not stored.active:
            raise Unauthenticated("this user has been revoked")
        if role is None and stored is None:
            raise Unauthenticated("the token carries no role and names no warmgraph user")
        return Caller(
            email=normalise_email(email),
            role=role if role is not None else stored.role,  # type: ignore[union-attr]
            person_id=stored.person_id if stored else None,
            team=team if team is not None else (stored.team if stored else None),
            team_link=stored.team_link if stored else True,
        )

    # -- helpers ---------------------------------------------------------------------------
    def _existing(self, email: str) -> User:
        user = self.store.get_user(check_email(email))
        if user is None:
            raise NotFound("user", normalise_email(email))
        return user

    def _person(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        check_id(person_id, "person id")
        if not self.store.existing_ids(Person, [person_id]):
            raise NotFound("person", person_id)
        return person_id

    @staticmethod
    def _team(team: str | None) -> str | None:
        if team is None:
            return None
        check_text(team, "team", limit=256)
        if not team.strip():
            raise BadInput("a team name must not be blank")
        return team.strip()
