"""Signing a webhook delivery and verifying it on the receiving side.

Every delivery is a POST of a JSON body with these headers:

``X-Warmgraph-Event``      the event type, e.g. ``intro.accepted``
``X-Warmgraph-Delivery``   the delivery's id (the same on every retry: de-duplicate on it)
``X-Warmgraph-Timestamp``  when this attempt was signed, in whole Unix seconds
``X-Warmgraph-Signature``  ``sha256=`` and the lower-case hex HMAC-SHA256, keyed with the
                           webhook's secret (its UTF-8 bytes), of ``<timestamp>.<body>``:
                           the timestamp's digits, a full stop, then the raw body bytes

Signing the timestamp with the body lets a receiver refuse a replayed old delivery: check
the signature (in constant time), then that the timestamp is recent (five minutes by
default). Receivers must verify the raw bytes they received, before parsing the JSON.

>>> body = b'{"type":"intro.accepted"}'
>>> header = signature("whsec_test", 1700000000, body)
>>> header[:7]
'sha256='
>>> verify("whsec_test", body, "1700000000", header, now=1700000060)
True
>>> verify("whsec_test", body, "1700000000", header, now=1700000000 + 3600)
False
"""

from __future__ import annotations

import hashlib
import hmac
import time

EVENT_HEADER = "X-Warmgraph-Event"
DELIVERY_HEADER = "X-Warmgraph-Delivery"
TIMESTAMP_HEADER = "X-Warmgraph-Timestamp"
SIGNATURE_HEADER = "X-Warmgraph-Signature"
SCHEME = "sha256="
#: How old (or how far in the future: clocks drift) a timestamp may be, in seconds.
DEFAULT_TOLERANCE = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Warmgraph-Signature`` value for ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return SCHEME + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature_header: str | None,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:
    """Whether a received delivery is genuine and fresh: the signature matches ``body`` and
    ``timestamp`` (both as received), and the timestamp is within ``tolerance`` seconds of
    ``now`` (default: the clock). Self-contained (stdlib only): copy it into a receiver."""
    if not timestamp or not signature_header or not timestamp.isdigit():
        return False
    expected = signature(secret, int(timestamp), body)
    if not hmac.compare_digest(expected, signature_header.strip()):
        return False
    current = time.time() if now is None else now
    return abs(current - int(timestamp)) <= tolerance


__all__ = [
    "DEFAULT_TOLERANCE",
    "DELIVERY_HEADER",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "signature",
    "verify",
]
