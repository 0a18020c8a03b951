"""The calendar importer: the meetings a rep had, read from a real-shaped iCalendar export
(CRLF, folded lines, VTIMEZONE, escaped text, recurrences, unicode names), and what it leaves
out and why."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.model import InteractionKind
from loaders.generate.sources import GeneratedCounts, happened_by
from loaders.generate.sources import write_ics as write_generated_ics
from loaders.sources import OWNER, SourceBatch, SourceError
from loaders.sources.ics import parse_ics

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
OWNER_EMAILS = ["ana@example.com", "Ana.Owner@Example.com"]

# Europe/Paris as Outlook and Google export it: +01:00 in winter, +02:00 in summer.
PARIS = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
END:VTIMEZONE
"""

BIG_MEETING_ATTENDEES = "".join(
    f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:guest{n}@corp.example\n" for n in range(11)
)

# One line per property; "\n " below is a folded continuation line (RFC 5545 3.1), written
# to the file as CRLF + space like every exporter does.
CALENDAR = (
    """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Calendar export//EN
CALSCALE:GREGORIAN
"""
    + PARIS
    + """BEGIN:VEVENT
UID:weekly-1on1@example.com
SUMMARY:Weekly 1:1\\, pipeline\\; forecast
DTSTART;TZID=Europe/Paris:20240108T093000
DTEND;TZID=Europe/Paris:20240108T100000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=Europe/Paris:20240122T093000
RDATE;TZID=Europe/Paris:20240125T140000
ORGANIZER;CN=Ana Owner:mailto:Ana.Owner@Example.com
ATTENDEE;CN=Ana Owner;PARTSTAT=ACCEPTED:mailto:ana.owner@example.com
ATTENDEE;CN="Björn Ångström";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mai
 lto:Bjorn@Partner.se
ATTENDEE;CUTYPE=RESOURCE;CN=Room 4;PARTSTAT=ACCEPTED:mailto:room4@resource.exam
 ple.com
END:VEVENT
BEGIN:VEVENT
UID:weekly-1on1@example.com
RECURRENCE-ID;TZID=Europe/Paris:20240205T093000
SUMMARY:Weekly 1:1 (moved to Tuesday)
DTSTART;TZID=Europe/Paris:20240206T160000
DTEND;TZID=Europe/Paris:20240206T163000
ORGANIZER;CN=Ana Owner:mailto:Ana.Owner@Example.com
ATTENDEE;CN="Björn Ångström";PARTSTAT=ACCEPTED:mailto:bjorn@partner.se
END:VEVENT
BEGIN:VEVENT
UID:weekly-1on1@example.com
RECURRENCE-ID;TZID=Europe/Paris:20240212T093000
DTSTART;TZID=Europe/Paris:20240212T093000
STATUS:CANCELLED
ORGANIZER;CN=Ana Owner:mailto:Ana.Owner@Example.com
ATTENDEE;CN="Björn Ångström";PARTSTAT=ACCEPTED:mailto:bjorn@partner.se
END:VEVENT
BEGIN:VEVENT
UID:summer-lunch@client.fr
SUMMARY:Déjeuner\\, drinks\\; and plans
DESCRIPTION:Agenda:\\n1. Renewal\\n2. BEGIN:VEVENT is just text here\\, not a c
 omponent
DTSTART;TZID=Europe/Paris:20230704T120000
DTEND;TZID=Europe/Paris:20230704T133000
ORGANIZER;CN="Chloé Dubois":mailto:chloe@client.fr
ATTENDEE;CN="Chloé Dubois";PARTSTAT=ACCEPTED:mailto:chloe@client.fr
ATTENDEE;CN=Ana;PARTSTAT=ACCEPTED:MAILTO:ANA@EXAMPLE.COM
ATTENDEE;CN=Dave Decline;PARTSTAT=DECLINED:mailto:dave@client.fr
ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:erin@client.fr
END:VEVENT
BEGIN:VEVENT
UID:offsite-day@example.com
SUMMARY:Offsite
DTSTART;VALUE=DATE:20240214
DTEND;VALUE=DATE:20240215
ATTENDEE;CN=ana@example.com:mailto:ana@example.com
ATTENDEE;CN=frank@supplier.de:mailto:frank@supplier.de
END:VEVENT
BEGIN:VEVENT
UID:cancelled-demo@example.com
SUMMARY:Demo
STATUS:CANCELLED
DTSTART:20240110T150000Z
ORGANIZER:mailto:ana@example.com
ATTENDEE:mailto:gina@prospect.io
END:VEVENT
BEGIN:VEVENT
UID:future-qbr@example.com
SUMMARY:QBR
DTSTART:20240315T150000Z
ORGANIZER:mailto:ana@example.com
ATTENDEE:mailto:hugo@prospect.io
END:VEVENT
BEGIN:VEVENT
UID:all-hands@corp.example
SUMMARY:All hands
DTSTART:20240201T160000Z
ORGANIZER:mailto:ana@example.com
"""
    + BIG_MEETING_ATTENDEES
    + """END:VEVENT
BEGIN:VEVENT
UID:someone-elses@example.com
SUMMARY:Shared calendar entry
DTSTART:20240105T100000Z
ORGANIZER:mailto:ivan@example.com
ATTENDEE:mailto:judy@example.com
END:VEVENT
BEGIN:VEVENT
UID:declined-by-owner@example.com
SUMMARY:Webinar
DTSTART:20240120T100000Z
ORGANIZER;CN=Kim:mailto:kim@vendor.com
ATTENDEE;PARTSTAT=DECLINED:mailto:ana@example.com
ATTENDEE:mailto:kim@vendor.com
END:VEVENT
BEGIN:VEVENT
UID:no-start@example.com
SUMMARY:Broken export
ORGANIZER:mailto:ana@example.com
ATTENDEE:mailto:lee@example.com
END:VEVENT
END:VCALENDAR
"""
)
# the line of each event's BEGIN:VEVENT (the one above its UID), 1-based
WEEKLY_LINE = CALENDAR.splitlines().index("UID:weekly-1on1@example.com")
NO_START_LINE = CALENDAR.splitlines().index("UID:no-start@example.com")


