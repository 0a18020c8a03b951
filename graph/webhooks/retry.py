"""When a failed delivery is tried again: exponential backoff with jitter, for answers that
may succeed later only.

Retried: no answer at all (connection refused, timeout, reset), ``5xx`` and ``429``.
Not retried: any other answer — ``2xx`` is done, a ``3xx`` is never followed (a webhook's
URL is where it posts, not a hint), and a ``4xx`` says the receiver will refuse it again.

>>> policy = RetryPolicy(attempts=5, base_delay=1.0, jitter=0.0)
>>> [policy.delay(n) for n in range(1, 5)]
[1.0, 2.0, 4.0, 8.0]
>>> should_retry(503), should_retry(429), should_retry(400), should_retry(None)
(True, True, False, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def should_retry(status_code: int | None) -> bool:
    """Whether an attempt that got ``status_code`` (None: no answer) may succeed later."""
    return status_code is None or status_code == 429 or 500 <= status_code <= 599


def succeeded(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code <= 299


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` in all (the first included); the wait after failed attempt ``n`` is
    ``base_delay * factor ** (n - 1)``, at most ``max_delay``, times a random factor in
    ``1 ± jitter`` (so receivers that failed together are not retried in lockstep).
    ``timeout`` bounds each attempt: connecting, and each read or write of the request."""

    attempts: int = 5
    base_delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 60.0
    jitter: float = 0.2
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")
        if not 0.0 <= self.jitter < 1.0:
            raise ValueError("jitter must be in [0, 1)")

    def delay(self, failed_attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after attempt ``failed_attempt`` (1-based) failed."""
        raw = min(self.base_delay * self.factor ** (failed_attempt - 1), self.max_delay)
        if not self.jitter:
            return raw
        spread = (rng or random).uniform(-self.jitter, self.jitter)
        return raw * (1.0 + spread)

    def gives_up_after(self, attempt: int) -> bool:
        return attempt >= self.attempts


__all__ = ["RetryPolicy", "should_retry", "succeeded"]
