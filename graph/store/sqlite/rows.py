"""Mapping between SQLite rows and ``graph.model`` records, both ways.

Reads never fail on what is stored: a time or date outside what ``datetime`` can hold (an
older build let ``9999-12-31T23:59:59-14:00`` through, which is year 10000 in UTC) reads as
the nearest value it can hold (``datetime.min``/``max`` in UTC, ``date.min``/``max``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ...model import (
    Community,
    CommunityKind,
    Company,
    Deal,
    DealStage,
    Interaction,
    Person,
)
from ..values import instant, to_date
from .schema import KIND_BY_CODE

PERSON_COLS = (
    "p.id, p.name, p.title, p.email, p.location, p.linkedin, p.twitter, p.do_not_contact, p.tags"
)
DEAL_SELECT = (
    "SELECT d.id, d.name, d.company_id, o.id, d.stage, d.amount, d.created_at, d.closed_at "
    "FROM deal d LEFT JOIN person o ON o.pk = d.owner_pk"
)
INTERACTION_SELECT = (
    "SELECT i.id, i.kind, i.at, a.id, r.id, i.community_id FROM {src} "
    "JOIN person a ON a.pk = i.actor_pk JOIN person r ON r.pk = i.recipient_pk"
)

# -- stored values -> model values ------------------------------------------------------------


def person(row: Sequence[Any]) -> Person:
    return Person(
        id=row[0],
        name=row[1],
        title=row[2],
        email=row[3],
        location=row[4],
        linkedin=row[5],
        twitter=row[6],
        do_not_contact=bool(row[7]),
        tags=tuple(json.loads(row[8])) if row[8] else (),
    )


def company(row: Sequence[Any]) -> Company:
    return Company(id=row[0], name=row[1], domain=row[2], industry=row[3], employees=row[4])


def community(row: Sequence[Any]) -> Community:
    return Community(id=row[0], name=row[1], kind=CommunityKind(row[2]), url=row[3])


def deal(row: Sequence[Any]) -> Deal:
    return Deal(
        id=row[0],
        name=row[1],
        company_id=row[2],
        owner_id=row[3],
        stage=DealStage(row[4]),
        amount=row[5],
        created_at=to_date(row[6]),
        closed_at=to_date(row[7]),
    )


def interaction(row: Sequence[Any]) -> Interaction:
    return Interaction(
        id=row[0],
        kind=KIND_BY_CODE[row[1]],
        at=instant(row[2]),
        actor_id=row[3],
        recipient_id=row[4],
        community_id=row[5],
    )


#: Per node kind: its table, and how to select and map its rows by id (``{marks}`` = ids).
NODE_TABLES: dict[type, str] = {
    Person: "person",
    Company: "company",
    Community: "community",
    Deal: "deal",
}
SELECT_NODES: dict[type, tuple[str, Callable[[Sequence[Any]], Any]]] = {
    Person: (f"SELECT {PERSON_COLS} FROM person p WHERE p.id IN ({{marks}})", person),
    Company: (
        "SELECT id, name, domain, industry, employees FROM company WHERE id IN ({marks})",
        company,
    ),
    Community: ("SELECT id, name, kind, url FROM community WHERE id IN ({marks})", community),
    Deal: (DEAL_SELECT + " WHERE d.id IN ({marks})", deal),
}
