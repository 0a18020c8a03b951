"""The mbox importer on a mailbox written with the quirks real exports have: RFC 2047 names
(UTF-8 and ISO-8859-1), raw UTF-8 names, folded headers, CRLF, ``>From`` escaping and an
unescaped ``From`` in a body, dates with offsets and ``(PDT)`` comments, duplicate
Message-IDs, every noise kind, and messages without or with a broken Date."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.model import InteractionKind
from loaders.generate.sources import GeneratedCounts, write_mbox
from loaders.sources import OWNER, SourceBatch, SourceError
from loaders.sources.mbox import MailFilters, parse_mbox

# The owner's addresses as the caller passes them: case differs from the headers on purpose.
OWNERS = ["Rep@Example.com", "rep.alias@EXAMPLE.org"]

JOERG = "=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?="  # "Jörg Müller", base64
FRANCOISE = "=?ISO-8859-1?Q?Fran=E7oise_Dupr=E9?="  # "Françoise Dupré", Latin-1 Q

MESSAGES: list[tuple[str, str]] = [
    # (label, the message without its separator line; "\n" line ends)
    (
        "sent",  # owner -> Jörg and Françoise; folded To; -0700 (PDT); body quirks
        f"""From: Rep Owner <rep@example.com>
To: {JOERG} <joerg@example.de>,
\t"Smith, Ann" <ann@example.com>
Cc: {FRANCOISE} <FRANCOISE@example.fr>, rep@example.com
Date: Mon, 4 Mar 2024 09:15:00 -0700 (PDT)
Message-ID: <m1@example.com>
Subject: Intro

Hi all,
>From the desk of the owner: this line was escaped by the writer.
From here on, a line an mboxo writer forgot to escape (not after a blank line).
""",
    ),
    (
        "received",  # Bob -> owner (upper-case address), Erin only in Cc
        """From: Bob Stone <bob@acme.io>
To: REP@EXAMPLE.COM
Cc: Erin Cc <erin@acme.io>
Date: Tue, 05 Mar 2024 18:00:00 +0200
Message-ID: <m2@acme.io>
Subject: Re: Intro

Thanks!
""",
    ),
    (
        "duplicate",  # the same message again (Gmail Takeout: one copy per label)
        """From: Bob Stone <bob@acme.io>
To: rep@example.com
Date: Tue, 05 Mar 2024 18:00:00 +0200
Message-ID: <m2@acme.io>
Subject: Re: Intro

Thanks!
""",
    ),
    (
        "list-id",
        """From: Some List <list@lists.example.com>
To: rep@example.com
List-Id: <news.lists.example.com>
Date: Wed, 6 Mar 2024 10:00:00 +0000
Message-ID: <l1@lists.example.com>

News.
""",
    ),
    (
        "list-unsubscribe",
        """From: Shop <deals@shop.example>
To: rep@example.com
List-Unsubscribe: <mailto:unsub@shop.example>
Date: Wed, 6 Mar 2024 10:01:00 +0000
Message-ID: <l2@shop.example>

Sale.
""",
    ),
    (
        "precedence",
        """From: Marketing <hello@vendor.example>
To: rep@example.com
Precedence: Bulk
Date: Wed, 6 Mar 2024 10:02:00 +0000
Message-ID: <l3@vendor.example>

Offer.
""",
    ),
    (
        "auto-submitted",
        """From: Out Of Office <oof@partner.example>
To: rep@example.com
Auto-Submitted: auto-replied; owner-email="oof@partner.example"
Date: Wed, 6 Mar 2024 11:00:00 +0000
Message-ID: <a1@partner.example>

I am away.
""",
    ),
    (
        "noreply",
        """From: Service <No-Reply@service.example>
To: rep@example.com
Auto-Submitted: no
Date: Wed, 6 Mar 2024 11:05:00 +0000
Message-ID: <a2@service.example>

Your receipt.
""",
    ),
    (
        "mailer-daemon",
        """From: MAILER-DAEMON@mx.example
To: rep@example.com
Date: Wed, 6 Mar 2024 11:06:00 +0000
Message-ID: <a3@mx.example>

Delivery failed.
""",
    ),
    (
        "too-many",
        "From: rep@example.com\nTo: "
        + ", ".join(f"p{i}@crowd.example" for i in range(11))
        + """
Date: Thu, 7 Mar 2024 12:00:00 +0000
Message-ID: <t1@example.com>

All hands.
""",
    ),
    (
        "to-oneself",
        """From: rep@example.com
