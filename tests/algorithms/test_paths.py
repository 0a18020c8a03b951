"""Introduction paths: exact agreement with brute force, readable scenarios, bounded work."""

from __future__ import annotations

import doctest
import importlib
import itertools
import os
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.algorithms.paths import (
    SearchStats,
    introduction_paths,
    introduction_paths_with_stats,
)

from .brute import Edge, Path, adjacency, brute_paths, build_csr, product, random_edges

STRENGTH, HOPS = False, True


@dataclass
class World:
    """A small link graph plus everything a query needs, built from an edge list."""

    n: int
    edges: list[Edge]
    rank: list[int] = field(default_factory=list)
    blocked: list[bool] = field(default_factory=list)
    layout_seed: int | None = 0

    def __post_init__(self) -> None:
        self.rank = self.rank or list(range(self.n))
        self.blocked = self.blocked or [False] * self.n
        rng = None if self.layout_seed is None else random.Random(self.layout_seed)
        self.csr = build_csr(self.n, self.edges, rng)
        self.adj = adjacency(self.n, self.edges)

    def paths(
        self,
        source: int,
        targets: Sequence[int],
        max_hops: int = 6,
        limit: int = 10,
        by_hops: bool = STRENGTH,
    ) -> list[Path]:
        return self.run(source, targets, max_hops, limit, by_hops)[0]

    def run(
        self,
        source: int,
        targets: Sequence[int],
        max_hops: int = 6,
        limit: int = 10,
        by_hops: bool = STRENGTH,
    ) -> tuple[list[Path], SearchStats]:
        return introduction_paths_with_stats(
            *self.csr.arrays,
            np.asarray(self.rank),
            np.asarray(self.blocked),
            source,
            np.asarray(targets, np.int64),
            max_hops,
            limit,
            by_hops,
        )

    def brute(
        self,
        source: int,
        targets: Sequence[int],
        max_hops: int = 6,
        limit: int = 10,
        by_hops: bool = STRENGTH,
    ) -> list[Path]:
        return brute_paths(
            self.adj, self.rank, self.blocked, source, targets, max_hops, limit, by_hops
        )


def nodes_of(paths: list[Path]) -> list[tuple[int, ...]]:
    return [p[0] for p in paths]


# ------------------------------------------------------------------------------------------
# Against brute force
# ------------------------------------------------------------------------------------------

# Few distinct strengths force exact ties; the "nasty" set makes products whose float value
# depends on the multiplication order (ulp-level near-ties).
TIES = (0.3, 0.5, 0.9, 1.0)
NASTY = (0.1, 0.3, 0.7, 0.9, 0.6, 1.0)
STRENGTH_SETS = {"ties": TIES, "nasty": NASTY, "ones": (1.0,), "connections": (0.3, 1.0)}


@st.composite
def path_cases(draw: st.DrawFn) -> tuple[World, int, list[int], int, int, bool]:
    n = draw(st.integers(2, 12))
    kind = draw(st.sampled_from(["ties", "nasty", "ones", "connections", "continuous"]))
    if kind == "continuous":
        strength = st.floats(1e-9, 1.0, exclude_min=False)
    else:
        strength = st.sampled_from(STRENGTH_SETS[kind])
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), strength),
            max_size=n * (n - 1) // 2 + 4,
        )
    )
    edges: dict[tuple[int, int], float] = {}
    for u, v, w in pairs:
        if u != v:
            edges.setdefault((min(u, v), max(u, v)), w)
    if draw(st.booleans()):
        rank = draw(st.permutations(range(n)))
    else:
        rank = draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n, unique=True))
    blocked = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    source = draw(st.integers(0, n - 1))
    others = [v for v in range(n) if v != source]
    targets = sorted(draw(st.sets(st.sampled_from(others), min_size=1, max_size=3)))
    world = World(
        n,
        [(u, v, w) for (u, v), w in edges.items()],
        list(rank),
        blocked,
        draw(st.integers(0, 2**16)),
    )
    return (
        world,
        source,
        targets,
        draw(st.integers(1, 6)),
        draw(st.integers(1, 50)),
        draw(st.booleans()),
    )


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path_cases())
def test_matches_brute_force(case: tuple[World, int, list[int], int, int, bool]) -> None:
    world, source, targets, max_hops, limit, by_hops = case
    assert world.paths(source, targets, max_hops, limit, by_hops) == world.brute(
        source, targets, max_hops, limit, by_hops
    )


