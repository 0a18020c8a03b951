"""The ego network: agreement with a naive spelling-out of the documented expansion on random
graphs (ties in strength, zero-strength ties, rows out of order with garbage between them),
the caps, and what "nothing left out" means."""

from __future__ import annotations

import doctest
import importlib
import random
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.algorithms.ego import Ego, ego_network

from .brute import Adjacency, Edge, adjacency, build_csr, random_edges

Link = tuple[int, int, float]
Answer = tuple[list[int], list[int], list[Link], bool, bool]


def brute_ego(
    adj: Adjacency, rank: list[int], seeds: list[int], hops: int, limit: int, max_links: int | None
) -> Answer:
    """The module docstring's rules, one candidate at a time over all kept people."""
    unique = set(seeds)
    total = {s: float(np.round(sum(w for w in adj[s].values() if w > 0), 9)) for s in unique}
    ordered = sorted(unique, key=lambda s: (-total[s], rank[s]))
    cut = len(ordered) > limit
    depth = {s: 0 for s in ordered[:limit]}
    parent: dict[int, int] = {}
    while True:
        best: dict[int, tuple[tuple[float, int, int], int]] = {}
        for u in depth:
            if depth[u] >= hops:
                continue
            for v, w in adj[u].items():
                if w > 0 and v not in depth:
                    key = (-w, rank[v], rank[u])
                    if v not in best or key < best[v][0]:
                        best[v] = (key, u)
        if not best:
            break
        if len(depth) == limit:
            cut = True
            break
        v, (_, u) = min(best.items(), key=lambda item: item[1][0])
        parent[v] = u
        depth = kept_distances(adj, ordered[:limit], [*depth, v])
    kept = list(depth)
    links = sorted(
        (
            (u, v, w)
            for u in kept
            for v, w in adj[u].items()
            if v in depth and w > 0 and rank[u] < rank[v]
        ),
        key=lambda link: (-link[2], rank[link[0]], rank[link[1]]),
    )
    links_cut = max_links is not None and len(links) > max_links
    if max_links is not None and links_cut:
        tree = {frozenset(pair) for pair in parent.items()}
        budget = max_links - len(tree)
        chosen = []
        for link in links:
            if frozenset(link[:2]) in tree:
                chosen.append(link)
            elif budget > 0:
                budget -= 1
                chosen.append(link)
        links = chosen
    return kept, [depth[v] for v in kept], links, cut, links_cut


def kept_distances(adj: Adjacency, seeds: list[int], kept: list[int]) -> dict[int, int]:
    """Each kept person's distance from the seeds through kept people, in ``kept`` order."""
    inside = set(kept)
    distance = dict.fromkeys(seeds, 0)
    queue = deque(seeds)
    while queue:
        u = queue.popleft()
        for v, w in adj[u].items():
            if w > 0 and v in inside and v not in distance:
                distance[v] = distance[u] + 1
                queue.append(v)
    return {v: distance[v] for v in kept}


def answer(ego: Ego) -> Answer:
    links = [
        (int(a), int(b), float(w))
        for (a, b), w in zip(ego.links.tolist(), ego.strength.tolist(), strict=True)
    ]
    return ego.people.tolist(), ego.depth.tolist(), links, ego.truncated, ego.links_truncated


class Graph:
    def __init__(self, n: int, edges: list[Edge], rank: list[int], layout_seed: int) -> None:
        self.n, self.rank = n, rank
        self.adj = adjacency(n, edges)
        self.csr = build_csr(n, edges, random.Random(layout_seed))

    def ego(self, seeds: list[int], hops: int, limit: int, max_links: int | None = None) -> Answer:
        found = ego_network(
            *self.csr.arrays,
            np.asarray(self.rank),
            np.asarray(seeds, np.int64),
            hops,
            limit,
            max_links=max_links,
        )
        return answer(found)

    def brute(
        self, seeds: list[int], hops: int, limit: int, max_links: int | None = None
    ) -> Answer:
        return brute_ego(self.adj, self.rank, seeds, hops, limit, max_links)

    def ball(self, seeds: list[int], hops: int) -> set[int]:
        """Everyone within ``hops`` positive ties of the seeds, by plain BFS."""
        distance = dict.fromkeys(seeds, 0)
        queue = deque(seeds)
        while queue:
            u = queue.popleft()
            if distance[u] == hops:
                continue
            for v, w in self.adj[u].items():
                if w > 0 and v not in distance:
                    distance[v] = distance[u] + 1
                    queue.append(v)
        return set(distance)


@st.composite
def ego_cases(draw: st.DrawFn) -> tuple[Graph, list[int], int, int, int | None]:
    n = draw(st.integers(1, 14))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    # few distinct strengths, so ties in strength are common; 0 is "no tie"
    strengths = st.sampled_from([0.0, 0.25, 0.5, 0.5, 1.0])
    edges = [
        (u, v, draw(strengths))
        for u, v in sorted({(min(u, v), max(u, v)) for u, v in pairs if u != v})
    ]
    rank = list(draw(st.permutations(range(n))))
    seeds = draw(st.lists(st.integers(0, n - 1), max_size=5))  # duplicates allowed
    graph = Graph(n, edges, rank, draw(st.integers(0, 1000)))
    max_links = draw(st.none() | st.integers(0, 12))
    return graph, seeds, draw(st.integers(0, 4)), draw(st.integers(1, 15)), max_links