To: Rep <REP.ALIAS@example.org>
Cc: rep@example.com
Date: Thu, 7 Mar 2024 12:30:00 +0000
Message-ID: <s1@example.com>

Note to self.
""",
    ),
    (
        "not-owners",  # forwarded into the mailbox; the owner is neither side
        """From: Alice <alice@other.example>
To: Carol <carol@other.example>
Date: Thu, 7 Mar 2024 13:00:00 +0000
Message-ID: <n1@other.example>

Not for the owner.
""",
    ),
    (
        "no-date",
        """From: Dan <dan@acme.io>
To: rep@example.com
Message-ID: <d1@acme.io>

No date.
""",
    ),
    (
        "bad-date",
        """From: Dan <dan@acme.io>
To: rep@example.com
Date: sometime last week
Message-ID: <d2@acme.io>

Bad date.
""",
    ),
    (
        "no-message-id",  # raw UTF-8 name (RFC 6532), no Message-ID, no display name's case
        """From: Zoë Ålund <zoe@nordic.example>
To: rep@example.com
Date: Fri, 8 Mar 2024 08:00:00 +0100
Subject: Lunch?

Lunch?
""",
    ),
    (
        "bob-again",  # Bob under another name once: the name seen most often wins
        """From: Robert Stone <bob@acme.io>
To: rep@example.com
Date: Fri, 8 Mar 2024 09:00:00 +0000
Message-ID: <m3@acme.io>

Again.
""",
    ),
    (
        "bob-reply",
        """From: rep@example.com
To: "Bob Stone" <bob@acme.io>, plain@nameless.example
Date: Fri, 8 Mar 2024 09:30:00 +0000
Message-ID: <m4@example.com>

