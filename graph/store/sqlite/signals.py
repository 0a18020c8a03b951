"""The history signals are computed from (``SignalReads``), in bulk: each function runs inside
the caller's read transaction.

Employment dates are stored as ISO text, so ``>=`` on them is date order. The employment
table has no index on its dates: a job-change read scans it once (it holds about one row per
person and job; 100,000 people's jobs scan in milliseconds).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import date

from ...model import Advocacy, AdvocacyLevel, Connection, ConnectionOrigin, Employment, Interaction
from .. import values
from . import rows
from .lookups import chunks, marks, pks_of


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
    pks = [str(pk) for pk in pks_of(conn, set(person_ids)).values()]
    found: dict[tuple[str, str], Connection] = {}
    for chunk in chunks(pks):
        inside = marks(len(chunk))
        sql = (
            "SELECT pa.id, pb.id, c.since, c.origin FROM ("
            f"  SELECT * FROM connection WHERE a_pk IN ({inside})"
            "  UNION"
            f"  SELECT * FROM connection WHERE b_pk IN ({inside})"
            ") c JOIN person pa ON pa.pk = c.a_pk JOIN person pb ON pb.pk = c.b_pk"
        )
        for r in conn.execute(sql, [int(pk) for pk in chunk] * 2):
            c = Connection(r[0], r[1], values.to_date(r[2]), ConnectionOrigin(r[3]))
            found[(c.a, c.b)] = c
    return [found[pair] for pair in sorted(found)]


def interactions_of(conn: sqlite3.Connection, person_ids: Collection[str]) -> list[Interaction]:
    pks = [str(pk) for pk in pks_of(conn, set(person_ids)).values()]
    found: dict[str, Interaction] = {}
    for chunk in chunks(pks):
        inside = marks(len(chunk))
        src = (
            "(SELECT rk, id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
            f"  WHERE actor_pk IN ({inside})"
            "  UNION"
            "  SELECT rk, id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
            f"  WHERE recipient_pk IN ({inside})) i"
        )
        sql = rows.INTERACTION_SELECT.format(src=src)
        for r in conn.execute(sql, [int(pk) for pk in chunk] * 2):
            found[r[0]] = rows.interaction(r)
    return sorted(found.values(), key=lambda i: (i.at, i.id))
