"""A LinkedIn data export ("Get a copy of your data") as a :class:`SourceBatch`.

``parse_linkedin(path)`` takes the unzipped export directory (``Connections.csv``, and
``messages.csv`` when the export has one) or a ``Connections.csv`` file itself (then no
messages are read).

**Connections.csv.** LinkedIn writes a ``Notes:`` preamble (a quoted paragraph and a blank
line) before the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected
On``; the header is found by its columns (exports before mid-2023 have no ``URL`` column and
are read too). Dates look like ``05 Mar 2019`` (``5-Mar-19`` once Excel has re-saved the
file, and ISO ``2019-03-05`` are accepted). Each row gives:

- a :class:`SourcePerson` keyed by, in order of preference:

  1. the profile URL normalised (:func:`profile_key`: percent-encoding undone, as newer
     exports encode non-ASCII slugs, then ``normalise_profile``): LinkedIn's own stable
     identity of a member, present on every row of a current export;
  2. else the e-mail address lower-cased: members choose whether to share it, but when
     shared it identifies them;
  3. else ``name:`` and the full name: the only thing left, and not unique, so two such
     rows with one name and different details are rejected rather than silently merged.

  ``name`` is First and Last Name; a member who withholds their name (URL only) is named by
  their profile URL. ``linkedin`` is the URL as given, ``email`` as given;
- a :class:`SourceCompany` per distinct company name (key ``name:`` + the name case-folded;
  the name as first written), which the person works at now, with ``title`` = Position;
- a :class:`SourceConnection` between :data:`OWNER` and the person, origin ``linkedin``,
  ``since`` = Connected On.

Rows LinkedIn writes for hidden or closed profiles (every field empty except the date) are
counted in ``report.skipped["hidden profile"]``; a row repeating an earlier one exactly in
``["duplicate row"]``. Rejected (``Connections.csv:N: reason``, N the physical line): a row
with no name and no profile URL, an unparseable date, a wrong number of fields, a second
row for one person with different details.

**messages.csv** is read by :mod:`loaders.sources._linkedin_messages` (see there for how the
owner's own profile is recognised). ``report.rows_read`` counts the data rows of both files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.access.model import normalise_email
from graph.model import ConnectionOrigin

from ._csvtable import Table, open_table
from ._linkedin_messages import profile_key, read_messages
from .records import OWNER, SourceBatch, SourceCompany, SourceConnection, SourceError, SourcePerson

CONNECTIONS = "Connections.csv"
MESSAGES = "messages.csv"
HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
#: Exports before mid-2023 have no URL column; a few very old ones no Email Address.
REQUIRED = ("First Name", "Last Name", "Company", "Position", "Connected On")
EXPECTED = f"a LinkedIn {CONNECTIONS} (header {','.join(HEADER)})"

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# "05 Mar 2019" as LinkedIn writes it; "5-Mar-19" as Excel re-saves it.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4}|\d{2})")


def parse_linkedin(path: Path) -> SourceBatch:
    """Read a LinkedIn export directory or its ``Connections.csv`` (see the module doc)."""
    path = Path(path)
    if path.is_dir():
        connections = _find(path, CONNECTIONS)
        if connections is None:
            raise SourceError(f"{path}: not a LinkedIn data export (no {CONNECTIONS} in it)")
        messages = _find(path, MESSAGES)
    elif path.exists():
        connections, messages = path, None
    else:
        raise SourceError(f"{path}: no such file or directory (expected a LinkedIn export)")
    batch = SourceBatch(source="linkedin")
    profiles = _read_connections(connections, batch)
    if messages is not None:
        read_messages(messages, batch, profiles)
    return batch


def _find(directory: Path, name: str) -> Path | None:
    # Exact name first; otherwise any case (a copy on a case-insensitive disk may differ).
    exact = directory / name
    if exact.is_file():
        return exact
    matches = sorted(p for p in directory.iterdir() if p.name.casefold() == name.casefold())
    return next((p for p in matches if p.is_file()), None)


def parse_connected_on(text: str) -> date | None:
    """``05 Mar 2019`` (also ``5-Mar-19`` and ``2019-03-05``); empty is None. Month names
    are matched in English whatever the process locale (``strptime``'s ``%b`` is not)."""
    text = text.strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match is None:
        return date.fromisoformat(text)
    day, month_name, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(f"unknown month {month_name!r}")
    # LinkedIn began in 2003: a two-digit year is always 20yy.
    return date(int(year) + (2000 if len(year) == 2 else 0), month, int(day))


@dataclass(slots=True)
class _Seen:
    """What the rows read so far defined, to merge repeats and spot conflicts."""

    people: dict[str, tuple[int, SourcePerson, date | None]] = field(default_factory=dict)
    companies: dict[str, SourceCompany] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)  # profile key -> person key