@settings(max_examples=400, deadline=None)
@given(ego_cases())
def test_matches_brute_force(case: tuple[Graph, list[int], int, int, int | None]) -> None:
    graph, seeds, hops, limit, max_links = case
    assert graph.ego(seeds, hops, limit, max_links) == graph.brute(seeds, hops, limit, max_links)


def test_matches_brute_force_on_larger_random_graphs() -> None:
    rng = random.Random(12)
    for _ in range(30):
        n = rng.randint(50, 250)
        edges = random_edges(rng, n, rng.uniform(2, 10) / n, [0.1, 0.3, 0.3, 0.6, 0.9, 1.0])
        graph = Graph(n, edges, rng.sample(range(10 * n), n), rng.randrange(1000))
        seeds = rng.sample(range(n), rng.choice([1, 1, 3, 20]))
        hops, limit = rng.randint(1, 3), rng.choice([1, 10, 50, 200])
        max_links = rng.choice([None, 4 * limit])
        assert graph.ego(seeds, hops, limit, max_links) == graph.brute(
            seeds, hops, limit, max_links
        )


def test_nothing_left_out_means_everyone_within_reach() -> None:
    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(5, 80)
        graph = Graph(n, random_edges(rng, n, 3 / n), list(range(n)), rng.randrange(1000))
        seeds = rng.sample(range(n), rng.randint(1, 3))
        hops = rng.randint(1, 3)
        people, depth, _, truncated, _ = graph.ego(seeds, hops, limit=n)
        assert truncated is False
        assert set(people) == graph.ball(seeds, hops)
        assert max(depth) <= hops
        # and with one place fewer than that, somebody is left out and it says so
        if len(people) > 1:
            assert graph.ego(seeds, hops, limit=len(people) - 1)[3] is True


def test_a_strong_second_hop_comes_before_a_weak_first_hop() -> None:
    # 0 - 1 (0.9), 1 - 2 (0.8), 0 - 3 (0.1): best first, not breadth first
    graph = Graph(4, [(0, 1, 0.9), (1, 2, 0.8), (0, 3, 0.1)], [0, 1, 2, 3], 0)
    people, depth, links, truncated, _ = graph.ego([0], hops=2, limit=3)
    assert people == [0, 1, 2] and depth == [0, 1, 2] and truncated is True
    assert links == [(0, 1, 0.9), (1, 2, 0.8)]
    # one hop: 2 is out of reach however strong
    assert graph.ego([0], hops=1, limit=3)[0] == [0, 1, 3]


def test_depth_is_the_shortest_way_through_kept_people() -> None:
    # 2 comes in through 1's strong tie, but it is also tied to seed 0: depth 1, so its
    # neighbour 3 is still within two hops
    edges = [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.1), (2, 3, 0.5)]
    graph = Graph(4, edges, [0, 1, 2, 3], 0)
    people, depth, *_ = graph.ego([0], hops=2, limit=10)
    assert people == [0, 1, 2, 3] and depth == [0, 1, 1, 2]


def test_seeds_beyond_the_limit_are_the_weakest_connected() -> None:
    # seeds 0, 1, 2 with total strengths 0.2, 1.5, 0.9
    edges = [(0, 3, 0.2), (1, 3, 0.5), (1, 4, 1.0), (2, 4, 0.9)]
    graph = Graph(5, edges, [0, 1, 2, 3, 4], 0)
    people, depth, links, truncated, _ = graph.ego([2, 0, 1, 1], hops=1, limit=2)
    assert people == [1, 2] and depth == [0, 0] and truncated is True
    assert links == []  # 1 and 2 are not tied to each other


def test_the_links_cap_keeps_every_tree_link() -> None:
    # a clique of 5 around 0: the four ties from 0 are the weakest, yet each one is how
    # its person came in, so a cap of 4 keeps exactly them
    edges = [(0, v, 0.1) for v in range(1, 5)]
    edges += [(u, v, 0.9) for u in range(1, 5) for v in range(u + 1, 5)]
    graph = Graph(5, edges, [0, 1, 2, 3, 4], 0)
    _, _, links, _, links_cut = graph.ego([0], hops=1, limit=5, max_links=4)
    assert links_cut is True
    assert sorted(links) == [(0, v, 0.1) for v in range(1, 5)]
    # room for two more: the strongest others, by the pair's ranks
    _, _, links, _, _ = graph.ego([0], hops=1, limit=5, max_links=6)
    assert links[:2] == [(1, 2, 0.9), (1, 3, 0.9)] and len(links) == 6


def test_nothing_around() -> None:
    graph = Graph(3, [(0, 1, 1.0)], [0, 1, 2], 0)
    assert graph.ego([], hops=2, limit=5) == ([], [], [], False, False)
    assert graph.ego([2], hops=2, limit=5) == ([2], [0], [], False, False)
    assert graph.ego([0], hops=0, limit=5) == ([0], [0], [], False, False)


def test_bad_arguments_are_refused() -> None:
    graph = Graph(3, [(0, 1, 1.0)], [0, 1, 2], 0)
    with pytest.raises(ValueError, match="seeds"):
        graph.ego([3], hops=1, limit=5)
    with pytest.raises(ValueError, match="limit"):
        graph.ego([0], hops=1, limit=0)
    with pytest.raises(ValueError, match="one entry per node"):
        ego_network(*graph.csr.arrays, np.arange(2), [0], 1, 5)


def test_docstring_examples() -> None:
    module = importlib.import_module("graph.algorithms.ego")
    assert doctest.testmod(module).failed == 0
