"""Advocate density: agreement with per-seed BFS, the details of labels and marks, and
do-not-contact advocates kept out of the nearest list."""

from __future__ import annotations

import doctest
import importlib
import random
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.algorithms import _heap
from graph.algorithms.density import advocate_density

from .brute import Edge, adjacency, brute_density, build_csr, random_edges


class Town:
    """A link graph with advocates, as the density query sees it."""

    def __init__(
        self,
        n: int,
        edges: list[Edge],
        advocates: set[int] | None = None,
        rank: list[int] | None = None,
        layout_seed: int | None = 0,
        blocked: set[int] | None = None,
    ) -> None:
        self.n = n
        self.rank = rank or list(range(n))
        self.is_advocate = [v in (advocates or set()) for v in range(n)]
        self.blocked = [v in (blocked or set()) for v in range(n)]
        self.adj = adjacency(n, edges)
        self.csr = build_csr(n, edges, None if layout_seed is None else random.Random(layout_seed))

    def density(
        self, seeds: list[int], hops: int, nearest_limit: int = 10
    ) -> tuple[int, int, list[tuple[int, int, int]]]:
        return advocate_density(
            self.csr.start,
            self.csr.length,
            self.csr.nbr,
            np.asarray(self.rank),
            np.asarray(seeds, np.int64),
            hops,
            np.asarray(self.is_advocate),
            nearest_limit,
            blocked=np.asarray(self.blocked),
        )

    def brute(
        self, seeds: list[int], hops: int, nearest_limit: int = 10
    ) -> tuple[int, int, list[tuple[int, int, int]]]:
        return brute_density(
            self.adj, self.rank, seeds, hops, self.is_advocate, nearest_limit, self.blocked
        )


@st.composite
def density_cases(draw: st.DrawFn) -> tuple[Town, list[int], int, int]:
    n = draw(st.integers(1, 14))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
    edges = sorted({(min(u, v), max(u, v)) for u, v in pairs if u != v})
    advocates = draw(st.sets(st.integers(0, n - 1)))
    blocked = draw(st.sets(st.integers(0, n - 1)))  # overlaps advocates and seeds
    rank = draw(st.permutations(range(n)))
    seeds = draw(st.lists(st.integers(0, n - 1), max_size=4))  # duplicates allowed
    edge_list = [(u, v, 1.0) for u, v in edges]
    town = Town(n, edge_list, advocates, list(rank), draw(st.integers(0, 1000)), blocked)
    return town, seeds, draw(st.integers(0, 5)), draw(st.integers(0, 12))


@settings(max_examples=400, deadline=None)
@given(density_cases())
def test_matches_brute_force(case: tuple[Town, list[int], int, int]) -> None:
    town, seeds, hops, nearest_limit = case
    assert town.density(seeds, hops, nearest_limit) == town.brute(seeds, hops, nearest_limit)


def test_matches_brute_force_on_larger_random_graphs() -> None:
    rng = random.Random(2)
    for _ in range(40):
        n = rng.randint(50, 300)
        edges = random_edges(rng, n, rng.uniform(1, 6) / n)
        town = Town(
            n,
            edges,
            {v for v in range(n) if rng.random() < 0.2},
            rng.sample(range(10 * n), n),
            rng.randrange(1000),
            {v for v in range(n) if rng.random() < 0.15},
        )
        seeds = rng.sample(range(n), rng.randint(1, 8))
        hops, limit = rng.randint(1, 4), rng.choice([0, 1, 5, 50])
        assert town.density(seeds, hops, limit) == town.brute(seeds, hops, limit)


def test_a_small_example_by_hand() -> None:
    #   seeds 0 and 5;  0 - 1 - 2 - 3,  5 - 4 - 3,  5 - 6;  advocates 2, 3, 6
    town = Town(
        7, [(0, 1, 1), (1, 2, 1), (2, 3, 1), (5, 4, 1), (4, 3, 1), (5, 6, 1)], advocates={2, 3, 6}
    )
    reachable, advocates, nearest = town.density([0, 5], hops=2)
    assert (reachable, advocates) == (5, 3)  # 1, 2, 3, 4, 6
    assert nearest == [(6, 1, 5), (2, 2, 0), (3, 2, 5)]
    assert town.density([0, 5], hops=1) == (3, 1, [(6, 1, 5)])


def test_the_seed_label_is_the_smallest_id_among_the_closest_seeds() -> None:
    # Advocate 3 is two links from seeds 0 and 1 and three from seed 2; ids: 1 < 0 < 2.
    town = Town(
        6,
        [(0, 4, 1), (1, 4, 1), (4, 3, 1), (2, 5, 1), (5, 4, 1)],
        advocates={3},
        rank=[20, 10, 0, 30, 40, 50],
    )
    assert town.density([0, 1, 2], hops=3)[2] == [(3, 2, 1)]


