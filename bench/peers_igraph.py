"""python-igraph: the same graph in igraph's C core."""

from __future__ import annotations

import warnings

import igraph as ig
import numpy as np

from .graphs import LinkGraph


def build(graph: LinkGraph, *, paths: bool) -> ig.Graph:
    """The whole link graph (for PageRank) or, with ``paths``, only links a path may use."""
    keep = graph.path_edges if paths else np.ones(len(graph.u), dtype=bool)
    edges = np.column_stack([graph.u[keep], graph.v[keep]])
    g = ig.Graph(n=graph.n, edges=edges.tolist(), directed=False)
    g.es["strength"] = graph.strength[keep].tolist()
    g.es["cost"] = (-np.log(graph.strength[keep])).tolist()
    return g


def pagerank(g: ig.Graph) -> list[float]:
    return g.pagerank(weights="strength", directed=False, damping=0.85)  # type: ignore[no-any-return]


def shortest_path(g: ig.Graph, a: int, b: int) -> list[int] | None:
    with warnings.catch_warnings():  # igraph warns when b cannot be reached; None says so
        warnings.simplefilter("ignore", RuntimeWarning)
        path = g.get_shortest_path(a, b, output="vpath")
    return list(path) if path else None


def strongest_paths(g: ig.Graph, a: int, b: int, max_hops: int, k: int) -> list[list[int]]:
    """Top-k paths by strength product within ``max_hops``: igraph's k shortest paths on
    -log(strength), asking for more until k of them are short enough (or there are no more)."""
    want = k
    while True:
        paths = g.get_k_shortest_paths(a, to=b, k=want, weights="cost", mode="all")
        short = [list(p) for p in paths if len(p) - 1 <= max_hops]
        if len(short) >= k or len(paths) < want:
            return short[:k]
        want *= 4
