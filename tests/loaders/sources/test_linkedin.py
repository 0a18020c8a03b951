"""The LinkedIn export parser reads Connections.csv and messages.csv as LinkedIn writes them
(and as Excel re-saves them), keys people so that re-imports and other sources can find
them again, and refuses files that are not the export."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from graph.model import ConnectionOrigin, InteractionKind
from loaders.generate.sources.linkedin import PREAMBLE  # the export's own words
from loaders.sources import (
    OWNER,
    SourceCompany,
    SourceConnection,
    SourceError,
    SourceInteraction,
    SourcePerson,
)
from loaders.sources.linkedin import parse_linkedin

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
# Line numbers in comments are physical lines of the file (the header is line 4).
ROWS = [
    # 5: quoted comma in the company, e-mail in mixed case
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,Ada@Example.com,"
    '"Analytical Engines, Ltd.",Chief Mathematician,05 Mar 2019',
    # 6: unicode name, percent-encoded slug, doubled quotes, empty e-mail
    "Zoë,Ångström,https://www.linkedin.com/in/zo%C3%AB-angstrom/,,"
    '"The ""Quoted"" Company",Head of R&D,17 Nov 2021',
    # 7: empty e-mail and empty company
    "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,,Rear Admiral,01 Jan 2020",
    # 8: unparseable date
    'Alan,Turing,https://www.linkedin.com/in/alan-turing,,"Bletchley, Park",Cryptanalyst,'
    "31 Foo 2019",
    # 9: a hidden or closed profile, as LinkedIn writes them
    ",,,,,,07 Jun 2022",
    # 10: neither name nor URL
    ",,,,Acme,Buyer,07 Jun 2022",
    # 11: the same company as line 5 in another case: one company
    'Edsger,Dijkstra,https://linkedin.com/in/edsger/,,"analytical engines, ltd.",'
    'Professor,"02 Feb 2018"',
    # 12: no URL: keyed by e-mail; doubled quotes in a name
    'Barbara,"Liskov ""Babs""",,Barbara@MIT.edu,MIT,Professor,10 Oct 2010',
    # 13-14: a position with a line break inside quotes
    'Ken,Thompson,,,Bell Labs,"Member of\r\nTechnical Staff",15 Apr 2015',
    # 15: counted from the physical line, after the two-line row
    "Dennis,Ritchie,https://www.linkedin.com/in/dmr,,Bell Labs,,",
]
ADA = "linkedin.com/in/ada-lovelace"
ZOE = "linkedin.com/in/zoë-angstrom"
GRACE = "linkedin.com/in/grace-hopper"


