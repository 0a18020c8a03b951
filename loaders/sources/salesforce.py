"""A Salesforce data export (Setup -> Data Export: one CSV per object) as a SourceBatch.

Reads ``Account.csv`` (companies), ``Contact.csv`` (people at their account),
``User.csv`` (the reps who own opportunities) and ``Opportunity.csv`` (deals); any may be
absent, but not all. Columns other than those below are ignored, and rows whose
``IsDeleted`` is true (the recycle bin, which the export includes on request) are skipped.

Every Id is kept in its 18-character form: a 15-character Id (as reports and older tools
write them) is extended with Salesforce's case checksum, so ``0015g00000AbCdE`` in one file
and ``0015g00000AbCdEAAV`` in another name the same account, and new warmgraph records take
that Id as their own.

Stages: a closed opportunity is won or lost by ``IsClosed``/``IsWon`` whatever its
``StageName`` says (orgs rename "Closed Won"); open ones by Salesforce's standard stage
names (:data:`OPEN_STAGES`); an open stage not among them becomes ``prospecting`` and is
named in ``report.notes`` with its count.
"""

from __future__ import annotations

import string
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

SOURCE = "salesforce"
FILES = ("Account.csv", "Contact.csv", "User.csv", "Opportunity.csv")

#: Salesforce's standard open opportunity stages -> warmgraph's.
OPEN_STAGES = {
    stage_key(label): stage
    for label, stage in (
        ("Prospecting", DealStage.PROSPECTING),
        ("Qualification", DealStage.QUALIFICATION),
        ("Needs Analysis", DealStage.QUALIFICATION),
        ("Value Proposition", DealStage.PROPOSAL),
        ("Id. Decision Makers", DealStage.PROPOSAL),
        ("Perception Analysis", DealStage.PROPOSAL),
        ("Proposal/Price Quote", DealStage.PROPOSAL),
        ("Negotiation/Review", DealStage.NEGOTIATION),
    )
}
#: Used for the outcome only when the export has no IsClosed column.
CLOSED_STAGES = {stage_key("Closed Won"): True, stage_key("Closed Lost"): False}

_CHECKSUM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
#: An Id's characters as checksum bits: 1 for a capital, 0 otherwise (one C-level pass
#: instead of a Python loop per character; an export holds hundreds of thousands of Ids).
_CAPITAL_BITS = str.maketrans(
    {char: "1" if char.isupper() else "0" for char in string.ascii_letters + string.digits}
)


def salesforce_id(text: str, what: str) -> str:
    """An Id in its 18-character form (a 15-character one gains its case checksum)."""
    if not text.isascii() or not text.isalnum() or len(text) not in (15, 18):
        raise RowError(f"{what} must be a 15- or 18-character Salesforce Id, got {text!r}")
    if len(text) == 18:
        return text
    bits = text.translate(_CAPITAL_BITS)
    # each 5 characters give one letter, the first character the lowest bit
    return text + "".join(
        _CHECKSUM_LETTERS[int(bits[start : start + 5][::-1], 2)] for start in (0, 5, 10)
    )


def optional_id(text: str, what: str) -> str | None:
    return salesforce_id(text, what) if text else None


def parse_salesforce(directory: Path) -> SourceBatch:
    """Read a Salesforce data export directory; see the module's description."""
    if not directory.is_dir():
        raise SourceError(f"{directory}: expected a Salesforce data export directory")
    present = [directory / name for name in FILES if (directory / name).is_file()]
    if not present:
        raise SourceError(
            f"{directory}: expected a Salesforce data export with any of {', '.join(FILES)}"
        )
    reader = _Reader(SourceBatch(source=SOURCE))
    readers: dict[str, Callable[[CrmFile], None]] = {
        "Account.csv": reader.accounts,
        "Contact.csv": reader.contacts,
        "User.csv": reader.users,
        "Opportunity.csv": reader.opportunities,
    }
    for path in present:  # accounts first: contacts and deals say whether theirs was seen
        with open_export(path) as export:
            readers[path.name](export)
    reader.finish()
    return reader.batch


