"""HubSpot's CSV exports (every cell quoted, a BOM on some, notes with line breaks, many
columns the parser does not read, companies associated by id or only by name) become
companies, people and deals; files are known by their header, not their name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.model import DealStage
from loaders.sources import SourceError
from loaders.sources.hubspot import parse_hubspot

COMPANIES = (
    '"Record ID","Company name","Company owner","Create Date","Phone Number",'
    '"Company Domain Name","Website URL","Industry"\r\n'
    '"5001","Acme, Inc.","Rita Rep","2023-01-02 10:00","+1 555","","https://www.Acme.com/about",'
    '"MACHINERY"\r\n'
    '"5002","Globex","","2023-01-02 10:00","","globex.io","https://www.globex-corp.com",""\r\n'
    '"5003","","","2023-01-02 10:00","","nameless.com","",""\r\n'
)
CONTACTS = (
    '"Record ID","First Name","Last Name","Email","Phone Number","Contact owner",'
    '"Associated Company IDs","Associated Company","Job Title","Notes","Create Date"\r\n'
    '"101","Ada","Lovelace","ADA@acme.com ","","Rita Rep","5001;5002","Acme, Inc.","CTO",'
    '"Met at the fair.\r\nWants a ""demo""","2023-02-01 09:00"\r\n'
    '"102","","","solo@example.org","","","","","","",""\r\n'
    '"103","Zoë","Ünal","","","","","acme, inc.","Buyer","",""\r\n'
    '"104","Max","Muster","max@initech.de","","","","Initech GmbH","","",""\r\n'
    '"105","","","","","","","","","",""\r\n'
    '"1.05E+02","Excel","Victim","","","","","","","",""\r\n'
)
DEALS = (
    '"Record ID","Deal Name","Deal Stage","Close Date","Deal owner","Amount","Create Date",'
    '"Pipeline","Is Deal Closed?","Is Closed Won","Associated Company IDs",'
    '"Associated Company"\r\n'
    '"9001","Acme rockets","Signed (Enterprise)","2024-03-31 00:00","Rita Rep","125000.5",'
    '"2024-01-15 23:30","Enterprise","true","true","5001",""\r\n'
    '"9002","Globex pilot","Closed Won","2024-02-01 00:00","Rita Rep","","2023-11-01 08:00",'
    '"Sales Pipeline","true","false","5002",""\r\n'
    '"9003","Upsell","Appointment Scheduled","2024-09-30 00:00","Sam Sales (Sam@Us.Example)",'
    '"5000","2024-02-01 10:00","Sales Pipeline","false","false","5001",""\r\n'
    '"9004","Renewal","qualifiedtobuy","","","","2024-02-01","Sales Pipeline","false",'
    '"false","5001",""\r\n'
    '"9005","Expansion","Presentation Scheduled (Sales Pipeline)","","","","","Sales Pipeline",'
    '"false","false","5001",""\r\n'
    '"9006","Bought in","Decision Maker Bought-In","","","","","Sales Pipeline","false","false",'
    '"5001",""\r\n'
    '"9007","Paperwork","Contract Sent","","","","","Sales Pipeline","false","false","5001",""\r\n'
    '"9008","Onboard","Onboarding","","","","","Sales Pipeline","false","false","5002",""\r\n'
    '"9009","By name","Closed Lost","","","","","Sales Pipeline","false","false","",'
    '"Initech GmbH"\r\n'
    '"9010","Orphan","Contract Sent","","","","","Sales Pipeline","false","false","",""\r\n'
    '"9011","Bad amount","Contract Sent","","","$1,000","","Sales Pipeline","false","false",'
    '"5001",""\r\n'
    '"9012","Bad date","Contract Sent","next week","","","","Sales Pipeline","false","false",'
    '"5001",""\r\n'
)


def write(directory: Path, name: str, text: str, *, bom: bool = False) -> None:
    (directory / name).write_bytes(("\ufeff" if bom else "").encode() + text.encode())


