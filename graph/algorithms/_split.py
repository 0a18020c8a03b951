"""Where the path search's heuristic switches from the targets' side to the source's.

``paths`` builds layers 1..b of its heuristic backward from the targets and the layers
above b forward, in the ball of radius ``max_hops - b - 1`` around the source. Every b in
1..max_hops-1 gives the same exact heuristic where the search looks; only the work differs,
and by orders of magnitude when one end is a hub: a rep with 850 links has ~700,000
adjacency entries within two links, a typical prospect ~600.

Work, in adjacency entries read, with ``vol_x(k)`` the entries of the rows within k links
of side x:

* backward layer r reads every row within r - 1 links of a target: sum_{r<b} vol_t(r);
* forward: the BFS to radius R reads vol_s(R - 1), and layer max_hops - k reads the rows
  within k links of the source, k = 1..R: sum_{k=1..R} vol_s(k).

``vol(0)`` and ``vol(1)`` are read exactly (one row per neighbour of an end); beyond that
each further link multiplies the volume by the mean degree of the ends' neighbours, and no
volume exceeds the whole graph. That guess is poor once a ball holds a good part of the
graph (its growth slows, and every node touched costs a slot besides the rows read):
measured at 100k people, a split whose larger ball nears the whole graph was slower than the
middle one despite a smaller estimate (hubs two or three links out make the growth jump).
So a split competes with the middle one only if both its balls are at most one guessed
link beyond the exactly read volumes, and the ball it grows stays below an eighth of the
graph.
"""

from __future__ import annotations

from numba import njit

_SMALL_BALL = 8  # a ball "stays small" below 1/8 of the graph's adjacency entries
_TRUSTED_DEPTH = 2  # vol(0), vol(1) are read exactly; vol(2) is one guessed link beyond


@njit(cache=True, nogil=True)
def _volumes(ends, start, length, nbr, depth, cap):  # type: ignore[no-untyped-def]
    """Estimated vol(0..depth) around the nodes ``ends`` (duplicates counted once each)."""
    vol = [0.0] * (depth + 1)
    v0 = 0.0
    v1 = 0.0
    for u in ends:
        v0 += length[u]
        for e in range(start[u], start[u] + length[u]):
            v1 += length[nbr[e]]
    vol[0] = v0
    if depth >= 1:
        vol[1] = min(v0 + v1, cap)
    growth = v1 / v0 if v0 > 0 else 0.0
    for k in range(2, depth + 1):
        vol[k] = min(vol[k - 1] * growth, cap)
    return vol


@njit(cache=True, nogil=True)
def backward_layer_count(start, length, nbr, source, targets, max_hops):  # type: ignore[no-untyped-def]
    """The b in 1..max_hops-1 with the least estimated work (max_hops // 2 on a tie, so
    evenly sized ends split in the middle); 1 when max_hops is 1."""
    if max_hops <= 2:
        return 1
    cap = float(nbr.shape[0])
    src = [source]
    vol_s = _volumes(src, start, length, nbr, max_hops - 2, cap)
    vol_t = _volumes(targets, start, length, nbr, max_hops - 2, cap)
    middle = max_hops // 2
    best_b = middle
    best_cost = -1.0
    for b in range(1, max_hops):
        radius = max_hops - b - 1
        # the side that takes over links from the middle split is the one that must be
        # estimated well and stay small
        grown = vol_t[b - 1] if b > middle else vol_s[radius]
        if b != middle and (max(b - 1, radius) > _TRUSTED_DEPTH or grown > cap / _SMALL_BALL):
            continue
        cost = 0.0
        for r in range(b):
            cost += vol_t[r]
        if radius > 0:
            cost += vol_s[radius - 1]
            for k in range(1, radius + 1):
                cost += vol_s[k]
        if best_cost < 0 or cost < best_cost or (cost == best_cost and b == middle):
            best_b, best_cost = b, cost
    return best_b
