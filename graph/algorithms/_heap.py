"""Small building blocks shared by the numba kernels.

* A binary min-heap of *state ids*: the keys live in the caller's state arrays, so a push is
  one int and the comparison reads ``(key_a, key_b, rank tuple)`` in place. Rank tuples are
  compared like Python tuples, so a prefix sorts before its extensions.
* ``NodeMarks``: per-thread, generation-stamped node marks, so a query that touches k nodes
  costs O(k) rather than an O(n) clear or allocation.
* ``grow``/``grow2``: capacity doubling for kernel-local arrays.
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
from numba import njit

_INT32_MAX = np.iinfo(np.int32).max


@njit(cache=True, nogil=True)
def state_before(a, b, key_a, key_b, ranks, depth):  # type: ignore[no-untyped-def]
    """True if state ``a`` sorts strictly before state ``b``."""
    if key_a[a] != key_a[b]:
        return key_a[a] < key_a[b]
    if key_b[a] != key_b[b]:
        return key_b[a] < key_b[b]
    len_a = depth[a] + 1
    len_b = depth[b] + 1
    for i in range(min(len_a, len_b)):
        if ranks[a, i] != ranks[b, i]:
            return ranks[a, i] < ranks[b, i]
    return len_a < len_b


@njit(cache=True, nogil=True, inline="always")
def _above(a, b, largest_first, key_a, key_b, ranks, depth):  # type: ignore[no-untyped-def]
    """Does ``a`` belong nearer the root than ``b``?"""
    if largest_first:
        return state_before(b, a, key_a, key_b, ranks, depth)
    return state_before(a, b, key_a, key_b, ranks, depth)


@njit(cache=True, nogil=True)
def heap_push(heap, size, item, key_a, key_b, ranks, depth, largest_first=False):  # type: ignore[no-untyped-def]
    """Insert ``item`` into ``heap[:size]``; the caller guarantees room and bumps its size.
    The root is the smallest state, or the largest with ``largest_first``."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if not _above(item, heap[parent], largest_first, key_a, key_b, ranks, depth):
            break
        heap[i] = heap[parent]
        i = parent
    heap[i] = item


@njit(cache=True, nogil=True)
def heap_replace_top(heap, size, item, key_a, key_b, ranks, depth, largest_first=False):  # type: ignore[no-untyped-def]
    """Replace the root of ``heap[:size]`` by ``item`` and restore the heap."""
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and _above(
            heap[child + 1], heap[child], largest_first, key_a, key_b, ranks, depth
        ):
            child += 1
        if not _above(heap[child], item, largest_first, key_a, key_b, ranks, depth):
            break
        heap[i] = heap[child]
        i = child
    heap[i] = item


@njit(cache=True, nogil=True)
def heap_pop(heap, size, key_a, key_b, ranks, depth):  # type: ignore[no-untyped-def]
    """Remove and return the smallest item of ``heap[:size]`` (size > 0); the caller shrinks."""
    top = heap[0]
    if size > 1:
        heap_replace_top(heap, size - 1, heap[size - 1], key_a, key_b, ranks, depth)
    return top


@njit(cache=True, nogil=True)
def grow(a, cap):  # type: ignore[no-untyped-def]
    out = np.empty(cap, a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True, nogil=True)
def grow2(a, cap):  # type: ignore[no-untyped-def]
    out = np.empty((cap, a.shape[1]), a.dtype)
    out[: a.shape[0]] = a
    return out


class NodeMarks:
    """Reusable per-node scratch for one thread. A query takes a fresh generation (or a span
    of them) from ``next_generation``; ``stamp[v]`` at or above it means "v was touched by
    this query", and then ``slot[v]`` holds whatever the kernel stored for v.

    Taking a new generation forgets every mark at once; the O(n) clear only happens when the
    int32 counter is about to wrap, once per two billion queries.
    """

    def __init__(self, n: int) -> None:
        self.stamp: npt.NDArray[np.int32] = np.zeros(n, np.int32)
        self.slot: npt.NDArray[np.int32] = np.zeros(n, np.int32)
        self.generation = 0

    @property
    def size(self) -> int:
        return int(self.stamp.shape[0])

    def next_generation(self, span: int = 1) -> int:
        """Start a query; it may stamp ``base .. base + span - 1`` (e.g. base + BFS distance),
        all larger than any stamp an earlier query left behind."""
        if self.generation + span >= _INT32_MAX:
            self.stamp[:] = 0
            self.generation = 0
        base = self.generation + 1
        self.generation += span
        return base


_per_thread = threading.local()


def thread_marks(n: int) -> NodeMarks:
    """This thread's ``NodeMarks`` covering at least ``n`` nodes (kernels release the GIL, so
    every thread needs its own). Grows with slack so a slowly growing graph rarely reallocates.
    """
    marks: NodeMarks | None = getattr(_per_thread, "marks", None)
    if marks is None or marks.size < n:
        marks = NodeMarks(n + n // 8 + 16)
        _per_thread.marks = marks
    return marks