def _read_connections(path: Path, batch: SourceBatch) -> dict[str, str]:
    """Fill ``batch`` from Connections.csv; return each profile key's person key (what
    messages.csv names people by)."""
    seen = _Seen()
    with open_table(path, REQUIRED, EXPECTED) as table:
        columns = [table.index(column) for column in HEADER]
        for line, fields in table.rows:
            if not any(value.strip() for value in fields):
                continue  # a blank line (LinkedIn ends the preamble with one)
            batch.report.rows_read += 1
            problem = _read_row(table, columns, line, fields, batch, seen)
            if problem is not None:
                batch.report.rejected.append(f"{table.name}:{line}: {problem}")
    batch.report.notes.append(
        f"{table.name}: {len(batch.people)} connection(s), {len(batch.companies)} company(ies)"
    )
    return seen.profiles


def _read_row(
    table: Table,
    columns: list[int | None],
    line: int,
    fields: list[str],
    batch: SourceBatch,
    seen: _Seen,
) -> str | None:
    """Add one row's person, company and connection; return why it was rejected, if so.
    ``columns`` are the field indexes of :data:`HEADER`'s columns (None: not in the file)."""
    if len(fields) != table.width:
        return f"expected {table.width} fields, found {len(fields)}"

    first, last, url, email, company_name, position, connected_on = (
        fields[index].strip() if index is not None else "" for index in columns
    )
    name = " ".join(part for part in (first, last) if part)
    if not (name or url or email or company_name or position):
        batch.report.skipped["hidden profile"] += 1
        return None
    if not name and not url:
        return "no name and no profile URL"
    try:
        since = parse_connected_on(connected_on)
    except ValueError:
        return f"unparseable Connected On {connected_on!r} (expected e.g. 05 Mar 2019)"

    if url:
        key = profile_key(url)
    elif email:
        key = normalise_email(email)
    else:
        key = f"name:{name}"
    company_key = f"name:{company_name.casefold()}" if company_name else None
    person = SourcePerson(
        key=key,
        name=name or url,  # a profile with its name withheld is still someone to know
        email=email or None,
        linkedin=url or None,
        title=position or None,
        company=company_key,
        line=f"{table.name}:{line}",
    )
    earlier = seen.people.get(key)
    if earlier is not None:
        first_line, first_person, first_since = earlier
        if _same(first_person, person) and first_since == since:
            batch.report.skipped["duplicate row"] += 1
            return None
        return f"the same person as line {first_line} ({key}) with different details"
    seen.people[key] = (line, person, since)
    if url:
        seen.profiles[key] = key
    if company_key is not None and company_key not in seen.companies:
        company = SourceCompany(key=company_key, name=company_name, line=person.line)
        seen.companies[company_key] = company
        batch.companies.append(company)
    batch.people.append(person)
    batch.connections.append(
        SourceConnection(a=OWNER, b=key, since=since, origin=ConnectionOrigin.LINKEDIN)
    )
    return None


def _same(a: SourcePerson, b: SourcePerson) -> bool:
    """Equal apart from the line they came from."""
    return (a.name, a.email, a.linkedin, a.title, a.company) == (
        b.name,
        b.email,
        b.linkedin,
        b.title,
        b.company,
    )
