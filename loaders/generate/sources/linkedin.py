"""Write a LinkedIn ``Connections.csv`` of N rows as the data export writes it, and know what
parsing it must give.

A byte-order mark, the ``Notes:`` preamble and a blank line before the header, CRLF line
ends; unicode names, profile URLs (a few with percent-encoded non-ASCII slugs), e-mail
addresses for about a third of the connections (members choose whether to share them),
companies with commas and doubled quotes or none at all, dates like ``05 Mar 2019``. Also
what the parser skips: rows of hidden or closed profiles (every field empty but the date)
and rows repeated exactly.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from .counts import GeneratedCounts
from .names import full_name

PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    " connections to see or download their email address using this setting"
    " https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
TITLES = ["CTO", "Head of Sales, EMEA", "VP Engineering", "Buyer", 'Lead "Growth" Hacker', ""]
SUFFIXES = ["", ", Inc.", " Ltd", " GmbH", " & Co."]
FIRST_DAY = date(2012, 1, 1)


def write_connections(path: Path, n: int, *, seed: int = 0) -> GeneratedCounts:
    """Write ``n`` data rows to ``path`` (a ``Connections.csv``); return the expected counts."""
    rng = random.Random(seed)
    companies = [f"Corp {i}{rng.choice(SUFFIXES)}" for i in range(max(10, n // 20))]
    counts = GeneratedCounts(rows=n)
    written: list[list[str]] = []
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(PREAMBLE)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for index in range(n):
            roll = rng.random()
            if roll < 0.01:  # a hidden or closed profile
                row = ["", "", "", "", "", "", _day(rng)]
                counts.skipped["hidden profile"] += 1
            elif roll < 0.02 and written:
                row = rng.choice(written)
                counts.skipped["duplicate row"] += 1
            else:
                row = _connection(index, rng, companies)
                written.append(row)
            writer.writerow(row)
    counts.people = len(written)
    return counts


def _connection(index: int, rng: random.Random, companies: list[str]) -> list[str]:
    first, last = full_name(rng)
    slug = f"{first}-{last}-{index}".lower()
    url = f"https://www.linkedin.com/in/{quote(slug) if rng.random() < 0.5 else slug}"
    email = f"{first}.{index}@mail{index % 53}.example" if rng.random() < 0.33 else ""
    company = rng.choice(companies) if rng.random() < 0.93 else ""
    return [first, last, url, email, company, rng.choice(TITLES), _day(rng)]


def _day(rng: random.Random) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(4000))).strftime("%d %b %Y")
