"""Progress on stderr, so a long run shows where it is."""

from __future__ import annotations

import sys
import time

_started = time.monotonic()


def say(message: str) -> None:
    elapsed = time.monotonic() - _started
    print(f"[{elapsed // 60:3.0f}:{elapsed % 60:04.1f}] {message}", file=sys.stderr, flush=True)