def test_seeds_are_not_their_own_neighbourhood() -> None:
    town = Town(3, [(0, 1, 1), (1, 2, 1)], advocates={0, 1, 2})
    assert town.density([0, 1], hops=1) == (1, 1, [(2, 1, 1)])
    assert town.density([0, 0, 0], hops=1) == (1, 1, [(1, 1, 0)])


def test_nothing_to_count() -> None:
    town = Town(3, [(0, 1, 1)], advocates={1})
    assert town.density([], hops=2) == (0, 0, [])
    assert town.density([2], hops=2) == (0, 0, [])
    assert town.density([0], hops=0) == (0, 0, [])
    assert town.density([0], hops=1, nearest_limit=0) == (1, 1, [])


def test_nearest_is_ordered_by_distance_then_id_and_cut() -> None:
    # a star: the seed 0 and eight advocates around it, ids in reverse index order
    town = Town(
        9,
        [(0, v, 1) for v in range(1, 9)],
        advocates=set(range(1, 9)),
        rank=[100] + [9 - v for v in range(1, 9)],
    )
    assert town.density([0], 1, nearest_limit=3) == (8, 8, [(8, 1, 0), (7, 1, 0), (6, 1, 0)])


def test_rejects_bad_arguments() -> None:
    town = Town(3, [(0, 1, 1)])
    with pytest.raises(ValueError):
        town.density([3], 1)
    with pytest.raises(ValueError):
        town.density([0], -1)


def test_marks_survive_the_generation_counter_wrapping() -> None:
    # Generation stamps replace O(n) clears; when the counter is about to wrap the marks
    # are cleared once, and answers must not change.
    rng = random.Random(9)
    town = Town(60, random_edges(rng, 60, 0.05), advocates=set(range(0, 60, 3)))
    expected = [town.brute([s], 3) for s in range(10)]
    results: list[object] = []

    def run() -> None:
        marks = _heap.thread_marks(town.n)
        marks.generation = np.iinfo(np.int32).max - 9
        results.extend(town.density([s], 3) for s in range(10))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert results == expected


def test_a_do_not_contact_advocate_is_counted_but_never_listed() -> None:
    # seed 0;  0 - 1 - 2,  0 - 3;  advocates 1 (do-not-contact) and 2
    town = Town(4, [(0, 1, 1), (1, 2, 1), (0, 3, 1)], advocates={1, 2}, blocked={1})
    reachable, advocates, nearest = town.density([0], hops=2)
    assert (reachable, advocates) == (3, 2)  # 1 still counts, and still relays to 2
    assert nearest == [(2, 2, 0)]


def test_the_list_fills_up_from_allowed_advocates_past_blocked_ones() -> None:
    # a star of eight advocates around seed 0, every other one do-not-contact, and two more
    # allowed advocates one link further out behind 1
    edges = [(0, v, 1.0) for v in range(1, 9)] + [(1, 9, 1.0), (1, 10, 1.0)]
    town = Town(11, edges, advocates=set(range(1, 11)), blocked={1, 3, 5, 7})
    assert town.density([0], 2, nearest_limit=3) == (10, 10, [(2, 1, 0), (4, 1, 0), (6, 1, 0)])
    assert town.density([0], 2, nearest_limit=6) == (
        10,
        10,
        [(2, 1, 0), (4, 1, 0), (6, 1, 0), (8, 1, 0), (9, 2, 0), (10, 2, 0)],
    )
    everyone_blocked = Town(11, edges, advocates=set(range(1, 11)), blocked=set(range(11)))
    assert everyone_blocked.density([0], 2, nearest_limit=5) == (10, 10, [])


def test_a_do_not_contact_seed_is_still_named_as_the_seed() -> None:
    # The seed is who the question was about; only advocates are filtered.
    town = Town(3, [(0, 1, 1), (1, 2, 1)], advocates={2}, blocked={0})
    assert town.density([0], hops=2) == (2, 1, [(2, 2, 0)])


def test_rejects_a_blocked_mask_of_the_wrong_size() -> None:
    town = Town(3, [(0, 1, 1)])
    with pytest.raises(ValueError):
        advocate_density(
            town.csr.start,
            town.csr.length,
            town.csr.nbr,
            np.asarray(town.rank),
            [0],
            1,
            np.asarray(town.is_advocate),
            5,
            blocked=np.zeros(2, np.bool_),
        )


def test_docstring_examples() -> None:
    assert doctest.testmod(importlib.import_module("graph.algorithms.density")).failed == 0