@pytest.mark.parametrize("by_hops", [STRENGTH, HOPS])
@pytest.mark.parametrize("strengths", [None, TIES, NASTY, (0.3,)], ids=str)
def test_matches_brute_force_on_dense_random_graphs(
    by_hops: bool, strengths: tuple[float, ...] | None
) -> None:
    rng = random.Random(f"{by_hops}{strengths}")
    for _ in range(60):
        n = rng.randint(6, 13)
        world = World(
            n,
            random_edges(rng, n, rng.uniform(0.3, 0.9), strengths),
            rank=rng.sample(range(1000), n),
            blocked=[rng.random() < 0.15 for _ in range(n)],
            layout_seed=rng.randrange(1 << 30),
        )
        source = rng.randrange(n)
        targets = rng.sample([v for v in range(n) if v != source], rng.randint(1, 3))
        max_hops, limit = rng.randint(1, 6), rng.choice([1, 3, 10, 50])
        assert world.paths(source, targets, max_hops, limit, by_hops) == world.brute(
            source, targets, max_hops, limit, by_hops
        )


def test_order_follows_the_float_product_not_the_real_one() -> None:
    # Two disjoint 3-link paths with the same strengths in opposite orders: equal as real
    # numbers, different as floats multiplied from the source. Pick strengths where the order
    # matters; the float decides, and neither a bound computed target-side nor epsilon
    # slack may get it wrong.
    rng = random.Random(7)
    while True:
        a, b, c = (round(rng.uniform(0.05, 0.95), 2) for _ in range(3))
        if product([a, b, c]) != product([c, b, a]):
            break
    world = World(8, [(0, 1, a), (1, 2, b), (2, 7, c), (0, 3, c), (3, 4, b), (4, 7, a)])
    for by_hops in (STRENGTH, HOPS):
        found = world.paths(0, [7], by_hops=by_hops)
        assert found == world.brute(0, [7], by_hops=by_hops)
        assert found[0][2] == max(product([a, b, c]), product([c, b, a]))


def test_a_walk_that_only_wins_in_path_order_is_not_missed() -> None:
    # From v, walk A (a1, a2) has the larger product computed target-side, but walk B
    # (b1, b2) wins once multiplied in path order after the 0.8 link into v. A twin of the A
    # route (0-1-2-9, smaller ids) has exactly A's strength and must come *after* B's.
    w0, a1, a2, b1, b2 = 0.8, 0.74, 0.5854054054054054, 0.76, 0.57
    assert a1 * a2 > b1 * b2
    assert product([w0, b1, b2]) > product([w0, a1, a2])
    edges = [
        (0, 1, w0),
        (1, 2, a1),
        (2, 9, a2),  # the twin, ids 1, 2
        (0, 5, w0),
        (5, 6, a1),
        (6, 9, a2),
        (5, 7, b1),
        (7, 9, b2),
    ]  # v = 5
    world = World(10, edges)
    found = world.paths(0, [9], max_hops=3)
    assert nodes_of(found) == [(0, 5, 7, 9), (0, 1, 2, 9), (0, 5, 6, 9)]
    assert found == world.brute(0, [9], max_hops=3)


# ------------------------------------------------------------------------------------------
# Scenarios a sales rep would recognise. People: 0 is me, the rest are named in comments.
# ------------------------------------------------------------------------------------------


