"""Write an N-event iCalendar file shaped like a rep's calendar export, and know what parsing
it must give.

CRLF line ends, lines folded at 75 characters, a VTIMEZONE with TZID'd start times next to
UTC ones, escaped text, unicode and quoted names. Most events are meetings the owner
organised (one to three contacts, some of whom declined, sometimes a room) or was invited to
by a contact; a tenth are weekly series of four (RRULE); the rest are what the importer
filters: cancelled events, big meetings (more than 10 attendees), other people's events
and events that have not happened yet. Written event by event, so a large file never sits in
memory.

Event ``i`` starts ``i`` hours after ``start`` (a series repeats weekly for three more
weeks); the "not yet happened" ones start in 2099. So the expected counts hold for any
``now`` from :func:`happened_by` to 2099.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from .counts import GeneratedCounts
from .names import LAST, full_name

START = datetime(2024, 1, 1, tzinfo=UTC)
FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
KINDS = [  # (kind, weight); the filtered kinds are the parser's filter names
    ("organised", 60),
    ("invited", 17),
    ("series", 10),
    ("cancelled", 4),
    ("too many attendees", 3),
    ("not the owner's", 3),
    ("not yet happened", 3),
]
#: Europe/Paris as Outlook and Google export it
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def happened_by(n: int, start: datetime = START) -> datetime:
    """A moment by which every event of an ``n``-event calendar but the future ones began."""
    return start + timedelta(hours=n, weeks=4)


def write_ics(
    path: Path, n: int, *, owner: str, seed: int = 0, start: datetime = START
) -> GeneratedCounts:
    """Write ``n`` events to ``path`` for the owner ``owner``; return the expected counts."""
    rng = random.Random(seed)
    contacts = [(_name(rng), f"c{i}@corp{i % 97}.example") for i in range(max(50, n // 20))]
    counts = GeneratedCounts(rows=n)
    met: set[str] = set()
    kinds, weights = zip(*KINDS, strict=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        _lines(out, ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//warmgraph//generated//EN"])
        _lines(out, VTIMEZONE)
        for index in range(n):
            kind = rng.choices(kinds, weights)[0]
            at = FUTURE if kind == "not yet happened" else start + timedelta(hours=index)
            event = [
                "BEGIN:VEVENT",
                f"UID:gen-{index}-{seed}@calendar.example",
                f"SUMMARY:Meeting {index}\\, {rng.choice(LAST)}\\; agenda",
                _start(at, rng),
                *_people(kind, rng, contacts, owner, counts, met),
            ]
            if kind == "series":
                event.append("RRULE:FREQ=WEEKLY;COUNT=4")
            if kind == "cancelled":
                event.append("STATUS:CANCELLED")
            if kind not in ("organised", "invited", "series"):
                counts.skipped[kind] += 1
            _lines(out, [*event, "END:VEVENT"])
        _lines(out, ["END:VCALENDAR"])
    counts.people = len(met)
    return counts


def _name(rng: random.Random) -> str:
    first, last = full_name(rng)
    return f'"{last}, {first}"' if rng.random() < 0.2 else f"{first} {last}"


def _start(at: datetime, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"DTSTART:{at.strftime('%Y%m%dT%H%M%SZ')}"
    local = at.astimezone(PARIS)
    return f"DTSTART;TZID=Europe/Paris:{local.strftime('%Y%m%dT%H%M%S')}"


def _people(
    kind: str,
    rng: random.Random,
    contacts: list[tuple[str, str]],
    owner: str,
    counts: GeneratedCounts,
    met: set[str],
) -> list[str]:
    """ORGANIZER and ATTENDEE lines for an event of this kind; counts what they give."""
    if kind == "too many attendees":
        guests = rng.sample(contacts, 12)
        return [f"ORGANIZER:mailto:{owner}", *(_attendee(c, "ACCEPTED") for c in guests)]
    if kind == "not the owner's":
        host, guest = rng.sample(contacts, 2)
        return [f"ORGANIZER;CN={host[0]}:mailto:{host[1]}", _attendee(guest, "ACCEPTED")]
    if kind == "invited":  # a contact invited the owner and one colleague
        host, colleague = rng.sample(contacts, 2)
        counts.interactions += 2
        met.update((host[1], colleague[1]))
        return [
            f"ORGANIZER;CN={host[0]}:mailto:{host[1]}",
            _attendee(host, "ACCEPTED"),
            f"ATTENDEE;CN=Rep;PARTSTAT=ACCEPTED:mailto:{owner.upper()}",
            _attendee(colleague, "NEEDS-ACTION"),
        ]
    guests = rng.sample(contacts, rng.randint(1, 3))
    lines = [f"ORGANIZER;CN=Rep:mailto:{owner}"]
    if kind == "series":  # everyone came to each of the four
        counts.interactions += 4 * len(guests)
        met.update(address for _, address in guests)
        return [*lines, *(_attendee(c, "ACCEPTED") for c in guests)]
    for contact in guests:
        declined = rng.random() < 0.1
        lines.append(_attendee(contact, "DECLINED" if declined else "ACCEPTED"))
        if kind != "organised":
            continue
        if declined:
            counts.skipped["declined"] += 1
        else:
            counts.interactions += 1
            met.add(contact[1])
    if kind == "organised" and rng.random() < 0.1:
        lines.append("ATTENDEE;CUTYPE=ROOM;CN=Room 4;PARTSTAT=ACCEPTED:mailto:room4@rooms.example")
        counts.skipped["room or resource"] += 1
    return lines


def _attendee(contact: tuple[str, str], status: str) -> str:
    name, address = contact
    return f"ATTENDEE;CN={name};ROLE=REQ-PARTICIPANT;PARTSTAT={status};RSVP=TRUE:mailto:{address}"


def _lines(out: TextIO, lines: list[str]) -> None:
    """Write content lines as exporters do: CRLF, folded at 75 characters (RFC 5545 3.1)."""
    for line in lines:
        width = 75
        while len(line) > width:
            out.write(line[:width] + "\r\n ")
            line, width = line[width:], 74  # the leading space counts
        out.write(line + "\r\n")
