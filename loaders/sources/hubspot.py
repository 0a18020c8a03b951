"""HubSpot's CSV exports of contacts, companies and deals (CRM -> Export) as a SourceBatch.

Files: every ``.csv`` in the directory is identified by its header, whatever HubSpot named
it (``all-contacts.csv``, ``hubspot-crm-exports-all-deals-2024-05-06.csv``, ...):

* deals have a "Deal Name" (or the older "Deal ID") column;
* contacts have "First Name", "Last Name", "Email" (or the older "Contact ID");
* companies have "Company Domain Name", "Company name" (or the older "Company ID").

A file whose name says ``contacts``, ``companies`` or ``deals`` but whose header is none of
these is a SourceError; other unidentified files are ignored and named in the notes.

Columns read (names compared without case; every other column is ignored):

* contacts: "Record ID" (or "Contact ID"), "First Name", "Last Name", "Email", "Job Title",
  the company by id from "Primary Associated Company ID", "Associated Company IDs
  (Primary)", "Associated Company ID" or the first of "Associated Company IDs" (ids are
  ``;``-separated), else by name from "Associated Company" or "Company Name";
* companies: "Record ID" (or "Company ID"), "Company name" (or "Name"), the domain from
  "Company Domain Name", else "Website URL";
* deals: "Record ID" (or "Deal ID"), "Deal Name", "Deal Stage", "Amount", "Create Date",
  "Close Date", "Deal owner", the company as for contacts; "Is Deal Closed?" and "Is Closed
  Won" when exported.

A company known only by name gets the key ``name:<name in lower case>`` (or the key of the
exported company of that name), for resolution to match by name. The deal owner is a name
(HubSpot exports owners, who are users, by name): each becomes a person keyed
``owner:<name in lower case>``, with the e-mail address when the cell holds one.

Stages: HubSpot's default pipeline (internal names or labels, with or without a
"(Pipeline)" suffix) by :data:`OPEN_STAGES`; closed deals by "Is Deal Closed?"/"Is Closed
Won" when exported, else by the closedwon/closedlost stages; any other open stage becomes
``prospecting`` and is named in ``report.notes`` with its count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graph.access import normalise_email
from graph.model import DealStage

from .crm import (
    CrmFile,
    Keys,
    RowError,
    StageMap,
    cell,
    full_name,
    normalise_domain,
    open_export,
    parse_amount,
    parse_day,
    parse_flag,
    read_rows,
    stage_key,
)
from .records import SourceBatch, SourceCompany, SourceDeal, SourceError, SourcePerson

SOURCE = "hubspot"
KINDS = ("companies", "contacts", "deals")  # read in this order: companies are referred to

#: HubSpot's default sales pipeline, open stages -> warmgraph's. Decision-maker bought-in
#: and contract sent both come after the proposal, while terms are being agreed.
OPEN_STAGES = {
    stage_key(label): stage
    for label, stage in (
        ("appointmentscheduled", DealStage.PROSPECTING),
        ("qualifiedtobuy", DealStage.QUALIFICATION),
        ("presentationscheduled", DealStage.PROPOSAL),
        ("decisionmakerboughtin", DealStage.NEGOTIATION),
        ("contractsent", DealStage.NEGOTIATION),
    )
}
#: The outcome when the export has no "Is Deal Closed?" column.
CLOSED_STAGES = {"closedwon": True, "closedlost": False}

#: What SourceError messages say each export's header holds.
EXPECTED = {
    "companies": "a header with Record ID, Company name, Company Domain Name",
    "contacts": "a header with Record ID, First Name, Last Name, Email",
    "deals": "a header with Record ID, Deal Name, Deal Stage",
}

COMPANY_BY_ID = (
    "Primary Associated Company ID",
    "Associated Company IDs (Primary)",
    "Associated Company ID",
    "Associated Company IDs",
)
COMPANY_BY_NAME = ("Associated Company", "Associated Company Name", "Company Name")

_PIPELINE_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_EMAIL_IN = re.compile(r"[^\s<>()]+@[^\s<>()]+")


def kind_of(export: CrmFile) -> str | None:
    """Which HubSpot export a header is, or None."""
    has = set(export.header).__contains__
    if has("deal name") or has("deal id"):
        return "deals"
    if has("contact id") or has("first name") or has("last name") or has("email"):
        return "contacts"
    if has("company id") or has("company domain name") or has("company name"):
        return "companies"
    return None


def parse_hubspot(directory: Path) -> SourceBatch:
    """Read a directory of HubSpot CSV exports; see the module's description."""
    if not directory.is_dir():
        raise SourceError(f"{directory}: expected a directory of HubSpot CSV exports")
    reader = _Reader(SourceBatch(source=SOURCE))
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for path in sorted(directory.glob("*.csv")):
        with open_export(path) as export:
            kind = kind_of(export)
        named = next((k for k in KINDS if k in path.name.lower()), None)
        if kind is None and named is not None:
            raise SourceError(f"{path}: expected a HubSpot {named} export ({EXPECTED[named]})")
        if kind is None:
            reader.batch.report.notes.append(f"{path.name}: not a HubSpot export; ignored")
            continue
        found[kind].append(path)
    if not any(found.values()):
        raise SourceError(
            f"{directory}: expected HubSpot CSV exports of contacts, companies or deals "
            "(e.g. all-contacts.csv, all-companies.csv, all-deals.csv)"
        )
    readers: dict[str, Callable[[CrmFile], None]] = {
        "companies": reader.companies,
        "contacts": reader.contacts,
        "deals": reader.deals,
    }
    for kind in KINDS:
        for path in found[kind]:
            with open_export(path) as export:
                readers[kind](export)
    reader.batch.report.notes.extend(reader.stages.notes("HubSpot"))
    return reader.batch


