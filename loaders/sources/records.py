"""What every source parser produces: plain records keyed by the source's own ids.

A parser reads one file or export and knows nothing of the store: it names people and
companies by *keys* of its own (a Salesforce Id, a LinkedIn profile URL, an e-mail address),
and the rep whose export it is by :data:`OWNER`. Resolution (``loaders.resolve``) later maps
each key to an existing warmgraph person or company (by external id, e-mail, profile URL,
then name and company) or creates one, and validation (``graph.validation``) checks every
value before a store sees it. Parsers only read, filter and report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from graph.errors import WarmgraphError
from graph.model import ConnectionOrigin, DealStage, InteractionKind

#: The key that stands for the rep whose export is imported (``--owner PERSON_ID``).
OWNER = "@owner"


class SourceError(WarmgraphError):
    """A file that is not what the importer reads (wrong format, missing header): one line
    naming the file and what was expected."""

    code = "BAD_INPUT"


@dataclass(frozen=True, slots=True)
class SourcePerson:
    key: str  # the source's own id for this person (unique within the batch)
    name: str
    email: str | None = None
    linkedin: str | None = None  # profile URL as given
    title: str | None = None
    company: str | None = None  # a SourceCompany key: where they work now
    line: str | None = None  # "file:line" it came from, for reports


@dataclass(frozen=True, slots=True)
class SourceCompany:
    key: str
    name: str
    domain: str | None = None
    line: str | None = None


@dataclass(frozen=True, slots=True)
class SourceConnection:
    a: str  # person keys (OWNER allowed)
    b: str
    since: date | None = None
    origin: ConnectionOrigin = ConnectionOrigin.MANUAL


@dataclass(frozen=True, slots=True)
class SourceInteraction:
    key: str  # stable across re-imports (e.g. Message-ID and recipient), so twice is once
    kind: InteractionKind
    at: datetime  # aware, UTC
    actor: str  # person keys (OWNER allowed)
    recipient: str


@dataclass(frozen=True, slots=True)
class SourceDeal:
    key: str
    name: str
    company: str  # a SourceCompany key
    owner: str | None = None  # a person key
    stage: DealStage = DealStage.PROSPECTING
    amount: float | None = None
    created_at: date | None = None
    closed_at: date | None = None
    line: str | None = None


@dataclass(slots=True)
class Report:
    """What a parser saw: rows read, rows each filter dropped, rows rejected."""

    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # filter name -> rows
    rejected: list[str] = field(default_factory=list)  # "file:line: reason"
    notes: list[str] = field(default_factory=list)  # e.g. unknown stages and how mapped


@dataclass(slots=True)
class SourceBatch:
    source: str  # "linkedin", "mbox", "ics", "salesforce", "hubspot"
    people: list[SourcePerson] = field(default_factory=list)
    companies: list[SourceCompany] = field(default_factory=list)
    connections: list[SourceConnection] = field(default_factory=list)
    interactions: list[SourceInteraction] = field(default_factory=list)
    deals: list[SourceDeal] = field(default_factory=list)
    report: Report = field(default_factory=Report)
