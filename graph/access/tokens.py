"""API tokens: random, shown once, stored only as a hash.

A token carries 256 bits from ``secrets``, so a plain SHA-256 of it cannot be reversed or
guessed; a slow password hash would only add latency to every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Tokens start with this, so they are easy to recognise (and for secret scanners to find).
TOKEN_PREFIX = "wg_"  # noqa: S105 (a prefix, not a secret)


def new_token() -> str:
    """A fresh token: ``wg_`` and 43 URL-safe characters."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the store keeps (and looks a presented token up by)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same_token(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