def write_connections(path: Path, rows: list[str] = ROWS) -> Path:
    text = "\ufeff" + PREAMBLE + HEADER + "".join(row + "\r\n" for row in rows)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_every_field_of_a_real_shaped_connections_csv(tmp_path: Path) -> None:
    batch = parse_linkedin(write_connections(tmp_path / "Connections.csv"))
    assert batch.source == "linkedin"
    assert batch.people == [
        SourcePerson(
            key=ADA,
            name="Ada Lovelace",
            email="Ada@Example.com",
            linkedin="https://www.linkedin.com/in/ada-lovelace",
            title="Chief Mathematician",
            company="name:analytical engines, ltd.",
            line="Connections.csv:5",
        ),
        SourcePerson(
            key=ZOE,
            name="Zoë Ångström",
            email=None,
            linkedin="https://www.linkedin.com/in/zo%C3%AB-angstrom/",
            title="Head of R&D",
            company='name:the "quoted" company',
            line="Connections.csv:6",
        ),
        SourcePerson(
            key=GRACE,
            name="Grace Hopper",
            linkedin="https://www.linkedin.com/in/grace-hopper",
            title="Rear Admiral",
            line="Connections.csv:7",
        ),
        SourcePerson(
            key="linkedin.com/in/edsger",
            name="Edsger Dijkstra",
            linkedin="https://linkedin.com/in/edsger/",
            title="Professor",
            company="name:analytical engines, ltd.",
            line="Connections.csv:11",
        ),
        SourcePerson(
            key="barbara@mit.edu",
            name='Barbara Liskov "Babs"',
            email="Barbara@MIT.edu",
            title="Professor",
            company="name:mit",
            line="Connections.csv:12",
        ),
        SourcePerson(
            key="name:Ken Thompson",
            name="Ken Thompson",
            title="Member of\r\nTechnical Staff",
            company="name:bell labs",
            line="Connections.csv:13",
        ),
        SourcePerson(
            key="linkedin.com/in/dmr",
            name="Dennis Ritchie",
            linkedin="https://www.linkedin.com/in/dmr",
            company="name:bell labs",
            line="Connections.csv:15",
        ),
    ]
    assert batch.companies == [
        SourceCompany(
            "name:analytical engines, ltd.", "Analytical Engines, Ltd.", line="Connections.csv:5"
        ),
        SourceCompany(
            'name:the "quoted" company', 'The "Quoted" Company', line="Connections.csv:6"
        ),
        SourceCompany("name:mit", "MIT", line="Connections.csv:12"),
        SourceCompany("name:bell labs", "Bell Labs", line="Connections.csv:13"),
    ]
    linkedin = ConnectionOrigin.LINKEDIN
    assert batch.connections == [
        SourceConnection(OWNER, ADA, date(2019, 3, 5), linkedin),
        SourceConnection(OWNER, ZOE, date(2021, 11, 17), linkedin),
        SourceConnection(OWNER, GRACE, date(2020, 1, 1), linkedin),
        SourceConnection(OWNER, "linkedin.com/in/edsger", date(2018, 2, 2), linkedin),
        SourceConnection(OWNER, "barbara@mit.edu", date(2010, 10, 10), linkedin),
        SourceConnection(OWNER, "name:Ken Thompson", date(2015, 4, 15), linkedin),
        SourceConnection(OWNER, "linkedin.com/in/dmr", None, linkedin),
    ]
    assert batch.interactions == [] and batch.deals == []
    report = batch.report
    assert report.rows_read == 10
    assert report.rejected == [
        "Connections.csv:8: unparseable Connected On '31 Foo 2019' (expected e.g. 05 Mar 2019)",
        "Connections.csv:10: no name and no profile URL",
    ]
    assert dict(report.skipped) == {"hidden profile": 1}


def test_a_rejected_row_creates_nothing(tmp_path: Path) -> None:
    """Turing's row (bad date) must not leave his company or person behind."""
    batch = parse_linkedin(write_connections(tmp_path / "Connections.csv"))
    assert "name:bletchley, park" not in {c.key for c in batch.companies}
    assert "linkedin.com/in/alan-turing" not in {p.key for p in batch.people}
    assert len(batch.connections) == len(batch.people)


def test_lf_without_bom_and_excel_dates(tmp_path: Path) -> None:
    """LinkedIn's own files have no BOM and LF line ends; Excel re-saves dates as 5-Mar-19."""
    path = tmp_path / "Connections.csv"
    path.write_text(
        HEADER.replace("\r\n", "\n")
        + "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,,,5-Mar-19\n"
        + "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,,,2020-01-01",
        encoding="utf-8",
    )
    batch = parse_linkedin(path)
    assert [(c.b, c.since) for c in batch.connections] == [
        (ADA, date(2019, 3, 5)),
        (GRACE, date(2020, 1, 1)),
    ]
    assert [p.line for p in batch.people] == ["Connections.csv:2", "Connections.csv:3"]
    assert batch.report.rejected == []


def test_export_before_profile_urls_were_exported(tmp_path: Path) -> None:
    """2021-2023 exports have no URL column: people are keyed by e-mail, then name."""
    path = tmp_path / "Connections.csv"
    path.write_text(
        PREAMBLE.replace("\r\n", "\n")
        + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        + "Ada,Lovelace,ada@example.com,,,05 Mar 2019\n"
        + "Grace,Hopper,,Navy,Admiral,01 Jan 2020\n",
        encoding="utf-8",
    )
    batch = parse_linkedin(path)
    assert [(p.key, p.linkedin, p.company) for p in batch.people] == [
        ("ada@example.com", None, None),
        ("name:Grace Hopper", None, "name:navy"),
    ]


