"""Users, roles, callers and audit entries: plain immutable records like ``graph.model``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What a user may do (``graph.access.policy`` says exactly what each may)."""

    ADMIN = "admin"  # everything: users, erasure, the audit log
    MANAGER = "manager"  # their team's people, deals and reports
    REP = "rep"  # reads; paths from themselves or their team; their own interactions
    ANALYST = "analyst"  # read-only


def normalise_email(email: str) -> str:
    """The form users and suppression keys compare e-mail addresses in."""
    return email.strip().lower()


@dataclass(frozen=True, slots=True)
class User:
    """A person allowed to call the API. Their token is stored only as a hash, apart."""

    email: str  # normalised (lower case, trimmed); the user's key
    role: Role
    person_id: str | None = None  # who they are in the graph (where their paths start)
    team: str | None = None
    team_link: bool = True  # whether teammates' paths may start from this user's network
    created_at: datetime | None = None
    revoked_at: datetime | None = None  # a revoked user's token no longer authenticates

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a request (or a CLI command) acts as."""

    email: str
    role: Role
    person_id: str | None = None
    team: str | None = None
    team_link: bool = True
    #: True for the operator at the command line (``warmgraph`` on the store itself), who
    #: holds the database anyway; never for a network request.
    local: bool = False

    @classmethod
    def of(cls, user: User) -> Caller:
        return cls(user.email, user.role, user.person_id, user.team, user.team_link)

    @classmethod
    def operator(cls) -> Caller:
        """The command line: an admin acting on the store it was pointed at."""
        return cls("operator@localhost", Role.ADMIN, local=True)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the append-only audit log: who did what to what, and when."""

    at: datetime
    actor: str  # the caller's e-mail
    action: str  # the operation, e.g. ``createPerson``, ``erasePerson``, ``users.add``
    target: str  # what it acted on, e.g. ``person:p42`` (never an erased person's e-mail)
    detail: str = ""
    seq: int | None = None  # its position in the log, assigned by the store
