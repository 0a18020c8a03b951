"""Timing and summaries: every figure is a median of repeated runs after a warm-up."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Summary:
    """Percentiles of a latency sample, in milliseconds."""

    n: int
    p50: float
    p95: float
    p99: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(ms: Sequence[float]) -> Summary:
    if not ms:
        return Summary(0, math.nan, math.nan, math.nan, math.nan)
    return Summary(
        n=len(ms),
        p50=percentile(ms, 50),
        p95=percentile(ms, 95),
        p99=percentile(ms, 99),
        max=max(ms),
    )


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """The result of ``fn()`` and the wall time it took, in milliseconds."""
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def median_time(fn: Callable[[], T], repeats: int, warm_up: bool = True) -> tuple[T, float]:
    """``fn``'s result and the median of ``repeats`` timed calls (ms), after one untimed call."""
    if warm_up:
        fn()
    runs = [timed(fn) for _ in range(max(1, repeats))]
    return runs[-1][0], statistics.median(ms for _, ms in runs)


def ratio_summary(ours: Sequence[float], theirs: Sequence[float]) -> dict[str, float]:
    """Pair-by-pair ratios ``theirs / ours`` (how many times faster warmgraph is)."""
    ratios = [t / o for o, t in zip(ours, theirs, strict=True) if o > 0]
    if not ratios:
        return {"n": 0}
    return {
        "n": len(ratios),
        "median": statistics.median(ratios),
        "min": min(ratios),
        "max": max(ratios),
    }
