"""A LinkedIn export's ``messages.csv``: each message between the export's owner and one of
their connections becomes a ``message`` :class:`SourceInteraction`.

Columns (as LinkedIn writes them, header matched case-insensitively, extra columns ignored):
``CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,
DATE,SUBJECT,CONTENT,FOLDER`` and, in newer exports, ``ATTACHMENTS``, ``IS MESSAGE DRAFT``,
``IS CONVERSATION DRAFT``. ``RECIPIENT PROFILE URLS`` joins several recipients with commas;
``DATE`` looks like ``2023-05-04 10:11:12 UTC``. Only ids, profiles and dates are read:
never names, subjects or content. Exports before mid-2023 have no ``RECIPIENT PROFILE URLS``;
their messages are not read (a note says so), since who received a message is unknown.

**Who the owner is.** The export does not give the owner's own profile URL. Every message in
it was sent or received by the owner, so the owner is the participant (sender or recipient)
party to the most conversations. A connection is never the owner (nobody is their own
connection), which keeps a prolific correspondent in one busy thread from being taken for
the owner; ties go to the alphabetically first URL so that the choice is repeatable. The
choice and how many conversations it covers are written to ``report.notes``.

**Which messages count.** A message from the owner gives one interaction (owner -> them) per
recipient that is a connection; a message to the owner gives one (them -> owner) when the
sender is a connection. Each message-and-other-party pair whose other party is not a
connection (InMail, sponsored messages, "LinkedIn Member" with no URL) is counted in
``report.skipped["not a connection"]``; a message the owner neither sent nor received (in a
group conversation) in ``["not with the owner"]``; drafts in ``["draft"]``; a row repeated
exactly in ``["duplicate message"]``. Rejected (``messages.csv:N: reason``): a wrong number
of fields, no conversation id, an unparseable date.

The interaction key is conversation id, date (UTC, ISO), sender and recipient profile, so
that a re-import of the same export (or of a later one that repeats the message) gives the
same keys.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from graph.access.suppression import normalise_profile
from graph.model import InteractionKind

from ._csvtable import open_table
from .records import OWNER, SourceBatch, SourceInteraction

REQUIRED = ("CONVERSATION ID", "SENDER PROFILE URL", "DATE")
RECIPIENTS = "RECIPIENT PROFILE URLS"
DRAFT = "IS MESSAGE DRAFT"
HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER"
)
EXPECTED = f"a LinkedIn messages.csv (header {HEADER})"


def profile_key(url: str) -> str:
    """The key a profile URL names a person by: the same in Connections.csv and
    messages.csv whether or not the slug is percent-encoded (newer exports encode
    non-ASCII slugs such as ``zo%C3%AB``)."""
    return normalise_profile(unquote(url))


def parse_message_date(text: str) -> datetime:
    """``2023-05-04 10:11:12 UTC`` (also ISO with an offset) as an aware UTC datetime."""
    text = text.strip()
    if text.endswith(" UTC"):
        text = text[: -len(" UTC")]
    at = datetime.fromisoformat(text)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class _Message:
    line: int
    conversation: str
    at: datetime
    sender: str  # profile key, "" when LinkedIn gives none
    recipients: tuple[str, ...]  # profile keys


def read_messages(path: Path, batch: SourceBatch, profiles: dict[str, str]) -> None:
    """Add the interactions of ``path`` to ``batch``; ``profiles`` maps each connection's
    profile key to its person key."""
    messages: list[_Message] = []
    with open_table(path, REQUIRED, EXPECTED) as table:
        recipients_at, draft_at = table.index(RECIPIENTS), table.index(DRAFT)
        if recipients_at is None:
            batch.report.notes.append(
                f"{table.name}: not read: no {RECIPIENTS} column (an export from before"
                " mid-2023), so who received each message is unknown"
            )
            return
        conversation_at, sender_at, date_at = (table.columns[c.casefold()] for c in REQUIRED)
        for line, fields in table.rows:
            if not any(value.strip() for value in fields):
                continue
            batch.report.rows_read += 1
            if len(fields) != table.width:
                batch.report.rejected.append(
                    f"{table.name}:{line}: expected {table.width} fields, found {len(fields)}"
                )
                continue
            if draft_at is not None and fields[draft_at].strip().casefold() in ("yes", "true"):
                batch.report.skipped["draft"] += 1
                continue
            conversation, raw_date = fields[conversation_at].strip(), fields[date_at]
            if not conversation:
                batch.report.rejected.append(f"{table.name}:{line}: no CONVERSATION ID")
                continue
            try:
                at = parse_message_date(raw_date)
            except ValueError:
                batch.report.rejected.append(
                    f"{table.name}:{line}: unparseable DATE {raw_date!r}"
                    " (expected e.g. 2023-05-04 10:11:12 UTC)"
                )
                continue
            sender = fields[sender_at].strip()
            recipients = fields[recipients_at].split(",")
            messages.append(
                _Message(
                    line=line,
                    conversation=conversation,
                    at=at,
                    sender=profile_key(sender) if sender else "",
                    recipients=tuple(profile_key(r) for r in recipients if r.strip()),
                )
            )
    owner = _owner(messages, profiles, table.name, batch)
    if owner is not None:
        _add_interactions(messages, owner, profiles, batch)


def _owner(
    messages: list[_Message], profiles: dict[str, str], name: str, batch: SourceBatch
) -> str | None:
    """The owner's profile key by the rule in the module doc, noted in the report."""
    conversations: defaultdict[str, set[str]] = defaultdict(set)
    all_conversations = set()
    for message in messages:
        all_conversations.add(message.conversation)
        for party in (message.sender, *message.recipients):
            if party and party not in profiles:
                conversations[party].add(message.conversation)
    if not conversations:
        if messages:
            batch.report.notes.append(f"{name}: the owner's profile could not be recognised")
            batch.report.skipped["owner unknown"] += len(messages)
        return None
    owner = min(conversations, key=lambda party: (-len(conversations[party]), party))
    batch.report.notes.append(
        f"{name}: owner taken to be {owner} (party to {len(conversations[owner])}"
        f" of {len(all_conversations)} conversations)"
    )
    return owner


def _add_interactions(
    messages: list[_Message], owner: str, profiles: dict[str, str], batch: SourceBatch
) -> None:
    keys: set[str] = set()
    skipped = batch.report.skipped
    for message in messages:
        if message.sender == owner:
            others = [r for r in message.recipients if r != owner] or [""]
        elif owner in message.recipients:
            others = [message.sender]
        else:
            skipped["not with the owner"] += 1
            continue
        for other in others:
            person = profiles.get(other)
            if person is None:
                skipped["not a connection"] += 1
                continue
            to = other if message.sender == owner else owner
            key = f"{message.conversation}|{message.at.isoformat()}|{message.sender}|{to}"
            if key in keys:
                skipped["duplicate message"] += 1
                continue
            keys.add(key)
            actor, recipient = (OWNER, person) if message.sender == owner else (person, OWNER)
            batch.interactions.append(
                SourceInteraction(
                    key=key,
                    kind=InteractionKind.MESSAGE,
                    at=message.at,
                    actor=actor,
                    recipient=recipient,
                )
            )
