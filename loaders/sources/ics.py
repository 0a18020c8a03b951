"""Calendar import: the meetings a rep actually had, from an iCalendar file (RFC 5545).

Parsing (folded lines, TZID and VTIMEZONE, ``VALUE=DATE`` vs ``DATE-TIME``, escaped text) is
``icalendar``'s; expanding recurrences (RRULE, RDATE, EXDATE, changed occurrences with
RECURRENCE-ID, ``X-WR-TIMEZONE``) is ``recurring-ical-events``'. This module only decides which
meetings count and what they say about who knows whom.

Rules (each one a user can rely on):

* **Whose meeting.** Only events where the owner (any of ``owner_emails``, compared
  case-insensitively, ``mailto:`` stripped) is the ORGANIZER or an ATTENDEE count. If the
  owner's own PARTSTAT is DECLINED they were not there: the event is skipped.
* **Which occurrences.** Every occurrence that *started* before ``now`` and is not
  ``STATUS:CANCELLED``; recurring events are expanded only up to ``now``.
* **With whom.** One ``meeting`` interaction per occurrence between the owner and every
  other attendee who did not decline (PARTSTAT=DECLINED), plus the organizer when someone
  else organised it (organizers are often not listed as attendees). Rooms and resources
  (CUTYPE=ROOM/RESOURCE) and attendees without an e-mail address are not people.
* **Direction.** When the owner organised the meeting (or there is no ORGANIZER, as in events
  a person creates in their own calendar) it goes owner -> attendee; when someone else
  organised it, attendee -> owner: the other side asked for the meeting.
* **When.** ``at`` is the occurrence's start in UTC; an all-day event (``VALUE=DATE``) is
  dated its day at 00:00 UTC; a floating time (no TZID, no ``Z``, no X-WR-TIMEZONE) is read
  as UTC.
* **Key.** ``UID|occurrence|attendee``, where *occurrence* is the occurrence's start in UTC
  (ISO 8601) as the series defines it — its RECURRENCE-ID, which equals the start unless that
  one occurrence was moved — so re-importing the same calendar, or one where an occurrence of
  a series was rescheduled, adds nothing twice. (A one-off event that is moved gets a new
  key: the brief's rule, UID + start, kept for those.)

Report: ``rows_read`` counts events as written (a series is one; a changed occurrence with
RECURRENCE-ID is its own). ``skipped`` counts those events by the first filter they fail, in
this order: ``cancelled``, ``not the owner's``, ``declined by the owner``, ``too many
attendees`` (more than ``max_attendees`` distinct attendees, rooms excluded), ``not yet
happened`` (starts at or after ``now``); and, per attendee of the events kept, ``declined``,
``room or resource`` and ``no e-mail address``. An event without UID or DTSTART, or whose
recurrence cannot be expanded, is rejected as ``file:line: reason`` (line of its
``BEGIN:VEVENT``).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import recurring_ical_events
from icalendar import Calendar, Component

from graph.access import normalise_email
from graph.model import InteractionKind

from .records import OWNER, Report, SourceBatch, SourceError, SourceInteraction, SourcePerson

#: recurring-ical-events' earliest supported date; meetings before 1970 are not expected.
_EXPANSION_START = datetime(1970, 1, 1, tzinfo=UTC)
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
_BEGIN_VEVENT = re.compile(r"^BEGIN:VEVENT\r?$", re.MULTILINE | re.IGNORECASE)
_BEGIN_VCALENDAR = re.compile(r"^BEGIN:VCALENDAR\r?$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Attendee:
    address: str  # normalised e-mail address
    name: str | None  # CN when given
    declined: bool


@dataclass(frozen=True, slots=True)
class _Meeting:
    """Who was in one event (or one occurrence of it), as far as the import cares."""

    organizer: _Attendee | None
    attendees: list[_Attendee]  # people only (no rooms), one per address
    unusable: dict[str, int]  # attendees that are not people: filter -> count


def parse_ics(
    path: Path, owner_emails: Collection[str], now: datetime, *, max_attendees: int = 10
) -> SourceBatch:
    """Read ``path`` into ``meeting`` interactions between the owner and the people they met."""
    owners = frozenset(_address(e) for e in owner_emails)
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    batch = SourceBatch(source="ics")
    report = batch.report
    calendars, lines = _read(path, report)
    rows = 0
    for calendar in calendars:
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        where = {id(e): _where(path, lines, rows + i, e) for i, e in enumerate(events)}
        rows += len(events)
        triage = _triage(events, where, owners, now, max_attendees, report)
        calendar.subcomponents = [
            c
            for c in calendar.subcomponents
            if c.name != "VEVENT" or (id(c) in triage.readable and _uid(c) in triage.to_expand)
        ]
        occurrences, failed = _occurrences(calendar, now, where)
        report.rejected += failed.values()
        for uid, counts in triage.counts.items():
            if uid not in failed:  # a rejected series is only reported as rejected
                report.skipped.update(counts)
        _add_occurrences(occurrences, owners, now, max_attendees, triage.first_line, batch)
    report.rejected.sort(key=_line_number)
    return batch


# ---- reading ---------------------------------------------------------------------------------


def _read(path: Path, report: Report) -> tuple[list[Calendar], list[int] | None]:
    """The file's calendars, and the line of each BEGIN:VEVENT (None when they cannot be
    matched one to one with the parsed events)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Outlook exports are Windows-1252; Latin-1 never fails and keeps the structure.
        text = raw.decode("latin-1")
        report.notes.append(f"{path.name}: not UTF-8, read as Latin-1")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise SourceError(
            f"{path}: not an iCalendar file (expected it to start with BEGIN:VCALENDAR)"
        )
    try:
        calendars = list(Calendar.from_ical(text, multiple=True))
    except ValueError as error:
        raise SourceError(f"{path}: not a readable iCalendar file ({error})") from error
    if len(calendars) != len(_BEGIN_VCALENDAR.findall(text)):
        # icalendar drops a calendar that never ends: a cut-off export, not an empty one
        raise SourceError(f"{path}: incomplete iCalendar file (expected END:VCALENDAR)")
    report.rows_read = sum(1 for c in calendars for s in c.subcomponents if s.name == "VEVENT")
    return calendars, _event_lines(text, report.rows_read)