def test_repeated_rows_merge_but_conflicting_ones_are_rejected(tmp_path: Path) -> None:
    """One person twice is one person; one key with different details is not guessed at."""
    ada = ROWS[0]
    path = write_connections(
        tmp_path / "Connections.csv",
        [
            ada,
            ada,
            ada.replace("Chief Mathematician", "Countess"),
            "Ken,Thompson,,,Bell Labs,,01 Jan 2001",
            "Ken,Thompson,,,Google,,01 Jan 2001",
            "Ken,Thompson,https://www.linkedin.com/in/ken,,,,01 Jan 2001",
        ],
    )
    batch = parse_linkedin(path)
    assert [p.key for p in batch.people] == [ADA, "name:Ken Thompson", "linkedin.com/in/ken"]
    assert batch.report.skipped["duplicate row"] == 1
    assert batch.report.rejected == [
        f"Connections.csv:7: the same person as line 5 ({ADA}) with different details",
        "Connections.csv:9: the same person as line 8 (name:Ken Thompson) with different details",
    ]


def test_a_row_with_the_wrong_number_of_fields_is_rejected(tmp_path: Path) -> None:
    path = write_connections(
        tmp_path / "Connections.csv",
        ["Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical, Engines,Maths,05 Mar 2019"],
    )
    batch = parse_linkedin(path)
    assert batch.people == []
    assert batch.report.rejected == ["Connections.csv:5: expected 7 fields, found 8"]


# --------------------------------------------------------------------------------------------
# messages.csv

OWNER_URL = "https://www.linkedin.com/in/owner-self"
MESSAGES_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
)


def message(conv: str, sender: str, recipients: str, at: str, content: str = "hi") -> str:
    return f'{conv},,Someone,{sender},Someone else,{recipients},{at},,"{content}",INBOX\n'


def write_export(root: Path, messages: list[str]) -> Path:
    root.mkdir()
    write_connections(root / "Connections.csv")
    (root / "messages.csv").write_text(MESSAGES_HEADER + "".join(messages), encoding="utf-8")
    return root


ADA_URL = "https://www.linkedin.com/in/ada-lovelace"
GRACE_URL = "https://www.linkedin.com/in/grace-hopper"
RECRUITER = "https://www.linkedin.com/in/recruiter"
MESSAGES = [
    # 2-3: owner -> Ada, with commas and a line break in the content
    message("c1", OWNER_URL, ADA_URL, "2023-05-04 10:11:12 UTC", 'Hello, Ada!\nSee ""this""'),
    # 4: Ada -> owner, her URL written differently
    message("c1", "https://linkedin.com/in/Ada-Lovelace/", OWNER_URL, "2023-05-04 11:00:00 UTC"),
    # 5: the same message again
    message("c1", "https://linkedin.com/in/Ada-Lovelace/", OWNER_URL, "2023-05-04 11:00:00 UTC"),
    # 6: Zoë -> owner, slug not percent-encoded here
    message("c2", "https://www.linkedin.com/in/zoë-angstrom", OWNER_URL, "2023-06-01 08:00:00 UTC"),
    # 7: InMail from someone not a connection
    message("c3", RECRUITER, OWNER_URL, "2023-07-01 09:00:00 UTC"),
    # 8: owner -> Ada, Grace and a non-connection at once
    message("c4", OWNER_URL, f'"{ADA_URL},{GRACE_URL},{RECRUITER}2"', "2023-08-01 12:00:00 UTC"),
    # 9: Grace -> owner and Ada: only Grace -> owner is the owner's
    message("c4", GRACE_URL, f'"{OWNER_URL},{ADA_URL}"', "2023-08-01 12:05:00 UTC"),
    # 10: Ada -> Grace in the group, without the owner
    message("c4", ADA_URL, GRACE_URL, "2023-08-01 12:06:00 UTC"),
    # 11: "LinkedIn Member": no sender URL
    message("c5", "", OWNER_URL, "2023-09-01 09:00:00 UTC"),
    # 12: a date that does not parse
    message("c1", ADA_URL, OWNER_URL, "yesterday"),
]


