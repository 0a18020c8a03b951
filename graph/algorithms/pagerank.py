"""Weighted PageRank of the undirected link graph, for influence.

Each link counts in both directions and a walker leaves u along a link with probability
proportional to its strength. Nodes with no links (isolated or deleted people) spread their
mass uniformly, as does the teleport: exactly networkx's ``pagerank`` defaults.

Because the graph is symmetric, u's in-links are its out-links, so one pass *pulls* over each
row: ``pr'[v] = (1 - a)/n + a * (dangling/n + sum_{u in N(v)} w(u, v) * pr[u] / W(u))`` with
``W(u)`` u's total strength. No transpose, no scatter, and rows parallelise without atomics.
Each round is one pass over the rows: a new value also gives its share for the next round.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt
from numba import njit, prange

__all__ = ["PageRankDidNotConverge", "degree", "pagerank"]

FloatArray = npt.NDArray[np.float64]


class PageRankDidNotConverge(ValueError):
    """The power iteration did not settle within ``max_iter`` rounds."""


# Below this many adjacency entries a round takes microseconds and waking worker threads
# costs more than it saves, so small graphs run the serial twin of the same loop.
PARALLEL_MIN_ENTRIES = 200_000
# Every parallel round ends in an OpenMP barrier that waits for the slowest worker. With two
# cores shared with a web server (or anything else) a worker is often descheduled, and the
# serial loop was measured 1.8x faster than the parallel one at 100k people on such a box.
# So the parallel twin is kept for machines where the second half of the cores is spare.
PARALLEL_MIN_THREADS = 4


@njit(cache=True, nogil=True)
def _strength_sums(start, length, weight):  # type: ignore[no-untyped-def]
    n = start.shape[0]
    total = np.empty(n, np.float64)
    for u in range(n):
        acc = 0.0
        for e in range(start[u], start[u] + length[u]):
            acc += weight[e]
        total[u] = acc
    return total


@njit(cache=True, nogil=True, inline="always")
def _pull(v, start, length, nbr, weight, share):  # type: ignore[no-untyped-def]
    acc = 0.0
    for e in range(start[v], start[v] + length[v]):
        acc += weight[e] * share[nbr[e]]
    return acc


@njit(cache=True, nogil=True)
def _shares(x, total):  # type: ignore[no-untyped-def]
    """(x[u] / W(u) per node, the mass of nodes without links)."""
    share = np.empty(x.shape[0], np.float64)
    dangling = 0.0
    for u in range(x.shape[0]):
        if total[u] > 0.0:
            share[u] = x[u] / total[u]
        else:
            share[u] = 0.0
            dangling += x[u]
    return share, dangling


@njit(cache=True, nogil=True, inline="always")
def _update(v, base, alpha, start, length, nbr, weight, total, share, x, nxt, share_next):  # type: ignore[no-untyped-def]
    """One person's new value and share; returns (|change|, the value if it dangles, else 0)
    for the round's sums (adding 0.0 leaves a float sum exactly as it was)."""
    value = base + alpha * _pull(v, start, length, nbr, weight, share)
    nxt[v] = value
    if total[v] > 0.0:
        share_next[v] = value / total[v]
        return abs(value - x[v]), 0.0
    share_next[v] = 0.0
    return abs(value - x[v]), value


@njit(cache=True, nogil=True)
def _iterate(start, length, nbr, weight, total, alpha, tol, max_iter):  # type: ignore[no-untyped-def]
    """Power iteration; returns (pr, rounds), rounds -1 if not converged (L1 change < tol).

    One pass per round: each new value also yields its share for the next round, so the
    arrays are streamed once per round rather than twice."""
    n = start.shape[0]
    x = np.full(n, 1.0 / n)
    nxt = np.empty(n, np.float64)
    share, dangling = _shares(x, total)  # pr[u] / W(u): what each of u's links carries
    share_next = np.empty(n, np.float64)
    for it in range(max_iter):
        base = (1.0 - alpha) / n + alpha * dangling / n
        change = 0.0
        dangling = 0.0
        for v in range(n):
            moved, lost = _update(
                v, base, alpha, start, length, nbr, weight, total, share, x, nxt, share_next
            )
            change += moved
            dangling += lost
        x, nxt = nxt, x
        share, share_next = share_next, share
        if change < tol:
            return x, it + 1
    return x, -1