def _event_lines(text: str, events: int) -> list[int] | None:
    lines, line, last = [], 1, 0
    for match in _BEGIN_VEVENT.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines if len(lines) == events else None


def _where(path: Path, lines: list[int] | None, index: int, event: Component) -> str:
    if lines is not None:
        return f"{path.name}:{lines[index]}"
    return f"{path.name}: event {event.get('UID', '(no UID)')}"


# ---- events as written -----------------------------------------------------------------------


@dataclass(slots=True)
class _Triage:
    """What reading the events as written decided, before any recurrence is expanded."""

    readable: set[int] = field(default_factory=set)  # ids of events with a UID and DTSTART
    to_expand: set[str] = field(default_factory=set)  # UIDs with at least one event kept
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # UID -> filter -> count
    first_line: dict[str, str] = field(default_factory=dict)  # UID -> where it starts


def _triage(
    events: list[Component],
    where: dict[int, str],
    owners: frozenset[str],
    now: datetime,
    max_attendees: int,
    report: Report,
) -> _Triage:
    """Reject events that cannot be read and count each readable one under the first filter
    it fails. Occurrences are filtered again after expansion, since a changed occurrence
    may differ from its series; a series none of whose events passes is not expanded."""
    triage = _Triage()
    for event in events:
        problem = _unreadable(event)
        if problem:
            report.rejected.append(f"{where[id(event)]}: {problem}")
            continue
        uid = _uid(event)
        triage.readable.add(id(event))
        triage.first_line.setdefault(uid, where[id(event)])
        counts = triage.counts.setdefault(uid, Counter())
        meeting = _meeting(event)
        reason = _filtered(event, meeting, owners, max_attendees)
        if reason is None:
            # an RDATE may come before DTSTART: a future series is still expanded
            triage.to_expand.add(uid)
            if _utc(_when(event, "DTSTART")) >= now:
                reason = "not yet happened"
        if reason is not None:
            counts[reason] += 1
            continue
        counts.update(meeting.unusable)
        counts["declined"] += sum(a.declined for a in meeting.attendees if a.address not in owners)
    triage.counts = {uid: +counts for uid, counts in triage.counts.items()}  # no zero counts
    return triage


def _unreadable(event: Component) -> str | None:
    if not _uid(event):
        return "event without UID (needed to recognise it on re-import)"
    if "DTSTART" not in event:
        return f"event {event['UID']}: no DTSTART"
    if _when(event, "DTSTART") is None:
        value = getattr(event["DTSTART"], "to_ical", lambda: "?")()
        text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
        return f"event {event['UID']}: DTSTART {text!r} is not a date or time"
    return None


