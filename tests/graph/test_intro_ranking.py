"""LIKELIHOOD ranking: the re-ranked strength search against brute force (every simple path,
scored by a separate straightforward implementation), a planted declining connector, and
no history giving strength order."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from graph.algorithms.paths import introduction_paths
from graph.intro_likelihood import EstimateConfig, estimate
from graph.intro_outcomes import AskOutcome
from graph.intro_ranking import Search, rank_by_likelihood
from graph.queries import RawPath
from tests.algorithms.brute import Edge, adjacency, all_paths, build_csr, random_edges

NOW = datetime(2026, 6, 1, tzinfo=UTC)
HALF_LIFE = 90.0
PRIOR_STRENGTH = 3.0


def pid(v: int) -> str:
    return f"p{v:03d}"  # string order = node order, as the kernel's ranks


def search_of(n: int, edges: list[Edge], source: int, targets: list[int], max_hops: int) -> Search:
    csr = build_csr(n, edges, random.Random(n))
    rank = np.arange(n)
    blocked = np.zeros(n, bool)

    def search(pool: int) -> list[RawPath]:
        found = introduction_paths(
            *csr.arrays, rank, blocked, source, np.asarray(targets), max_hops, pool, False
        )
        return [RawPath(tuple(pid(v) for v in nodes), ws, s) for nodes, ws, s in found]

    return search


def random_history(rng: random.Random, n: int, asks: int) -> list[AskOutcome]:
    history = []
    for i in range(asks):
        at = NOW - timedelta(days=rng.uniform(0, 720))
        # a few people say yes (or no) almost always: lifts far from 1
        leaning = {0: 0.95, 1: 0.05}.get(rng.randrange(n) % 3, 0.5)
        answer = None if rng.random() < 0.1 else rng.random() < leaning
        target = None if rng.random() < 0.5 else rng.random() < 0.5
        history.append(AskOutcome(f"r{i}", pid(rng.randrange(n)), "t", "acme", at, answer, target))
    return history


def brute_scores(
    history: list[AskOutcome],
    adj: dict[int, dict[int, float]],
    source: int,
    targets: list[int],
    max_hops: int,
) -> list[tuple[float, tuple[str, ...]]]:
    """Every path's score, straight from the formula (no code shared with graph/)."""
    answered = [o for o in history if o.connector_accepted is not None]

    def weight(o: AskOutcome) -> float:
        return math.pow(2.0, -((NOW - o.asked_at).total_seconds() / 86400) / HALF_LIFE)

    def rate(yes: float, total: float) -> float:
        if not total:
            return 0.5  # nobody answered: the fallback mean
        return min(max(yes / total, 0.001), 0.999)  # documented clamp

    prior = rate(
        sum(weight(o) for o in answered if o.connector_accepted), sum(map(weight, answered))
    )

    def willingness(person: str) -> float:
        mine = [o for o in answered if o.connector_id == person]
        yes = sum(weight(o) for o in mine if o.connector_accepted)
        return (prior * PRIOR_STRENGTH + yes) / (PRIOR_STRENGTH + sum(weight(o) for o in mine))

    targeted = [o for o in history if o.target_accepted is not None]
    t_yes = sum(weight(o) for o in targeted if o.target_accepted)
    t_prior = rate(t_yes, sum(map(weight, targeted)))
    target = (t_prior * PRIOR_STRENGTH + t_yes) / (PRIOR_STRENGTH + sum(map(weight, targeted)))
    scored = []
    for nodes, links, _ in all_paths(adj, [False] * len(adj), source, targets, max_hops):
        lifts = [willingness(pid(v)) / prior for v in nodes[1:-1]]
        scored.append((math.prod(links) * math.prod(lifts) * target, tuple(map(pid, nodes))))
    return sorted(scored, key=lambda sp: (-sp[0], sp[1]))