def test_a_strong_three_hop_chain_beats_a_weak_two_hop_one_unless_ranking_by_hops() -> None:
    # me -0.9- colleague -0.9- her cofounder -0.9- target   (0.729)
    # me -0.3- acquaintance -0.5- target                    (0.15)
    world = World(6, [(0, 1, 0.9), (1, 2, 0.9), (2, 5, 0.9), (0, 3, 0.3), (3, 5, 0.5)])
    assert nodes_of(world.paths(0, [5], by_hops=STRENGTH)) == [(0, 1, 2, 5), (0, 3, 5)]
    assert nodes_of(world.paths(0, [5], by_hops=HOPS)) == [(0, 3, 5), (0, 1, 2, 5)]
    strongest = world.paths(0, [5])[0]
    assert strongest[1] == (0.9, 0.9, 0.9)
    assert strongest[2] == 0.9 * 0.9 * 0.9


def test_a_do_not_contact_intermediary_is_routed_around() -> None:
    # The best route runs through 1, who asked not to be contacted; 2 is the way round.
    world = World(
        5,
        [(0, 1, 1.0), (1, 4, 1.0), (0, 2, 0.5), (2, 3, 0.5), (3, 4, 0.5)],
        blocked=[False, True, False, False, False],
    )
    assert nodes_of(world.paths(0, [4])) == [(0, 2, 3, 4)]


def test_blocked_endpoints_do_not_matter() -> None:
    world = World(3, [(0, 1, 0.5), (1, 2, 0.5)], blocked=[True, False, True])
    assert nodes_of(world.paths(0, [2])) == [(0, 1, 2)]


def test_a_target_reached_through_another_target_is_not_a_path_through_it() -> None:
    # Both 1 and 2 work at the target company; 2 is only reachable via 1.
    world = World(3, [(0, 1, 0.8), (1, 2, 1.0)])
    assert nodes_of(world.paths(0, [1, 2])) == [(0, 1)]
    assert nodes_of(world.paths(0, [2])) == [(0, 1, 2)]


def test_with_a_large_limit_every_shortest_path_is_returned_first() -> None:
    # Between me and the target: a weak 2-link shortcut via 1, and a 3x3 grid of
    # introducers (a in 2..4, b in 5..7) giving nine 4-link routes 0-a-b-8-target, plus
    # longer zigzags through the grid.
    edges: list[Edge] = [(0, 1, 0.2), (1, 20, 0.2), (8, 20, 0.9)]
    rng = random.Random(1)
    for a in (2, 3, 4):
        edges.append((0, a, rng.uniform(0.5, 1)))
        edges += [(a, b, rng.uniform(0.5, 1)) for b in (5, 6, 7)]
    edges += [(b, 8, rng.uniform(0.5, 1)) for b in (5, 6, 7)]
    world = World(21, edges)
    found = world.paths(0, [20], max_hops=6, limit=1000, by_hops=HOPS)
    hops = [len(p[1]) for p in found]
    assert hops[:10] == [2] + [4] * 9
    assert min(hops[10:]) == 6
    four = found[1:10]
    assert sorted(p[0] for p in four) == sorted(
        (0, a, b, 8, 20) for a in (2, 3, 4) for b in (5, 6, 7)
    )
    assert [p[2] for p in four] == sorted((p[2] for p in four), reverse=True)
    assert found == world.brute(0, [20], max_hops=6, limit=1000, by_hops=HOPS)


def test_equal_strengths_are_ordered_by_the_peoples_ids() -> None:
    # Three introducers with identical strengths; ids (ranks) decide, not node indices.
    world = World(
        5,
        [(0, v, 0.5) for v in (1, 2, 3)] + [(v, 4, 0.5) for v in (1, 2, 3)],
        rank=[0, 30, 10, 20, 40],
    )
    for by_hops in (STRENGTH, HOPS):
        assert nodes_of(world.paths(0, [4], by_hops=by_hops)) == [(0, 2, 4), (0, 3, 4), (0, 1, 4)]


