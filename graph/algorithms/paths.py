"""Top-k warm introduction paths: best-first search over partial paths with an exact bound.

One algorithm in one module (its kernels share state layouts and invariants), which is why
it is longer than most.

A *path* is a simple path ``source -> ... -> t`` with ``t`` a target and 1..max_hops links
whose intermediaries (nodes strictly between the ends) are neither blocked (doNotContact) nor
targets; its strength is the product of its link strengths multiplied in path order starting
from the source. Paths are ranked by ``(-strength, hops, ranks)`` (STRENGTH) or
``(hops, -strength, ranks)`` (HOPS), where ``ranks`` is the tuple of the path's node ranks.

How the work stays bounded by ``limit`` and ``max_hops`` (never by the number of paths):

1. **Heuristic.** ``best[v, r]``: the strongest walk from v to a target with at most r links
   whose inner nodes are allowed (not blocked, not a target, not the source). It is an exact
   DP over walks, so it only ignores simplicity. Layers ``r <= b`` are computed backward
   from the targets, touching only nodes within r links of them; the higher layers are
   needed only where the search can stand with that many links left, i.e. in the ball of
   radius ``max_hops - b - 1`` around the source, and are pulled there (meet in the
   middle). ``b`` is picked per query by estimated work (``_split``): a hub at one end
   moves the meeting point towards the other. Nodes never touched
   cannot reach a target in time and are skipped for free.
2. **Search.** A heap of partial paths (parent-pointer records) keyed by a lower bound on the
   key of every completion: for STRENGTH ``(-bound, links + fewest links that could reach
   bound, ranks)``, for HOPS ``(links + d(v), -bound over d(v)-link walks, ranks)``, with
   ``d(v)`` the fewest links to a target. A prefix's rank tuple sorts before its extensions,
   so a complete path is popped only after every path that outranks it: complete paths come
   out in exact rank order, ties included, and every popped partial path could still have
   been (up to simplicity) a prefix of an answer.
3. **Exact floats.** Path strengths are float products in source-to-target order, so a bound
   computed as ``prefix * best[v]`` could undercut a completion by an ulp and misorder
   near-ties, while padding it by a relative epsilon would wrongly put every partial path
   before exact ties (all-0.3 or all-1.0 neighbourhoods, common in CRM data) and degenerate
   into enumeration. Instead each ``best[v, r]`` keeps a pointer to its best walk, and the
   bound re-multiplies that walk's strengths *in path order* from the prefix's product: the
   exact float the completion would have. When another walk comes within 1e-12 of the best
   with a different strength sequence (so rounding could reorder them) the entry is flagged
   and the bound falls back to the padded product: still exact answers, a little more work.

``limit=1`` with ``by_hops=True`` has a cheaper exact answer, computed in ``shortest.py``
(bidirectional BFS, then the strongest path on the shortest-path DAG).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from ._heap import (
    grow,
    grow2,
    heap_pop,
    heap_push,
    heap_replace_top,
    state_before,
    thread_marks,
)
from ._split import backward_layer_count
from .shortest import strongest_shortest_path

__all__ = ["MAX_HOPS", "Path", "SearchStats", "introduction_paths", "introduction_paths_with_stats"]

MAX_HOPS = 6
MAX_LIMIT = 1000
_LAYERS = MAX_HOPS + 1  # heuristic columns r = 0..MAX_HOPS (0 is the empty walk)
_NO_DIST = 127
# Relative width of a "possible tie": far above the rounding error of six products (~3e-15),
# far below any strength difference a person could care about.
_BAND = 1e-12
_OVERFLOW = 1

#: (node indices source..target, per-link strengths, strength)
Path = tuple[tuple[int, ...], tuple[float, ...], float]


@dataclass(frozen=True, slots=True)
class SearchStats:
    """How much work one query did; every count is bounded by the query, not the graph.

    For ``limit=1, by_hops=True`` (``shortest.py``) the counts mean: pushes = candidate
    children kept by the final depth-first search, pops = its nodes, heuristic_scans = the
    two BFS sides, expand_scans = the shortest-path DAG and the depth-first search.
    """

    pushes: int  # heap pushes (partial or complete paths created)
    pops: int  # heap pops
    heuristic_scans: int  # adjacency entries read while building the heuristic
    expand_scans: int  # adjacency entries read while expanding popped partial paths
    touched: int  # nodes that got a heuristic slot


# ---------------------------------------------------------------------------------------------
# Heuristic tables. A query gives each node it touches a *slot*; per slot we keep node_of,
# is_target and fdist (links from the source, forward ball only), and per layer r a record
# walks[slot, r]: the strongest walk's value ("best") and its first link ("nxt" slot,
# "wnext" strength), or nxt == _AMBIGUOUS when another walk might round above it (then the
# bound is the padded product and the pointer is never followed). One record per entry and a
# slot's records side by side: a new slot clears three cache lines, an update writes one.
# The tables travel together as one tuple.
# ---------------------------------------------------------------------------------------------

_WALK = np.dtype([("best", np.float64), ("wnext", np.float64), ("nxt", np.int32)], align=True)
_AMBIGUOUS = -1


def _new_tables(cap: int) -> tuple[npt.NDArray[np.generic], ...]:
    return (
        np.empty(cap, np.int32),  # node_of
        np.empty(cap, np.bool_),  # is_target
        np.empty(cap, np.int8),  # fdist
        np.empty((cap, _LAYERS), _WALK),  # walks
    )


@njit(cache=True, nogil=True, inline="always")
def _touch(v, stamp, slot, gen, tabs, count):  # type: ignore[no-untyped-def]
    """(slot of v, new count), creating a blank slot on first touch; slot -1 when full."""
    if stamp[v] == gen:
        return int(slot[v]), count
    node_of, is_target, fdist, walks = tabs
    if count == node_of.shape[0]:
        return -1, count
    stamp[v] = gen
    slot[v] = count
    node_of[count] = v
    is_target[count] = False
    fdist[count] = _NO_DIST
    for r in range(_LAYERS):
        walks[count, r]["best"] = 0.0  # "no walk yet"; the other fields are set with it
    return count, count + 1


@njit(cache=True, nogil=True, inline="always")
def _step(w, j, r, tabs):  # type: ignore[no-untyped-def]
    """Move a walk cursor past its current link (strength w, into slot j with r links left)."""
    if tabs[1][j]:
        return w, j, r, False
    e = tabs[3][j, r]
    return e["wnext"], int(e["nxt"]), r - 1, True


@njit(cache=True, nogil=True)
def _same_strengths(wa, ja, ra, wb, jb, rb, tabs):  # type: ignore[no-untyped-def]
    """Do two unflagged walks multiply to the same float from any start? True if their
    strength sequences agree once 1.0s are dropped (multiplying by 1.0 is exact). Walks
    continue through unflagged entries only, so every pointer followed is valid."""
    alive_a = True
    alive_b = True
    while True:
        while alive_a and wa == 1.0:
            wa, ja, ra, alive_a = _step(wa, ja, ra, tabs)
        while alive_b and wb == 1.0:
            wb, jb, rb, alive_b = _step(wb, jb, rb, tabs)
        if not (alive_a and alive_b):
            return alive_a == alive_b
        if wa != wb:
            return False
        wa, ja, ra, alive_a = _step(wa, ja, ra, tabs)
        wb, jb, rb, alive_b = _step(wb, jb, rb, tabs)


@njit(cache=True, nogil=True, inline="always")
def _offer(i, r, c, w, j, tabs):  # type: ignore[no-untyped-def]
    """Offer slot i, layer r the walk "link of strength w into slot j, then j's best walk"
    (value c). Keeps the max and flags the entry when a different walk ties within _BAND."""
    is_target, walks = tabs[1], tabs[3]
    # j's own entry (layer r - 1) is final: layers are built in order
    c_flagged = (not is_target[j]) and walks[j, r - 1]["nxt"] == _AMBIGUOUS
    e = walks[i, r]
    cur = e["best"]
    if cur == 0.0:
        flagged = c_flagged
    elif c > cur:
        close = cur >= c * (1.0 - _BAND)
        flagged = c_flagged or (
            close
            and (
                e["nxt"] == _AMBIGUOUS
                or not _same_strengths(w, j, r - 1, e["wnext"], e["nxt"], r - 1, tabs)
            )
        )
    else:
        if (
            c >= cur * (1.0 - _BAND)  # cheap test first: most offers are clearly worse
            and e["nxt"] != _AMBIGUOUS
            and (c_flagged or not _same_strengths(w, j, r - 1, e["wnext"], e["nxt"], r - 1, tabs))
        ):
            e["nxt"] = _AMBIGUOUS
        return
    e["best"] = c
    e["wnext"] = w
    e["nxt"] = _AMBIGUOUS if flagged else j


@njit(cache=True, nogil=True, inline="always")
def _allowed(u, blocked, source, j, is_target):  # type: ignore[no-untyped-def]
    """Can u (slot j, -1 if untouched) be an intermediary?"""
    return not blocked[u] and u != source and (j < 0 or not is_target[j])


@njit(cache=True, nogil=True)
def _backward_layers(  # type: ignore[no-untyped-def]
    b, start, length, nbr, weight, blocked, source, stamp, slot, gen, tabs, count, stats
):
    """Layers 1..b by pushing from the targets; returns the new count, -1 on overflow."""
    node_of, is_target, walks = tabs[0], tabs[1], tabs[3]
    for r in range(1, b + 1):
        # Nodes first touched in this layer have no walk in layer r - 1: they cannot push yet.
        n_sources = count
        for k in range(n_sources):
            u = node_of[k]
            if is_target[k]:
                g = 1.0
            elif _allowed(u, blocked, source, k, is_target) and walks[k, r - 1]["best"] > 0.0:
                g = walks[k, r - 1]["best"]
            else:
                continue
            lo = start[u]
            stats[2] += length[u]
            for e in range(lo, lo + length[u]):
                i, count = _touch(nbr[e], stamp, slot, gen, tabs, count)
                if i < 0:
                    return -1
                _offer(i, r, weight[e] * g, weight[e], k, tabs)
    return count


@njit(cache=True, nogil=True)
def _forward_layers(  # type: ignore[no-untyped-def]
    b, max_hops, start, length, nbr, weight, blocked, source, stamp, slot, gen, tabs, count, stats
):
    """Layers b+1..max_hops-1, only where the search can stand with that many links left:
    the ball of radius max_hops-b-1 around the source through allowed nodes (a partial path
    with l links ends at distance <= l and needs layer max_hops-l). Returns count, -1 on
    overflow."""
    node_of, is_target, fdist, walks = tabs
    radius = max_hops - b - 1
    if radius <= 0:
        return count
    ball = np.empty(node_of.shape[0], np.int32)  # slots in BFS order
    n_ball = 0
    begin = 0
    for depth in range(1, radius + 1):
        end = n_ball
        n_frontier = 1 if depth == 1 else end - begin  # depth 0 is the source, which has no slot
        for q in range(n_frontier):
            u = source if depth == 1 else node_of[ball[begin + q]]
            stats[2] += length[u]
            for e in range(start[u], start[u] + length[u]):
                v = nbr[e]
                j = slot[v] if stamp[v] == gen else -1
                if not _allowed(v, blocked, source, j, is_target):
                    continue
                i, count = _touch(v, stamp, slot, gen, tabs, count)
                if i < 0:
                    return -1
                if fdist[i] == _NO_DIST:
                    fdist[i] = depth
                    ball[n_ball] = i
                    n_ball += 1
        begin = end
    for r in range(b + 1, max_hops):
        for q in range(n_ball):
            i = ball[q]
            if fdist[i] > max_hops - r:
                break
            v = node_of[i]
            stats[2] += length[v]
            for e in range(start[v], start[v] + length[v]):
                u = nbr[e]
                if stamp[u] != gen:
                    continue  # untouched: no walk to a target within r - 1 links
                j = slot[u]
                w = weight[e]
                if is_target[j]:
                    _offer(i, r, w, w, j, tabs)
                elif _allowed(u, blocked, source, j, is_target):
                    g = walks[j, r - 1]["best"]
                    if g > 0.0:
                        _offer(i, r, w * g, w, j, tabs)
    return count


# ---------------------------------------------------------------------------------------------
# Best-first search over partial paths.
# ---------------------------------------------------------------------------------------------


@njit(cache=True, nogil=True, inline="always")
def _fewest_links(j, budget, walks):  # type: ignore[no-untyped-def]
    """d(v): fewest links from slot j to a target (0 if more than budget are needed)."""
    for r in range(1, budget + 1):
        if walks[j, r]["best"] > 0.0:
            return r
    return 0


@njit(cache=True, nogil=True, inline="always")
def _bound(x, j, r, tabs):  # type: ignore[no-untyped-def]
    """Upper bound on the strength of any completion, with at most r more links from slot j,
    of a prefix of strength x. Exact (the best completion's own float) unless flagged."""
    is_target, walks = tabs[1], tabs[3]
    e = walks[j, r]
    if e["nxt"] == _AMBIGUOUS:
        return min(x, x * e["best"] * (1.0 + _BAND))
    y = x
    while True:
        y *= e["wnext"]  # path order: the prefix first, exactly like the final product
        k = e["nxt"]
        if is_target[k]:
            return y
        r -= 1
        e = walks[k, r]


@njit(cache=True, nogil=True)
def _links_to_reach(x, j, d, left, bound, tabs):  # type: ignore[no-untyped-def]
    """Fewest links a completion needs to possibly reach strength ``bound``: completions with
    fewer than r links are at most ``_bound(x, j, r - 1)``. Using this instead of d(v) as the
    STRENGTH tie-break keeps a partial path from jumping ahead of complete paths of equal
    strength but fewer links."""
    for r in range(d, left):
        if _bound(x, j, r, tabs) >= bound:
            return r
    return left


@njit(cache=True, nogil=True, inline="always")
def _on_path(s, u, node, parent):  # type: ignore[no-untyped-def]
    while s >= 0:
        if node[s] == u:
            return True
        s = parent[s]
    return False


@njit(cache=True, nogil=True, inline="always")
def _child_key(  # type: ignore[no-untyped-def]
    s, u, j, y, links, max_hops, by_hops, blocked, source, node, parent, tabs
):
    """(keep, complete, key_a, key_b) for extending path record s by node u (slot j), the
    extended product being y. Not kept: u cannot be an intermediary, is already on the path,
    or cannot reach a target within the links left."""
    is_target, walks = tabs[1], tabs[3]
    if is_target[j]:
        if by_hops:
            return True, True, float(links + 1), -y
        return True, True, -y, float(links + 1)
    if links + 1 >= max_hops or not _allowed(u, blocked, source, j, is_target):
        return False, False, 0.0, 0.0
    left = max_hops - links - 1
    d = _fewest_links(j, left, walks)
    if d == 0 or _on_path(s, u, node, parent):
        return False, False, 0.0, 0.0
    if by_hops:
        return True, False, float(links + 1 + d), -_bound(y, j, d, tabs)
    bound = _bound(y, j, left, tabs)
    return True, False, -bound, float(links + 1 + _links_to_reach(y, j, d, left, bound, tabs))


@njit(cache=True, nogil=True)
def _search(  # type: ignore[no-untyped-def]
    max_hops,
    limit,
    by_hops,
    start,
    length,
    nbr,
    weight,
    rank,
    blocked,
    source,
    stamp,
    slot,
    gen,
    tabs,
    stats,
):
    cap = 256
    # One record per pushed path: its last node, parent record, links, product, last link.
    node = np.empty(cap, np.int32)
    parent = np.empty(cap, np.int32)
    depth = np.empty(cap, np.int64)
    prod = np.empty(cap, np.float64)
    link = np.empty(cap, np.float64)
    done = np.empty(cap, np.bool_)
    key_a = np.empty(cap, np.float64)
    key_b = np.empty(cap, np.float64)
    ranks = np.empty((cap, _LAYERS), np.int64)
    heap = np.empty(cap, np.int32)

    node[0] = source
    parent[0] = -1
    depth[0] = 0
    prod[0] = 1.0
    link[0] = 1.0
    done[0] = False
    key_a[0] = -np.inf
    key_b[0] = 0.0
    ranks[0, 0] = rank[source]
    heap[0] = 0
    size = 1
    n_states = 1
    found = np.empty(limit, np.int32)
    n_found = 0
    # The best `limit` complete paths pushed so far, worst on top: anything keyed after that
    # worst one can only be popped once `limit` answers are out, so it is never pushed.
    cutoff = np.empty(limit, np.int32)
    n_cutoff = 0

    while size > 0 and n_found < limit:
        s = heap_pop(heap, size, key_a, key_b, ranks, depth)
        size -= 1
        stats[1] += 1
        if done[s]:
            found[n_found] = s
            n_found += 1
            continue
        v = node[s]
        links = depth[s]
        x = prod[s]
        stats[3] += length[v]
        for e in range(start[v], start[v] + length[v]):
            u = nbr[e]
            if stamp[u] != gen:
                continue  # untouched: neither a target nor able to reach one in time
            y = x * weight[e]
            keep, complete, ka, kb = _child_key(
                s, u, slot[u], y, links, max_hops, by_hops, blocked, source, node, parent, tabs
            )
            if not keep:
                continue
            if n_cutoff == limit:
                worst = cutoff[0]
                if ka > key_a[worst] or (ka == key_a[worst] and kb > key_b[worst]):
                    continue
            if n_states == cap:
                cap *= 2
                node = grow(node, cap)
                parent = grow(parent, cap)
                depth = grow(depth, cap)
                prod = grow(prod, cap)
                link = grow(link, cap)
                done = grow(done, cap)
                key_a = grow(key_a, cap)
                key_b = grow(key_b, cap)
                ranks = grow2(ranks, cap)
                heap = grow(heap, cap)
            t = n_states
            n_states += 1
            node[t] = u
            parent[t] = s
            depth[t] = links + 1
            prod[t] = y
            link[t] = weight[e]
            done[t] = complete
            key_a[t] = ka
            key_b[t] = kb
            ranks[t, : links + 1] = ranks[s, : links + 1]
            ranks[t, links + 1] = rank[u]
            heap_push(heap, size, t, key_a, key_b, ranks, depth)
            size += 1
            stats[0] += 1
            if complete:
                if n_cutoff < limit:
                    heap_push(cutoff, n_cutoff, t, key_a, key_b, ranks, depth, True)
                    n_cutoff += 1
                elif state_before(t, cutoff[0], key_a, key_b, ranks, depth):
                    heap_replace_top(cutoff, limit, t, key_a, key_b, ranks, depth, True)

    out_nodes = np.full((n_found, _LAYERS), -1, np.int64)
    out_links = np.zeros((n_found, MAX_HOPS), np.float64)
    out_hops = np.empty(n_found, np.int64)
    out_strength = np.empty(n_found, np.float64)
    for k in range(n_found):
        t = found[k]
        out_hops[k] = depth[t]
        out_strength[k] = prod[t]
        while t >= 0:
            out_nodes[k, depth[t]] = node[t]
            if depth[t] > 0:
                out_links[k, depth[t] - 1] = link[t]
            t = parent[t]
    return out_nodes, out_links, out_hops, out_strength


@njit(cache=True, nogil=True)
def _overflowed(stats):  # type: ignore[no-untyped-def]
    return (
        _OVERFLOW,
        stats,
        np.empty((0, _LAYERS), np.int64),
        np.empty((0, MAX_HOPS)),
        np.empty(0, np.int64),
        np.empty(0, np.float64),
    )


@njit(cache=True, nogil=True)
def _paths_kernel(  # type: ignore[no-untyped-def]
    start,
    length,
    nbr,
    weight,
    rank,
    blocked,
    source,
    targets,
    max_hops,
    limit,
    by_hops,
    stamp,
    slot,
    gen,
    tabs,
    split,
):
    """Returns (status, stats, nodes, links, hops, strengths); status _OVERFLOW means the
    slot tables were too small: the caller grows them and asks again."""
    stats = np.zeros(5, np.int64)
    count = 0
    for t in targets:
        i, count = _touch(t, stamp, slot, gen, tabs, count)
        if i < 0:
            return _overflowed(stats)
        tabs[1][i] = True
    b = backward_layer_count(start, length, nbr, source, targets, max_hops) if split < 1 else split
    count = _backward_layers(
        b, start, length, nbr, weight, blocked, source, stamp, slot, gen, tabs, count, stats
    )
    if count < 0:
        return _overflowed(stats)
    count = _forward_layers(
        b,
        max_hops,
        start,
        length,
        nbr,
        weight,
        blocked,
        source,
        stamp,
        slot,
        gen,
        tabs,
        count,
        stats,
    )
    if count < 0:
        return _overflowed(stats)
    stats[4] = count
    nodes, links, hops, strengths = _search(
        max_hops,
        limit,
        by_hops,
        start,
        length,
        nbr,
        weight,
        rank,
        blocked,
        source,
        stamp,
        slot,
        gen,
        tabs,
        stats,
    )
    return 0, stats, nodes, links, hops, strengths


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

_per_thread = threading.local()
_FIRST_TABLE_ROWS = 1024

IntArray = npt.NDArray[np.int64]


def introduction_paths_with_stats(
    start: npt.ArrayLike,
    length: npt.ArrayLike,
    nbr: npt.ArrayLike,
    weight: npt.ArrayLike,
    rank: npt.ArrayLike,
    blocked: npt.ArrayLike,
    source: int,
    targets: npt.ArrayLike,
    max_hops: int,
    limit: int,
    by_hops: bool,
    *,
    split: int | None = None,
) -> tuple[list[Path], SearchStats]:
    """``introduction_paths`` plus the work it did (see ``SearchStats``).

    ``split`` (1..max_hops-1) forces how many heuristic layers are built from the targets'
    side instead of the cheapest by estimate (``_split``); answers never depend on it, which
    is what tests use it to check.

    >>> import numpy as np
    >>> g = (np.array([0, 1]), np.array([1, 1]), np.array([1, 0], np.int32), np.ones(2))
    >>> paths, stats = introduction_paths_with_stats(
    ...     *g, rank=np.arange(2), blocked=np.zeros(2, bool), source=0, targets=[1],
    ...     max_hops=2, limit=5, by_hops=False)
    >>> paths, stats.pushes, stats.pops
    ([((0, 1), (1.0,), 1.0)], 1, 2)
    """
    st = np.ascontiguousarray(start, np.int64)
    ln = np.ascontiguousarray(length, np.int64)
    nb = np.ascontiguousarray(nbr, np.int32)
    wt = np.ascontiguousarray(weight, np.float64)
    rk = np.ascontiguousarray(rank, np.int64)
    bl = np.ascontiguousarray(blocked, np.bool_)
    tg = np.ascontiguousarray(np.atleast_1d(np.asarray(targets, np.int64)))
    n = st.shape[0]
    _check(n, ln, rk, bl, source, tg, max_hops, limit)
    if split is not None and not 1 <= split <= max(1, max_hops - 1):
        raise ValueError(f"split must be in 1..{max(1, max_hops - 1)}, got {split}")
    if tg.shape[0] == 0:
        return [], SearchStats(0, 0, 0, 0, 0)
    if limit == 1 and by_hops and split is None:
        # The most common question ("the quickest way in") has a cheaper exact answer.
        found, counts = strongest_shortest_path(st, ln, nb, wt, rk, bl, int(source), tg, max_hops)
        return found, SearchStats(*counts)

    marks = thread_marks(n)
    tabs = getattr(_per_thread, "tables", None) or _new_tables(_FIRST_TABLE_ROWS)
    while True:
        gen = marks.next_generation()
        status, stats, nodes, links, hops, strengths = _paths_kernel(
            st,
            ln,
            nb,
            wt,
            rk,
            bl,
            int(source),
            tg,
            int(max_hops),
            int(limit),
            bool(by_hops),
            marks.stamp,
            marks.slot,
            gen,
            tabs,
            int(split or 0),
        )
        if status != _OVERFLOW:
            break
        tabs = _new_tables(4 * tabs[0].shape[0])  # rare: tables are kept per thread
    _per_thread.tables = tabs

    paths: list[Path] = []
    for k, h in enumerate(hops.tolist()):
        paths.append(
            (tuple(nodes[k, : h + 1].tolist()), tuple(links[k, :h].tolist()), float(strengths[k]))
        )
    return paths, SearchStats(*(int(c) for c in stats))


def introduction_paths(
    start: npt.ArrayLike,
    length: npt.ArrayLike,
    nbr: npt.ArrayLike,
    weight: npt.ArrayLike,
    rank: npt.ArrayLike,
    blocked: npt.ArrayLike,
    source: int,
    targets: npt.ArrayLike,
    max_hops: int,
    limit: int,
    by_hops: bool,
) -> list[Path]:
    """The best ``limit`` introduction paths from ``source`` to any of ``targets``.

    The graph is the CSR-like link graph: node u's neighbours are
    ``nbr[start[u]:start[u]+length[u]]`` with strengths in (0, 1] at the same positions of
    ``weight``; ``rank`` orders people like their ids (tie-breaks); ``blocked`` marks
    doNotContact people, who are never intermediaries. A path's intermediaries are also never
    targets: a path ends at the first target it reaches. ``by_hops=False`` ranks by
    ``(-strength, hops, ranks)``, ``by_hops=True`` by ``(hops, -strength, ranks)``.

    Returns ``(nodes source..target, per-link strengths, strength)`` tuples, best first. The
    work is bounded by ``limit`` and ``max_hops`` (see the module docstring), so a dense
    neighbourhood with millions of candidate paths still answers quickly. Safe to call from
    several threads at once (the kernels release the GIL; scratch space is per thread).

    A strong 2-hop path beats a weak direct link on strength, not on hops:

    >>> import numpy as np
    >>> # links 0-1 (0.9), 1-2 (0.8), 0-2 (0.5); rows are placed anywhere, unsorted
    >>> start, length = np.array([4, 0, 2]), np.array([2, 2, 2])
    >>> nbr = np.array([2, 0, 1, 0, 1, 2], np.int32)
    >>> weight = np.array([0.8, 0.9, 0.8, 0.5, 0.9, 0.5])
    >>> args = (start, length, nbr, weight, np.arange(3), np.zeros(3, bool))
    >>> introduction_paths(*args, source=0, targets=[2], max_hops=3, limit=5, by_hops=False)
    [((0, 1, 2), (0.9, 0.8), 0.7200000000000001), ((0, 2), (0.5,), 0.5)]
    >>> introduction_paths(*args, source=0, targets=[2], max_hops=3, limit=5, by_hops=True)
    [((0, 2), (0.5,), 0.5), ((0, 1, 2), (0.9, 0.8), 0.7200000000000001)]
    """
    return introduction_paths_with_stats(
        start, length, nbr, weight, rank, blocked, source, targets, max_hops, limit, by_hops
    )[0]


def _check(
    n: int,
    length: IntArray,
    rank: IntArray,
    blocked: npt.NDArray[np.bool_],
    source: int,
    targets: IntArray,
    max_hops: int,
    limit: int,
) -> None:
    if not (length.shape[0] == rank.shape[0] == blocked.shape[0] == n):
        raise ValueError("start, length, rank and blocked must all have one entry per node")
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be in 1..{MAX_HOPS}, got {max_hops}")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be in 1..{MAX_LIMIT}, got {limit}")
    if not 0 <= source < n:
        raise ValueError(f"source {source} is not a node index")
    if targets.shape[0] and (targets.min() < 0 or targets.max() >= n):
        raise ValueError("targets must be node indices")
    if np.any(targets == source):
        raise ValueError("the source cannot be one of the targets")
