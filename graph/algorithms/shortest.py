"""The single best path by hops (``rank_by HOPS, limit 1``): bidirectional BFS, then a DP.

One algorithm in one module, which is why it is a little longer than most.

The answer is the fewest-links path, the strongest of those (float product in path order),
then the smallest rank tuple: exactly the first answer of ``paths.introduction_paths`` with
``by_hops=True``, found with work proportional to the two BFS balls that meet in the middle
instead of the general search's heuristic layers. Intermediaries are, as there, neither
blocked, nor the source, nor a target.

1. **Meet in the middle.** Level-synchronous BFS from the source (``ds``) and from all
   targets at once (``dt``) through allowed intermediaries, always growing the side whose
   frontier has fewer adjacency entries. The first level that touches a node the other side
   has seen gives D, the fewest links: a shorter path would have met a level earlier.
2. **The shortest-path DAG.** Layer k holds the nodes with ``ds = k`` and ``dt = D - k``;
   every k is within one side's explored depth, so membership is always decided by a
   recorded distance. Shortest walks never repeat a node, so every DAG path is simple.
3. **The strongest, exactly.** Multiplying by a strength is monotone in floats, so the max
   prefix product per DAG node, pushed forward layer by layer, is exactly the best
   product S. Ties on S are broken by ranks from the source, but a node's max prefix is
   not enough for that: two different prefixes can round to the same final float. So a
   depth-first search walks children in rank order and keeps a prefix only while
   ``prefix * best_out * (1 + BAND)`` can still reach S (``best_out``: the strongest
   completion computed target-side, padded for rounding); the first complete path equal to S
   is the answer. A node whose subtree failed with prefix x fails with any smaller prefix,
   which is remembered, so near-ties cannot make the search exponential.
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
from numba import njit

from ._heap import grow, thread_marks

__all__ = ["strongest_shortest_path"]

# Same role and value as paths._BAND: far above the rounding error of the few products
# involved, far below any strength difference a person could care about.
_BAND = 1e-12
_OVERFLOW = 1
_UNSEEN = -1
_NO_MEET = 127

#: Per touched node ("slot"): its node, BFS distances from the source and from the
#: targets, DAG layer, the best prefix product into it (forward) and completion out of it
#: (target-side), and the largest prefix the depth-first search already failed with.
_SLOT = np.dtype(
    [
        ("node", np.int32),
        ("ds", np.int8),
        ("dt", np.int8),
        ("layer", np.int8),
        ("into", np.float64),
        ("out", np.float64),
        ("failed", np.float64),
    ],
    align=True,
)

Path = tuple[tuple[int, ...], tuple[float, ...], float]


def _new_tables(cap: int) -> tuple[npt.NDArray[np.generic], ...]:
    # slot records; forward BFS order; backward BFS order; DAG nodes layer by layer
    return (np.empty(cap, _SLOT), *(np.empty(cap, np.int32) for _ in range(3)))


@njit(cache=True, nogil=True, inline="always")
def _touch(v, stamp, slot, gen, info, count):  # type: ignore[no-untyped-def]
    """(slot of v, new count); the caller has reserved room for a new slot."""
    if stamp[v] == gen:
        return int(slot[v]), count
    stamp[v] = gen
    slot[v] = count
    rec = info[count]
    rec["node"] = v
    rec["ds"] = _UNSEEN
    rec["dt"] = _UNSEEN
    rec["layer"] = _UNSEEN
    rec["failed"] = -1.0
    return count, count + 1


@njit(cache=True, nogil=True)
def _row_total(order, lo, hi, info, length):  # type: ignore[no-untyped-def]
    """Adjacency entries a frontier's expansion reads (also the most slots it can create)."""
    total = 0
    for q in range(lo, hi):
        total += length[info[order[q]]["node"]]
    return total


@njit(cache=True, nogil=True, inline="always")
def _distance(rec, forward):  # type: ignore[no-untyped-def]
    """This side's recorded distance of a slot (ds forward, dt backward)."""
    return rec["ds"] if forward else rec["dt"]


