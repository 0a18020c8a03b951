"""KNOWS, interactions, employment, memberships and advocacy in SQLite: each function runs
inside the caller's transaction (``Database.read()`` / ``write()``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from ...errors import Conflict, NotFound
from ...model import (
    Advocacy,
    AdvocacyLevel,
    Connection,
    ConnectionOrigin,
    Deal,
    Employment,
    Interaction,
    Membership,
)
from .. import values
from . import rows
from .lookups import exists, marks, need, need_pk, pk
from .schema import KIND_CODES

# -- writes ---------------------------------------------------------------------------------


def connect(conn: sqlite3.Connection, connection: Connection) -> None:
    a, b = sorted((connection.a, connection.b))  # stored once, a < b by id
    a_pk, b_pk = need_pk(conn, a), need_pk(conn, b)
    conn.execute(
        "INSERT INTO connection (a_pk, b_pk, since, origin) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (a_pk, b_pk) DO UPDATE SET since = excluded.since, "
        "origin = excluded.origin",
        (a_pk, b_pk, values.date_text(connection.since), connection.origin.value),
    )


def disconnect(conn: sqlite3.Connection, a: str, b: str) -> None:
    a, b = sorted((a, b))
    a_pk, b_pk = need_pk(conn, a), need_pk(conn, b)
    deleted = conn.execute(
        "DELETE FROM connection WHERE a_pk = ? AND b_pk = ?", (a_pk, b_pk)
    ).rowcount
    if deleted == 0:
        raise NotFound("connection", f"{a}--{b}")


def record_interaction(conn: sqlite3.Connection, i: Interaction) -> None:
    if exists(conn, "interaction", i.id):
        raise Conflict(f"an interaction with id {i.id!r} already exists")
    actor, recipient = need_pk(conn, i.actor_id), need_pk(conn, i.recipient_id)
    if i.community_id is not None:
        need(conn, "community", i.community_id)
    conn.execute(
        "INSERT INTO interaction (id, kind, at, actor_pk, recipient_pk, community_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (i.id, KIND_CODES[i.kind], values.epoch_seconds(i.at), actor, recipient, i.community_id),
    )


def delete_interaction(conn: sqlite3.Connection, id: str) -> None:
    if conn.execute("DELETE FROM interaction WHERE id = ?", (id,)).rowcount == 0:
        raise NotFound("interaction", id)


def set_employment(conn: sqlite3.Connection, e: Employment) -> None:
    props = {
        "title": e.title,
        "start_date": values.date_text(e.start),
        "end_date": values.date_text(e.end),
    }
    _put(conn, "employment", "company", e.person_id, e.company_id, props)


def set_membership(conn: sqlite3.Connection, m: Membership) -> None:
    props = {"role": m.role, "since": values.date_text(m.since)}
    _put(conn, "membership", "community", m.person_id, m.community_id, props)


def set_advocacy(conn: sqlite3.Connection, a: Advocacy) -> None:
    props = {"level": a.level.value, "since": values.date_text(a.since)}
    _put(conn, "advocacy", "company", a.person_id, a.company_id, props)


def _put(
    conn: sqlite3.Connection,
    table: str,
    other: str,
    person_id: str,
    other_id: str,
    props: dict[str, Any],
) -> None:
    """Upsert a person's relationship to a company/community, replacing its properties;
    NotFound if either end is absent."""
    columns = ["person_pk", f"{other}_id", *props]
    sets = ", ".join(f"{c} = excluded.{c}" for c in props)
    person_pk = need_pk(conn, person_id)
    need(conn, other, other_id)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))}) "
        f"ON CONFLICT (person_pk, {other}_id) DO UPDATE SET {sets}",
        (person_pk, other_id, *props.values()),
    )


def remove(conn: sqlite3.Connection, table: str, other: str, person_id: str, other_id: str) -> None:
    """Delete a person's relationship to a company/community; NotFound if any is absent."""
    person_pk = need_pk(conn, person_id)
    need(conn, other, other_id)
    deleted = conn.execute(
        f"DELETE FROM {table} WHERE person_pk = ? AND {other}_id = ?", (person_pk, other_id)
    ).rowcount
    if deleted == 0:
        raise NotFound(table, f"{person_id}->{other_id}")


# -- reads ----------------------------------------------------------------------------------


def employments(
    conn: sqlite3.Connection, person_id: str | None, company_id: str | None, current_only: bool
) -> list[Employment]:
    where, params = _filters(person_id, ("company_id", company_id))
    if current_only:
        where.append("e.end_date IS NULL")
    sql = (
        "SELECT p.id, e.company_id, e.title, e.start_date, e.end_date FROM employment e "
        f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
        "ORDER BY p.id, e.company_id"
    )
    to_date = values.to_date
    return [
        Employment(r[0], r[1], r[2], to_date(r[3]), to_date(r[4]))
        for r in conn.execute(sql, params)
    ]