def test_messages_both_directions_and_only_with_connections(tmp_path: Path) -> None:
    batch = parse_linkedin(write_export(tmp_path / "export", MESSAGES))
    message_kind = InteractionKind.MESSAGE
    owner_key = "linkedin.com/in/owner-self"

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    def key(conv: str, when: str, sender: str, other: str) -> str:
        return f"{conv}|{at(when).isoformat()}|{sender}|{other}"

    assert batch.interactions == [
        SourceInteraction(
            key("c1", "2023-05-04 10:11:12", owner_key, ADA),
            message_kind,
            at("2023-05-04 10:11:12"),
            OWNER,
            ADA,
        ),
        SourceInteraction(
            key("c1", "2023-05-04 11:00:00", ADA, owner_key),
            message_kind,
            at("2023-05-04 11:00:00"),
            ADA,
            OWNER,
        ),
        SourceInteraction(
            key("c2", "2023-06-01 08:00:00", ZOE, owner_key),
            message_kind,
            at("2023-06-01 08:00:00"),
            ZOE,
            OWNER,
        ),
        SourceInteraction(
            key("c4", "2023-08-01 12:00:00", owner_key, ADA),
            message_kind,
            at("2023-08-01 12:00:00"),
            OWNER,
            ADA,
        ),
        SourceInteraction(
            key("c4", "2023-08-01 12:00:00", owner_key, GRACE),
            message_kind,
            at("2023-08-01 12:00:00"),
            OWNER,
            GRACE,
        ),
        SourceInteraction(
            key("c4", "2023-08-01 12:05:00", GRACE, owner_key),
            message_kind,
            at("2023-08-01 12:05:00"),
            GRACE,
            OWNER,
        ),
    ]
    report = batch.report
    assert report.rows_read == 10 + 10  # Connections.csv rows + messages.csv rows
    assert dict(report.skipped) == {
        "hidden profile": 1,  # from Connections.csv
        "not a connection": 3,  # recruiter, recruiter2, LinkedIn Member
        "not with the owner": 1,
        "duplicate message": 1,
    }
    assert report.rejected[2:] == [
        "messages.csv:12: unparseable DATE 'yesterday' (expected e.g. 2023-05-04 10:11:12 UTC)"
    ]
    assert report.notes[-1] == (
        f"messages.csv: owner taken to be {owner_key} (party to 5 of 5 conversations)"
    )
    # messages name no new people: only connections are people
    assert len(batch.people) == 7


def test_the_owner_is_never_taken_for_a_connection(tmp_path: Path) -> None:
    """In a one-conversation export the owner and Ada are party to it equally; Ada is a
    connection, so the owner is the other one, and Ada's messages map to her."""
    export = write_export(
        tmp_path / "export",
        [
            message("c1", ADA_URL, "https://www.linkedin.com/in/zz-owner", "2024-01-01 00:00:00"),
            message("c1", ADA_URL, "https://www.linkedin.com/in/zz-owner", "2024-01-02 00:00:00"),
        ],
    )
    batch = parse_linkedin(export)
    assert [(i.actor, i.recipient) for i in batch.interactions] == [(ADA, OWNER), (ADA, OWNER)]