def record_id(text: str, what: str) -> str:
    """A HubSpot record id: digits (a spreadsheet's "1.23E+10" has lost the id)."""
    if not text.isascii() or not text.isdigit():
        raise RowError(f"{what} must be a HubSpot record id (digits), got {text!r}")
    return text


class _Reader:
    """The exports being read: the batch so far and the keys already used."""

    def __init__(self, batch: SourceBatch) -> None:
        self.batch = batch
        self.stages = StageMap(OPEN_STAGES)
        self.company_keys, self.person_keys, self.deal_keys = Keys(), Keys(), Keys()
        self.company_by_name: dict[str, str] = {}  # lower-case name -> key

    def rows(self, export: CrmFile, read: Callable[[list[str], str], None]) -> None:
        read_rows(export, self.batch.report, read)

    def company_ref(
        self, cells: list[str], by_id: int | None, by_name: int | None, where: str
    ) -> str | None:
        """The company a contact or deal is associated with: by id, else by name."""
        ids = cell(cells, by_id)
        if ids:
            return record_id(ids.split(";")[0].strip(), "associated company id")
        name = cell(cells, by_name)
        if not name:
            return None
        folded = " ".join(name.casefold().split())
        key = self.company_by_name.get(folded)
        if key is None:
            key = self.company_by_name[folded] = f"name:{folded}"
            self.batch.companies.append(SourceCompany(key=key, name=name, line=where))
        return key

    def companies(self, export: CrmFile) -> None:
        id_ = export.require("Record ID", "Company ID")
        name = export.require("Company name", "Name")
        domain, website = export.column("Company Domain Name"), export.column("Website URL")

        def read(cells: list[str], where: str) -> None:
            key = record_id(cell(cells, id_), "Record ID")
            title = cell(cells, name)
            if not title:
                raise RowError("company has no name")
            self.company_keys.claim(key, where)
            self.company_by_name.setdefault(" ".join(title.casefold().split()), key)
            found = normalise_domain(cell(cells, domain)) or normalise_domain(cell(cells, website))
            self.batch.companies.append(
                SourceCompany(key=key, name=title, domain=found, line=where)
            )

        self.rows(export, read)

    def contacts(self, export: CrmFile) -> None:
        id_ = export.require("Record ID", "Contact ID")
        first, last = export.column("First Name"), export.column("Last Name")
        email, title = export.column("Email"), export.column("Job Title")
        by_id, by_name = export.column(*COMPANY_BY_ID), export.column(*COMPANY_BY_NAME)

        def read(cells: list[str], where: str) -> None:
            key = record_id(cell(cells, id_), "Record ID")
            address = normalise_email(cell(cells, email)) or None
            name = full_name(cell(cells, first), cell(cells, last)) or address
            if not name:
                raise RowError(f"contact {key} has neither a name nor an e-mail address")
            self.person_keys.claim(key, where)
            company = self.company_ref(cells, by_id, by_name, where)
            self.batch.people.append(
                SourcePerson(
                    key=key,
                    name=name,
                    email=address,
                    title=cell(cells, title) or None,
                    company=company,
                    line=where,
                )
            )

        self.rows(export, read)

    def owner_ref(self, text: str, where: str) -> str | None:
        """The person a "Deal owner" cell names (a name, an address or "Name (address)")."""
        if not text:
            return None
        key = f"owner:{' '.join(text.casefold().split())}"
        if key not in self.person_keys.seen:
            self.person_keys.claim(key, where)
            found = _EMAIL_IN.search(text)
            address = normalise_email(found.group()) if found else None
            name = text[: found.start()].strip(" (<") if found else text
            self.batch.people.append(
                SourcePerson(key=key, name=name or text, email=address, line=where)
            )
        return key

    def deals(self, export: CrmFile) -> None:
        id_ = export.require("Record ID", "Deal ID")
        name, stage = export.require("Deal Name"), export.require("Deal Stage")
        amount, owner = export.column("Amount"), export.column("Deal owner")
        created, close_date = export.column("Create Date"), export.column("Close Date")
        closed, won = export.column("Is Deal Closed?"), export.column("Is Closed Won")
        by_id, by_name = export.column(*COMPANY_BY_ID), export.column(*COMPANY_BY_NAME)

        def read(cells: list[str], where: str) -> None:
            key = record_id(cell(cells, id_), "Record ID")
            label = _PIPELINE_SUFFIX.sub("", cell(cells, stage))
            if closed is None:
                is_closed = stage_key(label) in CLOSED_STAGES
                is_won = CLOSED_STAGES.get(stage_key(label), False)
            else:
                is_closed = parse_flag(cell(cells, closed), "Is Deal Closed?")
                is_won = parse_flag(cell(cells, won), "Is Closed Won")
            value = parse_amount(cell(cells, amount), "Amount")
            created_at = parse_day(cell(cells, created), "Create Date")
            closed_at = parse_day(cell(cells, close_date), "Close Date")
            if not cell(cells, name):
                raise RowError("deal has no Deal Name")
            self.deal_keys.claim(key, where)
            company = self.company_ref(cells, by_id, by_name, where)
            if company is None:
                self.batch.report.skipped["no company"] += 1
                return
            self.batch.deals.append(
                SourceDeal(
                    key=key,
                    name=cell(cells, name),
                    company=company,
                    owner=self.owner_ref(cell(cells, owner), where),
                    stage=self.stages.stage(label, closed=is_closed, won=is_won),
                    amount=value,
                    created_at=created_at,
                    closed_at=closed_at if is_closed else None,
                    line=where,
                )
            )

        self.rows(export, read)
