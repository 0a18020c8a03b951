"""Introduction paths ranked by the estimated chance the introduction happens (``LIKELIHOOD``).

The score is :mod:`graph.intro_likelihood`'s. The paths come from the stores' strength search
(the same kernel as ``STRENGTH``), asked for a larger *pool* of candidates and re-ranked by
score. The pool is grown until the answer is provably the true top ``limit``:

* a path outside a source's pool is no stronger than the pool's last path (``s_last``: the
  kernel returns paths strongest first), so its score is at most
  ``s_last * max_lift ** (max_hops - 1) * target_acceptance`` (at most ``max_hops - 1``
  intermediaries, each lifting by at most ``max_lift``, the largest lift anybody has, >= 1);
* when the ``limit``-th score found is at least that bound for every source whose pool was
  full, nothing outside can outrank it and the answer is exact; a source that returned fewer
  paths than asked gave all it has.

Otherwise the pool grows fourfold, up to :data:`~graph.queries.PATH_LIMIT_MAX` (the kernel's
largest answer); if even that cannot prove it, the best of the pool is returned and every
path says ``exact=False``. Without history every lift is 1.0, so the first pool (``4 *
limit``) always proves itself; a very willing connector (large ``max_lift``) on a long
``maxHops`` is what makes the pool grow. Folding the lifts into the search itself (per-node
multipliers in the kernel's log-space costs) would make every answer exact in one search,
but the kernel's exact-float bounds assume link strengths only; this keeps the kernel and
the three stores untouched.

Order: score descending, then strength descending, then fewer hops, then the people's ids.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from .intro_likelihood import EstimateConfig, Estimates, OutcomeSource, PathEstimate, path_estimate
from .intro_likelihood import estimate as estimate_all
from .queries import PATH_LIMIT_MAX, RawPath

#: The first pool is this many times the paths asked for.
POOL_FACTOR = 4
# Relative padding of the bound when some lift exceeds 1: the bound's product and a path's
# score are multiplied in different orders, so they may differ by a few ulps.
_PAD = 1e-12

#: Asks one source's store search for its ``pool`` strongest paths.
Search = Callable[[int], list[RawPath]]


@dataclass(frozen=True, slots=True)
class RankedPath:
    source: int  # index into the searches given
    path: RawPath
    estimate: PathEstimate
    exact: bool  # False when a path outside the largest pool might outrank this answer


def rank_key(path: RawPath, est: PathEstimate) -> tuple[object, ...]:
    return (-est.score, -path.strength, path.hops, path.people)


def rank_by_likelihood(
    searches: Sequence[Search],
    estimates: Estimates,
    target_company_id: str | None,
    limit: int,
    max_hops: int,
    pool_max: int = PATH_LIMIT_MAX,
) -> list[RankedPath]:
    """The ``limit`` best paths of every search together, by score (module docstring).

    ``target_company_id`` is the company whose target acceptance enters every score (the
    target's, or the company asked for).
    """
    pool = min(POOL_FACTOR * limit, pool_max)
    found: list[list[RawPath]] = [search(pool) for search in searches]
    lift = estimates.max_lift()
    target = estimates.target_acceptance(target_company_id).estimate
    while True:
        full = [len(paths) >= pool for paths in found]
        scored = sorted(
            (
                (rank_key(p, e), i, p, e)
                for i, paths in enumerate(found)
                for p in paths
                for e in [path_estimate(estimates, p.people, p.strengths, target_company_id)]
            ),
            key=lambda item: item[0],
        )[:limit]
        outside = [
            _bound(paths[-1].strength, lift, max_hops, target)
            for paths, is_full in zip(found, full, strict=True)
            if is_full
        ]
        exact = not outside or (len(scored) == limit and scored[-1][3].score >= max(outside))
        if exact or pool >= pool_max:
            return [RankedPath(i, p, e, exact) for _, i, p, e in scored]
        pool = min(pool * POOL_FACTOR, pool_max)
        found = [
            search(pool) if is_full else paths
            for search, paths, is_full in zip(searches, found, full, strict=True)
        ]


def _bound(last_strength: float, lift: float, max_hops: int, target: float) -> float:
    """The highest score a path no stronger than ``last_strength`` can have."""
    bound = last_strength * lift ** (max_hops - 1) * target
    return bound * (1 + _PAD) if lift > 1.0 else bound


class EstimateCache:
    """The estimates per version of the requests' history (``IntroRequests.intro_version``)
    and day (recency moves with the day; a day's decay is below 0.4% at the default
    half-life)."""

    def __init__(
        self,
        config: EstimateConfig | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config or EstimateConfig()
        self._clock = clock or _utc_now
        self._lock = threading.Lock()
        self._key: tuple[int, date] | None = None
        self._value: Estimates | None = None

    def get(self, version: int, source: OutcomeSource) -> Estimates:
        now = self._clock()
        key = (version, now.date())
        with self._lock:
            if self._key == key and self._value is not None:
                return self._value
        value = estimate_all(source(), now, self.config)
        with self._lock:
            self._key, self._value = key, value
        return value


def _utc_now() -> datetime:
    return datetime.now(UTC)


__all__ = ["POOL_FACTOR", "EstimateCache", "RankedPath", "rank_by_likelihood", "rank_key"]
