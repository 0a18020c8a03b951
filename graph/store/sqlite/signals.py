"""The history signals are computed from (``SignalReads``), in bulk: each function runs inside
the caller's read transaction.

Employment dates are stored as ISO text, so ``>=`` on them is date order. The employment
table has no index on its dates: a job-change read scans it once (it holds about one row per
person and job; 100,000 people's jobs scan in milliseconds).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import date

from ...model import Advocacy, AdvocacyLevel, Connection, ConnectionOrigin, Employment, Interaction
from .. import values
from . import rows
from .activity import pks_among, touching
from .lookups import chunks, marks


def employment_changes(conn: sqlite3.Connection, since: date) -> list[Employment]:
    sql = (
        "SELECT p.id, e.company_id, e.title, e.start_date, e.end_date FROM employment e "
        "JOIN person p ON p.pk = e.person_pk "
        "WHERE e.person_pk IN (SELECT person_pk FROM employment "
        "  WHERE start_date >= :since OR end_date >= :since) "
        "ORDER BY p.id, e.company_id"
    )
    to_date = values.to_date
    return [
        Employment(r[0], r[1], r[2], to_date(r[3]), to_date(r[4]))
        for r in conn.execute(sql, {"since": values.date_text(since)})
    ]


def advocacies_of(conn: sqlite3.Connection, person_ids: Collection[str]) -> list[Advocacy]:
    found: list[Advocacy] = []
    for chunk in chunks(sorted(set(person_ids))):
        sql = (
            "SELECT p.id, e.company_id, e.level, e.since FROM advocacy e "
            f"JOIN person p ON p.pk = e.person_pk WHERE p.id IN ({marks(len(chunk))})"
        )
        found += [
            Advocacy(r[0], r[1], AdvocacyLevel(r[2]), values.to_date(r[3]))
            for r in conn.execute(sql, list(chunk))
        ]
    return sorted(found, key=lambda a: (a.person_id, a.company_id))


def connections_of(conn: sqlite3.Connection, person_ids: Collection[str]) -> list[Connection]:
    """The KNOWS touching the people: the rows ``activity_among`` reads, as model objects."""
    params = {"pks": json.dumps(pks_among(conn, person_ids))}
    sql = (
        "SELECT pa.id, pb.id, c.since, c.origin "
        f"FROM ({touching('connection', 'a_pk, b_pk, since, origin')}) c "
        "JOIN person pa ON pa.pk = c.a_pk JOIN person pb ON pb.pk = c.b_pk"
    )
    found = [
        Connection(r[0], r[1], values.to_date(r[2]), ConnectionOrigin(r[3]))
        for r in conn.execute(sql, params)
    ]
    return sorted(found, key=lambda c: (c.a, c.b))


def interactions_of(conn: sqlite3.Connection, person_ids: Collection[str]) -> list[Interaction]:
    """The interactions touching the people: the rows ``activity_among`` reads, as model
    objects."""
    params = {"pks": json.dumps(pks_among(conn, person_ids))}
    columns = "rk, id, kind, at, actor_pk, recipient_pk, community_id"
    sql = rows.INTERACTION_SELECT.format(src=f"({touching('interaction', columns)}) i")
    found = [rows.interaction(r) for r in conn.execute(sql, params)]
    return sorted(found, key=lambda i: (i.at, i.id))