def write_ics(path: Path, text: str) -> Path:
    """Writes the calendar as exporters do: UTF-8 with CRLF line ends."""
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


@pytest.fixture
def batch(tmp_path: Path) -> SourceBatch:
    return parse_ics(write_ics(tmp_path / "calendar.ics", CALENDAR), OWNER_EMAILS, NOW)


def meetings(batch: SourceBatch) -> set[tuple[str, str, datetime]]:
    return {(i.actor, i.recipient, i.at) for i in batch.interactions}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


#: when the owner met Björn in the weekly series, up to NOW
WEEKLY = [
    utc(2024, 1, 8, 8, 30),  # 09:30 Paris in winter is 08:30 UTC
    utc(2024, 1, 15, 8, 30),
    # 22 January is an EXDATE
    utc(2024, 1, 25, 13, 0),  # the RDATE, 14:00 Paris
    utc(2024, 1, 29, 8, 30),
    utc(2024, 2, 6, 15, 0),  # the 5 February occurrence, moved to Tuesday 16:00
    # 12 February was cancelled on its own
    utc(2024, 2, 19, 8, 30),
    utc(2024, 2, 26, 8, 30),
    # 4 March onwards has not happened at NOW
]


def test_weekly_series_is_expanded_up_to_now_in_utc(batch: SourceBatch) -> None:
    with_bjorn = sorted(i.at for i in batch.interactions if i.recipient == "bjorn@partner.se")
    assert with_bjorn == WEEKLY


def test_summer_time_meeting_uses_the_summer_offset(batch: SourceBatch) -> None:
    assert ("chloe@client.fr", OWNER, utc(2023, 7, 4, 10, 0)) in meetings(batch)


