"""A Salesforce data export as Setup -> Data Export writes it (BOM, CRLF, quoted cells with
line breaks, many columns the parser does not read, deleted rows, 15- and 18-character Ids)
becomes companies, people and deals keyed by 18-character Ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.model import DealStage
from loaders.sources import SourceError
from loaders.sources.salesforce import parse_salesforce, salesforce_id

ACME = "0015g00000AbCdEAAV"  # written as 0015g00000AbCdE (15 characters) by Contact.csv
GLOBEX = "0015g00000GlObXAAV"
ADA = "0035g00000Ada01AAA"
OWNER = "0055g00000Own01AAA"

ACCOUNTS = (
    "Id,IsDeleted,MasterRecordId,Name,Type,Website,Description,BillingCity,CreatedDate\r\n"
    f'{ACME},false,,"Acme, Inc.",Customer,https://www.Acme.com/about,"Rockets.\r\n'
    'Second line with ""quotes"", and a comma",Springfield,2020-01-02T03:04:05.000Z\r\n'
    f"{GLOBEX},0,,Globex,Prospect,globex.io:8080,,Cypress Creek,2020-01-02T03:04:05.000Z\r\n"
    "0015g00000Del01AAA,true,,Deleted Corp,,deleted.com,,,2020-01-02T03:04:05.000Z\r\n"
    "0015g00000NoWebAAA,false,,Initech,,n/a,,,2020-01-02T03:04:05.000Z\r\n"
)
CONTACTS = (
    "Id,IsDeleted,AccountId,Salutation,FirstName,LastName,Email,Title,Description\r\n"
    f"{ADA},false,0015g00000AbCdE,Ms.,Ada,Lovelace, Ada@Acme.COM ,CTO,\r\n"
    '0035g00000Bob01,false,,Mr.,Bob,Stone,,,"Met at the fair\r\nwants a demo"\r\n'
    "0035g00000Del01AAA,1,0015g00000AbCdEAAV,,Old,Contact,old@acme.com,,\r\n"
    "0035g00000Zoe01AAA,false,0015g00000OthrAAAA,,Zoë,Ünal,zoe@other.org,Buyer,\r\n"
    "bad-id,false,,,No,Body,,,\r\n"
)
USERS = (
    "Id,Username,Name,FirstName,LastName,Email,IsActive,Title\r\n"
    f"{OWNER},rep@us.example,Rita Rep,Rita,Rep,Rita@Us.Example,true,Account Executive\r\n"
)
OPPORTUNITIES = (
    "Id,IsDeleted,AccountId,Name,Description,StageName,Amount,Probability,CloseDate,"
    "IsClosed,IsWon,ForecastCategory,OwnerId,CreatedDate\r\n"
    # closed and won although the org renamed the stage
    f'0065g00000Opp01AAA,false,{ACME},Acme rockets,"two\r\nlines",Signed!,125000.50,100,'
    f"2024-03-31,true,true,Closed,{OWNER},2024-01-15T23:30:00.000Z\r\n"
    # closed and lost whatever the stage name says
    f"0065g00000Opp02AAA,false,{GLOBEX},Globex pilot,,Closed Won,,0,2024-02-01,"
    f"1,0,Omitted,{OWNER},2023-11-01T08:00:00.000Z\r\n"
    # open: the standard stages
    f"0065g00000Opp03AAA,false,{ACME},Upsell,,Needs Analysis,5000,20,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    f"0065g00000Opp04AAA,false,{ACME},Renewal,,Id. Decision Makers,,60,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    f"0065g00000Opp05AAA,false,{ACME},Expansion,,Negotiation/Review,,90,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    # open in stages of the org's own: prospecting, and reported
    f"0065g00000Opp06AAA,false,{ACME},Custom one,,Discovery,,10,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    f"0065g00000Opp07AAA,false,{GLOBEX},Custom two,,Discovery,,10,2024-09-30,"
    f"false,false,Pipeline,,2024-02-01T10:00:00.000Z\r\n"
    # skipped: deleted, no account
    f"0065g00000Opp08AAA,true,{ACME},Gone,,Prospecting,,10,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    "0065g00000Opp09AAA,false,,Orphan,,Prospecting,,10,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    # rejected: a bad amount, a bad date, a bad flag
    f"0065g00000Opp10AAA,false,{ACME},Bad amount,,Prospecting,12k,10,2024-09-30,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    f"0065g00000Opp11AAA,false,{ACME},Bad date,,Prospecting,,10,31/09/2024,"
    f"false,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
    f"0065g00000Opp12AAA,false,{ACME},Bad flag,,Prospecting,,10,2024-09-30,"
    f"maybe,false,Pipeline,{OWNER},2024-02-01T10:00:00.000Z\r\n"
)


def write(directory: Path, name: str, text: str, *, bom: bool = True) -> None:
    """As the export writes files: UTF-8 with a byte-order mark."""
    (directory / name).write_bytes(("\ufeff" if bom else "").encode() + text.encode())


@pytest.fixture
def export(tmp_path: Path) -> Path:
    write(tmp_path, "Account.csv", ACCOUNTS)
    write(tmp_path, "Contact.csv", CONTACTS, bom=False)
    write(tmp_path, "User.csv", USERS)
    write(tmp_path, "Opportunity.csv", OPPORTUNITIES)
    (tmp_path / "Attachment.csv").write_text("Id,Body\n", encoding="utf-8")  # not read
    return tmp_path


def test_ids_of_15_characters_gain_their_case_checksum() -> None:
    # Salesforce's documented example, and an Id already in its 18-character form
    assert salesforce_id("001A0000006Vm9r", "Id") == "001A0000006Vm9rIAC"
    assert salesforce_id(ACME, "Id") == ACME
    assert salesforce_id("0015g00000AbCdE", "Id") == ACME
    assert salesforce_id("ABCDEABCDEABCDE", "Id") == "ABCDEABCDEABCDE555"
    assert salesforce_id("abcde01234abcde", "Id") == "abcde01234abcdeAAA"


def test_accounts_become_companies_with_normalised_domains(export: Path) -> None:
    batch = parse_salesforce(export)
    assert batch.source == "salesforce"
    companies = {c.key: c for c in batch.companies}
    assert set(companies) == {ACME, GLOBEX, "0015g00000NoWebAAA"}  # the deleted one skipped
    assert companies[ACME].name == "Acme, Inc."
    assert companies[ACME].domain == "acme.com"
    assert companies[ACME].line == "Account.csv:2"
    assert companies[GLOBEX].domain == "globex.io"  # port dropped
    assert companies[GLOBEX].line == "Account.csv:4"  # the description above spans 2 lines
    assert companies["0015g00000NoWebAAA"].domain is None  # "n/a" is no domain


def test_contacts_and_users_become_people(export: Path) -> None:
    people = {p.key: p for p in parse_salesforce(export).people}
    ada = people[ADA]
    assert (ada.name, ada.email, ada.title, ada.company) == (
        "Ada Lovelace",
        "ada@acme.com",
        "CTO",
        ACME,  # the 15-character AccountId names the account of 18
    )
    bob = people["0035g00000Bob01AAB"]  # a 15-character Id
    assert (bob.name, bob.email, bob.title, bob.company) == ("Bob Stone", None, None, None)
    zoe = people["0035g00000Zoe01AAA"]
    assert zoe.name == "Zoë Ünal"
    assert zoe.company == "0015g00000OthrAAAA"  # kept: resolution looks it up by its Id
    rita = people[OWNER]
    assert (rita.name, rita.email, rita.title, rita.company) == (
        "Rita Rep",
        "rita@us.example",
        "Account Executive",
        None,
    )
    assert "0035g00000Del01AAA" not in people
    assert len(people) == 4


def test_opportunities_become_deals(export: Path) -> None:
    deals = {d.key: d for d in parse_salesforce(export).deals}
    won = deals["0065g00000Opp01AAA"]
    assert won.name == "Acme rockets"
    assert won.company == ACME
    assert won.owner == OWNER
    assert won.stage is DealStage.CLOSED_WON
    assert won.amount == 125000.50
    assert won.created_at == date(2024, 1, 15)  # the date in UTC
    assert won.closed_at == date(2024, 3, 31)
    assert won.line == "Opportunity.csv:2"
    lost = deals["0065g00000Opp02AAA"]
    assert (lost.stage, lost.amount, lost.closed_at) == (
        DealStage.CLOSED_LOST,  # IsWon says lost although StageName says Closed Won
        None,
        date(2024, 2, 1),
    )
    assert lost.line == "Opportunity.csv:4"
    stages = {key[-8:-3]: (d.stage, d.closed_at) for key, d in deals.items()}
    assert stages["Opp03"] == (DealStage.QUALIFICATION, None)  # close date is a plan
    assert stages["Opp04"] == (DealStage.PROPOSAL, None)
    assert stages["Opp05"] == (DealStage.NEGOTIATION, None)
    assert stages["Opp06"] == (DealStage.PROSPECTING, None)
    assert stages["Opp07"] == (DealStage.PROSPECTING, None)
    assert deals["0065g00000Opp03AAA"].amount == 5000
    assert deals["0065g00000Opp07AAA"].owner is None
    assert sorted(stages) == [f"Opp0{i}" for i in range(1, 8)]


def test_report_counts_skips_rejections_and_unknown_stages(export: Path) -> None:
    report = parse_salesforce(export).report
    assert report.rows_read == 4 + 5 + 1 + 12
    assert report.skipped == {"deleted": 3, "no account": 1}
    assert report.rejected == [
        "Contact.csv:7: Id must be a 15- or 18-character Salesforce Id, got 'bad-id'",
        "Opportunity.csv:12: Amount must be a number, got '12k'",
        "Opportunity.csv:13: CloseDate must be a date like 2024-03-31, got '31/09/2024'",
        "Opportunity.csv:14: IsClosed must be true or false, got 'maybe'",
    ]
    assert report.notes == [
        "unknown Salesforce stage 'Discovery' on 2 open deals: mapped to prospecting",
        "1 contacts and opportunities name an AccountId not in this export: "
        "resolution looks them up by their Salesforce Id",
    ]


def test_any_file_may_be_absent(tmp_path: Path) -> None:
    write(tmp_path, "Contact.csv", CONTACTS)
    batch = parse_salesforce(tmp_path)
    assert (len(batch.people), batch.companies, batch.deals) == (3, [], [])
    # Contacts keep the AccountIds they name: an earlier import may have brought them
    assert {p.company for p in batch.people} == {ACME, None, "0015g00000OthrAAAA"}


def test_duplicate_ids_and_torn_rows_are_rejected_not_merged(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Account.csv",
        f"Id,Name\n{ACME},Acme\n0015g00000AbCdE,Acme again\n{GLOBEX},Globex,extra\n",
    )
    batch = parse_salesforce(tmp_path)
    assert [c.name for c in batch.companies] == ["Acme"]
    assert batch.report.rejected == [
        f"Account.csv:3: duplicate id '{ACME}' (first at Account.csv:2)",
        "Account.csv:4: expected 2 fields as in the header, got 3",
    ]


def test_export_without_stage_flags_reads_outcome_from_standard_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Opportunity.csv",
        "Id,AccountId,Name,StageName\n"
        f"0065g00000Opp01AAA,{ACME},A,Closed Won\n"
        f"0065g00000Opp02AAA,{ACME},B,Closed Lost\n"
        f"0065g00000Opp03AAA,{ACME},C,Proposal/Price Quote\n",
    )
    stages = [d.stage for d in parse_salesforce(tmp_path).deals]
    assert stages == [DealStage.CLOSED_WON, DealStage.CLOSED_LOST, DealStage.PROPOSAL]


def test_wrong_directory_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text("First Name,Last Name\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"expected a Salesforce data export with any of "):
        parse_salesforce(tmp_path)
    with pytest.raises(SourceError, match="expected a Salesforce data export directory"):
        parse_salesforce(tmp_path / "missing")
    with pytest.raises(SourceError, match="expected a Salesforce data export directory"):
        parse_salesforce(tmp_path / "Connections.csv")


def test_file_of_another_shape_is_a_source_error(tmp_path: Path) -> None:
    write(tmp_path, "Account.csv", "First Name,Last Name,URL\nAda,Lovelace,x\n")
    with pytest.raises(SourceError) as info:
        parse_salesforce(tmp_path)
    assert str(info.value) == f"{tmp_path / 'Account.csv'}: expected a column 'Id' in the header"


def test_file_that_is_not_text_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "Contact.csv").write_bytes(b"Id,LastName\n\xff\xfe\x00garbage\n")
    with pytest.raises(SourceError, match=r"Contact.csv: expected UTF-8 CSV text"):
        parse_salesforce(tmp_path)
    (tmp_path / "Contact.csv").write_bytes(b"")
    with pytest.raises(SourceError, match=r"Contact.csv: expected a CSV header row"):
        parse_salesforce(tmp_path)


def test_a_generated_export_reads_as_generated(tmp_path: Path) -> None:
    """The benchmark's generated export: 15-character account references resolve to the
    accounts' 18-character Ids, deleted rows are skipped, the rep's deals are theirs."""
    from loaders.generate.sources import write_salesforce

    expected = write_salesforce(tmp_path, 1_000, owner="rep@us.example", seed=7)
    batch = parse_salesforce(tmp_path)
    assert batch.report.rows_read == expected.rows
    assert not batch.report.rejected
    assert dict(batch.report.skipped) == dict(expected.skipped)
    accounts = {c.key for c in batch.companies}
    assert all(len(p.company) == 18 for p in batch.people if p.company)
    assert sum(p.company in accounts for p in batch.people if p.company) > 900
    assert next(p.email for p in batch.people if p.key.startswith("005")) == "rep@us.example"
