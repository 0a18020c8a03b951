"""warmgraph measured in-process: the service layer a resolver calls, and the engine under it."""

from __future__ import annotations

import random
import statistics
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from graph.model import Interaction, InteractionKind, PathRanking
from graph.queries import PathQuery, RawPath
from graph.service import WarmgraphService

from .cases import PathCase
from .stats import median_time, summarise, timed

Pair = tuple[str, str]


def pick_pairs(
    service: WarmgraphService, reps: Sequence[str], targets: Sequence[str], n: int, seed: int
) -> list[Pair]:
    """``n`` random (rep, person) pairs with at least one path of at most 3 links."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    seen: set[Pair] = set()
    for _ in range(n * 500):
        pair = (rng.choice(reps), rng.choice(targets))
        if pair in seen:
            continue
        seen.add(pair)
        if service.introduction_paths(*pair, max_hops=3, limit=1, rank_by=PathRanking.HOPS):
            pairs.append(pair)
            if len(pairs) == n:
                return pairs
    raise RuntimeError(f"only {len(pairs)} of {n} random pairs have a path within 3 links")


def service_paths(service: WarmgraphService, case: PathCase) -> Callable[[Pair], Any]:
    def ask(pair: Pair) -> Any:
        return service.introduction_paths(
            pair[0], pair[1], max_hops=case.max_hops, limit=case.limit, rank_by=case.rank_by
        )

    return ask


def engine_paths(service: WarmgraphService, case: PathCase) -> Callable[[Pair], list[RawPath]]:
    """The store's ranking alone: ids and strengths, no id checks, no evidence, like a peer."""

    def ask(pair: Pair) -> list[RawPath]:
        query = PathQuery(pair[0], pair[1], None, case.max_hops, case.limit, case.rank_by)
        return service.store.introduction_paths(query)

    return ask


def per_pair(
    ask: Callable[[Pair], Any], pairs: Sequence[Pair], repeats: int
) -> tuple[list[Any], list[float]]:
    """Each pair's answer and its median time (ms) over ``repeats`` runs after a warm-up."""
    answers, times = [], []
    for pair in pairs:
        answer, ms = median_time(lambda p=pair: ask(p), repeats)  # type: ignore[misc]
        answers.append(answer)
        times.append(ms)
    return answers, times


def density(service: WarmgraphService, companies: Sequence[str], repeats: int) -> dict[str, Any]:
    times = [
        median_time(lambda c=c: service.advocate_density(company_id=c, hops=2), repeats)[1]  # type: ignore[misc]
        for c in companies
    ]
    return summarise(times).as_dict()


def influence(
    service: WarmgraphService, people: Sequence[str], now: datetime, repeats: int, seed: int
) -> dict[str, Any]:
    """Recompute after a write (one new interaction), then ``topInfluencers`` from the cache."""
    rng = random.Random(seed)
    service.top_influencers(10)  # warm-up: compiles, builds the index
    recompute = []
    for _ in range(repeats):
        a, b = rng.sample(list(people), 2)
        service.record_interaction(
            Interaction(f"bench-{uuid.uuid4().hex}", InteractionKind.CALL, now, a, b)
        )
        recompute.append(timed(lambda: service.top_influencers(10))[1])
    cached = [timed(lambda: service.top_influencers(10))[1] for _ in range(200)]
    return {
        "recompute_ms": statistics.median(recompute),
        "recompute_runs": len(recompute),
        "cached": summarise(cached).as_dict(),
    }