def test_every_interaction_and_its_direction(batch: SourceBatch) -> None:
    assert all(i.kind is InteractionKind.MEETING for i in batch.interactions)
    assert meetings(batch) == {(OWNER, "bjorn@partner.se", at) for at in WEEKLY} | {
        # someone else organised the lunch: each other attendee -> the owner
        ("chloe@client.fr", OWNER, utc(2023, 7, 4, 10, 0)),
        ("erin@client.fr", OWNER, utc(2023, 7, 4, 10, 0)),
        # no ORGANIZER (an event the owner put in their own calendar): owner -> attendee,
        # all-day = that day at 00:00 UTC
        (OWNER, "frank@supplier.de", utc(2024, 2, 14)),
    }
    assert len(batch.interactions) == 7 + 2 + 1


def test_keys_name_the_occurrence_and_attendee_so_reimports_are_idempotent(
    tmp_path: Path, batch: SourceBatch
) -> None:
    keys = [i.key for i in batch.interactions]
    assert len(set(keys)) == len(keys)
    assert "weekly-1on1@example.com|2024-01-08T08:30:00+00:00|bjorn@partner.se" in keys
    # a moved occurrence keeps the slot its series gave it (RECURRENCE-ID), not its new start,
    # so rescheduling a meeting between two imports does not make it two meetings
    assert "weekly-1on1@example.com|2024-02-05T08:30:00+00:00|bjorn@partner.se" in keys
    assert "offsite-day@example.com|2024-02-14T00:00:00+00:00|frank@supplier.de" in keys
    again = parse_ics(write_ics(tmp_path / "again.ics", CALENDAR), OWNER_EMAILS, NOW)
    assert [i.key for i in again.interactions] == keys


def test_people_are_the_non_owners_met_with_their_names(batch: SourceBatch) -> None:
    people = {p.key: (p.name, p.email) for p in batch.people}
    assert people == {
        "bjorn@partner.se": ("Björn Ångström", "bjorn@partner.se"),
        "chloe@client.fr": ("Chloé Dubois", "chloe@client.fr"),
        "erin@client.fr": ("erin", "erin@client.fr"),  # no CN: the address' local part
        "frank@supplier.de": ("frank", "frank@supplier.de"),  # CN was the address itself
    }
    # not people: the owner, the room, the declined, and everyone in skipped events
    assert {p.line for p in batch.people} <= {f"calendar.ics:{n}" for n in range(1, 200)}


def test_report_counts_every_filter(batch: SourceBatch) -> None:
    report = batch.report
    assert report.rows_read == 11
    assert dict(report.skipped) == {
        "cancelled": 2,  # the demo, and the 12 February occurrence
        "not yet happened": 1,
        "too many attendees": 1,
        "not the owner's": 1,
        "declined by the owner": 1,
        "declined": 1,  # Dave, per attendee
        "room or resource": 1,
    }
    assert report.rejected == [
        f"calendar.ics:{NO_START_LINE}: event no-start@example.com: no DTSTART"
    ]
    assert report.notes == []


def test_attendee_limit_is_configurable(tmp_path: Path) -> None:
    path = write_ics(tmp_path / "calendar.ics", CALENDAR)
    wide = parse_ics(path, OWNER_EMAILS, NOW, max_attendees=12)
    all_hands = [i for i in wide.interactions if i.key.startswith("all-hands@")]
    assert len(all_hands) == 11
    assert {i.actor for i in all_hands} == {OWNER}
    assert "too many attendees" not in wide.report.skipped


def test_nothing_for_someone_elses_calendar(tmp_path: Path) -> None:
    path = write_ics(tmp_path / "calendar.ics", CALENDAR)
    other = parse_ics(path, ["nobody@example.com"], NOW)
    assert other.interactions == [] and other.people == []
    assert dict(other.report.skipped) == {"cancelled": 2, "not the owner's": 8}


