"""``activity_among`` on SQLite: indexed reads by person, in chunks the driver accepts."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from ..activity import Activity
from ..values import to_date
from .lookups import chunks, marks
from .schema import KIND_BY_CODE

_KIND_NAME = {code: kind.value for code, kind in KIND_BY_CODE.items()}


def activity_among(conn: sqlite3.Connection, person_ids: Collection[str]) -> Activity:
    """Every interaction and KNOWS touching ``person_ids`` (inside the caller's snapshot).

    People are turned into their ``pk`` first; interactions are then read through the
    ``(actor_pk, ...)`` and ``(recipient_pk)`` indexes and deduplicated by row key.
    """
    pks: list[int] = []
    unique = sorted({i for i in person_ids if isinstance(i, str)})
    for chunk in chunks(unique):
        pks += [
            r[0]
            for r in conn.execute(f"SELECT pk FROM person WHERE id IN ({marks(len(chunk))})", chunk)
        ]
    inter: dict[int, tuple[str, str, str, float]] = {}
    conns: dict[tuple[str, str], tuple[str, str, object]] = {}
    for chunk in chunks([str(pk) for pk in pks]):
        qs = marks(len(chunk))
        for column in ("actor_pk", "recipient_pk"):
            sql = (
                "SELECT i.rk, a.id, b.id, i.kind, i.at FROM interaction i "
                "JOIN person a ON a.pk = i.actor_pk JOIN person b ON b.pk = i.recipient_pk "
                f"WHERE i.{column} IN ({qs})"
            )
            for rk, a, b, kind, at in conn.execute(sql, chunk):
                inter[rk] = (a, b, _KIND_NAME[kind], at)
        for column in ("a_pk", "b_pk"):
            sql = (
                "SELECT a.id, b.id, c.since FROM connection c "
                "JOIN person a ON a.pk = c.a_pk JOIN person b ON b.pk = c.b_pk "
                f"WHERE c.{column} IN ({qs})"
            )
            for a, b, since in conn.execute(sql, chunk):
                conns[(a, b)] = (a, b, since)
    return Activity.from_rows(
        list(inter.values()),
        [(min(a, b), max(a, b), to_date(since)) for a, b, since in conns.values()],  # type: ignore[arg-type]
    )
