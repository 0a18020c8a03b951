"""The benchmark's peers must answer the questions warmgraph answers, or its ratios mean
nothing: on many random small graphs, networkx's and igraph's answers as the suite asks for
them are checked against warmgraph's kernels (and the comparison itself against bad ones)."""

from __future__ import annotations

import random

import numpy as np
import pytest

pytest.importorskip("igraph")

from bench import peers_igraph, peers_networkx
from bench.cases import same_top_paths
from bench.graphs import link_graph
from graph.algorithms.pagerank import pagerank
from graph.algorithms.paths import introduction_paths
from graph.queries import LinkProjection
from tests.algorithms.brute import build_csr, random_edges

SEEDS = range(40)


def _world(seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    # small and sparse: where fewer than k short paths exist, Yen enumerates every simple
    # path (the benchmark cuts such queries off with a time budget; a test cannot)
    n = rng.randrange(6, 13)
    edges = random_edges(rng, n, rng.uniform(0.15, 0.35))
    csr = build_csr(n, edges, rng)
    blocked = np.array([rng.random() < 0.1 for _ in range(n)])
    ids = tuple(f"p{i:03d}" for i in range(n))
    projection = LinkProjection(ids, *csr.arrays, advocacy=np.zeros(n))
    graph = link_graph(projection, {ids[i] for i in np.flatnonzero(blocked)})
    return rng, csr, blocked, projection, graph


def _ours(csr, blocked, a, b, hops, limit, by_hops):  # type: ignore[no-untyped-def]
    rank = np.arange(len(blocked))
    return introduction_paths(*csr.arrays, rank, blocked, a, [b], hops, limit, by_hops)


def _path_graphs(graph):  # type: ignore[no-untyped-def]
    g_nx = peers_networkx.build(graph)
    peers_networkx.drop_blocked(g_nx, graph)
    return g_nx, peers_igraph.build(graph, paths=True)


def _ends(rng: random.Random, blocked: np.ndarray) -> tuple[int, int]:
    free = [i for i in range(len(blocked)) if not blocked[i]]
    a, b = rng.sample(free, 2)
    return a, b


@pytest.mark.parametrize("seed", SEEDS)
def test_link_graph_holds_each_link_once_with_its_strength(seed: int) -> None:
    _, csr, _, _, graph = _world(seed)
    expected = {}
    for u in range(len(csr.start)):
        for k in range(csr.start[u], csr.start[u] + csr.length[u]):
            v = int(csr.nbr[k])
            expected[(min(u, v), max(u, v))] = float(csr.weight[k])
    got = {
        (int(u), int(v)): float(s) for u, v, s in zip(graph.u, graph.v, graph.strength, strict=True)
    }
    assert got == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_k_shortest_peers_find_warmgraphs_strongest_paths(seed: int) -> None:
    rng, csr, blocked, _, graph = _world(seed)
    g_nx, g_ig = _path_graphs(graph)
    for _ in range(5):
        a, b = _ends(rng, blocked)
        ours = [(p[0], p[2]) for p in _ours(csr, blocked, a, b, 4, 5, False)]
        for found in (
            peers_networkx.strongest_paths(g_nx, a, b, 4, 5),
            peers_igraph.strongest_paths(g_ig, a, b, 4, 5),
        ):
            theirs = [(tuple(p), peers_networkx.product(g_nx, p)) for p in found]
            assert same_top_paths(ours, theirs)


@pytest.mark.parametrize("seed", SEEDS)
def test_shortest_path_peers_agree_on_hops(seed: int) -> None:
    rng, csr, blocked, _, graph = _world(seed)
    g_nx, g_ig = _path_graphs(graph)
    for _ in range(5):
        a, b = _ends(rng, blocked)
        ours = _ours(csr, blocked, a, b, 6, 1, True)
        for found in (
            peers_networkx.shortest_path(g_nx, a, b),
            peers_igraph.shortest_path(g_ig, a, b),
        ):
            if not ours:
                assert found is None or len(found) - 1 > 6
            else:
                assert found is not None and len(found) - 1 == len(ours[0][1])


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_pagerank_peers_agree(seed: int) -> None:
    *_, projection, graph = _world(seed)
    ours = pagerank(projection.start, projection.length, projection.nbr, projection.weight)
    g_nx = peers_networkx.build(graph)
    nx_pr = peers_networkx.pagerank(g_nx)
    ig_pr = peers_igraph.pagerank(peers_igraph.build(graph, paths=False))
    np.testing.assert_allclose([nx_pr[i] for i in range(graph.n)], ours, atol=1e-8)
    np.testing.assert_allclose(ig_pr, ours, atol=1e-8)


def test_same_top_paths_rejects_a_different_answer() -> None:
    ours = [(("a", "b"), 0.9), (("a", "c", "b"), 0.5)]
    assert same_top_paths(ours, list(ours))
    assert not same_top_paths(ours, ours[:1])
    assert not same_top_paths(ours, [(("a", "b"), 0.9), (("a", "d", "b"), 0.4)])
    # a different path of the same strength is only accepted at the cut (a tie-break)
    assert same_top_paths(ours, [(("a", "b"), 0.9), (("a", "d", "b"), 0.5)])
    assert not same_top_paths(ours, [(("a", "d", "b"), 0.9), (("a", "c", "b"), 0.5)])
