"""Write an N-message mbox shaped like a rep's mailbox, and know what parsing it must give.

Most messages are conversations with the owner (sent and received, some with Cc, names
RFC 2047-encoded or plain, dates in several UTC offsets, a few without Message-ID); the
rest are each kind of noise the importer filters (list mail by ``List-Id``,
``List-Unsubscribe`` or ``Precedence: bulk``; automated senders by address or
``Auto-Submitted``; too many recipients; mail to oneself; other people's mail), plus
duplicate copies of earlier messages as Gmail Takeout writes them. Bodies are a few lines,
some with a ``>From`` escaped line. Written line by line, so a large file never sits in
memory.
"""

from __future__ import annotations

import random
from base64 import b64encode
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from .counts import GeneratedCounts
from .names import full_name

KINDS = [  # (kind, weight); the noise kinds are the parser's filter names
    ("sent", 40),
    ("received", 35),
    ("list mail", 8),
    ("automated sender", 5),
    ("too many recipients", 2),
    ("to oneself", 2),
    ("not the owner's", 3),
    ("duplicate message", 5),
]
#: the headers that make a message list mail, one drawn per such message
LIST_HEADERS = [
    ["From: News <news@list.example>", "List-Id: <news.list.example>"],
    ["From: Offers <offers@shop.example>", "List-Unsubscribe: <mailto:leave@shop.example>"],
    ["From: Digest <digest@forum.example>", "Precedence: bulk"],
]
#: the senders (and headers) of automated mail
AUTOMATED_HEADERS = [
    ["From: noreply@service.example"],
    ["From: Mail Delivery System <MAILER-DAEMON@mx.example>"],
    ["From: Out Of Office <ooo@corp1.example>", "Auto-Submitted: auto-replied"],
]


def write_mbox(path: Path, n: int, *, owner: str, seed: int = 0) -> GeneratedCounts:
    """Write ``n`` messages to ``path`` for the owner ``owner``; return the expected counts."""
    rng = random.Random(seed)
    contacts = [f"{_name(rng)} <c{i}@corp{i % 97}.example>" for i in range(max(50, n // 50))]
    counts = GeneratedCounts(rows=n)
    kept: list[list[str]] = []  # earlier kept messages' header lines, to duplicate
    start = datetime(2023, 1, 1, tzinfo=UTC)
    kinds, weights = zip(*KINDS, strict=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for index in range(n):
            kind = rng.choices(kinds, weights)[0]
            if kind == "duplicate message" and not kept:
                kind = "sent"
            when = start + timedelta(minutes=7 * index)
            headers: list[str]
            if kind == "duplicate message":
                headers = rng.choice(kept)
            else:
                headers = [f"Date: {format_datetime(when.astimezone(_zone(rng)))}"]
                headers.append(f"Message-ID: <g{index}.{seed}@mail.example>")
                headers.extend(_parties(kind, rng, contacts, owner, counts))
                headers.append(f"Subject: Message {index}")
                if kind in ("sent", "received"):
                    if rng.random() < 0.02:  # no Message-ID: keyed by date, sender, subject
                        headers = [h for h in headers if not h.startswith("Message-ID")]
                    kept.append(headers)
            if kind not in ("sent", "received"):
                counts.skipped[kind] += 1
            out.write(f"From {owner} {when.strftime('%a %b %d %H:%M:%S %Y')}\n")
            out.write("\n".join(headers))
            out.write("\n\nHello,\n")
            if rng.random() < 0.1:
                out.write(">From the notes of our last call, see below.\n")
            out.write("Some text of the message.\n" * rng.randint(2, 8))
            out.write("Regards\n\n")
    return counts


def _name(rng: random.Random) -> str:
    name = " ".join(full_name(rng))
    if name.isascii() or rng.random() < 0.3:
        return f'"{name}"'  # plain (raw UTF-8 when not ASCII)
    return f"=?UTF-8?B?{b64encode(name.encode()).decode()}?="


def _zone(rng: random.Random) -> timezone:
    return timezone(timedelta(hours=rng.choice([-7, -5, 0, 1, 2, 5.5])))


def _parties(
    kind: str, rng: random.Random, contacts: list[str], owner: str, counts: GeneratedCounts
) -> list[str]:
    """From/To/Cc (and noise) headers for a message of this kind; counts its interactions."""
    others = rng.sample(contacts, 12)
    if kind == "sent":
        to, cc = others[: rng.randint(1, 3)], others[3 : 3 + rng.randint(0, 2)]
        counts.interactions += len(to) + len(cc)
        lines = [f"From: Rep <{owner}>", "To: " + ",\n\t".join(to)]
        return [*lines, "Cc: " + ", ".join(cc)] if cc else lines
    if kind == "received":
        counts.interactions += 1
        cc = [f"Cc: {others[1]}"] if rng.random() < 0.3 else []
        return [f"From: {others[0]}", f"To: {owner.upper()}", *cc]
    if kind == "list mail":
        return [*rng.choice(LIST_HEADERS), f"To: {owner}"]
    if kind == "automated sender":
        return [*rng.choice(AUTOMATED_HEADERS), f"To: {owner}"]
    if kind == "too many recipients":
        return [f"From: {owner}", "To: " + ", ".join(others[:11])]
    if kind == "to oneself":
        return [f"From: {owner}", f"To: {owner}"]
    return [f"From: {others[0]}", f"To: {others[1]}"]  # not the owner's
