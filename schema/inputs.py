"""GraphQL input types and their conversion to ``graph.model`` records.

``*Input`` types create (every required field required); ``*Patch`` types update, and only
the fields a client actually sends change: an absent field is ``UNSET``, an explicit
``null`` clears a nullable field and is refused (BAD_INPUT) for one that cannot be empty.
"""

from __future__ import annotations

import uuid
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from typing import Any

import strawberry
from strawberry import ID, UNSET

from graph import model as m
from graph.errors import BadInput

from .enums import AdvocacyLevel, CommunityKind, DealStage, InteractionKind


# -- nodes ---------------------------------------------------------------------------------
@strawberry.input
class PersonInput:
    id: ID
    name: str
    title: str | None = None
    email: str | None = None
    location: str | None = None
    linkedin: str | None = None
    twitter: str | None = None
    do_not_contact: bool = False
    tags: list[str] = strawberry.field(default_factory=list)

    def to_model(self) -> m.Person:
        return m.Person(
            id=str(self.id),
            name=self.name,
            title=self.title,
            email=self.email,
            location=self.location,
            linkedin=self.linkedin,
            twitter=self.twitter,
            do_not_contact=self.do_not_contact,
            tags=tuple(self.tags),
        )


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class PersonPatch:
    name: str | None = UNSET
    title: str | None = UNSET
    email: str | None = UNSET
    location: str | None = UNSET
    linkedin: str | None = UNSET
    twitter: str | None = UNSET
    do_not_contact: bool | None = UNSET
    tags: list[str] | None = UNSET

    def changes(self) -> dict[str, Any]:
        out = _given(self, required=("name", "do_not_contact", "tags"))
        if "tags" in out:
            out["tags"] = tuple(out["tags"])
        return out


@strawberry.input
class CompanyInput:
    id: ID
    name: str
    domain: str | None = None
    industry: str | None = None
    employees: int | None = None

    def to_model(self) -> m.Company:
        return m.Company(
            id=str(self.id),
            name=self.name,
            domain=self.domain,
            industry=self.industry,
            employees=self.employees,
        )


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class CompanyPatch:
    name: str | None = UNSET
    domain: str | None = UNSET
    industry: str | None = UNSET
    employees: int | None = UNSET

    def changes(self) -> dict[str, Any]:
        return _given(self, required=("name",))


@strawberry.input
class CommunityInput:
    id: ID
    name: str
    kind: CommunityKind = m.CommunityKind.OTHER
    url: str | None = None

    def to_model(self) -> m.Community:
        return m.Community(id=str(self.id), name=self.name, kind=self.kind, url=self.url)


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class CommunityPatch:
    name: str | None = UNSET
    kind: CommunityKind | None = UNSET
    url: str | None = UNSET

    def changes(self) -> dict[str, Any]:
        return _given(self, required=("name", "kind"))


@strawberry.input
class DealInput:
    id: ID
    name: str
    company_id: ID
    owner_id: ID | None = None
    stage: DealStage = m.DealStage.PROSPECTING
    amount: float | None = None
    created_at: date | None = None
    closed_at: date | None = None

    def to_model(self) -> m.Deal:
        return m.Deal(
            id=str(self.id),
            name=self.name,
            company_id=str(self.company_id),
            owner_id=None if self.owner_id is None else str(self.owner_id),
            stage=self.stage,
            amount=self.amount,
            created_at=self.created_at,
            closed_at=self.closed_at,
        )


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class DealPatch:
    name: str | None = UNSET
    company_id: ID | None = UNSET
    owner_id: ID | None = UNSET
    stage: DealStage | None = UNSET
    amount: float | None = UNSET
    created_at: date | None = UNSET
    closed_at: date | None = UNSET

    def changes(self) -> dict[str, Any]:
        out = _given(self, required=("name", "company_id", "stage"))
        for key in ("company_id", "owner_id"):
            if out.get(key) is not None:
                out[key] = str(out[key])
        return out


def _given(patch: object, required: tuple[str, ...]) -> dict[str, Any]:
    """The fields a patch sets; BadInput for an explicit null where null is not allowed."""
    out: dict[str, Any] = {}
    for f in dataclass_fields(patch):  # type: ignore[arg-type]
        value = getattr(patch, f.name)
        if value is UNSET:
            continue
        if value is None and f.name in required:
            raise BadInput(f"{_camel(f.name)} cannot be null")
        out[f.name] = value
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# -- relationships -------------------------------------------------------------------------
@strawberry.input
class InteractionInput:
    kind: InteractionKind
    actor_id: ID
    recipient_id: ID
    id: ID | None = strawberry.field(
        default=None, description="Omit to have a random id generated."
    )
    at: datetime | None = strawberry.field(
        default=None, description="Defaults to now; a time without offset is UTC."
    )
    community_id: ID | None = None

    def to_model(self) -> m.Interaction:
        if self.id is not None and not str(self.id).strip():
            raise BadInput("id must not be empty (omit it to have one generated)")
        return m.Interaction(
            id=uuid.uuid4().hex if self.id is None else str(self.id),
            kind=self.kind,
            at=datetime.now(UTC) if self.at is None else self.at,
            actor_id=str(self.actor_id),
            recipient_id=str(self.recipient_id),
            community_id=None if self.community_id is None else str(self.community_id),
        )


@strawberry.input
class EmploymentInput:
    person_id: ID
    company_id: ID
    title: str | None = None
    start: date | None = None
    end: date | None = strawberry.field(default=None, description="Omit while current.")

    def to_model(self) -> m.Employment:
        return m.Employment(
            person_id=str(self.person_id),
            company_id=str(self.company_id),
            title=self.title,
            start=self.start,
            end=self.end,
        )


@strawberry.input
class MembershipInput:
    person_id: ID
    community_id: ID
    role: str | None = None
    since: date | None = None

    def to_model(self) -> m.Membership:
        return m.Membership(
            person_id=str(self.person_id),
            community_id=str(self.community_id),
            role=self.role,
            since=self.since,
        )


@strawberry.input
class AdvocacyInput:
    person_id: ID
    company_id: ID
    level: AdvocacyLevel = m.AdvocacyLevel.PROMOTER
    since: date | None = None

    def to_model(self) -> m.Advocacy:
        return m.Advocacy(
            person_id=str(self.person_id),
            company_id=str(self.company_id),
            level=self.level,
            since=self.since,
        )