def test_fewer_hops_break_strength_ties() -> None:
    world = World(4, [(0, 3, 0.5), (0, 1, 1.0), (1, 3, 0.5), (0, 2, 0.5), (2, 3, 1.0)])
    assert nodes_of(world.paths(0, [3])) == [(0, 3), (0, 1, 3), (0, 2, 3)]


def test_max_hops_and_limit_cut_the_answer() -> None:
    world = World(5, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0), (0, 4, 0.1)])
    assert nodes_of(world.paths(0, [4], max_hops=3)) == [(0, 4)]
    assert nodes_of(world.paths(0, [4], max_hops=4)) == [(0, 1, 2, 3, 4), (0, 4)]
    assert nodes_of(world.paths(0, [4], max_hops=4, limit=1)) == [(0, 1, 2, 3, 4)]
    assert world.paths(0, [4], max_hops=1) == [((0, 4), (0.1,), 0.1)]


def test_no_path_no_answer() -> None:
    world = World(6, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)])  # 5 is isolated
    assert world.paths(0, [4]) == []
    assert world.paths(0, [5]) == []
    assert world.paths(0, [2], max_hops=1) == []
    assert world.paths(0, []) == []


def test_rejects_bad_arguments() -> None:
    world = World(3, [(0, 1, 1.0)])
    with pytest.raises(ValueError, match="max_hops"):
        world.paths(0, [1], max_hops=7)
    with pytest.raises(ValueError, match="max_hops"):
        world.paths(0, [1], max_hops=0)
    with pytest.raises(ValueError, match="limit"):
        world.paths(0, [1], limit=0)
    with pytest.raises(ValueError, match="limit"):
        world.paths(0, [1], limit=1001)
    with pytest.raises(ValueError, match="source"):
        world.paths(0, [0, 1])
    with pytest.raises(ValueError, match="source"):
        world.paths(3, [1])
    with pytest.raises(ValueError, match="targets"):
        world.paths(0, [3])


def test_plain_introduction_paths_matches_the_stats_variant() -> None:
    world = World(4, [(0, 1, 0.5), (1, 3, 0.5), (0, 2, 0.7), (2, 3, 0.2)])
    args = (
        *world.csr.arrays,
        np.asarray(world.rank),
        np.asarray(world.blocked),
        0,
        np.array([3]),
        3,
        5,
        False,
    )
    assert introduction_paths(*args) == introduction_paths_with_stats(*args)[0]


# ------------------------------------------------------------------------------------------
# Bounded work: the search must never enumerate. Each test graph has millions (or more) of
# candidate paths; a full enumeration would need that many pushes.
# ------------------------------------------------------------------------------------------


def work_bound(limit: int, max_hops: int, max_degree: int) -> int:
    return limit * max_hops * max_degree


Strength = float | Callable[[random.Random], float]


def complete_graph(n: int, strength: Strength, seed: int = 0) -> World:
    rng = random.Random(seed)
    edges = [
        (u, v, strength(rng) if callable(strength) else strength)
        for u in range(n)
        for v in range(u + 1, n)
    ]
    return World(n, edges, rank=rng.sample(range(10 * n), n), layout_seed=seed)


@pytest.mark.parametrize("by_hops", [STRENGTH, HOPS])
@pytest.mark.parametrize(
    "strength",
    [
        0.3,
        1.0,
        lambda r: r.choice((0.3, 1.0)),
        lambda r: r.choice(TIES),
        lambda r: 1.0 - r.random(),
    ],
    ids=["all-0.3", "all-1.0", "0.3-or-1.0", "few-values", "continuous"],
)
def test_complete_graph_work_is_bounded(by_hops: bool, strength: Strength) -> None:
    # K60 has ~5e8 simple 6-link paths between two people.
    world = complete_graph(60, strength)
    for limit in (1, 5, 50):
        found, stats = world.run(0, [59], max_hops=6, limit=limit, by_hops=by_hops)
        assert len(found) == limit
        assert stats.pushes <= work_bound(limit, 6, 59), stats
        assert stats.pops <= 2 * limit * 6, stats
        # brute force can only afford 3 links here (~3,400 paths)
        assert world.paths(0, [59], 3, limit, by_hops) == world.brute(0, [59], 3, limit, by_hops)


