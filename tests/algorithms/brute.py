"""Brute-force references for ``graph.algorithms`` and a CSR builder for tests.

Everything here is deliberately naive (plain DFS/BFS over dicts, networkx) and shares no code
with the kernels it checks.

``build_csr`` lays rows out the way a mutating store may leave them: rows in random order,
with gaps, neighbours unsorted, and the gaps filled with plausible garbage (valid node
indices, strength 1.0) so any read outside a row changes answers.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

Edge = tuple[int, int, float]
Adjacency = dict[int, dict[int, float]]
Path = tuple[tuple[int, ...], tuple[float, ...], float]


@dataclass(frozen=True)
class Csr:
    start: npt.NDArray[np.int64]
    length: npt.NDArray[np.int64]
    nbr: npt.NDArray[np.int32]
    weight: npt.NDArray[np.float64]

    @property
    def arrays(
        self,
    ) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float64]
    ]:
        return self.start, self.length, self.nbr, self.weight


def build_csr(
    n: int, edges: Iterable[Edge], rng: random.Random | None = None, max_gap: int = 3
) -> Csr:
    """CSR arrays for an undirected edge list (each pair once, no self loops).

    With ``rng``: rows in shuffled order, each followed by 0..max_gap garbage slots, and
    neighbours shuffled within rows. Without: compact rows in node order.
    """
    adj = adjacency(n, edges)
    rows = list(range(n))
    if rng is not None:
        rng.shuffle(rows)
    start = np.zeros(n, np.int64)
    length = np.zeros(n, np.int64)
    nbr: list[int] = []
    weight: list[float] = []
    for u in rows:
        if rng is not None:
            _garbage(nbr, weight, n, rng.randint(0, max_gap), rng)
        items = list(adj[u].items())
        if rng is not None:
            rng.shuffle(items)
        start[u] = len(nbr)
        length[u] = len(items)
        for v, w in items:
            nbr.append(v)
            weight.append(w)
    if rng is not None:
        _garbage(nbr, weight, n, rng.randint(0, max_gap), rng)
    return Csr(start, length, np.asarray(nbr, np.int32), np.asarray(weight, np.float64))


def _garbage(nbr: list[int], weight: list[float], n: int, k: int, rng: random.Random) -> None:
    for _ in range(k):
        nbr.append(rng.randrange(n) if n else 0)
        weight.append(1.0)


def adjacency(n: int, edges: Iterable[Edge]) -> Adjacency:
    adj: Adjacency = {u: {} for u in range(n)}
    for u, v, w in edges:
        assert u != v and v not in adj[u], "no self loops or duplicate links"
        adj[u][v] = w
        adj[v][u] = w
    return adj


def random_edges(
    rng: random.Random, n: int, p: float, strengths: Sequence[float] | None = None
) -> list[Edge]:
    """G(n, p) with strengths drawn from ``strengths`` (ties) or uniform in (0, 1]."""
    edges = []
    for u in range(n):
        for v in range(u + 1, n):
            if rng.random() < p:
                w = rng.choice(strengths) if strengths else 1.0 - rng.random()
                edges.append((u, v, w))
    return edges


# ------------------------------------------------------------------------------------------
# Introduction paths
# ------------------------------------------------------------------------------------------


def all_paths(
    adj: Adjacency,
    blocked: Sequence[bool],
    source: int,
    targets: Iterable[int],
    max_hops: int,
) -> list[Path]:
    """Every valid introduction path, by plain DFS over simple paths."""
    target_set = set(targets)
    found: list[Path] = []

    def extend(path: list[int], links: list[float]) -> None:
        for u, w in adj[path[-1]].items():
            if u in path:
                continue
            if u in target_set:
                found.append((tuple([*path, u]), tuple([*links, w]), product([*links, w])))
            elif not blocked[u] and len(links) + 1 < max_hops:
                extend([*path, u], [*links, w])

    extend([source], [])
    return found


def product(strengths: Iterable[float]) -> float:
    """Path strength: multiplied in path order, starting from the source."""
    p = 1.0
    for w in strengths:
        p *= w
    return p


def brute_paths(
    adj: Adjacency,
    rank: Sequence[int],
    blocked: Sequence[bool],
    source: int,
    targets: Iterable[int],
    max_hops: int,
    limit: int,
    by_hops: bool,
) -> list[Path]:
    paths = all_paths(adj, blocked, source, targets, max_hops)

    def key(p: Path) -> tuple[object, ...]:
        nodes, links, strength = p
        ranks = tuple(rank[v] for v in nodes)
        return (len(links), -strength, ranks) if by_hops else (-strength, len(links), ranks)

    return sorted(paths, key=key)[:limit]


# ------------------------------------------------------------------------------------------
# Advocate density
# ------------------------------------------------------------------------------------------


def bfs_distances(adj: Adjacency, source: int) -> dict[int, int]:
    dist = {source: 0}
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for v in adj[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist


def brute_density(
    adj: Adjacency,
    rank: Sequence[int],
    seeds: Iterable[int],
    hops: int,
    is_advocate: Sequence[bool],
    nearest_limit: int,
    blocked: Sequence[bool],
) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Per-seed BFS, then direct set arithmetic. Blocked (do-not-contact) advocates count
    towards ``advocates`` but are never listed in ``nearest``; seeds are listed as they are."""
    seed_set = set(seeds)
    per_seed = {s: bfs_distances(adj, s) for s in seed_set}
    dist: dict[int, int] = {}
    for d in per_seed.values():
        for v, k in d.items():
            dist[v] = min(dist.get(v, k), k)
    hood = {v for v, k in dist.items() if 1 <= k <= hops and v not in seed_set}
    advocates = [v for v in hood if is_advocate[v]]
    listable = [v for v in advocates if not blocked[v]]
    nearest = []
    for a in sorted(listable, key=lambda v: (dist[v], rank[v]))[:nearest_limit]:
        at_min = [s for s in seed_set if per_seed[s].get(a) == dist[a]]
        nearest.append((a, dist[a], min(at_min, key=lambda s: rank[s])))
    return len(hood), len(advocates), nearest


# ------------------------------------------------------------------------------------------
# PageRank
# ------------------------------------------------------------------------------------------


def networkx_pagerank(n: int, edges: Iterable[Edge], alpha: float = 0.85) -> list[float]:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(edges)
    pr = nx.pagerank(g, alpha=alpha, weight="weight", tol=1e-12, max_iter=10_000)
    return [pr[v] for v in range(n)]
