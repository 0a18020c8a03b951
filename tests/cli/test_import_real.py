"""The issue's "done when": a rep runs four commands on their own LinkedIn export, mailbox
and calendar and on the team's Salesforce export, and gets one merged graph whose
introduction paths explain each link by those connections, e-mails and meetings. Real-shaped
files, the real parsers, the real command, a real SQLite database; each import run twice
changes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.config import Settings
from graph.model import Company, Person
from graph.service import WarmgraphService
from graph.store.factory import open_store

CONNECTIONS = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Bob,Buyer,https://www.linkedin.com/in/bob-buyer,,Initech,CTO,05 Mar 2019\r\n"
    'Zoë,Ångström,https://www.linkedin.com/in/zoe-a,,"Globex, Inc.",VP Sales,17 Jan 2023\r\n'
)

MBOX = textwrap.dedent(
    """\
    From ana@seller.io Mon Oct  6 09:00:00 2025
    From: Ana Rep <ana@seller.io>
    To: Bob Buyer <BOB@initech.com>
    Date: Mon, 6 Oct 2025 09:00:00 +0200
    Message-ID: <m1@seller.io>
    Subject: Intro

    Hi Bob

    From bob@initech.com Mon Oct  6 10:00:00 2025
    From: "Buyer, Bob" <bob@initech.com>
    To: ana@seller.io
    Date: Mon, 6 Oct 2025 10:00:00 +0200
    Message-ID: <m2@initech.com>
    In-Reply-To: <m1@seller.io>
    Subject: Re: Intro

    Sure

    From news@vendor.example Mon Oct  6 11:00:00 2025
    From: Vendor News <news@vendor.example>
    To: ana@seller.io
    Date: Mon, 6 Oct 2025 11:00:00 +0000
    Message-ID: <n1@vendor.example>
    List-Unsubscribe: <mailto:leave@vendor.example>
    Subject: Our newsletter

    Buy
    """
)

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:meet-1@seller.io\r\nDTSTART:20251008T140000Z\r\n"
    "DTEND:20251008T150000Z\r\nSUMMARY:Initech\\, discovery\r\n"
    "ORGANIZER;CN=Ana Rep:mailto:ana@seller.io\r\n"
    "ATTENDEE;CN=Bob Buyer;PARTSTAT=ACCEPTED:mailto:bob@initech.com\r\n"
    "ATTENDEE;CN=Dan Dev;PARTSTAT=ACCEPTED:mailto:dan@initech.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)

ACCOUNT = (
    "Id,Name,Website,IsDeleted\n001000000000001AAA,Initech,https://www.initech.com/about,false\n"
)
CONTACT = (
    "Id,AccountId,FirstName,LastName,Email,Title,IsDeleted\n"
    "003000000000001AAA,001000000000001AAA,Bob,Buyer,bob@initech.com,CTO,false\n"
    "003000000000002AAA,001000000000001AAA,Erin,Exec,erin@initech.com,CFO,false\n"
)
USER = "Id,Name,Email\n005000000000001AAA,Ana Rep,ana@seller.io\n"
OPPORTUNITY = (
    "Id,AccountId,OwnerId,Name,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon\n"
    "006000000000001AAA,001000000000001AAA,005000000000001AAA,Initech platform,"
    "Negotiation/Review,120000,2026-01-31,2025-09-01T10:00:00.000Z,false,false\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    linkedin = tmp_path / "linkedin"
    linkedin.mkdir()
    (linkedin / "Connections.csv").write_bytes(b"\xef\xbb\xbf" + CONNECTIONS.encode())
    (tmp_path / "mail.mbox").write_text(MBOX)
    (tmp_path / "calendar.ics").write_bytes(ICS.encode())
    crm = tmp_path / "salesforce"
    crm.mkdir()
    for name, text in (
        ("Account.csv", ACCOUNT),
        ("Contact.csv", CONTACT),
        ("User.csv", USER),
        ("Opportunity.csv", OPPORTUNITY),
    ):
        (crm / name).write_text(text)
    return {
        "linkedin": linkedin,
        "mbox": tmp_path / "mail.mbox",
        "ics": tmp_path / "calendar.ics",
        "salesforce": crm,
    }


def snapshot(db: str) -> object:
    """Everything the imports wrote: people, companies, the rep's ties and interactions."""
    store = open_store(Settings(db_path=db))
    try:
        return (
            sorted(store.person_identities(), key=lambda p: p.id),
            sorted(store.company_identities(), key=lambda c: c.id),
            store.connections("rep-ana", 1000),
            store.interactions("rep-ana", 1000),
            store.deals(owner_id="rep-ana"),
        )
    finally:
        store.close()


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_four_commands_give_one_merged_graph_with_explained_paths(tmp_path, files):
    db = str(tmp_path / "team.db")
    store = open_store(Settings(db_path=db))
    WarmgraphService(store).create(Person("rep-ana", "Ana Rep", email="ana@seller.io"))
    store.close()
    owned = ["--owner", "rep-ana", "--db", db, "--now", "2026-11-01"]
    rounds = []
    for _ in range(2):  # the second round must change nothing
        # the CRM first: it gives companies their domains, which is what lets a LinkedIn row
        # without an e-mail match its person by name and company (README, Bring your own data)
        run("import", "salesforce", str(files["salesforce"]), "--db", db, "--now", "2026-11-01")
        run("import", "linkedin", str(files["linkedin"]), *owned)
        run("import", "mbox", str(files["mbox"]), *owned)
        run("import", "ics", str(files["ics"]), *owned)
        rounds.append(snapshot(db))
    assert rounds[0] == rounds[1]

    store = open_store(Settings(db_path=db, now=None))
    try:
        service = WarmgraphService(store)
        bobs = [p for p in service.search_people("Bob", first=10).nodes if p.name.startswith("Bob")]
        assert len(bobs) == 1, bobs  # LinkedIn (profile), mail, calendar and CRM: one Bob
        bob = bobs[0]
        assert bob.email == "bob@initech.com"
        assert bob.linkedin is not None and "bob-buyer" in bob.linkedin
        initech = [c for c in store.company_identities() if c.name == "Initech"]
        assert len(initech) == 1  # LinkedIn's "Initech" is Salesforce's initech.com
        assert service.get(Company, initech[0].id).domain == "initech.com"
        anas = [p for p in service.search_people("Ana", first=10).nodes if p.name == "Ana Rep"]
        assert [p.id for p in anas] == ["rep-ana"]  # the Salesforce user is the rep
        deals = service.deals(company_id=initech[0].id)
        assert [(d.name, d.owner_id) for d in deals] == [("Initech platform", "rep-ana")]

        [path] = service.introduction_paths("rep-ana", to_id=bob.id, max_hops=1)
        evidence = path.links[0].evidence
        assert evidence.connected and evidence.origin is not None  # the LinkedIn connection
        assert evidence.origin.value == "linkedin"
        assert {k.value: n for k, n in evidence.counts.items()} == {"email": 2, "meeting": 1}
        assert evidence.a_to_b + evidence.b_to_a == 3
        assert service.search_people("vendor", first=10).nodes == []  # list mail: no person
    finally:
        store.close()