@njit(cache=True, nogil=True)
def _expand(  # type: ignore[no-untyped-def]
    forward,
    depth,
    order,
    lo,
    hi,
    start,
    length,
    nbr,
    blocked,
    source,
    stamp,
    slot,
    gen,
    info,
    count,
):
    """Grow one side's BFS from the frontier ``order[lo:hi]`` (at ``depth``) by one level,
    appending the new frontier at ``order[hi:]``. Returns (new hi, count, meet): meet is the
    shortest source-target length through a node both sides reached (_NO_MEET if none)."""
    meet = _NO_MEET
    end = hi
    for q in range(lo, hi):
        v = info[order[q]]["node"]
        for e in range(start[v], start[v] + length[v]):
            u = nbr[e]
            if u == source:  # never a way through; the backward side has met the source
                if not forward:
                    meet = min(meet, depth + 1)
                continue
            j, count = _touch(u, stamp, slot, gen, info, count)
            rec = info[j]
            if _distance(rec, forward) != _UNSEEN:
                continue
            if rec["dt"] == 0:  # a target (forward only): an end, never a way through
                rec["ds"] = depth + 1
                meet = min(meet, depth + 1)
                continue
            if blocked[u]:
                continue
            if forward:
                rec["ds"] = depth + 1
            else:
                rec["dt"] = depth + 1
            order[end] = j
            end += 1
            there = _distance(rec, not forward)
            if there != _UNSEEN:
                meet = min(meet, depth + 1 + there)
    return end, count, meet


@njit(cache=True, nogil=True)
def _meet(  # type: ignore[no-untyped-def]
    start, length, nbr, blocked, source, targets, max_hops, stamp, slot, gen, tabs, stats
):
    """Bidirectional BFS. Returns (D, a, b, count): D the fewest links (-1 if more than
    max_hops or none), a and b the depths the source and target sides reached; count -1
    when the tables are too small."""
    info, fwd, bwd = tabs[0], tabs[1], tabs[2]
    cap = info.shape[0]
    if targets.shape[0] + 1 > cap:
        return -1, 0, 0, -1
    count = 0
    j, count = _touch(source, stamp, slot, gen, info, count)
    info[j]["ds"] = 0
    fwd[0] = j
    f_lo, f_hi = 0, 1
    b_hi = 0
    for t in targets:
        j, count = _touch(t, stamp, slot, gen, info, count)
        if info[j]["dt"] != 0:
            info[j]["dt"] = 0
            bwd[b_hi] = j
            b_hi += 1
    b_lo = 0
    a = 0
    b = 0
    while a + b < max_hops:
        f_cost = _row_total(fwd, f_lo, f_hi, info, length)
        b_cost = _row_total(bwd, b_lo, b_hi, info, length)
        if f_cost == 0 or b_cost == 0:
            return -1, a, b, count  # one side is stuck: nothing connects them
        forward = f_cost <= b_cost
        if count + min(f_cost, b_cost) > cap:
            return -1, a, b, -1
        stats[2] += min(f_cost, b_cost)
        if forward:
            end, count, meet = _expand(
                True, a, fwd, f_lo, f_hi, start, length, nbr, blocked, source,
                stamp, slot, gen, info, count,
            )  # fmt: skip
            f_lo, f_hi = f_hi, end
            a += 1
        else:
            end, count, meet = _expand(
                False, b, bwd, b_lo, b_hi, start, length, nbr, blocked, source,
                stamp, slot, gen, info, count,
            )  # fmt: skip
            b_lo, b_hi = b_hi, end
            b += 1
        if meet < _NO_MEET:
            return meet, a, b, count
    return -1, a, b, count


@njit(cache=True, nogil=True, inline="always")
def _on_dag(rec, k, d, a, b):  # type: ignore[no-untyped-def]
    """Is the node of ``rec`` in layer k of the shortest-path DAG (0 < k <= d)?"""
    if k == d:
        return rec["dt"] == 0
    # Depths beyond a side's explored ones are implied by the other side's distance.
    from_source_ok = k > a or rec["ds"] == k
    to_targets_ok = k < d - b or rec["dt"] == d - k
    return from_source_ok and to_targets_ok


