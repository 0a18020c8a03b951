"""What each role may do: the one place the rules live. The service asks; nothing else does.

==========  =================================================================================
role        may
==========  =================================================================================
admin       everything: every read and write, users and tokens, erasure, the audit log,
            merging two people into one (``mergePeople``: it rewrites every relationship of
            both, so no other role may)
manager     read everything but other teams' deals; introduction paths from anyone on their
            team; create people, companies and communities; change their team's people
            (person records, jobs, memberships, advocacy); create, change and delete deals
            owned by their team; connections and interactions their team takes part in
rep         read everything but other teams' deals; introduction paths from themselves or
            from teammates who share their network (``teamLink``); connections and
            interactions they take part in themselves
analyst     read everything (every deal too); introduction paths from anyone; no writes
==========  =================================================================================

Everyone may read ``me`` and switch their own ``teamLink``. Refusals: an operation the role
may not do at all is ``FORBIDDEN`` (and changes nothing); a thing outside the caller's scope
(another team's deal, paths from someone else's network) is ``NOT_FOUND``, exactly as if it
did not exist, so a refusal never tells a caller what exists. The operator at the command
line (``Caller.operator()``) acts as an admin: they hold the database anyway.

A "team member" is an active user with the same ``team``; their ``person_id`` is how the
graph knows them. A user on no team is a team of one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from ..errors import Forbidden
from ..model import Person
from .model import Caller, Role, User

READ_ONLY = "analysts have read-only access"


def is_admin(caller: Caller) -> bool:
    return caller.role is Role.ADMIN


def sees_every_deal(caller: Caller) -> bool:
    return caller.role in (Role.ADMIN, Role.ANALYST)


def paths_from_anyone(caller: Caller) -> bool:
    return caller.role in (Role.ADMIN, Role.ANALYST)


def sees_private_contact_details(caller: Caller) -> bool:
    """Do-not-contact people's e-mail and profile links are for admins only."""
    return caller.role is Role.ADMIN


def as_seen_by(caller: Caller, person: Person) -> Person:
    """A person as the caller may see them: a do-not-contact person's e-mail and profile
    links only for admins."""
    if not person.do_not_contact or sees_private_contact_details(caller):
        return person
    return dataclasses.replace(person, email=None, linkedin=None, twitter=None)


def require_admin(caller: Caller, doing: str) -> None:
    if caller.role is not Role.ADMIN:
        raise Forbidden(f"only an admin may {doing}")


def require_writer(caller: Caller) -> None:
    if caller.role is Role.ANALYST:
        raise Forbidden(READ_ONLY)


def require_role(caller: Caller, roles: Collection[Role], doing: str) -> None:
    """Forbidden unless the caller's role is admin or one of ``roles``."""
    require_writer(caller)
    if caller.role is not Role.ADMIN and caller.role not in roles:
        raise Forbidden(f"a {caller.role.value} may not {doing}")


class Team:
    """The caller's team as the rules need it: whose people count as "ours"."""

    def __init__(self, caller: Caller, users: Collection[User]) -> None:
        self.caller = caller
        if caller.team is None:
            members = [u for u in users if u.email == caller.email and u.active]
        else:
            members = [u for u in users if u.team == caller.team and u.active]
        self.members = tuple(sorted(members, key=lambda u: u.email))

    def person_ids(self) -> set[str]:
        """Every team member's person (and the caller's own)."""
        ids = {u.person_id for u in self.members if u.person_id is not None}
        if self.caller.person_id is not None:
            ids.add(self.caller.person_id)
        return ids

    def pooled(self) -> list[tuple[str, str]]:
        """(e-mail, person id) of everyone whose network the caller may start paths from:
        the caller, and teammates who share theirs (``team_link``); the caller first."""
        pool: list[tuple[str, str]] = []
        if self.caller.person_id is not None:
            pool.append((self.caller.email, self.caller.person_id))
        for user in self.members:
            if user.email == self.caller.email or user.person_id is None:
                continue
            if user.team_link:
                pool.append((user.email, user.person_id))
        return pool

    def may_start_paths_from(self, person_id: str) -> bool:
        if paths_from_anyone(self.caller) or person_id == self.caller.person_id:
            return True
        if self.caller.role is Role.MANAGER:
            return person_id in self.person_ids()
        return any(pid == person_id for _, pid in self.pooled())

    def owns(self, person_id: str | None) -> bool:
        """Whether a person (a deal's owner, a side of a connection) is the caller's own
        (rep) or their team's (manager); admins own everything."""
        if is_admin(self.caller):
            return True
        if person_id is None:
            return False
        if self.caller.role is Role.MANAGER:
            return person_id in self.person_ids()
        return person_id == self.caller.person_id

    def sees_deal_of(self, owner_id: str | None) -> bool:
        if sees_every_deal(self.caller):
            return True
        return owner_id is not None and owner_id in self.person_ids()