def memberships(
    conn: sqlite3.Connection, person_id: str | None, community_id: str | None
) -> list[Membership]:
    where, params = _filters(person_id, ("community_id", community_id))
    sql = (
        "SELECT p.id, e.community_id, e.role, e.since FROM membership e "
        f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
        "ORDER BY p.id, e.community_id"
    )
    return [Membership(r[0], r[1], r[2], values.to_date(r[3])) for r in conn.execute(sql, params)]


def advocacies(
    conn: sqlite3.Connection, person_id: str | None, company_id: str | None
) -> list[Advocacy]:
    where, params = _filters(person_id, ("company_id", company_id))
    sql = (
        "SELECT p.id, e.company_id, e.level, e.since FROM advocacy e "
        f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
        "ORDER BY p.id, e.company_id"
    )
    return [
        Advocacy(r[0], r[1], AdvocacyLevel(r[2]), values.to_date(r[3]))
        for r in conn.execute(sql, params)
    ]


#: For ``nodes.ids_where_in``: the people among some ids with at least one advocacy.
ADVOCATES_SELECT = (
    "SELECT DISTINCT p.id FROM person p JOIN advocacy e ON e.person_pk = p.pk WHERE p.id"
)


def connections(conn: sqlite3.Connection, person_id: str, limit: int) -> list[Connection]:
    """The person's connections, ordered by the other person's id."""
    if limit <= 0:
        return []
    sql = (
        "SELECT pa.id, pb.id, c.since, c.origin FROM ("
        "  SELECT a_pk, b_pk, since, origin, b_pk AS other FROM connection WHERE a_pk = :pk"
        "  UNION ALL"
        "  SELECT a_pk, b_pk, since, origin, a_pk AS other FROM connection WHERE b_pk = :pk"
        ") c JOIN person pa ON pa.pk = c.a_pk JOIN person pb ON pb.pk = c.b_pk "
        "JOIN person o ON o.pk = c.other ORDER BY o.id LIMIT :limit"
    )
    person_pk = pk(conn, person_id)
    if person_pk is None:
        return []
    return [
        Connection(r[0], r[1], values.to_date(r[2]), ConnectionOrigin(r[3]))
        for r in conn.execute(sql, {"pk": person_pk, "limit": limit})
    ]


def interactions(
    conn: sqlite3.Connection,
    person_id: str,
    limit: int,
    after: tuple[datetime, str] | None = None,
) -> list[Interaction]:
    """The person's interactions (either side), most recent first, then by id; with
    ``after`` (an interaction's ``(at, id)``), only those that come after it in that order."""
    if limit <= 0:
        return []
    keyset = ""
    params: dict[str, Any] = {"limit": limit}
    if after is not None:
        keyset = " AND (at < :at OR (at = :at AND id > :id))"
        params.update(at=values.epoch_seconds(after[0]), id=after[1])
    src = (
        "(SELECT * FROM ("
        "  SELECT id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
        "  WHERE actor_pk = :pk" + keyset + "  UNION ALL"
        "  SELECT id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
        "  WHERE recipient_pk = :pk" + keyset + ") "
        "ORDER BY at DESC, id LIMIT :limit) i"
    )
    sql = rows.INTERACTION_SELECT.format(src=src) + " ORDER BY i.at DESC, i.id"
    person_pk = pk(conn, person_id)
    if person_pk is None:
        return []
    return [rows.interaction(r) for r in conn.execute(sql, {"pk": person_pk, **params})]


def interaction_count(conn: sqlite3.Connection, person_id: str) -> int:
    """How many interactions the person took part in (either side)."""
    person_pk = pk(conn, person_id)
    if person_pk is None:
        return 0
    sql = (
        "SELECT (SELECT COUNT(*) FROM interaction WHERE actor_pk = :pk)"
        " + (SELECT COUNT(*) FROM interaction WHERE recipient_pk = :pk)"
    )
    return int(conn.execute(sql, {"pk": person_pk}).fetchone()[0])


def get_interaction(conn: sqlite3.Connection, id: str) -> Interaction | None:
    sql = rows.INTERACTION_SELECT.format(src="interaction i") + " WHERE i.id = ?"
    row = conn.execute(sql, (id,)).fetchone()
    return None if row is None else rows.interaction(row)


def deals(conn: sqlite3.Connection, company_id: str | None, owner_id: str | None) -> list[Deal]:
    where: list[str] = []
    params: list[Any] = []
    if company_id is not None:
        where.append("d.company_id = ?")
        params.append(company_id)
    if owner_id is not None:
        where.append("o.id = ?")
        params.append(owner_id)
    sql = rows.DEAL_SELECT + (f" {_where(where)}" if where else "") + " ORDER BY d.id"
    return [rows.deal(r) for r in conn.execute(sql, params)]


def _filters(person_id: str | None, other: tuple[str, str | None]) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if person_id is not None:
        where.append("p.id = ?")
        params.append(person_id)
    column, value = other
    if value is not None:
        where.append(f"e.{column} = ?")
        params.append(value)
    return where, params


def _where(where: list[str]) -> str:
    return f"WHERE {' AND '.join(where)}" if where else ""
