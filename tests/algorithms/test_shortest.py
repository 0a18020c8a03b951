"""The single best path by hops (limit 1, HOPS) takes its own kernel: same answers as brute
force, including exact float ties, blocked people, several targets and big neighbourhoods."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings

from .brute import random_edges
from .test_paths import HOPS, NASTY, TIES, World, complete_graph, path_cases


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path_cases())
def test_matches_brute_force(case: tuple[World, int, list[int], int, int, bool]) -> None:
    world, source, targets, max_hops, _, _ = case
    assert world.paths(source, targets, max_hops, 1, HOPS) == world.brute(
        source, targets, max_hops, 1, HOPS
    )


@pytest.mark.parametrize("strengths", [None, TIES, NASTY, (0.3,), (1.0,)], ids=str)
@pytest.mark.parametrize("density", [0.08, 0.25, 0.6])
def test_matches_brute_force_on_random_graphs(
    strengths: tuple[float, ...] | None, density: float
) -> None:
    # sparse graphs give long shortest paths (both BFS sides grow); dense ones many ties
    rng = random.Random(f"{strengths}{density}")
    for _ in range(80):
        n = rng.randint(6, 16)
        world = World(
            n,
            random_edges(rng, n, density, strengths),
            rank=rng.sample(range(1000), n),
            blocked=[rng.random() < 0.2 for _ in range(n)],
            layout_seed=rng.randrange(1 << 30),
        )
        source = rng.randrange(n)
        targets = rng.sample([v for v in range(n) if v != source], rng.randint(1, 4))
        max_hops = rng.randint(1, 6)
        assert world.paths(source, targets, max_hops, 1, HOPS) == world.brute(
            source, targets, max_hops, 1, HOPS
        )


def test_order_sensitive_ties_between_shortest_paths() -> None:
    # Three-link routes 0-a-b-9 made of the same strengths in different orders: their float
    # products differ by an ulp or tie exactly, and the smallest ids win only among the
    # exactly-equal best.
    rng = random.Random(2)
    for _ in range(200):
        values = [rng.choice(NASTY) for _ in range(3)]
        edges = []
        for a, b in ((1, 2), (3, 4), (5, 6), (7, 8)):
            order = rng.sample(values, 3)
            edges += [(0, a, order[0]), (a, b, order[1]), (b, 9, order[2])]
        world = World(10, edges, rank=rng.sample(range(100), 10))
        assert world.paths(0, [9], 3, 1, HOPS) == world.brute(0, [9], 3, 1, HOPS)


def test_a_company_target_ends_the_path_at_the_first_employee() -> None:
    # 1 and 3 work at the company; the path to 3 through 1 is not a path.
    world = World(5, [(0, 1, 0.2), (1, 3, 1.0), (0, 2, 0.9), (2, 4, 0.9), (4, 3, 0.9)])
    assert world.paths(0, [1, 3], 6, 1, HOPS) == [((0, 1), (0.2,), 0.2)]
    assert world.paths(0, [3], 6, 1, HOPS) == [((0, 1, 3), (0.2, 1.0), 0.2)]


def test_blocked_people_are_routed_around_and_max_hops_cuts() -> None:
    world = World(
        6,
        [(0, 1, 1.0), (1, 5, 1.0), (0, 2, 0.5), (2, 3, 0.5), (3, 5, 0.5)],
        blocked=[False, True, False, False, False, False],
    )
    assert world.paths(0, [5], 3, 1, HOPS) == [((0, 2, 3, 5), (0.5, 0.5, 0.5), 0.125)]
    assert world.paths(0, [5], 2, 1, HOPS) == []
    assert world.paths(0, [4], 6, 1, HOPS) == []


def test_big_neighbourhoods_grow_the_tables() -> None:
    # K300: the first tables hold 4,096 slots; the BFS of a hub touches everyone.
    world = complete_graph(300, lambda r: r.choice(TIES), seed=3)
    edges = [(u, v, w) for u, v, w in world.edges if (u, v) != (0, 299)]
    world = World(300, edges, rank=world.rank)
    assert world.paths(0, [299], 6, 1, HOPS) == world.brute(0, [299], 2, 1, HOPS)


def test_work_is_two_balls_not_the_graph() -> None:
    # Two stars of 50 joined by one link, plus a big clique elsewhere that nobody should read.
    edges = [(0, v, 0.5) for v in range(1, 51)] + [(100, v, 0.5) for v in range(51, 100)]
    edges += [(50, 51, 0.9)]
    edges += [(u, v, 1.0) for u in range(200, 260) for v in range(u + 1, 260)]
    world = World(260, edges)
    found, stats = world.run(0, [100], max_hops=6, limit=1, by_hops=HOPS)
    assert found == [((0, 50, 51, 100), (0.5, 0.9, 0.5), 0.5 * 0.9 * 0.5)]
    assert stats.touched <= 102
