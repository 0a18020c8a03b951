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
from graph.validation.rules import (
    DATE_RANGE,
    MAX_EMPLOYEES,
    MAX_ID_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
)

from .enums import AdvocacyLevel, CommunityKind, DealStage, InteractionKind

# The bounds every write checks (graph.validation.rules), said once for every field.
_ID = f"non-empty, at most {MAX_ID_LENGTH} characters, no NUL"
_TEXT = f"at most {MAX_TEXT_LENGTH:,} characters"
_DATE = f"a date in {DATE_RANGE}"


def _new_id(kind: str) -> str:
    return f"The new {kind}'s id ({_ID}); CONFLICT if a {kind} already has it."


def _name(kind: str) -> str:
    return f"The {kind}'s name: not blank, {_TEXT}."


def _optional(what: str) -> str:
    return f"{what} ({_TEXT}); null or omitted: none."


def _existing(kind: str, role: str) -> str:
    return f"The {role}: a {kind}'s id; NOT_FOUND if there is none."


_NAME_PATCH = f"A new name: not blank, {_TEXT}; null is BAD_INPUT."
_DO_NOT_CONTACT = (
    "Never to be contacted: only admins see their e-mail and profile links, and no path "
    "passes through them or ends at them."
)
_TAGS = f"Free labels: at most {MAX_TAGS}, each at most {MAX_TAG_LENGTH} characters."
_EMPLOYEES = f"Head count, 0..{MAX_EMPLOYEES}"
_AMOUNT = "The deal's value: a number >= 0 (any currency, the same for every deal)"
_CLOSED_AT = (
    f"When it closed, or is expected to ({_DATE}, not before createdAt); the forecast uses it "
    "as the expected close of an open deal."
)


# -- nodes ---------------------------------------------------------------------------------
@strawberry.input(description="A new person.")
class PersonInput:
    id: ID = strawberry.field(description=_new_id("person"))
    name: str = strawberry.field(description=_name("person"))
    title: str | None = strawberry.field(default=None, description=_optional("Job title"))
    email: str | None = strawberry.field(default=None, description=_optional("E-mail address"))
    location: str | None = strawberry.field(default=None, description=_optional("Where they are"))
    linkedin: str | None = strawberry.field(
        default=None, description=_optional("LinkedIn handle or profile URL")
    )
    twitter: str | None = strawberry.field(default=None, description=_optional("Twitter handle"))
    do_not_contact: bool = strawberry.field(
        default=False, description=f"{_DO_NOT_CONTACT} Default false."
    )
    tags: list[str] = strawberry.field(default_factory=list, description=f"{_TAGS} Default none.")

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
    name: str | None = strawberry.field(default=UNSET, description=_NAME_PATCH)
    title: str | None = strawberry.field(default=UNSET, description=f"Job title ({_TEXT}).")
    email: str | None = strawberry.field(default=UNSET, description=f"E-mail address ({_TEXT}).")
    location: str | None = strawberry.field(default=UNSET, description=f"Where they are ({_TEXT}).")
    linkedin: str | None = strawberry.field(
        default=UNSET, description=f"LinkedIn handle or profile URL ({_TEXT})."
    )
    twitter: str | None = strawberry.field(default=UNSET, description=f"Twitter handle ({_TEXT}).")
    do_not_contact: bool | None = strawberry.field(
        default=UNSET, description=f"{_DO_NOT_CONTACT} Null is BAD_INPUT."
    )
    tags: list[str] | None = strawberry.field(
        default=UNSET, description=f"The whole new list of tags. {_TAGS} Null is BAD_INPUT."
    )

    def changes(self) -> dict[str, Any]:
        out = _given(self, required=("name", "do_not_contact", "tags"))
        if "tags" in out:
            out["tags"] = tuple(out["tags"])
        return out


@strawberry.input(description="A new company.")
class CompanyInput:
    id: ID = strawberry.field(description=_new_id("company"))
    name: str = strawberry.field(description=_name("company"))
    domain: str | None = strawberry.field(
        default=None, description=_optional("Web domain, e.g. acme.com")
    )
    industry: str | None = strawberry.field(default=None, description=_optional("Industry"))
    employees: int | None = strawberry.field(
        default=None, description=f"{_EMPLOYEES}; null: unknown."
    )

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
    name: str | None = strawberry.field(default=UNSET, description=_NAME_PATCH)
    domain: str | None = strawberry.field(default=UNSET, description=f"Web domain ({_TEXT}).")
    industry: str | None = strawberry.field(default=UNSET, description=f"Industry ({_TEXT}).")
    employees: int | None = strawberry.field(default=UNSET, description=f"{_EMPLOYEES}.")

    def changes(self) -> dict[str, Any]:
        return _given(self, required=("name",))


@strawberry.input(description="A new community.")
class CommunityInput:
    id: ID = strawberry.field(description=_new_id("community"))
    name: str = strawberry.field(description=_name("community"))
    kind: CommunityKind = strawberry.field(
        default=m.CommunityKind.OTHER, description="What sort of community (default OTHER)."
    )
    url: str | None = strawberry.field(default=None, description=_optional("Its web address"))

    def to_model(self) -> m.Community:
        return m.Community(id=str(self.id), name=self.name, kind=self.kind, url=self.url)


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class CommunityPatch:
    name: str | None = strawberry.field(default=UNSET, description=_NAME_PATCH)
    kind: CommunityKind | None = strawberry.field(
        default=UNSET, description="What sort of community; null is BAD_INPUT."
    )
    url: str | None = strawberry.field(default=UNSET, description=f"Its web address ({_TEXT}).")

    def changes(self) -> dict[str, Any]:
        return _given(self, required=("name", "kind"))


