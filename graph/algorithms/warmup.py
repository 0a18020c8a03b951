"""Compile every kernel before the first real query needs it.

numba compiles a kernel on its first call (about 10 s for all of them in a fresh
environment, a fraction of a second once its on-disk cache is warm). ``compile_kernels``
calls each one on a five-person graph with the argument types the stores pass, so a server
reports ready only when its first answer is as fast as the rest.

>>> compile_kernels()
"""

from __future__ import annotations

import numpy as np

from .density import advocate_density
from .ego import ego_network
from .pagerank import pagerank
from .paths import introduction_paths


def compile_kernels() -> None:
    """Run every kernel family once (both path rankings, the single-best-path kernel,
    density, the ego network and PageRank) on a tiny graph; cheap once they are compiled."""
    # A path 0 - 1 - 2 - 3 - 4 plus a chord 0 - 2, rows in order.
    links = [(0, 1), (1, 2), (2, 3), (3, 4), (0, 2)]
    n = 5
    rows: list[list[int]] = [[] for _ in range(n)]
    for a, b in links:
        rows[a].append(b)
        rows[b].append(a)
    length = np.array([len(r) for r in rows], np.int64)
    start = np.zeros(n, np.int64)
    start[1:] = np.cumsum(length)[:-1]
    nbr = np.array([v for r in rows for v in r], np.int32)
    weight = np.full(len(nbr), 0.5, np.float64)
    rank = np.arange(n, dtype=np.int64)
    blocked = np.zeros(n, np.bool_)
    targets = np.array([4], np.int64)
    graph = (start, length, nbr, weight, rank, blocked)
    for by_hops in (False, True):
        for limit in (1, 3):
            introduction_paths(*graph, 0, targets, 4, limit, by_hops)
    is_advocate = np.zeros(n, np.bool_)
    is_advocate[3] = True
    advocate_density(
        start, length, nbr, rank, np.array([0], np.int64), 2, is_advocate, 3, blocked=blocked
    )
    ego_network(start, length, nbr, weight, rank, np.array([0], np.int64), 2, 3, max_links=2)
    pagerank(start, length, nbr, weight)