Reply.
""",
    ),
]


def write_quirky_mbox(path: Path, newline: str = "\n") -> dict[str, int]:
    """Write MESSAGES as an mbox (Gmail-style separators) and return each message's
    separator line number by label."""
    lines: list[str] = []
    where: dict[str, int] = {}
    for label, message in MESSAGES:
        where[label] = len(lines) + 1
        lines.append("From 1781234567890123456@xxx Mon Mar 04 16:15:00 +0000 2024")
        lines.extend(message.rstrip("\n").split("\n"))
        lines.append("")  # the empty line before the next separator
    path.write_bytes(newline.join(lines).encode("utf-8") + newline.encode())
    return where


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(params=["\n", "\r\n"], ids=["LF", "CRLF"])
def parsed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[SourceBatch, dict[str, int]]:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    where = write_quirky_mbox(path, request.param)
    return parse_mbox(path, OWNERS), where


def test_interactions_with_the_owner_one_per_recipient(
    parsed: tuple[SourceBatch, dict[str, int]],
) -> None:
    batch, _ = parsed
    assert batch.source == "mbox"
    got = {(i.key, i.actor, i.recipient, i.at) for i in batch.interactions}
    assert got == {
        # sent: one per non-owner To/Cc recipient, none to the owner's own Cc; PDT -> UTC
        ("m1@example.com|joerg@example.de", OWNER, "joerg@example.de", at("2024-03-04T16:15")),
        ("m1@example.com|ann@example.com", OWNER, "ann@example.com", at("2024-03-04T16:15")),
        (
            "m1@example.com|francoise@example.fr",
            OWNER,
            "francoise@example.fr",
            at("2024-03-04T16:15"),
        ),
        # received: the sender to the owner only (Erin is not linked), +0200 -> UTC
        ("m2@acme.io|rep@example.com", "bob@acme.io", OWNER, at("2024-03-05T16:00")),
        # no Message-ID: keyed by date, sender and a hash of the subject
        (
            next(i.key for i in batch.interactions if i.actor == "zoe@nordic.example"),
            "zoe@nordic.example",
            OWNER,
            at("2024-03-08T07:00"),
        ),
        ("m3@acme.io|rep@example.com", "bob@acme.io", OWNER, at("2024-03-08T09:00")),
        ("m4@example.com|bob@acme.io", OWNER, "bob@acme.io", at("2024-03-08T09:30")),
        (
            "m4@example.com|plain@nameless.example",
            OWNER,
            "plain@nameless.example",
            at("2024-03-08T09:30"),
        ),
    }
    assert all(i.kind is InteractionKind.EMAIL for i in batch.interactions)
    assert all(i.at.tzinfo is UTC for i in batch.interactions)
    zoe_key = next(i.key for i in batch.interactions if i.actor == "zoe@nordic.example")
    assert zoe_key.startswith("2024-03-08T07:00:00+00:00|zoe@nordic.example|")
    assert zoe_key.endswith("|rep@example.com")


def test_people_decoded_names_and_only_from_kept_messages(
    parsed: tuple[SourceBatch, dict[str, int]],
) -> None:
    batch, where = parsed
    people = {p.key: (p.name, p.email) for p in batch.people}
    assert people == {
        "joerg@example.de": ("Jörg Müller", "joerg@example.de"),  # UTF-8 base64
        "francoise@example.fr": ("Françoise Dupré", "francoise@example.fr"),  # Latin-1 Q
        "ann@example.com": ("Smith, Ann", "ann@example.com"),  # a comma in a name is not a split
        "bob@acme.io": ("Bob Stone", "bob@acme.io"),  # 2x "Bob Stone" over 1x "Robert"
        "zoe@nordic.example": ("Zoë Ålund", "zoe@nordic.example"),  # raw UTF-8 header
        "plain@nameless.example": ("plain", "plain@nameless.example"),  # no name: local part
    }
    # Nobody from filtered mail, nobody who was only Cc'd on mail the owner received, and
    # never the owner under any of their addresses.
    for absent in ["erin@acme.io", "list@lists.example.com", "oof@partner.example"]:
        assert absent not in people
    assert not any(k.startswith("p") and k.endswith("@crowd.example") for k in people)
    assert {"alice@other.example", "carol@other.example", "dan@acme.io"}.isdisjoint(people)
    assert {"rep@example.com", "rep.alias@example.org"}.isdisjoint(people)
    lines = {p.key: p.line for p in batch.people}
    assert lines["bob@acme.io"] == f"All mail Including Spam and Trash.mbox:{where['received']}"


def test_every_filter_counted_and_bad_dates_rejected_with_their_line(
    parsed: tuple[SourceBatch, dict[str, int]],
) -> None:
    batch, where = parsed
    report = batch.report
    assert report.rows_read == len(MESSAGES)  # the body's From lines started no message
    assert report.skipped == Counter(
        {
            "list mail": 3,
            "automated sender": 3,
            "duplicate message": 1,
            "too many recipients": 1,
            "to oneself": 1,
            "not the owner's": 1,
        }
    )
    name = "All mail Including Spam and Trash.mbox"
    assert report.rejected == [
        f"{name}:{where['no-date']}: no Date header",
        f"{name}:{where['bad-date']}: invalid Date 'sometime last week'",
    ]


def test_filters_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    write_quirky_mbox(path)
    loose = MailFilters(list_mail=False, automated_senders=False, max_recipients=None)
    batch = parse_mbox(path, OWNERS, filters=loose)
    assert batch.report.skipped == Counter(
        {"duplicate message": 1, "to oneself": 1, "not the owner's": 1}
    )
    people = {p.key for p in batch.people}
    assert {"list@lists.example.com", "no-reply@service.example", "p10@crowd.example"} <= people
    # a custom set of automated local parts replaces the default one
    custom = MailFilters(automated_local_parts=frozenset({"bob"}))
    skipped = parse_mbox(path, OWNERS, filters=custom).report.skipped
    assert skipped["automated sender"] == 1 + 3  # Auto-Submitted, and Bob's three messages


def test_owner_addresses_match_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    write_quirky_mbox(path)
    upper = parse_mbox(path, ["  REP@EXAMPLE.COM ", "Rep.Alias@Example.Org"])
    lower = parse_mbox(path, OWNERS)
    assert upper.interactions == lower.interactions
    # With only the alias, rep@example.com is someone else: its mail is not the owner's,
    # and its note to the alias is an e-mail to the owner.
    alias_only = parse_mbox(path, ["rep.alias@example.org"])
    assert [(i.actor, i.recipient) for i in alias_only.interactions] == [("rep@example.com", OWNER)]
    assert alias_only.report.skipped["not the owner's"] == 6  # 5 with rep@, Alice's


def test_reimporting_the_same_messages_gives_the_same_keys(tmp_path: Path) -> None:
    """Inbox and a second export of the same mail: equal keys, so the store counts once."""
    first, second = tmp_path / "a.mbox", tmp_path / "b.mbox"
    write_quirky_mbox(first)
    write_quirky_mbox(second, "\r\n")
    keys = [{i.key for i in parse_mbox(p, OWNERS).interactions} for p in (first, second)]
    assert keys[0] == keys[1]
    assert len(keys[0]) == 8


@pytest.mark.parametrize(
    "content",
    [
        b"Name,Email\nBob,bob@acme.io\n",  # a CSV
        b"\n\nReturn-Path: <x@y>\nFrom: x@y\n\nbody\n",  # an .eml, not an mbox
        b"",  # empty
    ],
    ids=["csv", "eml", "empty"],
)
def test_a_file_that_is_not_an_mbox_is_an_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=r"Connections\.csv.*mbox") as error:
        parse_mbox(path, OWNERS)
    assert "\n" not in str(error.value)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nowhere\.mbox"):
        parse_mbox(tmp_path / "nowhere.mbox", OWNERS)


def test_leading_blank_lines_and_a_message_without_body(tmp_path: Path) -> None:
    path = tmp_path / "odd.mbox"
    path.write_bytes(
        b"\n\nFrom - Tue Mar 12 10:00:00 2024\n"  # Thunderbird's separator
        b"From: rep@example.com\nTo: Kim <kim@x.example>\nDate: Tue, 12 Mar 2024 10:00:00 GMT\n"
        b"Message-ID: <k1@x>\n"
        b"From - Tue Mar 12 10:05:00 2024\n"  # next message right after the headers
        b"From: Kim <kim@x.example>\nTo: rep@example.com\nDate: 12 Mar 2024 10:05 -0000\n"
        b"Message-ID: <k2@x>\n\nok\n"
    )
    batch = parse_mbox(path, OWNERS)
    assert batch.report.rows_read == 2
    assert [(i.actor, i.recipient, i.at) for i in batch.interactions] == [
        (OWNER, "kim@x.example", at("2024-03-12T10:00")),
        ("kim@x.example", OWNER, at("2024-03-12T10:05")),
    ]


def test_malformed_messages_are_rejected_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "bad.mbox"
    path.write_bytes(
        b"From x Mon Jan  1 00:00:00 2024\n"
        b"From: a@x.example\nTo: rep@example.com\nDate: Thu, 31 Feb 2024 10:00:00 +0000\n\n"
        b"From x Mon Jan  1 00:00:00 2024\n"
        b"From: a@x.example\nTo: rep@example.com\nDate: Mon, 1 Jan 1800 00:00:00 +0000\n\n"
        b"From x Mon Jan  1 00:00:00 2024\n"
        b"From: undisclosed-recipients:;\nTo: rep@example.com\nDate: 1 Jan 2024 10:00 Z\n\n"
        b"From x Mon Jan  1 00:00:00 2024\n"
        b"From: a@x.example\nTo: undisclosed-recipients:;\nDate: 1 Jan 2024 10:00 +0000\n"
    )
    batch = parse_mbox(path, OWNERS)
    assert batch.report.rejected == [
        "bad.mbox:1: invalid Date 'Thu, 31 Feb 2024 10:00:00 +0000'",
        "bad.mbox:6: Date out of range 'Mon, 1 Jan 1800 00:00:00 +0000'",
        "bad.mbox:11: no sender address in From",
    ]
    assert batch.report.skipped == Counter({"no recipients": 1})  # Bcc only
    assert not batch.interactions
    assert not batch.people


def test_generated_mailbox_counts(tmp_path: Path) -> None:
    path = tmp_path / "gen.mbox"
    expected = write_mbox(path, 2_000, owner="rep@example.com", seed=7)
    batch = parse_mbox(path, ["rep@example.com"])
    check_generated(batch, expected)


def check_generated(batch: SourceBatch, expected: GeneratedCounts) -> None:
    report = batch.report
    assert report.rows_read == expected.rows
    assert not report.rejected
    assert dict(report.skipped) == {k: v for k, v in expected.skipped.items() if v}
    assert len(batch.interactions) == expected.interactions
    assert len({i.key for i in batch.interactions}) == expected.interactions


@pytest.mark.slow
def test_a_100k_message_mailbox(tmp_path: Path) -> None:
    """Throughput on a generated 100,000-message mailbox (printed, not asserted)."""
    path = tmp_path / "big.mbox"
    expected = write_mbox(path, 100_000, owner="rep@example.com", seed=1)
    started = time.perf_counter()
    batch = parse_mbox(path, ["rep@example.com"])
    seconds = time.perf_counter() - started
    check_generated(batch, expected)
    size_mb = path.stat().st_size / 1e6
    print(f"\nmbox: 100,000 messages ({size_mb:.0f} MB) in {seconds:.1f}s = {1e5 / seconds:,.0f}/s")
