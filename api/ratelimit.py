"""Per-caller rate limiting: a moving window in memory, with the ``limits`` library.

Each caller is counted on its own: an authenticated caller by e-mail (the auth layer puts a
``Caller`` in ``scope["state"]["caller"]`` before this middleware runs), anyone else by
client address. Over the limit, the request is answered with HTTP 429, a ``Retry-After``
header (whole seconds, at least 1) and a GraphQL-shaped error with code ``RATE_LIMITED``,
before any of its work starts. ``/healthz`` is never limited (load balancers poll it).

The window is per process: with ``--workers N`` each worker counts on its own.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.errors import BadInput

from .responses import error_response

RATE_LIMITED = "RATE_LIMITED"

#: Generous enough for a busy front end (a page may fire dozens of queries).
DEFAULT_RATE_LIMIT = "1000/minute"

#: Paths never limited.
EXEMPT_PATHS = frozenset({"/healthz"})


def parse_rate_limit(spec: str) -> RateLimitItem:
    """``spec`` in the ``limits`` notation (``100/minute``, ``10 per second``); BadInput
    saying what is expected if it is not one."""
    try:
        return parse(spec)
    except ValueError:
        raise BadInput(
            f"{spec!r} is not a rate limit; write it as N/second, N/minute, N/hour or N/day "
            "(e.g. 1000/minute)"
        ) from None


def caller_key(scope: Scope) -> str:
    """Whom a request is counted against: the authenticated caller, else the client."""
    caller = scope.get("state", {}).get("caller")
    email = getattr(caller, "email", None)
    if email:
        return f"user:{email}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


def _too_many(item: RateLimitItem, limiter: MovingWindowRateLimiter, key: str) -> Response:
    stats = limiter.get_window_stats(item, key)
    retry_after = max(1, math.ceil(stats.reset_time - time.time()))
    message = f"too many requests: the limit is {item}; retry after {retry_after} s"
    return error_response(429, message, RATE_LIMITED, headers={"Retry-After": str(retry_after)})


class AddressLimit:
    """Counts events (failed authentications) per client address, for a refusal once an
    address is past ``spec``."""

    def __init__(self, spec: str) -> None:
        self.item = parse_rate_limit(spec)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    @staticmethod
    def _key(scope: Scope) -> str:
        client = scope.get("client")
        return f"ip:{client[0] if client else 'unknown'}"

    def refusal(self, scope: Scope) -> Response | None:
        """A 429 if the address has used up its allowance, else None (nothing counted)."""
        key = self._key(scope)
        if self.limiter.test(self.item, key):
            return None
        return _too_many(self.item, self.limiter, key)

    def count(self, scope: Scope) -> None:
        self.limiter.hit(self.item, self._key(scope))


class RateLimitMiddleware:
    """ASGI middleware allowing each caller ``spec`` requests (e.g. ``1000/minute``)."""

    def __init__(self, app: ASGIApp, spec: str = DEFAULT_RATE_LIMIT) -> None:
        self.app = app
        self.item = parse_rate_limit(spec)  # a bad spec fails here, when the app is built
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        key = caller_key(scope)
        if self.limiter.hit(self.item, key):
            await self.app(scope, receive, send)
            return
        await _too_many(self.item, self.limiter, key)(scope, receive, send)
