"""Ego network: the strongest part of the link graph around a seed set, capped for drawing.

A best-first expansion, like Prim's algorithm for a maximum spanning tree grown from the
seeds at once:

1. The seeds are kept first, strongest-connected first (largest sum of tie strengths, then
   smallest rank), at most ``limit`` of them. Seeds have depth 0.
2. A person not yet kept is a *candidate* when they have a tie (strength > 0) to a kept
   person whose depth is below ``hops``; their *priority* is the strongest such tie.
3. While fewer than ``limit`` people are kept, the candidate with the highest priority
   (ties: smallest rank, then the smallest rank at the kept end of the tie) is kept. Their
   depth is one more than the smallest depth among their kept neighbours, and the tie that
   pulled them in is their *tree link*.

So every kept person is within ``hops`` links of a seed through kept people only, and the
people kept are the ones most strongly tied to what is already kept. ``truncated`` says that
someone was left out: seeds beyond ``limit``, or a candidate still waiting when the limit was
reached. When nothing is left out the kept people are exactly everyone within ``hops`` links
of the seeds.

Links are every tie among the kept people, each pair once, strongest first (ties: the
pair's ranks). With ``max_links`` they are capped: every tree link is kept (so everybody
drawn stays connected to the seeds in the drawing), then the strongest others up to
``max_links`` in all.

Cost: the rows of the kept people (each is read once to push its neighbours and once for
links), not the graph; marks are per-thread and generation-stamped as in ``density``.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from ._heap import thread_marks

__all__ = ["Ego", "ego_network"]

IntArray = npt.NDArray[np.int64]


@njit(cache=True, nogil=True)
def _strength_sums(start, length, weight, nodes):  # type: ignore[no-untyped-def]
    """The sum of positive tie strengths of each of ``nodes``."""
    out = np.zeros(nodes.shape[0], np.float64)
    for i in range(nodes.shape[0]):
        u = nodes[i]
        for e in range(start[u], start[u] + length[u]):
            if weight[e] > 0:
                out[i] += weight[e]
    return out


@njit(cache=True, nogil=True)
def _push_neighbours(heap, start, length, nbr, weight, rank, u, stamp, base):  # type: ignore[no-untyped-def]
    for e in range(start[u], start[u] + length[u]):
        v = nbr[e]
        w = weight[e]
        if w > 0 and stamp[v] != base:
            heapq.heappush(heap, (-w, rank[v], rank[u], np.int64(v), np.int64(u)))


@njit(cache=True, nogil=True)
def _expand(start, length, nbr, weight, rank, seeds, hops, limit, stamp, depth_of, base):  # type: ignore[no-untyped-def]
    """Keep ``seeds`` (already ordered and capped), then candidates best first. ``stamp[v]
    == base`` marks v kept, ``depth_of[v]`` is then its depth. Returns (kept, parent,
    parent_strength, depth, truncated); parent is -1 for seeds."""
    kept = np.empty(limit, np.int64)
    parent = np.full(limit, -1, np.int64)
    parent_w = np.zeros(limit, np.float64)
    depth = np.zeros(limit, np.int64)
    n_kept = 0
    for s in seeds:
        stamp[s] = base
        depth_of[s] = 0
        kept[n_kept] = s
        n_kept += 1
    # (-strength, rank of candidate, rank of kept end, candidate, kept end)
    heap = [(0.0, np.int64(0), np.int64(0), np.int64(0), np.int64(0))]
    heap.pop()
    if hops > 0:
        for i in range(n_kept):
            _push_neighbours(heap, start, length, nbr, weight, rank, kept[i], stamp, base)
    truncated = False
    while len(heap) > 0:
        neg_w, _, _, v, u = heapq.heappop(heap)
        if stamp[v] == base:
            continue  # kept through a stronger tie already
        if n_kept == limit:
            truncated = True
            break
        d = hops + 1
        for e in range(start[v], start[v] + length[v]):
            x = nbr[e]
            if weight[e] > 0 and stamp[x] == base and depth_of[x] + 1 < d:
                d = depth_of[x] + 1
        stamp[v] = base
        depth_of[v] = d
        kept[n_kept] = v
        parent[n_kept] = u
        parent_w[n_kept] = -neg_w
        depth[n_kept] = d
        n_kept += 1
        if d < hops:
            _push_neighbours(heap, start, length, nbr, weight, rank, v, stamp, base)
    return kept[:n_kept], parent[:n_kept], parent_w[:n_kept], depth[:n_kept], truncated


@njit(cache=True, nogil=True)
def _links_among(start, length, nbr, weight, rank, kept, stamp, base):  # type: ignore[no-untyped-def]
    """Every positive tie between two kept nodes once, as (a, b, strength) with rank[a] <
    rank[b], in no particular order."""
    cap = 0
    for u in kept:
        cap += length[u]
    a = np.empty(cap, np.int64)
    b = np.empty(cap, np.int64)
    w = np.empty(cap, np.float64)
    n = 0
    for u in kept:
        for e in range(start[u], start[u] + length[u]):
            v = nbr[e]
            if weight[e] > 0 and stamp[v] == base and rank[u] < rank[v]:
                a[n] = u
                b[n] = v
                w[n] = weight[e]
                n += 1
    return a[:n], b[:n], w[:n]


@dataclass(frozen=True, slots=True)
class Ego:
    """An ego network over node indices.

    ``people`` are the kept nodes, seeds first (strongest-connected first), then in the order
    they were kept; ``depth`` is each one's depth (0 for seeds). ``links`` are pairs ``(a,
    b)`` with ``rank[a] < rank[b]``, strongest first, with their ``strength``.
    ``truncated``: someone within reach was left out; ``links_truncated``: links beyond
    ``max_links`` were left out.
    """

    people: IntArray
    depth: IntArray
    links: IntArray  # shape (k, 2)
    strength: npt.NDArray[np.float64]
    truncated: bool
    links_truncated: bool


def ego_network(
    start: npt.ArrayLike,
    length: npt.ArrayLike,
    nbr: npt.ArrayLike,
    weight: npt.ArrayLike,
    rank: npt.ArrayLike,
    seeds: npt.ArrayLike,
    hops: int,
    limit: int,
    *,
    max_links: int | None = None,
) -> Ego:
    """The ego network of ``seeds``: at most ``limit`` people within ``hops`` links, kept
    best first by the strength of their strongest tie into what is kept (module docstring),
    and the links among them (at most ``max_links``, tree links always kept).

    >>> import numpy as np
    >>> # a star around 0 (ties 0.9, 0.5, 0.2 to 1, 2, 3), and 1 - 4 (0.8), 3 - 5 (0.7)
    >>> pairs = [(0, 1, 0.9), (0, 2, 0.5), (0, 3, 0.2), (1, 4, 0.8), (3, 5, 0.7)]
    >>> rows = [[(b, w) for a, b, w in pairs if a == u] + [(a, w) for a, b, w in pairs
    ...         if b == u] for u in range(6)]
    >>> length = np.array([len(r) for r in rows])
    >>> start = np.concatenate([[0], np.cumsum(length)[:-1]])
    >>> nbr = np.array([v for r in rows for v, _ in r], np.int32)
    >>> weight = np.array([w for r in rows for _, w in r])
    >>> ego = ego_network(start, length, nbr, weight, np.arange(6), [0], 2, 4)
    >>> ego.people.tolist(), ego.depth.tolist(), ego.truncated
    ([0, 1, 4, 2], [0, 1, 2, 1], True)
    >>> ego.links.tolist(), ego.strength.tolist()
    ([[0, 1], [1, 4], [0, 2]], [0.9, 0.8, 0.5])
    >>> # one hop: the neighbours only, and nothing is left out with room for all three
    >>> ego_network(start, length, nbr, weight, np.arange(6), [0], 1, 10).people.tolist()
    [0, 1, 2, 3]
    """
    st = np.ascontiguousarray(start, np.int64)
    ln = np.ascontiguousarray(length, np.int64)
    nb = np.ascontiguousarray(nbr, np.int32)
    wt = np.ascontiguousarray(weight, np.float64)
    rk = np.ascontiguousarray(rank, np.int64)
    n = st.shape[0]
    if not (ln.shape[0] == rk.shape[0] == n):
        raise ValueError("start, length and rank must all have one entry per node")
    if hops < 0 or limit < 1 or (max_links is not None and max_links < 0):
        raise ValueError("hops and max_links must be non-negative and limit positive")
    sd = np.unique(np.atleast_1d(np.asarray(seeds, np.int64)))
    if sd.shape[0] and (sd.min() < 0 or sd.max() >= n):
        raise ValueError("seeds must be node indices")

    # strongest-connected seeds first; np.lexsort's last key is the primary one
    sums = _strength_sums(st, ln, wt, sd)
    sd = sd[np.lexsort((rk[sd], -sums))]
    seeds_cut = sd.shape[0] > limit
    sd = sd[:limit]

    marks = thread_marks(n)
    base = marks.next_generation()
    kept, parent, _, depth, left_out = _expand(
        st, ln, nb, wt, rk, sd, int(hops), int(limit), marks.stamp, marks.slot, base
    )
    a, b, w = _links_among(st, ln, nb, wt, rk, kept, marks.stamp, base)
    order = np.lexsort((rk[b], rk[a], -w))
    a, b, w = a[order], b[order], w[order]
    links_cut = False
    if max_links is not None and a.shape[0] > max_links:
        child = kept[parent >= 0]
        up = parent[parent >= 0]
        lo = np.where(rk[child] < rk[up], child, up)
        hi = np.where(rk[child] < rk[up], up, child)
        is_tree = np.isin(a * n + b, lo * n + hi)
        budget = max(max_links - int(is_tree.sum()), 0)
        chosen = is_tree | (~is_tree & (np.cumsum(~is_tree) <= budget))
        a, b, w = a[chosen], b[chosen], w[chosen]
        links_cut = True
    return Ego(
        people=kept,
        depth=depth,
        links=np.stack([a, b], axis=1) if a.shape[0] else np.zeros((0, 2), np.int64),
        strength=w,
        truncated=bool(seeds_cut or left_out),
        links_truncated=links_cut,
    )