@njit(cache=True, nogil=True, parallel=True)
def _iterate_parallel(start, length, nbr, weight, total, alpha, tol, max_iter):  # type: ignore[no-untyped-def]
    """``_iterate`` with each round spread over all cores (rows are independent: a pull
    writes only its own entry, so no atomics). One parallel region per round: with OpenMP
    every region ends in a barrier, and on a busy machine a descheduled worker stalls it."""
    n = start.shape[0]
    x = np.full(n, 1.0 / n)
    nxt = np.empty(n, np.float64)
    share, dangling = _shares(x, total)
    share_next = np.empty(n, np.float64)
    for it in range(max_iter):
        base = (1.0 - alpha) / n + alpha * dangling / n
        change = 0.0
        dangling = 0.0
        for v in prange(n):
            moved, lost = _update(
                v, base, alpha, start, length, nbr, weight, total, share, x, nxt, share_next
            )
            change += moved
            dangling += lost
        x, nxt = nxt, x
        share, share_next = share_next, share
        if change < tol:
            return x, it + 1
    return x, -1


def pagerank(
    start: npt.ArrayLike,
    length: npt.ArrayLike,
    nbr: npt.ArrayLike,
    weight: npt.ArrayLike,
    alpha: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> FloatArray:
    """PageRank of the undirected weighted link graph (sums to 1).

    Matches ``networkx.pagerank(G, alpha, weight="weight")`` with uniform teleport and
    dangling distribution. Iterates until the L1 change of one round is below ``tol``; on big
    graphs each round runs on all cores. Raises ``PageRankDidNotConverge`` after ``max_iter``
    rounds.

    >>> import numpy as np
    >>> # a star: 0 is linked to 1 and 2; 3 is isolated
    >>> start, length = np.array([0, 2, 3, 4]), np.array([2, 1, 1, 0])
    >>> nbr, weight = np.array([1, 2, 0, 0], np.int32), np.ones(4)
    >>> pr = pagerank(start, length, nbr, weight)
    >>> [round(p, 4) for p in pr.tolist()], round(float(pr.sum()), 12)
    ([0.4633, 0.2445, 0.2445, 0.0476], 1.0)
    """
    st = np.ascontiguousarray(start, np.int64)
    ln = np.ascontiguousarray(length, np.int64)
    nb = np.ascontiguousarray(nbr, np.int32)
    wt = np.ascontiguousarray(weight, np.float64)
    if ln.shape[0] != st.shape[0]:
        raise ValueError("start and length must have one entry per node")
    if not 0.0 <= alpha < 1.0:
        raise ValueError("alpha must be in [0, 1)")
    if st.shape[0] == 0:
        return np.zeros(0, np.float64)
    total = _strength_sums(st, ln, wt)
    kernel = _iterate_parallel if _worth_threads(int(ln.sum())) else _iterate
    pr, rounds = kernel(st, ln, nb, wt, total, float(alpha), float(tol), int(max_iter))
    if rounds < 0:
        raise PageRankDidNotConverge(f"PageRank did not converge within {max_iter} rounds")
    result: FloatArray = pr
    return result


def _worth_threads(entries: int) -> bool:
    return entries >= PARALLEL_MIN_ENTRIES and numba.get_num_threads() >= PARALLEL_MIN_THREADS


def degree(length: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Number of links per node (the rows' lengths).

    >>> degree([2, 0, 1]).tolist()
    [2, 0, 1]
    """
    return np.asarray(length, np.int64).copy()