def _filtered(
    event: Component, meeting: _Meeting, owners: frozenset[str], max_attendees: int
) -> str | None:
    """The first filter this event (or occurrence) fails, None when it counts."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    owner_entries = [a for a in meeting.attendees if a.address in owners]
    organised = meeting.organizer is not None and meeting.organizer.address in owners
    if not organised and not owner_entries:
        return "not the owner's"
    if owner_entries and all(a.declined for a in owner_entries):
        return "declined by the owner"
    if len(meeting.attendees) > max_attendees:
        return "too many attendees"
    return None


def _meeting(event: Component) -> _Meeting:
    unusable: dict[str, int] = {}
    attendees: dict[str, _Attendee] = {}
    for value in _as_list(event.get("ATTENDEE")):
        if str(value.params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            unusable["room or resource"] = unusable.get("room or resource", 0) + 1
        elif (person := _person(value)) is None:
            unusable["no e-mail address"] = unusable.get("no e-mail address", 0) + 1
        else:
            attendees.setdefault(person.address, person)
    organizer = event.get("ORGANIZER")
    return _Meeting(_person(organizer) if organizer else None, list(attendees.values()), unusable)


def _person(value: Any) -> _Attendee | None:
    address = _address(str(value))
    if "@" not in address:
        return None
    name = str(value.params.get("CN", "")).strip() or None
    declined = str(value.params.get("PARTSTAT", "")).upper() == "DECLINED"
    return _Attendee(address, name, declined)


def _address(value: str) -> str:
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    return normalise_email(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _when(component: Component, name: str) -> date | None:
    """A date or date-time property's value (None when absent or not a date)."""
    value = getattr(component.get(name), "dt", None)
    return value if isinstance(value, date) else None


def _uid(event: Component) -> str:
    return str(event.get("UID", "")).strip()


def _line_number(problem: str) -> int:
    """Where a "file:line: reason" problem is, to list them in file order (others last)."""
    number = problem.split(":", 2)[1]
    return int(number) if number.isdigit() else 1 << 62


def _utc(value: date | None) -> datetime:
    """An occurrence start in UTC: all-day = 00:00 UTC that day, floating = read as UTC."""
    if value is None:  # readable events all have a DTSTART: checked before expansion
        raise ValueError("no start")
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# ---- occurrences -----------------------------------------------------------------------------


def _occurrences(
    calendar: Calendar, now: datetime, where: dict[int, str]
) -> tuple[list[Component], dict[str, str]]:
    """Every occurrence starting before ``now``, and the series that could not be expanded
    (UID -> why, e.g. a malformed RRULE): those are rejected alone, the others are kept."""
    # any library error: find the series at fault one by one below
    with contextlib.suppress(Exception):
        return list(recurring_ical_events.of(calendar).between(_EXPANSION_START, now)), {}
    series: dict[str, list[Component]] = {}
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            series.setdefault(_uid(component), []).append(component)
    others = [c for c in calendar.subcomponents if c.name != "VEVENT"]
    occurrences: list[Component] = []
    failed: dict[str, str] = {}
    for uid, events in series.items():
        alone = Calendar()
        alone.subcomponents = [*others, *events]
        try:
            occurrences += recurring_ical_events.of(alone).between(_EXPANSION_START, now)
        except Exception as error:  # whatever it is, only this series is lost
            failed[uid] = (
                f"{where[id(events[0])]}: event {uid}: cannot expand its recurrence ({error})"
            )
    return occurrences, failed


def _add_occurrences(
    occurrences: Iterable[Component],
    owners: frozenset[str],
    now: datetime,
    max_attendees: int,
    lines: dict[str, str],
    batch: SourceBatch,
) -> None:
    people: dict[str, SourcePerson] = {p.key: p for p in batch.people}
    keys = {i.key for i in batch.interactions}
    for occurrence in occurrences:
        at = _utc(_when(occurrence, "DTSTART"))
        meeting = _meeting(occurrence)
        if at >= now or _filtered(occurrence, meeting, owners, max_attendees) is not None:
            continue
        # the occurrence as its series names it: its start unless this one was moved
        slot = _utc(_when(occurrence, "RECURRENCE-ID") or _when(occurrence, "DTSTART"))
        owner_organised = meeting.organizer is None or meeting.organizer.address in owners
        for other in _others(meeting, owners):
            key = f"{occurrence['UID']}|{slot.isoformat()}|{other.address}"
            if key in keys:
                continue
            keys.add(key)
            actor, recipient = (OWNER, other.address) if owner_organised else (other.address, OWNER)
            batch.interactions.append(
                SourceInteraction(key, InteractionKind.MEETING, at, actor, recipient)
            )
            known = people.get(other.address)
            if known is None or (other.name and known.name == _local_part(other.address)):
                line = lines.get(str(occurrence["UID"]))
                people[other.address] = SourcePerson(
                    key=other.address, name=_name(other), email=other.address, line=line
                )
    batch.people = list(people.values())


def _others(meeting: _Meeting, owners: frozenset[str]) -> list[_Attendee]:
    """The people the owner met: attendees who did not decline, and the organizer."""
    listed = {a.address for a in meeting.attendees}
    others = [a for a in meeting.attendees if not a.declined and a.address not in owners]
    organizer = meeting.organizer
    if (
        organizer is not None
        and organizer.address not in owners
        and organizer.address not in listed
    ):
        others.append(organizer)
    return others


def _name(person: _Attendee) -> str:
    # Google writes the address itself as CN when it knows no name.
    if person.name and _address(person.name) != person.address:
        return person.name
    return _local_part(person.address)


def _local_part(address: str) -> str:
    return address.split("@", 1)[0]
