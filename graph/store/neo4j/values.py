"""Mapping between the model and Neo4j: records -> Cypher parameters, rows -> records.

Mapping only: the values were checked by ``graph.validation`` before they reach a store.
Reading is forgiving where an older build may have stored what today's checks reject: an
out-of-range time or date comes back clamped (``datetime.max``/``min`` in UTC,
``date.max``/``min``) instead of failing the read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    Person,
)
from ..values import SEARCH_SEP, date_text, instant, search_key, to_date

__all__ = ["SEARCH_SEP", "search_key"]


# -- model -> parameters ------------------------------------------------------------------


def enum_text(value: object) -> str | None:
    """An enum member (the model's enums are ``StrEnum``) as stored: its value."""
    return None if value is None else str(value)


def person_props(node: Person) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": node.name,
        "title": node.title,
        "email": node.email,
        "location": node.location,
        "linkedin": node.linkedin,
        "twitter": node.twitter,
        "doNotContact": bool(node.do_not_contact),
        "tags": list(node.tags),
        "search": search_key(node.id, node.name, node.email, node.title),
    }


def company_props(node: Company) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": node.name,
        "domain": node.domain,
        "industry": node.industry,
        "employees": node.employees,
    }


def community_props(node: Community) -> dict[str, Any]:
    return {"id": node.id, "name": node.name, "kind": enum_text(node.kind), "url": node.url}


def deal_props(node: Deal) -> dict[str, Any]:
    amount = None if node.amount is None else float(node.amount)
    return {
        "id": node.id,
        "name": node.name,
        "stage": enum_text(node.stage),
        "amount": None if amount is None or math.isnan(amount) else amount,
        "createdAt": date_text(node.created_at),
        "closedAt": date_text(node.closed_at),
    }


# -- rows -> model ------------------------------------------------------------------------


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
        at=instant(r["at"]),
        actor_id=r["actor"],
        recipient_id=r["recipient"],
        community_id=r["community"],
    )


def employment(r: Mapping[str, Any]) -> Employment:
    return Employment(r["person"], r["other"], r["title"], to_date(r["start"]), to_date(r["end"]))


def membership(r: Mapping[str, Any]) -> Membership:
    return Membership(r["person"], r["other"], r["role"], to_date(r["since"]))


def advocacy(r: Mapping[str, Any]) -> Advocacy:
    return Advocacy(r["person"], r["other"], AdvocacyLevel(r["level"]), to_date(r["since"]))


def connection(r: Mapping[str, Any]) -> Connection:
    return Connection(r["me"], r["other"], to_date(r["since"]), ConnectionOrigin(r["origin"]))
