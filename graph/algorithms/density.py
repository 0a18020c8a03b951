"""Advocate density: how many advocates live within a few links of a seed set.

One multi-source BFS from all seeds at once. Each reached node carries a *label*: the seed
with the smallest rank among those at its (minimum) distance. Labels propagate layer by
layer and a node discovered from several parents in the same layer keeps the smallest, which
is exact: any seed at minimum distance reaches the node through some parent at minimum
distance, whose label is at least as small.

Do-not-contact people are counted but never listed: ``reachable`` and ``advocates`` are
aggregate counts of the neighbourhood (a blocked advocate is still part of how warm it is,
and a count names nobody), while ``nearest`` names people a rep might approach, so it is
drawn from the advocates who may be contacted only. Seeds are the people the question is
about (a person, a company's employees, a community's members) and are reported as they
are, blocked or not: naming them discloses nothing the caller did not ask about.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from ._heap import thread_marks

__all__ = ["advocate_density"]

#: (advocate node, distance in links, nearest seed with the smallest rank)
AdvocateReach = tuple[int, int, int]


@njit(cache=True, nogil=True)
def _bfs(start, length, nbr, rank, seeds, hops, stamp, label, base):  # type: ignore[no-untyped-def]
    """Multi-source BFS to depth ``hops``. ``stamp[v] - base`` is v's distance (stamps older
    than ``base`` mean unvisited), ``label[v]`` its label. Returns (order, layer_end): nodes
    in BFS order, and for each distance d the end of its layer in ``order``."""
    order = np.empty(start.shape[0], np.int32)  # untouched tail pages cost nothing
    layer_end = np.zeros(hops + 1, np.int64)
    n = 0
    for s in seeds:
        if stamp[s] < base:
            stamp[s] = base
            label[s] = s
            order[n] = s
            n += 1
    layer_end[0] = n
    begin = 0
    for d in range(1, hops + 1):
        end = n
        for q in range(begin, end):
            u = order[q]
            lab = label[u]
            for e in range(start[u], start[u] + length[u]):
                v = nbr[e]
                if stamp[v] < base:
                    stamp[v] = base + d
                    label[v] = lab
                    order[n] = v
                    n += 1
                elif stamp[v] == base + d and rank[lab] < rank[label[v]]:
                    label[v] = lab
        layer_end[d] = n
        begin = end
    return order[:n], layer_end


@njit(cache=True, nogil=True)
def _nearest(order, layer_end, rank, advocate, blocked, label, limit):  # type: ignore[no-untyped-def]
    """Advocate count beyond the seeds, and the first ``limit`` advocates who are not
    ``blocked``, by (distance, rank), as rows (advocate, distance, seed)."""
    count = 0
    out = np.empty((limit, 3), np.int64)
    n_out = 0
    for d in range(1, layer_end.shape[0]):
        layer = order[layer_end[d - 1] : layer_end[d]]
        found = layer[advocate[layer]]
        count += found.shape[0]
        if n_out < limit and found.shape[0]:
            # Only a layer's advocates are masked, and only while the list is not full:
            # one flag look-up each, no extra pass over the ball.
            listed = found[~blocked[found]]
            listed = listed[np.argsort(rank[listed])]
            for a in listed[: limit - n_out]:
                out[n_out, 0] = a
                out[n_out, 1] = d
                out[n_out, 2] = label[a]
                n_out += 1
    return count, out[:n_out]


def advocate_density(
    start: npt.ArrayLike,
    length: npt.ArrayLike,
    nbr: npt.ArrayLike,
    rank: npt.ArrayLike,
    seeds: npt.ArrayLike,
    hops: int,
    is_advocate: npt.ArrayLike,
    nearest_limit: int,
    *,
    blocked: npt.ArrayLike,
) -> tuple[int, int, list[AdvocateReach]]:
    """Advocates within ``hops`` links of a seed set.

    The neighbourhood is every node at distance 1..hops from the seeds (the seeds themselves
    excluded; everybody relays, blocked or not). Returns ``(reachable, advocates, nearest)``:
    the neighbourhood's size, how many of it are advocates (``blocked`` ones included: both
    are aggregate counts), and the first ``nearest_limit`` advocates who are not ``blocked``
    (do-not-contact), by ``(distance, rank)``, as ``(advocate, distance, seed)``, where
    ``seed`` is the seed at that distance with the smallest rank. Blocked advocates are
    skipped, not cut: the list still holds up to ``nearest_limit`` allowed advocates. Seeds
    are reported whether blocked or not (they are the people the question names). Cost: the
    BFS ball, not the graph (per-thread generation-stamped marks; no O(n) clearing per call).

    >>> import numpy as np
    >>> # a path 0 - 1 - 2 - 3 with rows placed out of order; 2 and 3 are advocates
    >>> start, length = np.array([5, 0, 2, 4]), np.array([1, 2, 2, 1])
    >>> nbr = np.array([0, 2, 1, 3, 2, 1], np.int32)
    >>> is_advocate = np.array([False, False, True, True])
    >>> graph = (start, length, nbr, np.arange(4))
    >>> advocate_density(*graph, [0], 2, is_advocate, 10, blocked=np.zeros(4, bool))
    (2, 1, [(2, 2, 0)])
    >>> # 2 asked not to be contacted: still counted, no longer listed; 3 is, one link further
    >>> only_2 = np.array([False, False, True, False])
    >>> advocate_density(*graph, [0], 3, is_advocate, 1, blocked=only_2)
    (3, 2, [(3, 3, 0)])
    """
    st = np.ascontiguousarray(start, np.int64)
    ln = np.ascontiguousarray(length, np.int64)
    nb = np.ascontiguousarray(nbr, np.int32)
    rk = np.ascontiguousarray(rank, np.int64)
    adv = np.ascontiguousarray(is_advocate, np.bool_)
    blk = np.ascontiguousarray(blocked, np.bool_)
    sd = np.ascontiguousarray(np.atleast_1d(np.asarray(seeds, np.int64)))
    n = st.shape[0]
    if not (ln.shape[0] == rk.shape[0] == adv.shape[0] == blk.shape[0] == n):
        raise ValueError(
            "start, length, rank, is_advocate and blocked must all have one entry per node"
        )
    if hops < 0 or nearest_limit < 0:
        raise ValueError("hops and nearest_limit must be non-negative")
    if sd.shape[0] and (sd.min() < 0 or sd.max() >= n):
        raise ValueError("seeds must be node indices")

    marks = thread_marks(n)
    base = marks.next_generation(span=hops + 1)
    order, layer_end = _bfs(st, ln, nb, rk, sd, int(hops), marks.stamp, marks.slot, base)
    advocates, nearest = _nearest(order, layer_end, rk, adv, blk, marks.slot, int(nearest_limit))
    reachable = int(layer_end[-1] - layer_end[0])
    return reachable, int(advocates), [(a, d, s) for a, d, s in nearest.tolist()]