@pytest.fixture
def export(tmp_path: Path) -> Path:
    write(tmp_path, "hubspot-crm-exports-all-companies-2024-05-06.csv", COMPANIES)
    write(tmp_path, "all-contacts.csv", CONTACTS, bom=True)
    write(tmp_path, "my deals.csv", DEALS)  # named by the user: the header says deals
    write(tmp_path, "readme.csv", "Topic,Text\nexport,done\n")
    return tmp_path


def test_companies_with_domains_from_domain_or_website(export: Path) -> None:
    batch = parse_hubspot(export)
    assert batch.source == "hubspot"
    companies = {c.key: c for c in batch.companies}
    acme = companies["5001"]
    assert (acme.name, acme.domain) == ("Acme, Inc.", "acme.com")  # from Website URL
    assert acme.line == "hubspot-crm-exports-all-companies-2024-05-06.csv:2"
    assert companies["5002"].domain == "globex.io"  # the domain column wins
    # A company only named by a contact or a deal, keyed by its name for resolution
    initech = companies["name:initech gmbh"]
    assert (initech.name, initech.domain, initech.line) == (
        "Initech GmbH",
        None,
        "all-contacts.csv:6",
    )
    assert set(companies) == {"5001", "5002", "name:initech gmbh"}  # 5003 has no name


def test_contacts_become_people(export: Path) -> None:
    people = {p.key: p for p in parse_hubspot(export).people}
    ada = people["101"]
    assert (ada.name, ada.email, ada.title, ada.company, ada.line) == (
        "Ada Lovelace",
        "ada@acme.com",
        "CTO",
        "5001",  # the first associated company
        "all-contacts.csv:2",
    )
    solo = people["102"]
    assert (solo.name, solo.email, solo.company, solo.line) == (
        "solo@example.org",  # no name: the address stands in
        "solo@example.org",
        None,
        "all-contacts.csv:4",  # Ada's notes span two lines
    )
    zoe = people["103"]
    assert (zoe.name, zoe.email, zoe.title, zoe.company) == ("Zoë Ünal", None, "Buyer", "5001")
    assert people["104"].company == "name:initech gmbh"
    assert "105" not in people


def test_deal_owners_become_people_by_name(export: Path) -> None:
    people = {p.key: p for p in parse_hubspot(export).people}
    rita = people["owner:rita rep"]
    assert (rita.name, rita.email, rita.company) == ("Rita Rep", None, None)
    sam = people["owner:sam sales (sam@us.example)"]
    assert (sam.name, sam.email) == ("Sam Sales", "sam@us.example")
    assert len(people) == 4 + 2  # four contacts, two owners


def test_deals_with_stages_outcomes_and_dates(export: Path) -> None:
    deals = {d.key: d for d in parse_hubspot(export).deals}
    won = deals["9001"]
    assert won.name == "Acme rockets"
    assert won.company == "5001"
    assert won.owner == "owner:rita rep"
    assert won.stage is DealStage.CLOSED_WON  # closed and won, whatever the stage is called
    assert won.amount == 125000.5
    assert won.created_at == date(2024, 1, 15)
    assert won.closed_at == date(2024, 3, 31)
    assert won.line == "my deals.csv:2"
    lost = deals["9002"]
    assert (lost.stage, lost.amount, lost.closed_at) == (
        DealStage.CLOSED_LOST,  # Is Closed Won says no although the stage says Closed Won
        None,
        date(2024, 2, 1),
    )
    open_deals = {key: (d.stage, d.closed_at) for key, d in deals.items() if key > "9002"}
    assert open_deals == {
        "9003": (DealStage.PROSPECTING, None),  # a close date on an open deal is a plan
        "9004": (DealStage.QUALIFICATION, None),
        "9005": (DealStage.PROPOSAL, None),
        "9006": (DealStage.NEGOTIATION, None),
        "9007": (DealStage.NEGOTIATION, None),
        "9008": (DealStage.PROSPECTING, None),  # unknown: the earliest stage
        "9009": (DealStage.PROSPECTING, None),  # the flags say open, whatever the label
    }
    assert deals["9003"].owner == "owner:sam sales (sam@us.example)"
    assert (deals["9004"].owner, deals["9004"].created_at) == (None, date(2024, 2, 1))
    assert deals["9009"].company == "name:initech gmbh"  # the contact's company by name