def test_drafts_are_skipped_and_old_messages_without_recipients_are_not_read(
    tmp_path: Path,
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    write_connections(export / "Connections.csv")
    (export / "messages.csv").write_text(
        MESSAGES_HEADER.replace("FOLDER\n", "FOLDER,ATTACHMENTS,IS MESSAGE DRAFT\n")
        + f"c1,,Me,{OWNER_URL},Ada,{ADA_URL},2024-01-01 00:00:00 UTC,,hi,INBOX,,No\n"
        + f"c1,,Me,{OWNER_URL},Ada,{ADA_URL},2024-01-02 00:00:00 UTC,,hi,INBOX,,Yes\n",
        encoding="utf-8",
    )
    batch = parse_linkedin(export)
    assert [i.at.day for i in batch.interactions] == [1]
    assert batch.report.skipped["draft"] == 1

    # An export from 2021: 9 columns, no RECIPIENT PROFILE URLS.
    (export / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,"
        f"FOLDER\nc1,,Me,{OWNER_URL},Ada,2021-01-01 00:00:00 UTC,,hi,INBOX\n",
        encoding="utf-8",
    )
    batch = parse_linkedin(export)
    assert batch.interactions == []
    assert len(batch.people) == 7
    assert any("no RECIPIENT PROFILE URLS column" in note for note in batch.report.notes)


def test_parsing_twice_gives_the_same_batch(tmp_path: Path) -> None:
    export = write_export(tmp_path / "export", MESSAGES)
    first, second = parse_linkedin(export), parse_linkedin(export)
    assert first == second
    assert first.interactions and first.people and first.report.rejected


def test_a_connections_file_alone_reads_no_messages(tmp_path: Path) -> None:
    export = write_export(tmp_path / "export", MESSAGES)
    from_file = parse_linkedin(export / "Connections.csv")
    assert from_file.people == parse_linkedin(export).people
    assert from_file.interactions == []


# --------------------------------------------------------------------------------------------
# files that are not the export


def test_a_warmgraph_people_csv_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,email,title\np1,Ada,ada@example.com,CTO\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        parse_linkedin(path)
    message = str(info.value)
    assert message == (
        f"{path}: not a LinkedIn Connections.csv (header First Name,Last Name,URL,"
        "Email Address,Company,Position,Connected On): no such header in its first 20 lines"
    )
    assert "\n" not in message


def test_an_mbox_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "From ada@example.com Sat Jan  3 01:05:34 1996\n"
        'From: Ada <ada@example.com>\nTo: bob@example.com\nSubject: hello, "world\n\n'
        + "body line\n"
        * 50,
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=f"^{path}.*not a LinkedIn Connections.csv"):
        parse_linkedin(path)


def test_binary_and_missing_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "Connections.csv"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00\x00 zip, not csv")
    with pytest.raises(SourceError, match=f"^{binary}: .*not UTF-8"):
        parse_linkedin(binary)
    with pytest.raises(SourceError, match="no such file"):
        parse_linkedin(tmp_path / "absent")
    empty_dir = tmp_path / "export"
    empty_dir.mkdir()
    (empty_dir / "messages.csv").write_text(MESSAGES_HEADER, encoding="utf-8")
    with pytest.raises(SourceError, match=f"^{empty_dir}: .*no Connections.csv"):
        parse_linkedin(empty_dir)


def test_a_wrong_messages_csv_is_refused_naming_it(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    write_connections(export / "Connections.csv")
    (export / "messages.csv").write_text("id,kind,at\ni1,email,2024-01-01\n", encoding="utf-8")
    with pytest.raises(SourceError, match=f"^{export / 'messages.csv'}: not a LinkedIn messages"):
        parse_linkedin(export)


def test_a_file_that_stops_being_utf8_is_refused_not_half_read(tmp_path: Path) -> None:
    """Latin-1 bytes deep in the file (after the decoder's first chunks) fail the whole
    file: the rows after them cannot be trusted."""
    path = write_connections(tmp_path / "Connections.csv", ROWS * 200)
    with path.open("ab") as handle:
        handle.write("Zoë,Brandt,,,,,05 Mar 2019\r\n".encode("latin-1"))
    with pytest.raises(SourceError, match=f"^{path}: not a LinkedIn Connections.csv .*not UTF-8"):
        parse_linkedin(path)


def test_a_generated_export_reads_as_generated(tmp_path: Path) -> None:
    """The benchmark's generated Connections.csv: hidden profiles and repeated rows skipped,
    every other row one person connected to the owner."""
    from loaders.generate.sources import write_connections as write_generated

    expected = write_generated(tmp_path / "Connections.csv", 2_000, seed=7)
    batch = parse_linkedin(tmp_path)
    assert batch.report.rows_read == expected.rows
    assert not batch.report.rejected
    assert dict(batch.report.skipped) == dict(expected.skipped)
    assert len(batch.people) == len(batch.connections) == expected.people
