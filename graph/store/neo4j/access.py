"""Users and tokens, suppressions and the audit log on Neo4j: the ``UserRecords``,
``Suppressions`` and ``AuditLog`` protocols.

None of this is graph data, so every write runs with ``changes_data=False`` (the data version,
and whatever is cached on it, stays as it is). Uniqueness constraints (:mod:`.schema`) keep
e-mails, tokens, suppression keys and audit seqs unique; times are float epoch seconds, as
for interactions (``graph.store.values``).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from ...access.model import AuditEntry, Role, User
from ...errors import Conflict, NotFound
from ..values import epoch_seconds, instant, utc
from . import cypher
from .session import Session

#: Bytes of the suppression secret (an HMAC-SHA256 key).
SECRET_BYTES = 32


def _seconds(at: datetime | None) -> float | None:
    return None if at is None else epoch_seconds(at)


def _user(r: Mapping[str, Any]) -> User:
    return User(
        email=r["email"],
        role=Role(r["role"]),
        person_id=r["personId"],
        team=r["team"],
        team_link=bool(True if r["teamLink"] is None else r["teamLink"]),
        created_at=utc(r["createdAt"]),
        revoked_at=utc(r["revokedAt"]),
    )


def _user_props(user: User, token_hash: str) -> dict[str, Any]:
    props = {
        "email": user.email,
        "role": user.role.value,
        "personId": user.person_id,
        "team": user.team,
        "teamLink": bool(user.team_link),
        "createdAt": _seconds(user.created_at),
        "revokedAt": _seconds(user.revoked_at),
        # a user added revoked has no token that works
        "tokenHash": token_hash if user.active else None,
    }
    return {key: value for key, value in props.items() if value is not None}


class AccessRecords:
    """Users, suppressions and the audit log through ``session``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _write(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return tx.run(statement, params).data()

        return self._session.write(work, changes_data=False)

    def _update(self, statement: str, email: str, **params: Any) -> None:
        """Run an update of one user; NotFound if there is none with ``email``."""
        rows = self._write(statement, email=email, **params)
        if not rows or rows[0]["updated"] == 0:
            raise NotFound("user", email)

    # -- users -----------------------------------------------------------------------------

    def add_user(self, user: User, token_hash: str) -> None:
        def work(tx: ManagedTransaction) -> None:
            found = tx.run(cypher.USER_EXISTS, email=user.email).single(strict=True)
            if found["found"]:
                raise Conflict(f"a user with e-mail {user.email!r} already exists")
            # a concurrent add of the same e-mail fails on the user_email constraint instead
            tx.run(cypher.CREATE_USER, props=_user_props(user, token_hash)).consume()

        self._session.write(work, changes_data=False)

    def get_user(self, email: str) -> User | None:
        rows = self._session.query(cypher.GET_USER, email=email)
        return _user(rows[0]) if rows else None

    def user_by_token(self, token_hash: str) -> User | None:
        # A read transaction of its own: it sees every committed revocation.
        rows = self._session.query(cypher.USER_BY_TOKEN, tokenHash=token_hash)
        return _user(rows[0]) if rows else None

    def list_users(self) -> list[User]:
        return [_user(r) for r in self._session.query(cypher.LIST_USERS)]

    def update_user(self, user: User) -> None:
        self._update(
            cypher.UPDATE_USER,
            user.email,
            role=user.role.value,
            personId=user.person_id,
            team=user.team,
            teamLink=bool(user.team_link),
        )

    def set_user_token(self, email: str, token_hash: str) -> None:
        self._update(cypher.REISSUE_USER, email, tokenHash=token_hash)

    def revoke_user(self, email: str, at: datetime) -> None:
        self._update(cypher.REVOKE_USER, email, at=epoch_seconds(at))

    # -- suppressions -------------------------------------------------------------------------

    def suppression_secret(self) -> bytes:
        rows = self._session.query(cypher.GET_HMAC_KEY, name=cypher.HMAC_KEY_NAME)
        if not rows:
            rows = self._write(
                cypher.ENSURE_HMAC_KEY,
                name=cypher.HMAC_KEY_NAME,
                value=secrets.token_bytes(SECRET_BYTES),
            )
        return bytes(rows[0]["value"])

    def add_suppressions(self, keys: Collection[str], at: datetime) -> None:
        unique = sorted(set(keys))
        if unique:
            self._write(cypher.ADD_SUPPRESSIONS, keys=unique, at=epoch_seconds(at))

    def suppressed(self, keys: Collection[str]) -> set[str]:
        unique = sorted(set(keys))
        if not unique:
            return set()
        return {r["key"] for r in self._session.query(cypher.SUPPRESSED, keys=unique)}

    def suppression_count(self) -> int:
        return int(self._session.query(cypher.SUPPRESSION_COUNT)[0]["n"])

    # -- the audit log ------------------------------------------------------------------------

    def append_audit(self, entry: AuditEntry) -> None:
        props = {
            "at": epoch_seconds(entry.at),
            "actor": entry.actor,
            "action": entry.action,
            "target": entry.target,
            "detail": entry.detail,
        }
        self._write(cypher.APPEND_AUDIT, counter=cypher.AUDIT_COUNTER_KEY, props=props)

    def audit_entries(self, *, since: datetime | None = None, limit: int = 100) -> list[AuditEntry]:
        if limit <= 0:
            return []
        rows = self._session.query(cypher.AUDIT_ENTRIES, since=_seconds(since), limit=limit)
        return [
            AuditEntry(
                instant(r["at"]), r["actor"], r["action"], r["target"], r["detail"], r["seq"]
            )
            for r in rows
        ]