def test_a_series_that_cannot_be_expanded_is_rejected_alone(tmp_path: Path) -> None:
    text = CALENDAR.replace("RRULE:FREQ=WEEKLY;BYDAY=MO", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=x")
    result = parse_ics(write_ics(tmp_path / "calendar.ics", text), OWNER_EMAILS, NOW)
    assert not any(i.key.startswith("weekly-1on1@") for i in result.interactions)
    assert len(result.interactions) == 3  # lunch and offsite are still there
    assert result.report.rejected[0].startswith(
        f"calendar.ics:{WEEKLY_LINE}: event weekly-1on1@example.com: cannot expand its recurrence"
    )
    assert result.report.rejected[1].startswith(f"calendar.ics:{NO_START_LINE}: event no-start@")
    # the rejected series is not also counted as skipped
    assert "room or resource" not in result.report.skipped


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contacts.csv", "First Name,Last Name,Email Address\nAna,Owner,ana@example.com\n"),
        ("empty.ics", ""),
        ("vcard.ics", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n"),
    ],
)
def test_a_file_that_is_not_icalendar_is_refused(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        parse_ics(path, OWNER_EMAILS, NOW)
    message = str(info.value)
    assert str(path) in message and "BEGIN:VCALENDAR" in message
    assert "\n" not in message


@pytest.mark.parametrize("cut", [CALENDAR.index("BEGIN:VEVENT") + 40, len(CALENDAR) - 14])
def test_a_cut_off_calendar_is_refused_not_read_as_empty(tmp_path: Path, cut: int) -> None:
    path = write_ics(tmp_path / "cut.ics", CALENDAR[:cut])
    with pytest.raises(SourceError, match=r"cut\.ics: incomplete iCalendar file"):
        parse_ics(path, OWNER_EMAILS, NOW)
    # a complete calendar followed by a cut-off one loses nothing silently either
    path = write_ics(tmp_path / "cut.ics", CALENDAR + CALENDAR[:cut])
    with pytest.raises(SourceError, match="incomplete"):
        parse_ics(path, OWNER_EMAILS, NOW)


def test_several_calendars_in_one_file_are_all_read(tmp_path: Path) -> None:
    second = CALENDAR.replace("weekly-1on1@", "weekly-again@")
    result = parse_ics(write_ics(tmp_path / "two.ics", CALENDAR + second), OWNER_EMAILS, NOW)
    assert result.report.rows_read == 22
    # the second copy's events have the same UIDs, so the same keys: counted once
    assert len(result.interactions) == 10 + len(WEEKLY)
    second_line = len(CALENDAR.splitlines()) + NO_START_LINE
    assert result.report.rejected[-1] == (
        f"two.ics:{second_line}: event no-start@example.com: no DTSTART"
    )


def test_a_windows_1252_export_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "outlook.ics"
    path.write_bytes(CALENDAR.replace("\n", "\r\n").encode("cp1252"))
    result = parse_ics(path, OWNER_EMAILS, NOW)
    assert result.report.notes == ["outlook.ics: not UTF-8, read as Latin-1"]
    assert {p.name for p in result.people} >= {"Björn Ångström", "Chloé Dubois"}


def check_generated(batch: SourceBatch, expected: GeneratedCounts) -> None:
    report = batch.report
    assert report.rows_read == expected.rows
    assert not report.rejected
    assert dict(report.skipped) == dict(expected.skipped)
    assert len(batch.interactions) == expected.interactions
    assert len(batch.people) == expected.people


def test_generated_calendar_counts(tmp_path: Path) -> None:
    """Series, cancelled and future events, big meetings, declines and rooms, as generated."""
    path = tmp_path / "gen.ics"
    expected = write_generated_ics(path, 1_000, owner="ana@example.com", seed=7)
    check_generated(parse_ics(path, OWNER_EMAILS, happened_by(1_000)), expected)


@pytest.mark.slow
def test_a_ten_thousand_event_calendar(tmp_path: Path) -> None:
    path = tmp_path / "big.ics"
    expected = write_generated_ics(path, 10_000, owner="ana@example.com", seed=1)
    check_generated(parse_ics(path, OWNER_EMAILS, happened_by(10_000)), expected)
