"""Model <-> Neo4j property conversion and the argument checks every write makes first.

Checks raise ``BadInput`` exactly where the SQLite store does, so both stores reject the
same calls the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from ...errors import BadInput
from ...model import (
    Community,
    CommunityKind,
    Company,
    Deal,
    DealStage,
    Interaction,
    InteractionKind,
    Person,
)
from ..values import (
    SEARCH_SEP,
    check_id,
    date_text,
    enum,
    epoch_seconds,
    opt_text,
    search_key,
    text,
    to_date,
    utc,
)

E = TypeVar("E", bound=Enum)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

__all__ = [
    "SEARCH_SEP",
    "check_id",
    "date_text",
    "enum",
    "epoch_seconds",
    "opt_text",
    "search_key",
    "text",
    "to_date",
    "utc",
]


# -- nodes -> properties ------------------------------------------------------------------------


def person_props(node: Person) -> dict[str, Any]:
    tags = node.tags
    if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
        raise BadInput(f"tags must be a sequence of strings, got {tags!r}")
    name = text(node.name, "name")
    return {
        "id": node.id,
        "name": name,
        "title": opt_text(node.title, "title"),
        "email": opt_text(node.email, "email"),
        "location": opt_text(node.location, "location"),
        "linkedin": opt_text(node.linkedin, "linkedin"),
        "twitter": opt_text(node.twitter, "twitter"),
        "doNotContact": bool(node.do_not_contact),
        "tags": list(tags),
        "search": search_key(node.id, name, node.email, node.title),
    }


def company_props(node: Company) -> dict[str, Any]:
    employees = node.employees
    if employees is not None and (
        isinstance(employees, bool)
        or not isinstance(employees, int)
        or not INT64_MIN <= employees <= INT64_MAX
    ):
        raise BadInput(f"employees must be a 64-bit integer, got {employees!r}")
    return {
        "id": node.id,
        "name": text(node.name, "name"),
        "domain": opt_text(node.domain, "domain"),
        "industry": opt_text(node.industry, "industry"),
        "employees": employees,
    }


def community_props(node: Community) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": text(node.name, "name"),
        "kind": enum(CommunityKind, node.kind, "community kind").value,
        "url": opt_text(node.url, "url"),
    }


def deal_props(node: Deal) -> dict[str, Any]:
    amount = node.amount
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, (int, float)):
            raise BadInput(f"amount must be a number, got {amount!r}")
        amount = float(amount)
        if math.isnan(amount):
            amount = None
    return {
        "id": node.id,
        "name": text(node.name, "name"),
        "stage": enum(DealStage, node.stage, "deal stage").value,
        "amount": amount,
        "createdAt": date_text(node.created_at, "created_at"),
        "closedAt": date_text(node.closed_at, "closed_at"),
    }


# -- properties -> nodes ------------------------------------------------------------------------


def person(p: Mapping[str, Any]) -> Person:
    return Person(
        id=p["id"],
        name=p["name"],
        title=p.get("title"),
        email=p.get("email"),
        location=p.get("location"),
        linkedin=p.get("linkedin"),
        twitter=p.get("twitter"),
        do_not_contact=bool(p.get("doNotContact", False)),
        tags=tuple(p.get("tags") or ()),
    )


def company(p: Mapping[str, Any]) -> Company:
    return Company(
        id=p["id"],
        name=p["name"],
        domain=p.get("domain"),
        industry=p.get("industry"),
        employees=p.get("employees"),
    )


def community(p: Mapping[str, Any]) -> Community:
    return Community(id=p["id"], name=p["name"], kind=CommunityKind(p["kind"]), url=p.get("url"))


def deal(p: Mapping[str, Any], company_id: str, owner_id: str | None) -> Deal:
    return Deal(
        id=p["id"],
        name=p["name"],
        company_id=company_id,
        owner_id=owner_id,
        stage=DealStage(p["stage"]),
        amount=p.get("amount"),
        created_at=to_date(p.get("createdAt")),
        closed_at=to_date(p.get("closedAt")),
    )


def interaction(r: Mapping[str, Any]) -> Interaction:
    return Interaction(
        id=r["id"],
        kind=InteractionKind(r["kind"]),
        at=datetime.fromtimestamp(r["at"], UTC),
        actor_id=r["actor"],
        recipient_id=r["recipient"],
        community_id=r["community"],
    )
