"""Users and their tokens, suppressions, the audit log and the store's secret, in SQLite.

Each function runs inside the caller's transaction. The writes run in transactions that leave
``data_version`` alone (``Database.write(changes_data=False)``): none of this is graph data.
Times are stored as epoch seconds, like interactions' (``graph.store.values``).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from ...access.model import AuditEntry, Role, User
from ...errors import Conflict, NotFound
from ..values import epoch_seconds, instant, utc
from .lookups import chunks, marks

#: The suppression secret's row in ``secret``; 32 random bytes, like an HMAC-SHA256 key.
SUPPRESSION_ROW = "suppression"
SECRET_BYTES = 32

_USER_COLS = "email, role, person_id, team, team_link, created_at, revoked_at"


def _user(row: Sequence[Any]) -> User:
    return User(
        email=row[0],
        role=Role(row[1]),
        person_id=row[2],
        team=row[3],
        team_link=bool(row[4]),
        created_at=utc(row[5]),
        revoked_at=utc(row[6]),
    )


def _seconds(at: datetime | None) -> float | None:
    return None if at is None else epoch_seconds(at)


# -- users --------------------------------------------------------------------------------


def add_user(conn: sqlite3.Connection, user: User, token_hash: str) -> None:
    if get_user(conn, user.email) is not None:
        raise Conflict(f"a user with e-mail {user.email!r} already exists")
    conn.execute(
        f"INSERT INTO app_user ({_USER_COLS}, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            user.email,
            user.role.value,
            user.person_id,
            user.team,
            1 if user.team_link else 0,
            _seconds(user.created_at),
            _seconds(user.revoked_at),
            # a user added revoked has no token that works
            token_hash if user.active else None,
        ),
    )


def get_user(conn: sqlite3.Connection, email: str) -> User | None:
    row = conn.execute(f"SELECT {_USER_COLS} FROM app_user WHERE email = ?", (email,)).fetchone()
    return None if row is None else _user(row)


def user_by_token(conn: sqlite3.Connection, token_hash: str) -> User | None:
    row = conn.execute(
        f"SELECT {_USER_COLS} FROM app_user WHERE token_hash = ? AND revoked_at IS NULL",
        (token_hash,),
    ).fetchone()
    return None if row is None else _user(row)


def list_users(conn: sqlite3.Connection) -> list[User]:
    return [_user(r) for r in conn.execute(f"SELECT {_USER_COLS} FROM app_user ORDER BY email")]


def update_user(conn: sqlite3.Connection, user: User) -> None:
    changed = conn.execute(
        "UPDATE app_user SET role = ?, person_id = ?, team = ?, team_link = ? WHERE email = ?",
        (user.role.value, user.person_id, user.team, 1 if user.team_link else 0, user.email),
    ).rowcount
    if changed == 0:
        raise NotFound("user", user.email)


def set_user_token(conn: sqlite3.Connection, email: str, token_hash: str) -> None:
    changed = conn.execute(
        "UPDATE app_user SET token_hash = ?, revoked_at = NULL WHERE email = ?",
        (token_hash, email),
    ).rowcount
    if changed == 0:
        raise NotFound("user", email)


def revoke_user(conn: sqlite3.Connection, email: str, at: datetime) -> None:
    changed = conn.execute(
        "UPDATE app_user SET token_hash = NULL, revoked_at = ? WHERE email = ?",
        (epoch_seconds(at), email),
    ).rowcount
    if changed == 0:
        raise NotFound("user", email)


# -- suppressions -------------------------------------------------------------------------


def read_secret(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT value FROM secret WHERE name = ?", (SUPPRESSION_ROW,)).fetchone()
    return None if row is None else bytes(row[0])


def create_secret(conn: sqlite3.Connection) -> bytes:
    """The secret, created if absent. ``INSERT OR IGNORE`` then read back: of two processes
    racing here, the second keeps (and returns) the first one's key."""
    conn.execute(
        "INSERT OR IGNORE INTO secret (name, value) VALUES (?, ?)",
        (SUPPRESSION_ROW, secrets.token_bytes(SECRET_BYTES)),
    )
    found = read_secret(conn)
    assert found is not None  # inserted just above, in this transaction
    return found


def add_suppressions(conn: sqlite3.Connection, keys: Collection[str], at: datetime) -> None:
    seconds = epoch_seconds(at)
    conn.executemany(
        "INSERT OR IGNORE INTO suppression (key, at) VALUES (?, ?)",
        [(key, seconds) for key in sorted(set(keys))],
    )


def suppressed(conn: sqlite3.Connection, keys: Collection[str]) -> set[str]:
    unique = sorted(set(keys))
    found: set[str] = set()
    for chunk in chunks(unique):
        sql = f"SELECT key FROM suppression WHERE key IN ({marks(len(chunk))})"
        found.update(r[0] for r in conn.execute(sql, chunk))
    return found


def suppression_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM suppression").fetchone()[0])


# -- the audit log ------------------------------------------------------------------------


def append_audit(conn: sqlite3.Connection, entry: AuditEntry) -> None:
    # AUTOINCREMENT: seq never reuses a number, even of the last row (the log is append-only,
    # but a seq someone quoted must never come to mean another entry).
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (epoch_seconds(entry.at), entry.actor, entry.action, entry.target, entry.detail),
    )


def audit_entries(conn: sqlite3.Connection, since: datetime | None, limit: int) -> list[AuditEntry]:
    if limit <= 0:  # SQLite reads a negative LIMIT as none at all
        return []
    where = ""
    params: list[float] = [limit]
    if since is not None:
        where, params = "WHERE at >= ? ", [epoch_seconds(since), limit]
    rows = conn.execute(
        f"SELECT at, actor, action, target, detail, seq FROM audit_log {where}"
        "ORDER BY seq DESC LIMIT ?",
        params,
    )
    return [AuditEntry(instant(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]
