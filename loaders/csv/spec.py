"""The catalogue of bundle files and their columns: what each file may hold and how.

One catalogue (see the table in :mod:`loaders.csv`); everything else in the package reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.model import (
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealStage,
    InteractionKind,
)


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: how it is parsed and checked."""

    name: str
    form: str  # id | text | ref | enum | date | datetime | int | float | bool | tags
    required: bool = False
    ref: str | None = None  # node kind a ref column names
    enum: type[StrEnum] | None = None
    default: str | None = None  # what the store gives a new row when no value is given
    out: str | None = None  # name in the output frame, when it differs
    group: str | None = None  # ref columns sharing one category set


@dataclass(frozen=True, slots=True)
class FileSpec:
    frame: str
    columns: tuple[Column, ...]
    node: str | None = None  # node kind whose ids this file defines
    key: tuple[str, ...] = ()  # relationship key: duplicates merged, last row kept

    @property
    def filename(self) -> str:
        return f"{self.frame}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PERSON = "person"
COMPANY = "company"
COMMUNITY = "community"

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "people",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("email", "text"),
            Column("title", "text"),
            Column("company_id", "ref", ref=COMPANY),
            Column("location", "text"),
            Column("linkedin", "text"),
            Column("twitter", "text"),
            Column("do_not_contact", "bool"),
            Column("tags", "tags"),
        ),
        node=PERSON,
    ),
    FileSpec(
        "companies",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("domain", "text"),
            Column("industry", "text"),
            Column("employees", "int"),
        ),
        node=COMPANY,
    ),
    FileSpec(
        "communities",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("kind", "enum", enum=CommunityKind, default=CommunityKind.OTHER),
            Column("url", "text"),
        ),
        node=COMMUNITY,
    ),
    FileSpec(
        "connections",
        (
            Column("source_id", "ref", required=True, ref=PERSON, out="a", group="pair"),
            Column("target_id", "ref", required=True, ref=PERSON, out="b", group="pair"),
            Column("since", "date"),
            Column("origin", "enum", enum=ConnectionOrigin, default=ConnectionOrigin.MANUAL),
        ),
    ),
    FileSpec(
        "employment",
        (
            Column("person_id", "ref", required=True, ref=PERSON),
            Column("company_id", "ref", required=True, ref=COMPANY),
            Column("title", "text"),
            Column("start", "date"),
            Column("end", "date"),
        ),
        key=("person_id", "company_id"),
    ),
    FileSpec(
        "memberships",
        (
            Column("person_id", "ref", required=True, ref=PERSON),
            Column("community_id", "ref", required=True, ref=COMMUNITY),
            Column("role", "text"),
            Column("since", "date"),
        ),
        key=("person_id", "community_id"),
    ),
    FileSpec(
        "advocates",
        (
            Column("person_id", "ref", required=True, ref=PERSON),
            Column("company_id", "ref", required=True, ref=COMPANY),
            Column("level", "enum", enum=AdvocacyLevel, default=AdvocacyLevel.PROMOTER),
            Column("since", "date"),
        ),
        key=("person_id", "company_id"),
    ),
    FileSpec(
        "interactions",
        (
            Column("id", "id", required=True),
            Column("kind", "enum", required=True, enum=InteractionKind),
            Column("at", "datetime", required=True),
            Column("source_id", "ref", required=True, ref=PERSON, out="actor_id", group="pair"),
            Column("target_id", "ref", required=True, ref=PERSON, out="recipient_id", group="pair"),
            Column("community_id", "ref", ref=COMMUNITY),
        ),
    ),
    FileSpec(
        "deals",
        (
            Column("id", "id", required=True),
            Column("name", "text", required=True),
            Column("company_id", "ref", required=True, ref=COMPANY),
            Column("owner_id", "ref", ref=PERSON),
            Column("stage", "enum", enum=DealStage, default=DealStage.PROSPECTING),
            Column("amount", "float"),
            Column("created_at", "date"),
            Column("closed_at", "date"),
        ),
    ),
)

COLUMNS: dict[str, tuple[str, ...]] = {s.filename: tuple(c.name for c in s.columns) for s in FILES}
"""Every column each file may have, by file name."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    s.filename: tuple(c.name for c in s.columns if c.required) for s in FILES
}
"""The columns each file must have (and that may not be empty), by file name."""


def _describe() -> str:
    lines = []
    for spec in FILES:
        cols = []
        for c in spec.columns:
            text = c.name + ("*" if c.required else "")
            if c.enum is not None:
                text += " (" + "|".join(e.value for e in c.enum)
                text += f", default {c.default})" if c.default else ")"
            cols.append(text)
        lines.append(f"{spec.filename}: " + ", ".join(cols))
    return (
        "A bundle is a directory of CSV files with a header row; any file may be absent "
        "(* = required column).\n" + "\n".join(lines) + "\nDates: YYYY-MM-DD or ISO datetime; "
        "booleans: true/false/1/0/yes/no; tags: separated by ';'."
    )


FORMAT_HELP = _describe()
"""A plain-text description of the bundle format for CLI help and docs."""