@pytest.mark.parametrize("by_hops", [STRENGTH, HOPS])
@pytest.mark.parametrize("strength", ["equal", "continuous"])
def test_layered_graph_with_millions_of_paths_is_bounded(by_hops: bool, strength: str) -> None:
    # me -> 5 layers of 20 introducers, each layer fully linked to the next -> target:
    # 20**5 = 3.2 million 6-link paths, all of the same length.
    rng = random.Random(3)
    width, layers = 20, 5
    layer = [[1 + i * width + k for k in range(width)] for i in range(layers)]
    target = 1 + layers * width

    def w() -> float:
        return 0.3 if strength == "equal" else 1.0 - rng.random()

    edges = [(0, v, w()) for v in layer[0]] + [(v, target, w()) for v in layer[-1]]
    for a, b in itertools.pairwise(layer):
        edges += [(u, v, w()) for u in a for v in b]
    world = World(target + 1, edges, rank=rng.sample(range(1000), target + 1))
    limit = 10
    found, stats = world.run(0, [target], max_hops=6, limit=limit, by_hops=by_hops)
    assert len(found) == limit
    assert stats.pushes <= work_bound(limit, 6, width + 1), stats
    assert stats.pops <= 2 * limit * 6, stats
    strengths = [p[2] for p in found]
    assert strengths == sorted(strengths, reverse=True)
    assert found[0][2] == best_layered_strength(world, layer, target)
    if strength == "equal":
        # every path ties: the smallest ids win, layer by layer
        first = [min(lay, key=lambda v: world.rank[v]) for lay in layer]
        assert found[0][0] == (0, *first, target)


@pytest.mark.parametrize("by_hops", [STRENGTH, HOPS])
def test_one_weak_link_anywhere_on_strong_routes_is_bounded(by_hops: bool) -> None:
    # Five layers of 10 people, each person in a "clean" (C) and a "used" (U) copy. Strong
    # ties (1.0) run C->C and U->U; a single bare connection (0.3) leads from C into U.
    # Every route to the target has exactly one 0.3 link, somewhere: ~600,000 routes, all
    # of strength 0.3 exactly, in different orders of the same strengths.
    width, layers = 10, 5
    clean = [[1 + 2 * width * i + k for k in range(width)] for i in range(layers)]
    used = [[v + width for v in lay] for lay in clean]
    target = 1 + 2 * width * layers
    edges = [(0, v, 1.0) for v in clean[0]] + [(0, v, 0.3) for v in used[0]]
    edges += [(v, target, 1.0) for v in used[-1]]
    for i in range(layers - 1):
        for u in clean[i]:
            edges += [(u, v, 1.0) for v in clean[i + 1]] + [(u, v, 0.3) for v in used[i + 1]]
        for u in used[i]:
            edges += [(u, v, 1.0) for v in used[i + 1]]
    rng = random.Random(4)
    world = World(target + 1, edges, rank=rng.sample(range(1000), target + 1))
    limit = 10
    found, stats = world.run(0, [target], max_hops=6, limit=limit, by_hops=by_hops)
    assert [p[2] for p in found] == [0.3] * limit
    assert nodes_of(found) == sorted(nodes_of(found), key=lambda p: [world.rank[v] for v in p])
    assert stats.pushes <= work_bound(limit, 6, 3 * width), stats