@njit(cache=True, nogil=True)
def _dag(d, a, b, start, length, nbr, weight, stamp, slot, gen, tabs, bounds, stats):  # type: ignore[no-untyped-def]
    """Lay out the DAG's layers in ``dag`` (layer k is ``dag[bounds[k]:bounds[k+1]]``) with
    each node's best prefix product ("into"); then the best completion ("out") backward.
    Returns S, the best product of any shortest path."""
    info, dag = tabs[0], tabs[3]
    dag[0] = 0  # the source took slot 0
    info[0]["into"] = 1.0
    info[0]["layer"] = 0
    bounds[0], bounds[1] = 0, 1
    for k in range(1, d + 1):
        end = bounds[k]
        for q in range(bounds[k - 1], bounds[k]):
            i = dag[q]
            v = info[i]["node"]
            x = info[i]["into"]
            stats[3] += length[v]
            for e in range(start[v], start[v] + length[v]):
                u = nbr[e]
                if stamp[u] != gen:
                    continue
                j = slot[u]
                rec = info[j]
                y = x * weight[e]
                if rec["layer"] == k:
                    rec["into"] = max(rec["into"], y)
                elif rec["layer"] == _UNSEEN and _on_dag(rec, k, d, a, b):
                    rec["layer"] = k
                    rec["into"] = y
                    dag[end] = j
                    end += 1
        bounds[k + 1] = end
    best = 0.0
    for q in range(bounds[d], bounds[d + 1]):
        info[dag[q]]["out"] = 1.0
        best = max(best, info[dag[q]]["into"])
    for k in range(d - 1, -1, -1):
        for q in range(bounds[k], bounds[k + 1]):
            i = dag[q]
            v = info[i]["node"]
            out = 0.0
            stats[3] += length[v]
            for e in range(start[v], start[v] + length[v]):
                u = nbr[e]
                if stamp[u] == gen and info[slot[u]]["layer"] == k + 1:
                    out = max(out, weight[e] * info[slot[u]]["out"])
            info[i]["out"] = out
    return best


@njit(cache=True, nogil=True)
def _children(  # type: ignore[no-untyped-def]
    i,
    k,
    x,
    d,
    best,
    start,
    length,
    nbr,
    weight,
    rank,
    stamp,
    slot,
    gen,
    info,
    buf,
    wbuf,
    top,
    stats,
):
    """Append to ``buf``/``wbuf`` from ``top`` the DAG children of slot i (layer k, prefix x)
    that can still complete to exactly ``best``, in rank order; returns the new top."""
    v = info[i]["node"]
    stats[3] += length[v]
    end = top
    for e in range(start[v], start[v] + length[v]):
        u = nbr[e]
        if stamp[u] != gen:
            continue
        j = slot[u]
        rec = info[j]
        if rec["layer"] != k + 1:
            continue
        y = x * weight[e]
        if k + 1 == d:
            if y != best:
                continue
        elif y <= rec["failed"] or y * rec["out"] * (1.0 + _BAND) < best:
            continue
        # insertion by rank: the kept children are few (near-best ones only)
        p = end
        while p > top and rank[info[buf[p - 1]]["node"]] > rank[u]:
            buf[p] = buf[p - 1]
            wbuf[p] = wbuf[p - 1]
            p -= 1
        buf[p] = j
        wbuf[p] = weight[e]
        end += 1
        stats[0] += 1
    return end


