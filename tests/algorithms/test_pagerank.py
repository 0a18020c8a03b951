"""Weighted PageRank against networkx."""

from __future__ import annotations

import doctest
import importlib
import random

import numpy as np
import numpy.typing as npt
import pytest

from graph.algorithms.pagerank import PageRankDidNotConverge, degree, pagerank

from .brute import Edge, build_csr, networkx_pagerank, random_edges

# the package re-exports the function under the module's name
pagerank_module = importlib.import_module("graph.algorithms.pagerank")


def ours(
    n: int, edges: list[Edge], seed: int | None = 0, alpha: float = 0.85, max_iter: int = 1000
) -> npt.NDArray[np.float64]:
    csr = build_csr(n, edges, None if seed is None else random.Random(seed))
    return pagerank(*csr.arrays, alpha=alpha, max_iter=max_iter)


@pytest.mark.parametrize("strengths", [None, (0.3, 1.0), (1.0,)], ids=str)
def test_matches_networkx_on_random_graphs(strengths: tuple[float, ...] | None) -> None:
    rng = random.Random(str(strengths))
    for _ in range(60):
        n = rng.randint(1, 40)
        # sparse enough that isolated nodes and several components are common
        edges = random_edges(rng, n, rng.uniform(0, 4) / n, strengths)
        pr = ours(n, edges, seed=rng.randrange(1000))
        assert pr.shape == (n,)
        np.testing.assert_allclose(pr, networkx_pagerank(n, edges), rtol=0, atol=1e-9)
        assert abs(pr.sum() - 1.0) < 1e-12


def test_the_parallel_kernel_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    monkeypatch.setattr(pagerank_module, "PARALLEL_MIN_ENTRIES", 0)
    monkeypatch.setattr(pagerank_module, "PARALLEL_MIN_THREADS", 1)
    # few graphs: on an oversubscribed machine every round waits for all worker threads
    for _ in range(2):
        n = rng.randint(1, 60)
        edges = random_edges(rng, n, rng.uniform(0, 4) / n)
        np.testing.assert_allclose(ours(n, edges), networkx_pagerank(n, edges), rtol=0, atol=1e-9)


def test_matches_networkx_with_another_damping() -> None:
    rng = random.Random(1)
    edges = random_edges(rng, 30, 0.1)
    np.testing.assert_allclose(
        ours(30, edges, alpha=0.5), networkx_pagerank(30, edges, 0.5), rtol=0, atol=1e-9
    )


def test_stronger_ties_carry_more_rank() -> None:
    # 1 and 2 both know only 0, but 0 knows 1 much better: 1 gets more of 0's rank
    pr = ours(3, [(0, 1, 1.0), (0, 2, 0.1)])
    assert pr[1] > pr[2]


def test_isolated_people_get_the_teleport_share_only() -> None:
    pr = ours(4, [])
    np.testing.assert_allclose(pr, [0.25] * 4, rtol=0, atol=1e-15)
    pr = ours(5, [(0, 1, 1.0)])
    assert pr[2] == pr[3] == pr[4] < pr[0] == pytest.approx(pr[1])


def test_empty_graph() -> None:
    assert ours(0, []).shape == (0,)


def test_reports_non_convergence() -> None:
    with pytest.raises(PageRankDidNotConverge):
        ours(10, random_edges(random.Random(0), 10, 0.5), max_iter=2)


def test_rejects_bad_damping() -> None:
    with pytest.raises(ValueError):
        ours(2, [(0, 1, 1.0)], alpha=1.0)


def test_degree() -> None:
    csr = build_csr(4, [(0, 1, 1.0), (0, 2, 1.0)], random.Random(0))
    assert degree(csr.length).tolist() == [2, 1, 1, 0]


def test_docstring_examples() -> None:
    assert doctest.testmod(pagerank_module).failed == 0