def test_report_counts_skips_rejections_and_notes(export: Path) -> None:
    report = parse_hubspot(export).report
    assert report.rows_read == 3 + 6 + 12
    assert report.skipped == {"no company": 1}
    assert report.rejected == [
        "hubspot-crm-exports-all-companies-2024-05-06.csv:4: company has no name",
        "all-contacts.csv:7: contact 105 has neither a name nor an e-mail address",
        "all-contacts.csv:8: Record ID must be a HubSpot record id (digits), got '1.05E+02'",
        "my deals.csv:12: Amount must be a number, got '$1,000'",
        "my deals.csv:13: Close Date must be a date like 2024-03-31, got 'next week'",
    ]
    assert report.notes == [
        "readme.csv: not a HubSpot export; ignored",
        # the flags say open, so a "Closed Lost" label is not taken for the outcome
        "unknown HubSpot stage 'Closed Lost' on 1 open deal: mapped to prospecting",
        "unknown HubSpot stage 'Onboarding' on 1 open deal: mapped to prospecting",
    ]


def test_export_without_outcome_columns_reads_stage_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        "all-deals.csv",
        '"Record ID","Deal Name","Deal Stage","Associated Company ID","Close Date"\n'
        '"1","A","closedwon","7","2024-01-01"\n'
        '"2","B","Closed Lost (Sales Pipeline)","7","2024-01-02"\n'
        '"3","C","Won - signed","7","2024-01-03"\n',
    )
    batch = parse_hubspot(tmp_path)
    assert [(d.stage, d.closed_at) for d in batch.deals] == [
        (DealStage.CLOSED_WON, date(2024, 1, 1)),
        (DealStage.CLOSED_LOST, date(2024, 1, 2)),
        (DealStage.PROSPECTING, None),  # a custom label, without the flags: open
    ]
    assert batch.report.notes == [
        "unknown HubSpot stage 'Won - signed' on 1 open deal: mapped to prospecting"
    ]
    assert batch.companies == []  # company 7 is referred to by id only


def test_duplicate_record_ids_are_rejected_not_merged(tmp_path: Path) -> None:
    write(tmp_path, "all-contacts.csv", '"Record ID","Email"\n"1","a@x.com"\n"1","b@x.com"\n')
    batch = parse_hubspot(tmp_path)
    assert [p.email for p in batch.people] == ["a@x.com"]
    assert batch.report.rejected == [
        "all-contacts.csv:3: duplicate id '1' (first at all-contacts.csv:2)"
    ]


def test_wrong_directory_is_a_source_error(tmp_path: Path) -> None:
    write(tmp_path, "Connections.csv", "First,Last,URL\nAda,Lovelace,x\n")
    with pytest.raises(SourceError) as info:
        parse_hubspot(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: expected HubSpot CSV exports of contacts, companies or deals "
        "(e.g. all-contacts.csv, all-companies.csv, all-deals.csv)"
    )
    with pytest.raises(SourceError, match="expected a directory of HubSpot CSV exports"):
        parse_hubspot(tmp_path / "missing")


def test_file_named_as_an_export_with_another_header_is_a_source_error(tmp_path: Path) -> None:
    write(tmp_path, "all-deals.csv", "Opportunity,Value\nBig,5\n")
    with pytest.raises(SourceError) as info:
        parse_hubspot(tmp_path)
    assert str(info.value) == (
        f"{tmp_path / 'all-deals.csv'}: expected a HubSpot deals export "
        "(a header with Record ID, Deal Name, Deal Stage)"
    )


def test_export_missing_its_id_column_is_a_source_error(tmp_path: Path) -> None:
    write(tmp_path, "all-contacts.csv", '"First Name","Last Name","Email"\n"A","B","a@b.c"\n')
    with pytest.raises(SourceError, match=r"all-contacts.csv: expected a column 'Record ID'"):
        parse_hubspot(tmp_path)