class _Reader:
    """One export being read: the batch so far and what later files check against."""

    def __init__(self, batch: SourceBatch) -> None:
        self.batch = batch
        self.stages = StageMap(OPEN_STAGES)
        self.companies = Keys()
        self.people = Keys()  # contacts and users: their Id prefixes (003, 005) differ
        self.deals = Keys()
        self.unseen_accounts = 0  # references to accounts this export does not hold

    def rows(self, export: CrmFile, read: Callable[[list[str], str], None]) -> None:
        read_rows(export, self.batch.report, read, deleted=export.column("IsDeleted"))

    def account_ref(self, text: str) -> str | None:
        key = optional_id(text, "AccountId")
        if key is not None and self.companies.seen.get(key) is None:
            # Not in this export (or not yet read): resolution looks it up by its Id.
            self.unseen_accounts += 1
        return key

    def accounts(self, export: CrmFile) -> None:
        id_, name = export.require("Id"), export.require("Name")
        website = export.column("Website")

        def read(cells: list[str], where: str) -> None:
            key = salesforce_id(cell(cells, id_), "Id")
            if not cell(cells, name):
                raise RowError("account has no Name")
            self.companies.claim(key, where)
            self.batch.companies.append(
                SourceCompany(
                    key=key,
                    name=cell(cells, name),
                    domain=normalise_domain(cell(cells, website)),
                    line=where,
                )
            )

        self.rows(export, read)

    def contacts(self, export: CrmFile) -> None:
        id_ = export.require("Id")
        first, last = export.column("FirstName"), export.require("LastName", "Name")
        email, title = export.column("Email"), export.column("Title")
        account = export.column("AccountId")

        def read(cells: list[str], where: str) -> None:
            key = salesforce_id(cell(cells, id_), "Id")
            person = self.person(key, cell(cells, first), cell(cells, last), cell(cells, email))
            company = self.account_ref(cell(cells, account))
            self.people.claim(key, where)
            self.batch.people.append(
                SourcePerson(
                    key=key,
                    name=person[0],
                    email=person[1],
                    title=cell(cells, title) or None,
                    company=company,
                    line=where,
                )
            )

        self.rows(export, read)

    def users(self, export: CrmFile) -> None:
        id_ = export.require("Id")
        name, first = export.column("Name"), export.column("FirstName")
        last = export.column("LastName")
        if name is None and last is None:
            export.require("Name", "LastName")
        email, title = export.column("Email"), export.column("Title")

        def read(cells: list[str], where: str) -> None:
            key = salesforce_id(cell(cells, id_), "Id")
            given = cell(cells, name) or full_name(cell(cells, first), cell(cells, last))
            person = self.person(key, given, "", cell(cells, email))
            self.people.claim(key, where)
            self.batch.people.append(
                SourcePerson(
                    key=key,
                    name=person[0],
                    email=person[1],
                    title=cell(cells, title) or None,
                    line=where,
                )
            )

        self.rows(export, read)

    @staticmethod
    def person(key: str, first: str, last: str, email: str) -> tuple[str, str | None]:
        """A person's name (their e-mail when the export has no name) and e-mail."""
        address = normalise_email(email) if email else None
        name = full_name(first, last) or address
        if not name:
            raise RowError(f"{key} has neither a name nor an e-mail address")
        return name, address

    def opportunities(self, export: CrmFile) -> None:
        id_, name = export.require("Id"), export.require("Name")
        account, owner = export.require("AccountId"), export.column("OwnerId")
        stage = export.require("StageName")
        closed, won = export.column("IsClosed"), export.column("IsWon")
        amount, created = export.column("Amount"), export.column("CreatedDate")
        close_date = export.column("CloseDate")

        def read(cells: list[str], where: str) -> None:
            key = salesforce_id(cell(cells, id_), "Id")
            label = cell(cells, stage)
            if closed is None:  # an export without the flags: the standard names decide
                is_closed = stage_key(label) in CLOSED_STAGES
                is_won = CLOSED_STAGES.get(stage_key(label), False)
            else:
                is_closed = parse_flag(cell(cells, closed), "IsClosed")
                is_won = parse_flag(cell(cells, won), "IsWon")
            value = parse_amount(cell(cells, amount), "Amount")
            created_at = parse_day(cell(cells, created), "CreatedDate")
            closed_at = parse_day(cell(cells, close_date), "CloseDate")
            company = self.account_ref(cell(cells, account))
            owner_key = optional_id(cell(cells, owner), "OwnerId")
            if not cell(cells, name):
                raise RowError("opportunity has no Name")
            if company is None:
                self.batch.report.skipped["no account"] += 1
                return
            self.deals.claim(key, where)
            self.batch.deals.append(
                SourceDeal(
                    key=key,
                    name=cell(cells, name),
                    company=company,
                    owner=owner_key,
                    stage=self.stages.stage(label, closed=is_closed, won=is_won),
                    amount=value,
                    created_at=created_at,
                    closed_at=closed_at if is_closed else None,
                    line=where,
                )
            )

        self.rows(export, read)

    def finish(self) -> None:
        notes = self.batch.report.notes
        notes.extend(self.stages.notes("Salesforce"))
        if self.unseen_accounts:
            notes.append(
                f"{self.unseen_accounts} contacts and opportunities name an AccountId not in "
                "this export: resolution looks them up by their Salesforce Id"
            )