@strawberry.input(description="A new deal.")
class DealInput:
    id: ID = strawberry.field(description=_new_id("deal"))
    name: str = strawberry.field(description=_name("deal"))
    company_id: ID = strawberry.field(description=_existing("company", "account"))
    owner_id: ID | None = strawberry.field(
        default=None,
        description="The rep who owns it: a person's id (NOT_FOUND if none); their team "
        "sees the deal. Null: no owner (only admins and analysts see it).",
    )
    stage: DealStage = strawberry.field(
        default=m.DealStage.PROSPECTING, description="Pipeline stage (default PROSPECTING)."
    )
    amount: float | None = strawberry.field(default=None, description=f"{_AMOUNT}; null: unknown.")
    created_at: date | None = strawberry.field(
        default=None, description=f"When it was opened ({_DATE}); null: unknown."
    )
    closed_at: date | None = strawberry.field(default=None, description=_CLOSED_AT)

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
    name: str | None = strawberry.field(default=UNSET, description=_NAME_PATCH)
    company_id: ID | None = strawberry.field(
        default=UNSET,
        description="Move it to another company (its id; NOT_FOUND if none); null is BAD_INPUT.",
    )
    owner_id: ID | None = strawberry.field(
        default=UNSET, description="A new owner (a person's id; NOT_FOUND if none); null: no owner."
    )
    stage: DealStage | None = strawberry.field(
        default=UNSET,
        description="A new stage (recorded in stageHistory); null is BAD_INPUT.",
    )
    amount: float | None = strawberry.field(default=UNSET, description=f"{_AMOUNT}.")
    created_at: date | None = strawberry.field(
        default=UNSET, description=f"When it was opened ({_DATE})."
    )
    closed_at: date | None = strawberry.field(default=UNSET, description=_CLOSED_AT)

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
@strawberry.input(description="One interaction between two different people.")
class InteractionInput:
    kind: InteractionKind = strawberry.field(description="The channel.")
    actor_id: ID = strawberry.field(description=_existing("person", "person who acted"))
    recipient_id: ID = strawberry.field(
        description="The person acted towards: a person's id, not the actor's; NOT_FOUND if "
        "there is none."
    )
    id: ID | None = strawberry.field(
        default=None,
        description=f"Omit to have a random id generated ({_ID}); CONFLICT if an "
        "interaction already has it.",
    )
    at: datetime | None = strawberry.field(
        default=None,
        description=f"Defaults to now; a time without offset is UTC; within {DATE_RANGE} (UTC).",
    )
    community_id: ID | None = strawberry.field(
        default=None,
        description="The community it happened in, if any: a community's id; NOT_FOUND if "
        "there is none.",
    )

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


@strawberry.input(
    description="A person's job at a company (one per pair: setting it again replaces it)."
)
class EmploymentInput:
    person_id: ID = strawberry.field(description=_existing("person", "employee"))
    company_id: ID = strawberry.field(description=_existing("company", "employer"))
    title: str | None = strawberry.field(default=None, description=_optional("Job title"))
    start: date | None = strawberry.field(
        default=None, description=f"When it started ({_DATE}); null: unknown."
    )
    end: date | None = strawberry.field(
        default=None,
        description=f"When it ended ({_DATE}, not before start). Omit while current.",
    )

    def to_model(self) -> m.Employment:
        return m.Employment(
            person_id=str(self.person_id),
            company_id=str(self.company_id),
            title=self.title,
            start=self.start,
            end=self.end,
        )


@strawberry.input(
    description="A person's membership of a community (one per pair: setting it again replaces it)."
)
class MembershipInput:
    person_id: ID = strawberry.field(description=_existing("person", "member"))
    community_id: ID = strawberry.field(description=_existing("community", "community"))
    role: str | None = strawberry.field(
        default=None, description=_optional("Their role in it, e.g. organiser")
    )
    since: date | None = strawberry.field(
        default=None, description=f"Member since ({_DATE}); null: unknown."
    )

    def to_model(self) -> m.Membership:
        return m.Membership(
            person_id=str(self.person_id),
            community_id=str(self.community_id),
            role=self.role,
            since=self.since,
        )


@strawberry.input(
    description="A person advocating for a company (one per pair: setting it again replaces it)."
)
class AdvocacyInput:
    person_id: ID = strawberry.field(description=_existing("person", "advocate"))
    company_id: ID = strawberry.field(description=_existing("company", "company they speak for"))
    level: AdvocacyLevel = strawberry.field(
        default=m.AdvocacyLevel.PROMOTER, description="How strongly (default PROMOTER)."
    )
    since: date | None = strawberry.field(
        default=None, description=f"Advocate since ({_DATE}); null: unknown."
    )

    def to_model(self) -> m.Advocacy:
        return m.Advocacy(
            person_id=str(self.person_id),
            company_id=str(self.company_id),
            level=self.level,
            since=self.since,
        )
