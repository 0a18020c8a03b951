"""``ActivityPages`` on SQLite: the newest events of one kind around a subject, by index.

The subject's people are a subquery (``person``, ``employment`` or ``membership`` by its
primary key or index), never a list of bound parameters. Interactions are found one of two
ways, chosen by how many people the subject has:

* a few (a person, a small company): every interaction of theirs through the ``actor`` and
  ``recipient`` indexes, then the newest ``limit`` (a person has hundreds, not millions);
* many (under one in ``NARROW_SHARE`` of everyone and more): the ``interaction_at`` index
  walked newest first, keeping rows with an end among them, until ``limit`` are found:
  with a thousandth of everyone that is about a thousand rows per row kept.

KNOWS are walked newest first on ``connection_since`` the same way; jobs (a few hundred
thousand rows at most) are filtered and the top ``limit`` kept by SQLite's sorter.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ...activity_query import (
    ActivityCounts,
    ActivitySubject,
    LedConnection,
    SubjectKind,
    TimeWindow,
)
from ...model import Connection, ConnectionOrigin, Employment, Interaction
from .. import values
from . import rows
from .activity import touching

#: A subject with fewer than one in this many of everyone is read through its people's
#: own indexes; a bigger one by walking the time index.
NARROW_SHARE = 300

_PEOPLE = {
    SubjectKind.PERSON: "SELECT pk FROM person WHERE id = :subject",
    SubjectKind.COMPANY: (
        "SELECT person_pk FROM employment WHERE company_id = :subject AND end_date IS NULL"
    ),
    SubjectKind.COMMUNITY: "SELECT person_pk FROM membership WHERE community_id = :subject",
}
_JOBS = {
    SubjectKind.PERSON: "e.person_pk IN (SELECT pk FROM person WHERE id = :subject)",
    SubjectKind.COMPANY: "e.company_id = :subject",
    SubjectKind.COMMUNITY: (
        "e.person_pk IN (SELECT person_pk FROM membership WHERE community_id = :subject)"
    ),
}
_INTER_COLUMNS = "rk, id, kind, at, actor_pk, recipient_pk, community_id"


def _people_pks(conn: sqlite3.Connection, subject: ActivitySubject) -> list[int] | None:
    """The subject's people's ``pk``s when they are few enough to look up one by one;
    None when there are so many that walking the time index is cheaper."""
    people = _PEOPLE[subject.kind]
    found = [r[0] for r in conn.execute(people, {"subject": subject.id})]
    everyone = int(conn.execute("SELECT max(pk) FROM person").fetchone()[0] or 0)
    return found if len(found) * NARROW_SHARE < everyone else None


def _time_clause(column: str, lo: object, hi: object) -> str:
    parts = ([f"{column} >= :lo"] if lo is not None else []) + (
        [f"{column} <= :hi"] if hi is not None else []
    )
    return " AND ".join(parts) or "1"


def recent_interactions(
    conn: sqlite3.Connection, subject: ActivitySubject, window: TimeWindow, limit: int
) -> list[Interaction]:
    lo, hi = window.seconds()
    params: dict[str, Any] = {"subject": subject.id, "lo": lo, "hi": hi, "limit": limit}
    pks = _people_pks(conn, subject)
    when = _time_clause("at", lo, hi)
    if pks is not None:
        params["pks"] = json.dumps(pks)
        src = (
            f"(SELECT * FROM ({touching('interaction', _INTER_COLUMNS)}) "
            f"WHERE {when} ORDER BY at DESC LIMIT :limit) i"
        )
    else:
        people = _PEOPLE[subject.kind]
        src = (
            f"(SELECT {_INTER_COLUMNS} FROM interaction INDEXED BY interaction_at "
            f"WHERE {when} AND (actor_pk IN ({people}) OR recipient_pk IN ({people})) "
            "ORDER BY at DESC LIMIT :limit) i"
        )
    sql = rows.INTERACTION_SELECT.format(src=src)
    return [rows.interaction(r) for r in conn.execute(sql, params)]


def recent_connections(
    conn: sqlite3.Connection, subject: ActivitySubject, window: TimeWindow, limit: int
) -> list[LedConnection]:
    lo, hi = window.day_bounds()
    params: dict[str, Any] = {"subject": subject.id, "lo": lo, "hi": hi, "limit": limit}
    pks = _people_pks(conn, subject)
    when = _time_clause("since", lo, hi)
    if pks is not None:
        params["pks"] = json.dumps(pks)
        inner = (
            f"SELECT * FROM ({touching('connection', 'a_pk, b_pk, since, origin')}) "
            f"WHERE since IS NOT NULL AND {when} ORDER BY since DESC LIMIT :limit"
        )
        lead = "c.a_pk IN (SELECT value FROM json_each(:pks))"
    else:
        people = _PEOPLE[subject.kind]
        inner = (
            "SELECT a_pk, b_pk, since, origin FROM connection INDEXED BY connection_since "
            f"WHERE since IS NOT NULL AND {when} "
            f"AND (a_pk IN ({people}) OR b_pk IN ({people})) ORDER BY since DESC LIMIT :limit"
        )
        lead = f"c.a_pk IN ({people})"
    sql = (
        f"SELECT pa.id, pb.id, c.since, c.origin, {lead} FROM ({inner}) c "
        "JOIN person pa ON pa.pk = c.a_pk JOIN person pb ON pb.pk = c.b_pk"
    )
    return [
        LedConnection(
            Connection(a, b, values.to_date(since), ConnectionOrigin(origin)),
            a if a_leads else b,
        )
        for a, b, since, origin, a_leads in conn.execute(sql, params)
    ]


def recent_jobs(
    conn: sqlite3.Connection,
    subject: ActivitySubject,
    ended: bool,
    window: TimeWindow,
    limit: int,
) -> list[Employment]:
    lo, hi = window.day_bounds()
    day = "e.end_date" if ended else "e.start_date"
    sql = (
        "SELECT p.id, e.company_id, e.title, e.start_date, e.end_date FROM employment e "
        f"JOIN person p ON p.pk = e.person_pk WHERE {_JOBS[subject.kind]} "
        f"AND {day} IS NOT NULL AND {_time_clause(day, lo, hi)} "
        f"ORDER BY {day} DESC LIMIT :limit"
    )
    params = {"subject": subject.id, "lo": lo, "hi": hi, "limit": limit}
    to_date = values.to_date
    return [
        Employment(r[0], r[1], r[2], to_date(r[3]), to_date(r[4]))
        for r in conn.execute(sql, params)
    ]


def activity_counts(
    conn: sqlite3.Connection, subject: ActivitySubject, window: TimeWindow
) -> ActivityCounts:
    lo = window.seconds()[0]
    day_lo = window.day_bounds()[0]
    params: dict[str, Any] = {"subject": subject.id, "lo": lo, "day": day_lo}
    since_at = "at >= :lo" if lo is not None else "1"
    since_day = "since IS NOT NULL" + (" AND since >= :day" if day_lo is not None else "")
    pks = _people_pks(conn, subject)
    if pks is not None:
        params["pks"] = json.dumps(pks)
        inter_src = f"({touching('interaction', 'at')})"
        knows_src = f"({touching('connection', 'since')})"
        touches, touches_knows = "1", "1"
    else:
        people = _PEOPLE[subject.kind]
        inter_src, knows_src = "interaction", "connection"
        touches = f"(actor_pk IN ({people}) OR recipient_pk IN ({people}))"
        touches_knows = f"(a_pk IN ({people}) OR b_pk IN ({people}))"
    inter = conn.execute(
        f"SELECT count(*) FROM {inter_src} WHERE {since_at} AND {touches}", params
    ).fetchone()[0]
    knows = conn.execute(
        f"SELECT count(*) FROM {knows_src} WHERE {since_day} AND {touches_knows}", params
    ).fetchone()[0]
    started, ended = job_counts(conn, subject, window)
    return ActivityCounts(int(inter), int(knows), int(started), int(ended))


def job_counts(
    conn: sqlite3.Connection, subject: ActivitySubject, window: TimeWindow
) -> tuple[int, int]:
    """How many of the subject's jobs started, and ended, on or after ``window.since``."""
    day_lo = window.day_bounds()[0]
    params = {"subject": subject.id, "day": day_lo}
    jobs = _JOBS[subject.kind]
    started, ended = (
        int(
            conn.execute(
                f"SELECT count(*) FROM employment e WHERE {jobs} AND {col} IS NOT NULL"
                + (f" AND {col} >= :day" if day_lo is not None else ""),
                params,
            ).fetchone()[0]
        )
        for col in ("e.start_date", "e.end_date")
    )
    return started, ended
