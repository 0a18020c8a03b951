"""Read a mailbox in mbox format (Gmail Takeout, Thunderbird, Apple Mail) into e-mail
interactions between the rep whose mailbox it is (:data:`OWNER`) and the people they wrote
to or heard from.

Only headers are read (From, To, Cc, Date, Message-ID, Subject, List-Id, List-Unsubscribe,
Precedence, Auto-Submitted); bodies are skipped without being parsed. The file is memory-
mapped and scanned for message separators, so a multi-GB mailbox is streamed, never loaded.

**Separators.** A message starts at a line beginning ``From `` that is the first line of the
file, follows an empty line, or looks like a real separator (``From <sender> <asctime date>``).
A body line ``From here on...`` that a writer forgot to escape as ``>From`` (mboxo) is
therefore part of the body, not a new message.

**Each message**, in this order:

1. noise filters (:class:`MailFilters`), counted in ``report.skipped`` under their names:
   ``"list mail"``, ``"automated sender"`` - noise never causes a rejection;
2. rejected as ``file:line: reason`` (line = its ``From`` separator) when it has no sender
   address or no valid ``Date`` (RFC 2822, offsets and ``(PDT)`` comments allowed;
   ``-0000`` and no offset mean UTC; within the store's 1900..2199 range);
3. skipped as ``"duplicate message"`` when its Message-ID was already seen in this file;
4. skipped as ``"no recipients"`` (To/Cc empty, e.g. Bcc only), ``"too many recipients"``,
   ``"to oneself"`` (every party is the owner) or ``"not the owner's"`` (neither the sender
   nor a recipient is the owner);
5. otherwise one EMAIL :class:`SourceInteraction` per (sender, recipient) pair with the owner
   on exactly one side: the owner to each other To/Cc recipient when the owner sent it, or
   the sender to the owner when the owner received it. Other recipients of mail the owner
   received are not linked to anyone (the owner did not write to them).

**Keys.** An interaction's key is ``message-id|recipient address`` (Message-ID without its
angle brackets; the address normalised), so importing the same message twice, from the same
or another file, gives the same keys. A message without a Message-ID is keyed by
``date|sender|subject-hash`` instead (UTC ISO date, normalised sender address, first 16 hex
digits of the SHA-256 of the subject), which is stable across exports of the same mailbox.

**People.** One :class:`SourcePerson` per non-owner address that is a party of an
interaction, keyed by the normalised address; its name is the display name seen most often
for that address in kept messages (first seen wins a tie; names that are themselves an
address are ignored), else the address's local part. Addresses that only appear in
filtered messages, or only as other recipients of received mail, create no person.
"""

from __future__ import annotations

import hashlib
import mmap
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from graph.access import normalise_email
from graph.model import InteractionKind
from graph.validation import EARLIEST_TIME, LATEST_TIME

from .records import OWNER, SourceBatch, SourceError, SourceInteraction, SourcePerson

#: ``From`` local parts that mark a machine sender (compared lower-cased, ``+tag`` ignored).
AUTOMATED_LOCAL_PARTS = frozenset(
    {"no-reply", "noreply", "do-not-reply", "donotreply", "mailer-daemon", "postmaster"}
)

#: ``Precedence`` values that mark bulk and list mail (compared lower-cased).
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})


@dataclass(frozen=True, slots=True)
class MailFilters:
    """Which messages are noise. Each filter counts in ``report.skipped`` under its name.

    ``"to oneself"`` and ``"not the owner's"`` are not switches: an interaction needs the
    owner on one side and someone else on the other, so those messages can give none.
    """

    #: ``"list mail"``: a ``List-Id`` or ``List-Unsubscribe`` header, or ``Precedence``
    #: bulk, list or junk (newsletters, mailing lists, marketing).
    list_mail: bool = True
    #: ``"automated sender"``: ``Auto-Submitted`` other than ``no`` (auto-replies,
    #: notifications), or a ``From`` local part in ``automated_local_parts``.
    automated_senders: bool = True
    automated_local_parts: frozenset[str] = field(default=AUTOMATED_LOCAL_PARTS)
    #: ``"too many recipients"``: more distinct To+Cc addresses than this (announcements,
    #: all-hands); None keeps every message.
    max_recipients: int | None = 10


