"""Write a Salesforce data export (``Account.csv``, ``Contact.csv``, ``User.csv``,
``Opportunity.csv``) of N contacts as Setup -> Data Export writes it, and know what parsing
it must give.

One account per ten contacts, one opportunity per ten contacts, ten users (the first has the
``owner``'s e-mail, so deals find the rep). UTF-8 with a byte-order mark, CRLF, columns the
parser does not read, quoted cells with commas and line breaks, 18-character Ids (contacts
name their account by its 15-character form, as reports write it), deleted rows
(``IsDeleted``), contacts without an account or an e-mail, opportunities in standard stages,
closed ones whatever their ``StageName``, and an org-specific "Discovery" stage.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from loaders.sources.salesforce import salesforce_id

from .counts import GeneratedCounts
from .linkedin import SUFFIXES, TITLES
from .names import full_name

ACCOUNT = ["Id", "IsDeleted", "Name", "Type", "Website", "Description", "BillingCity"]
CONTACT = ["Id", "IsDeleted", "AccountId", "Salutation", "FirstName", "LastName", "Email", "Title"]
USER = ["Id", "Username", "Name", "FirstName", "LastName", "Email", "IsActive", "Title"]
OPPORTUNITY = [
    *("Id", "IsDeleted", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed"),
    *("IsWon", "OwnerId", "CreatedDate"),
]
STAGES = [  # (StageName, IsClosed, IsWon)
    ("Prospecting", False, False),
    ("Qualification", False, False),
    ("Needs Analysis", False, False),
    ("Proposal/Price Quote", False, False),
    ("Negotiation/Review", False, False),
    ("Discovery", False, False),  # the org's own: mapped to prospecting and noted
    ("Closed Won", True, True),
    ("Signed!", True, True),  # renamed by the org: the flags decide
    ("Closed Lost", True, False),
]
USERS = 10
FIRST_DAY = date(2022, 1, 1)


def sf_id(prefix: str, index: int) -> str:
    """An 18-character Salesforce Id of the object ``prefix`` (001 account, 003 contact...)."""
    return salesforce_id(f"{prefix}5g{index:010d}", "Id")


def write_salesforce(directory: Path, n: int, *, owner: str, seed: int = 0) -> GeneratedCounts:
    """Write an export of ``n`` contacts into ``directory`` (created); the expected counts."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    accounts, deals = max(1, n // 10), max(1, n // 10)
    counts = GeneratedCounts(rows=accounts + n + USERS + deals)
    live: list[int] = []  # accounts not deleted (deleting one deletes its contacts and deals)
    with _table(directory / "Account.csv", ACCOUNT) as write:
        for index in range(accounts):
            deleted = _deleted(rng, counts)
            if deleted == "false":
                live.append(index)
            name = f"Account {index}{rng.choice(SUFFIXES)}"
            site = rng.choice([f"https://www.account{index}.example/about", f"account{index}.io"])
            about = "Key account.\r\nRenewal due, see notes" if rng.random() < 0.1 else ""
            write([sf_id("001", index), deleted, name, "Customer", site, about, "Springfield"])
    with _table(directory / "Contact.csv", CONTACT) as write:
        for index in range(n):
            deleted = _deleted(rng, counts)
            account = sf_id("001", rng.choice(live))[:15] if rng.random() < 0.95 else ""
            first, last = full_name(rng)
            email = f"{first}.{last}.{index}@account.example".lower() if rng.random() < 0.9 else ""
            title = rng.choice(TITLES)
            write([sf_id("003", index), deleted, account, "", first, last, email, title])
    with _table(directory / "User.csv", USER) as write:
        for index in range(USERS):
            email = owner if index == 0 else f"rep{index}@seller.example"
            first, last = full_name(rng)
            name = f"{first} {last}"
            write([sf_id("005", index), email, name, first, last, email, "true", "AE"])
    with _table(directory / "Opportunity.csv", OPPORTUNITY) as write:
        for index in range(deals):
            deleted = _deleted(rng, counts)
            stage, closed, won = rng.choice(STAGES)
            created = FIRST_DAY + timedelta(days=rng.randrange(900))
            close = created + timedelta(days=rng.randrange(30, 200))
            write(
                [
                    sf_id("006", index),
                    deleted,
                    sf_id("001", rng.choice(live)),
                    f"Deal {index}, {stage}",
                    stage,
                    f"{rng.randrange(1, 500) * 1000}.00" if rng.random() < 0.8 else "",
                    close.isoformat(),
                    str(closed).lower(),
                    str(won).lower(),
                    sf_id("005", rng.randrange(USERS)),
                    f"{created.isoformat()}T09:30:00.000Z",
                ]
            )
    return counts


def _deleted(rng: random.Random, counts: GeneratedCounts) -> str:
    if rng.random() < 0.01:
        counts.skipped["deleted"] += 1
        return "true"
    return "false"


@contextmanager
def _table(path: Path, header: list[str]) -> Iterator[Callable[[list[str]], object]]:
    """A CSV file as the export writes it (BOM, CRLF, quoted when needed); its row writer."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        yield writer.writerow