def best_layered_strength(world: World, layer: list[list[int]], target: int) -> float:
    """The strongest path by forward DP: multiplying by a strength is monotone in floats, so
    keeping the max product per node is exact in path order."""
    best = {v: world.adj[0][v] for v in layer[0]}
    for a, b in itertools.pairwise(layer):
        best = {v: max(best[u] * world.adj[u][v] for u in a) for v in b}
    return max(best[u] * world.adj[u][target] for u in layer[-1])


def test_a_dense_cluster_away_from_the_target_is_never_explored() -> None:
    # K40 around me, and a single 3-link road out of it to the target: the clique's
    # 6-link paths lead nowhere and the heuristic knows it.
    world = complete_graph(40, 1.0)
    edges = [*world.edges, (39, 40, 0.5), (40, 41, 0.5), (41, 42, 0.5)]
    world = World(43, edges, rank=list(range(43)))
    found, stats = world.run(0, [42], max_hops=6, limit=50)
    # all paths tie on strength (0.125): then fewer links, then ids
    assert nodes_of(found)[:39] == [(0, 39, 40, 41, 42)] + [
        (0, v, 39, 40, 41, 42) for v in range(1, 39)
    ]
    assert nodes_of(found)[39:] == [(0, 1, v, 39, 40, 41, 42) for v in range(2, 13)]
    assert stats.pushes <= work_bound(50, 6, 40), stats


# ------------------------------------------------------------------------------------------
# Operational behaviour
# ------------------------------------------------------------------------------------------


def test_big_neighbourhoods_grow_the_scratch_tables() -> None:
    # A fresh thread starts with small per-thread tables; a query touching thousands of
    # nodes must grow them and still answer exactly.
    rng = random.Random(11)
    n = 3000
    world = World(n, random_edges(rng, n, 0.004), rank=rng.sample(range(n), n))
    queries = [
        (s, [t]) for s, t in ((rng.randrange(n), rng.randrange(n)) for _ in range(5)) if s != t
    ]
    results: list[object] = []
    thread = threading.Thread(
        target=lambda: results.extend(world.run(s, ts, 3, 20)[0] for s, ts in queries)
    )
    thread.start()
    thread.join()
    assert results == [world.brute(s, ts, 3, 20) for s, ts in queries]


def test_concurrent_queries_do_not_interfere() -> None:
    rng = random.Random(5)
    n = 400
    world = World(n, random_edges(rng, n, 0.03, TIES), rank=rng.sample(range(n), n))
    queries = [(rng.randrange(n), rng.randrange(n)) for _ in range(40)]
    queries = [(s, t) for s, t in queries if s != t]
    expected = [world.paths(s, [t], 4, 10) for s, t in queries]
    got: dict[int, object] = {}

    def work(offset: int) -> None:
        for i in range(offset, len(queries), 4):
            s, t = queries[i]
            for _ in range(3):
                got[i] = world.paths(s, [t], 4, 10)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [got[i] for i in range(len(queries))] == expected


def test_docstring_examples() -> None:
    for name in ("graph.algorithms.paths", "graph.algorithms._heap", "graph.algorithms"):
        result = doctest.testmod(importlib.import_module(name))
        assert result.failed == 0, name


PURE_PYTHON_CHECK = """
import random
import numpy as np
from graph.algorithms import advocate_density, introduction_paths, pagerank
from tests.algorithms.brute import adjacency, brute_density, brute_paths, build_csr, random_edges

rng = random.Random(0)
for case in range(40):
    n = rng.randint(2, 9)
    edges = random_edges(rng, n, 0.5, (0.3, 0.9, 1.0))
    csr, adj = build_csr(n, edges, rng), adjacency(n, edges)
    rank, blocked = rng.sample(range(100), n), [rng.random() < 0.2 for _ in range(n)]
    s, t = rng.sample(range(n), 2)
    for by_hops, limit in ((False, 20), (True, 20), (True, 1)):
        got = introduction_paths(*csr.arrays, np.array(rank), np.array(blocked), s, [t], 5,
                                 limit, by_hops)
        assert got == brute_paths(adj, rank, blocked, s, [t], 5, limit, by_hops), case
    advocates = [rng.random() < 0.3 for _ in range(n)]
    got = advocate_density(csr.start, csr.length, csr.nbr, np.array(rank), [s], 2,
                           np.array(advocates), 5, blocked=np.array(blocked))
    assert got == brute_density(adj, rank, [s], 2, advocates, 5, blocked), case
assert abs(pagerank(*csr.arrays).sum() - 1.0) < 1e-12
print("ok")
"""