def parse_mbox(
    path: Path, owner_emails: Collection[str], *, filters: MailFilters = MailFilters()
) -> SourceBatch:
    """Read ``path`` (an mbox file) as the mailbox of the owner, whose addresses are
    ``owner_emails`` (matched case-insensitively). See the module docstring for the rules."""
    owners = frozenset(normalise_email(e) for e in owner_emails)
    batch = SourceBatch(source="mbox")
    report = batch.report
    seen_messages: set[str] = set()
    names: dict[str, Counter[str]] = {}  # address -> display names in kept messages
    first_line: dict[str, str] = {}  # address -> "file:line" of its first interaction

    for line_no, headers in _messages(path):
        report.rows_read += 1
        where = f"{path.name}:{line_no}"
        senders = _addresses(headers, "From")
        noise = _noise(headers, senders, filters)
        if noise:
            report.skipped[noise] += 1
            continue
        if not senders:
            report.rejected.append(f"{where}: no sender address in From")
            continue
        sender, sender_name = senders[0]
        at = _date(headers)
        if isinstance(at, str):
            report.rejected.append(f"{where}: {at}")
            continue
        message_key = _message_key(headers, at, sender)
        if message_key in seen_messages:
            report.skipped["duplicate message"] += 1
            continue
        seen_messages.add(message_key)

        recipients = _addresses(headers, "To", "Cc")
        outcome = _owner_outcome(sender, recipients, owners, filters)
        if outcome:
            report.skipped[outcome] += 1
            continue

        if sender in owners:  # the owner wrote to each other recipient
            parties = [address for address, _ in recipients if address not in owners]
            for address in parties:
                _add(batch, f"{message_key}|{address}", at, OWNER, address)
        else:  # the owner heard from the sender (once, whichever owner addresses it names)
            parties = [sender]
            owner_address = next(address for address, _ in recipients if address in owners)
            _add(batch, f"{message_key}|{owner_address}", at, sender, OWNER)
        for address in parties:
            first_line.setdefault(address, where)
        for address, name in [(sender, sender_name), *recipients]:
            if address not in owners and name and "@" not in name:
                names.setdefault(address, Counter())[name] += 1

    for address, line in first_line.items():
        seen = names.get(address)
        name = seen.most_common(1)[0][0] if seen else address.split("@", 1)[0]
        batch.people.append(SourcePerson(key=address, name=name, email=address, line=line))
    return batch


def _add(batch: SourceBatch, key: str, at: datetime, actor: str, recipient: str) -> None:
    batch.interactions.append(
        SourceInteraction(
            key=key, kind=InteractionKind.EMAIL, at=at, actor=actor, recipient=recipient
        )
    )


def _noise(headers: Message, senders: list[tuple[str, str]], filters: MailFilters) -> str | None:
    """The name of the noise filter this message falls under, if any."""
    if filters.list_mail and (
        "List-Id" in headers
        or "List-Unsubscribe" in headers
        or _text(headers, "Precedence").lower() in BULK_PRECEDENCE
    ):
        return "list mail"
    if filters.automated_senders:
        auto = _text(headers, "Auto-Submitted").split(";", 1)[0].strip().lower()
        if auto and auto != "no":
            return "automated sender"
        for address, _ in senders:
            local = address.split("@", 1)[0].split("+", 1)[0]
            if local in filters.automated_local_parts:
                return "automated sender"
    return None


def _owner_outcome(
    sender: str,
    recipients: list[tuple[str, str]],
    owners: frozenset[str],
    filters: MailFilters,
) -> str | None:
    """Why a well-formed, non-noise message gives no interaction, if it gives none."""
    if not recipients:
        return "no recipients"
    if filters.max_recipients is not None and len(recipients) > filters.max_recipients:
        return "too many recipients"
    owner_recipients = sum(1 for address, _ in recipients if address in owners)
    if sender in owners:
        return "to oneself" if owner_recipients == len(recipients) else None
    return None if owner_recipients else "not the owner's"


def _text(headers: Message, name: str) -> str:
    """A header's value, unfolded and trimmed; empty when absent."""
    value = headers.get(name)
    return _unfold(value) if value is not None else ""


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value).strip()


def _addresses(headers: Message, *names: str) -> list[tuple[str, str]]:
    """Distinct (normalised address, decoded display name) pairs of these address headers,
    in order. Addresses are split from the raw header *before* RFC 2047 names are decoded,
    so a decoded name with a comma (``Smith, Bob``) cannot split one address into two."""
    found: dict[str, str] = {}
    for name in names:
        for value in headers.get_all(name, []):
            for address, display_name in _address_header(value):
                found.setdefault(address, display_name)
    return list(found.items())