@pytest.mark.parametrize("seed", range(40))
def test_agrees_with_brute_force_on_random_graphs_and_histories(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(6, 11)
    edges = random_edges(rng, n, rng.uniform(0.3, 0.6))
    source, *targets = rng.sample(range(n), rng.randint(2, 3))
    max_hops, limit = rng.randint(2, 4), rng.randint(1, 6)
    history = random_history(rng, n, rng.randint(5, 60))
    est = estimate(history, NOW, EstimateConfig(PRIOR_STRENGTH, HALF_LIFE))
    search = search_of(n, edges, source, targets, max_hops)
    got = rank_by_likelihood([search], est, "acme", limit, max_hops)
    want = brute_scores(history, adjacency(n, edges), source, targets, max_hops)[:limit]
    assert all(r.exact for r in got)  # the kernel's largest pool proves these small cases
    assert [r.estimate.score for r in got] == pytest.approx([s for s, _ in want], rel=1e-9)
    # the same paths, except where two scores tie to rounding (then either order is right)
    for r, (score, people) in zip(got, want, strict=True):
        near = [p for s, p in want if math.isclose(s, score, rel_tol=1e-9)]
        assert r.path.people == people or r.path.people in near


def test_several_sources_merge_into_one_proved_top_k() -> None:
    rng = random.Random(7)
    n = 12
    edges = random_edges(rng, n, 0.45)
    history = random_history(rng, n, 50)
    est = estimate(history, NOW, EstimateConfig(PRIOR_STRENGTH, HALF_LIFE))
    sources, target = [0, 1], [11]
    got = rank_by_likelihood(
        [search_of(n, edges, s, target, 3) for s in sources], est, "acme", 5, 3
    )
    adj = adjacency(n, edges)
    want = sorted(
        (item for s in sources for item in brute_scores(history, adj, s, target, 3)),
        key=lambda sp: (-sp[0], sp[1]),
    )[:5]
    assert [r.path.people for r in got] == [p for _, p in want]
    assert [r.source for r in got] == [sources.index(int(p[0][1:])) for _, p in want]


def planted() -> tuple[list[Edge], list[AskOutcome]]:
    """me(0) reaches the target (4) through dee (1, the strongest ties), through eve (2), or
    through fay (3). Dee declined her last eight asks; eve and fay helped half the time."""
    edges = [(0, 1, 0.9), (1, 4, 0.9), (0, 2, 0.7), (2, 4, 0.7), (0, 3, 0.6), (3, 4, 0.6)]
    history = [
        AskOutcome(f"d{i}", pid(1), "x", "acme", NOW - timedelta(days=i), False, None)
        for i in range(8)
    ]
    history += [
        AskOutcome(f"e{i}", pid(2 + i % 2), "x", "acme", NOW - timedelta(days=i), i < 2, None)
        for i in range(4)
    ]
    return edges, history


def test_a_connector_who_declines_often_sinks_in_likelihood_order_only() -> None:
    edges, history = planted()
    search = search_of(5, edges, 0, [4], 2)
    strongest = [p.people[1] for p in search(3)]
    assert strongest == [pid(1), pid(2), pid(3)]  # dee first by strength
    ranked = rank_by_likelihood([search], estimate(history, NOW), "acme", 3, 2)
    assert [r.path.people[1] for r in ranked] == [pid(2), pid(3), pid(1)]  # dee last
    dee = ranked[-1].estimate.willingness[0]
    assert dee[0] == pid(1) and dee[1].asked == 8 and dee[1].accepted == 0 and dee[2] < 1


@pytest.mark.parametrize("seed", range(15))
def test_without_history_likelihood_order_is_strength_order(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(6, 12)
    # few distinct strengths: many exact ties, which must break the same way
    edges = random_edges(rng, n, 0.5, strengths=[0.3, 0.5, 1.0])
    source, target = rng.sample(range(n), 2)
    search = search_of(n, edges, source, [target], 4)
    limit = rng.randint(1, 10)
    ranked = rank_by_likelihood([search], estimate([], NOW), None, limit, 4)
    assert [r.path for r in ranked] == search(limit)
    assert all(r.exact for r in ranked)
    assert all(r.estimate.score == r.path.strength * 0.5 for r in ranked)  # fallback 0.5


def test_a_pool_too_small_to_prove_the_answer_says_so() -> None:
    # a chain of weak links through a very willing person can beat many strong direct-ish
    # paths; with the pool capped at the number asked for, it is not found and not proved
    strong = [(0, v, 0.5) for v in range(1, 7)] + [(v, 9, 0.5) for v in range(1, 7)]
    edges = [*strong, (0, 7, 0.2), (7, 8, 0.9), (8, 9, 0.9)]
    history = [
        AskOutcome(f"a{i}", pid(v), "x", "acme", NOW, True, None) for i in range(30) for v in (7, 8)
    ] + [AskOutcome(f"b{i}", pid(1), "x", "acme", NOW, False, None) for i in range(30)]
    est = estimate(history, NOW, EstimateConfig(prior_strength=1))
    search = search_of(10, edges, 0, [9], 3)
    capped = rank_by_likelihood([search], est, None, 2, 3, pool_max=2)
    assert not any(r.exact for r in capped)
    full = rank_by_likelihood([search], est, None, 2, 3)
    assert all(r.exact for r in full)
    assert full[0].path.people == tuple(map(pid, (0, 7, 8, 9)))