def test_runs_as_plain_python_with_numba_disabled() -> None:
    # NUMBA_DISABLE_JIT=1 is how one steps through the kernels in a debugger.
    root = FilePath(__file__).resolve().parents[2]
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", PURE_PYTHON_CHECK],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ------------------------------------------------------------------------------------------
# Where the heuristic meets in the middle changes the work, never the answers
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("by_hops", [STRENGTH, HOPS])
@pytest.mark.parametrize("strengths", [None, TIES, NASTY], ids=str)
def test_every_split_of_the_heuristic_gives_the_same_answers(
    by_hops: bool, strengths: tuple[float, ...] | None
) -> None:
    rng = random.Random(f"split{by_hops}{strengths}")
    for _ in range(40):
        n = rng.randint(6, 14)
        world = World(
            n,
            random_edges(rng, n, rng.uniform(0.15, 0.7), strengths),
            rank=rng.sample(range(1000), n),
            blocked=[rng.random() < 0.15 for _ in range(n)],
            layout_seed=rng.randrange(1 << 30),
        )
        source = rng.randrange(n)
        targets = rng.sample([v for v in range(n) if v != source], rng.randint(1, 3))
        max_hops, limit = rng.randint(2, 6), rng.choice([1, 3, 20])
        expected = world.brute(source, targets, max_hops, limit, by_hops)
        for split in range(1, max_hops):
            found = introduction_paths_with_stats(
                *world.csr.arrays,
                np.asarray(world.rank),
                np.asarray(world.blocked),
                source,
                np.asarray(targets, np.int64),
                max_hops,
                limit,
                by_hops,
                split=split,
            )[0]
            assert found == expected, split


def test_a_hub_source_moves_the_meeting_point_towards_the_target() -> None:
    # A hub with 300 friends of 10 friends each, and a quiet target three links away: one
    # more layer from the target's side spares reading the hub's 3,000-node 2-link ball.
    edges: list[Edge] = []
    nxt = 1
    for _ in range(300):
        friend = nxt
        edges.append((0, friend, 0.5))
        edges += [(friend, friend + k, 0.5) for k in range(1, 11)]
        nxt += 11
    target, bridge = nxt, nxt + 1
    edges += [(1, bridge, 0.9), (bridge, target, 0.9)]
    world = World(nxt + 2, edges, layout_seed=None)
    found, stats = world.run(0, [target], max_hops=5, limit=3)
    assert found == world.brute(0, [target], max_hops=5, limit=3)
    assert stats.heuristic_scans < 5000, stats  # the hub's row and its friends' rows
    middle = introduction_paths_with_stats(
        *world.csr.arrays,
        np.asarray(world.rank),
        np.asarray(world.blocked),
        0,
        np.array([target]),
        5,
        3,
        False,
        split=2,
    )
    assert middle[0] == found
    assert middle[1].heuristic_scans > 2 * stats.heuristic_scans


def test_rejects_a_split_outside_the_hops() -> None:
    world = World(3, [(0, 1, 1.0), (1, 2, 1.0)])
    with pytest.raises(ValueError, match="split"):
        introduction_paths_with_stats(
            *world.csr.arrays,
            np.asarray(world.rank),
            np.asarray(world.blocked),
            0,
            np.array([2]),
            3,
            5,
            False,
            split=3,
        )