@lru_cache(maxsize=16_384)
def _address_header(value: str) -> tuple[tuple[str, str], ...]:
    """One address header's (normalised address, decoded name) pairs. Cached: the same
    header value (the owner's own address in To, a colleague's From) recurs all mailbox
    long, and parsing addresses is most of the parser's time."""
    pairs = getaddresses([_unfold(value)])
    return tuple(
        (normalise_email(address), _decode(name)) for name, address in pairs if "@" in address
    )


def _decode(raw: str) -> str:
    """A display name with RFC 2047 encoded words decoded, whitespace collapsed."""
    if "=?" not in raw:
        return " ".join(raw.split())
    try:
        decoded = str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError):  # unknown charset, bad encoding
        decoded = raw
    return " ".join(decoded.split())


def _date(headers: Message) -> datetime | str:
    """The message's Date in UTC, or the reason it has none."""
    raw = _text(headers, "Date")
    if not raw:
        return "no Date header"
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return f"invalid Date {raw!r}"
    # "-0000" or no zone: RFC 5322 says UTC
    in_utc = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if not EARLIEST_TIME <= in_utc <= LATEST_TIME:  # what the store accepts; say where here
        return f"Date out of range {raw!r}"
    return in_utc


def _message_key(headers: Message, at: datetime, sender: str) -> str:
    """Message-ID without angle brackets, else date|sender|subject-hash (stable across
    exports of the same mailbox)."""
    message_id = _text(headers, "Message-ID").strip("<> \t")
    if message_id:
        return message_id
    subject = _text(headers, "Subject")
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{at.isoformat()}|{sender}|{digest}"


# -- the mbox scanner ------------------------------------------------------------------

#: What a real separator line looks like after ``From ``: a sender (or ``-``, as Thunderbird
#: writes) and an asctime date, optionally with a zone before the year (Gmail writes
#: ``+0000``): ``MAILER-DAEMON Fri Jul  8 12:08:34 2011``.
_SEPARATOR = re.compile(
    rb"From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d{1,2}:\d{2}(:\d{2})? +"
    rb"([+-]\d{4} +|[A-Z]{3,4} +)?\d{4}\s*$"
)

_HEADER_PARSER = HeaderParser(policy=compat32)


def _messages(path: Path) -> Iterator[tuple[int, Message]]:
    """Each message's separator line number (1-based) and parsed headers, in file order."""
    try:
        with path.open("rb") as file:
            if path.stat().st_size == 0:
                raise SourceError(f"{path}: empty file, expected an mbox mailbox")
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
                yield from _scan(path, data)
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from error


def _scan(path: Path, data: mmap.mmap) -> Iterator[tuple[int, Message]]:
    size = len(data)
    start = 0
    while start < size and data[start : start + 1] in (b"\n", b"\r", b" ", b"\t"):
        start += 1
    if data[start : start + 5] != b"From ":
        raise SourceError(
            f"{path}: not an mbox mailbox (expected the first line to start with 'From ')"
        )
    line_no = 1 + data[:start].count(b"\n")
    while start < size:
        header_start = data.find(b"\n", start)
        header_start = size if header_start < 0 else header_start + 1
        end = _next_separator(data, header_start)
        blank = [
            p
            for p in (
                data.find(b"\n\n", header_start - 1, end),
                data.find(b"\n\r\n", header_start - 1, end),
            )
            if p >= 0
        ]
        header_end = min(blank) + 1 if blank else end
        block = data[header_start:header_end]
        yield line_no, _parse_headers(block)
        line_no += block.count(b"\n") + 1 + data[header_end:end].count(b"\n")
        start = end


def _next_separator(data: mmap.mmap, start: int) -> int:
    """Offset of the next message's ``From `` line at or after ``start``, else the end."""
    position = start - 1
    while True:
        position = data.find(b"\nFrom ", position)
        if position < 0:
            return len(data)
        line = position + 1
        after_blank = data[max(line - 2, 0) : line] == b"\n\n" or (
            data[max(line - 3, 0) : line] == b"\n\r\n"
        )
        if after_blank:
            return line
        line_end = data.find(b"\n", line)
        if _SEPARATOR.match(data[line : len(data) if line_end < 0 else line_end]):
            return line
        position = line


def _parse_headers(block: bytes) -> Message:
    """Headers as text: UTF-8 (raw UTF-8 names are common despite RFC 5322), else Latin-1,
    which never fails; RFC 2047 encoded words are decoded later, per display name."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("latin-1")
    return _HEADER_PARSER.parsestr(text)