@njit(cache=True, nogil=True)
def _first_best(d, best, start, length, nbr, weight, rank, stamp, slot, gen, info, stats):  # type: ignore[no-untyped-def]
    """The rank-smallest DAG path whose product is exactly ``best`` (one always exists):
    (slots source..target, link strengths)."""
    buf = np.empty(64, np.int32)  # candidate children, depth after depth (a stack)
    wbuf = np.empty(64, np.float64)
    path = np.zeros(d + 1, np.int32)  # the source took slot 0
    links = np.empty(d, np.float64)
    prefix = np.ones(d + 1, np.float64)
    pos = np.zeros(d + 1, np.int64)  # next candidate of the node at depth k: buf[pos[k]:hi[k]]
    hi = np.zeros(d + 1, np.int64)
    depth = 0
    gather = True
    while depth >= 0:
        i = path[depth]
        if gather:
            lo = hi[depth - 1] if depth else 0
            need = lo + length[info[i]["node"]]
            if need > buf.shape[0]:
                buf = grow(buf, max(need, 2 * buf.shape[0]))
                wbuf = grow(wbuf, buf.shape[0])
            stats[1] += 1
            pos[depth] = lo
            hi[depth] = _children(
                i, depth, prefix[depth], d, best, start, length, nbr, weight, rank,
                stamp, slot, gen, info, buf, wbuf, lo, stats,
            )  # fmt: skip
            gather = False
        if pos[depth] == hi[depth]:
            # exhausted: this prefix cannot reach best, nor can any smaller one from here
            info[i]["failed"] = max(info[i]["failed"], prefix[depth])
            depth -= 1
            continue
        w = wbuf[pos[depth]]
        path[depth + 1] = buf[pos[depth]]
        pos[depth] += 1
        links[depth] = w
        prefix[depth + 1] = prefix[depth] * w
        if depth + 1 == d:
            return path, links
        depth += 1
        gather = True
    raise AssertionError("the best product has no path")


@njit(cache=True, nogil=True)
def _shortest_kernel(  # type: ignore[no-untyped-def]
    start, length, nbr, weight, rank, blocked, source, targets, max_hops, stamp, slot, gen, tabs
):
    """Returns (status, stats, nodes source..target, links, strength); no path: empty nodes.
    Status _OVERFLOW means the slot tables were too small: grow them and ask again."""
    stats = np.zeros(5, np.int64)
    no_nodes, no_links = np.empty(0, np.int64), np.empty(0, np.float64)
    d, a, b, count = _meet(
        start, length, nbr, blocked, source, targets, max_hops, stamp, slot, gen, tabs, stats
    )
    if count < 0:
        return _OVERFLOW, stats, no_nodes, no_links, 0.0
    stats[4] = count
    if d < 0:
        return 0, stats, no_nodes, no_links, 0.0
    bounds = np.zeros(d + 2, np.int64)
    best = _dag(d, a, b, start, length, nbr, weight, stamp, slot, gen, tabs, bounds, stats)
    info = tabs[0]
    path, links = _first_best(
        d, best, start, length, nbr, weight, rank, stamp, slot, gen, info, stats
    )
    nodes = np.empty(d + 1, np.int64)
    for k in range(d + 1):
        nodes[k] = info[path[k]]["node"]
    return 0, stats, nodes, links, best


_per_thread = threading.local()
_FIRST_TABLE_ROWS = 4096


def strongest_shortest_path(
    start: npt.NDArray[np.int64],
    length: npt.NDArray[np.int64],
    nbr: npt.NDArray[np.int32],
    weight: npt.NDArray[np.float64],
    rank: npt.NDArray[np.int64],
    blocked: npt.NDArray[np.bool_],
    source: int,
    targets: npt.NDArray[np.int64],
    max_hops: int,
) -> tuple[list[Path], tuple[int, ...]]:
    """The first answer of ``introduction_paths(..., limit=1, by_hops=True)`` (as a list of
    at most one path) and the work counts (pushes, pops, bfs scans, dag scans, touched).
    Arguments are already converted and checked by the caller.
    """
    marks = thread_marks(start.shape[0])
    tabs = getattr(_per_thread, "tables", None) or _new_tables(_FIRST_TABLE_ROWS)
    while True:
        gen = marks.next_generation()
        status, stats, nodes, links, strength = _shortest_kernel(
            start, length, nbr, weight, rank, blocked, source, targets, max_hops,
            marks.stamp, marks.slot, gen, tabs,
        )  # fmt: skip
        if status != _OVERFLOW:
            break
        tabs = _new_tables(4 * tabs[0].shape[0])  # rare: tables are kept per thread
    _per_thread.tables = tabs
    counts = tuple(int(c) for c in stats)
    if not len(nodes):
        return [], counts
    return [(tuple(nodes.tolist()), tuple(links.tolist()), float(strength))], counts
