"""Graph algorithms over the CSR-like link graph, as pure functions over numpy arrays.

Every function takes the same layout: node ``u``'s neighbours are
``nbr[start[u] : start[u] + length[u]]`` (int32) with link strengths in (0, 1] at the same
positions of ``weight`` (float64). Links are symmetric, rows need not be sorted or contiguous
(slots outside rows are ignored), and a node with ``length 0`` is isolated. ``rank`` (int64,
distinct) orders nodes like their people's ids and breaks ties deterministically.

Families:

* ``paths``: top-k warm introduction paths (``introduction_paths``).
* ``density``: advocates around a seed set (``advocate_density``).
* ``ego``: the strongest part of the graph around a seed set, capped (``ego_network``).
* ``pagerank``: weighted PageRank for influence (``pagerank``).

The hot loops are numba kernels compiled with ``cache=True`` (the first call in a fresh
environment compiles for a few seconds) and ``nogil=True``, so a server can answer queries
from several threads. ``NUMBA_DISABLE_JIT=1`` runs the same code as plain Python.
"""

from __future__ import annotations

from .density import advocate_density
from .ego import Ego, ego_network
from .pagerank import PageRankDidNotConverge, degree, pagerank
from .paths import Path, SearchStats, introduction_paths, introduction_paths_with_stats
from .warmup import compile_kernels

__all__ = [
    "Ego",
    "PageRankDidNotConverge",
    "Path",
    "SearchStats",
    "advocate_density",
    "compile_kernels",
    "degree",
    "ego_network",
    "introduction_paths",
    "introduction_paths_with_stats",
    "pagerank",
]
