"""networkx, the way a user would write it: the same graph, its own functions."""

from __future__ import annotations

import math
from itertools import islice, pairwise

import networkx as nx

from .graphs import LinkGraph, path_strength


def build(graph: LinkGraph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(graph.n))
    g.add_edges_from(
        (int(a), int(b), {"strength": float(s), "cost": -math.log(s)})
        for a, b, s in zip(graph.u, graph.v, graph.strength, strict=True)
    )
    return g


def drop_blocked(g: nx.Graph, graph: LinkGraph) -> None:
    """Make ``g`` a path graph: no link touches a doNotContact person (after PageRank)."""
    blocked = [int(i) for i in graph.blocked.nonzero()[0]]
    g.remove_edges_from(list(g.edges(blocked)))


def pagerank(g: nx.Graph) -> dict[int, float]:
    return nx.pagerank(g, alpha=0.85, weight="strength", tol=1e-10, max_iter=1000)  # type: ignore[no-any-return]


def shortest_path(g: nx.Graph, a: int, b: int) -> list[int] | None:
    try:
        return nx.bidirectional_shortest_path(g, a, b)  # type: ignore[no-any-return]
    except nx.NetworkXNoPath:
        return None


def strongest_paths(g: nx.Graph, a: int, b: int, max_hops: int, k: int) -> list[list[int]]:
    """Top-k paths by strength product within ``max_hops``: Yen's algorithm on -log(strength),
    keeping the first k paths short enough."""
    paths = nx.shortest_simple_paths(g, a, b, weight="cost")
    try:
        return list(islice((p for p in paths if len(p) - 1 <= max_hops), k))
    except nx.NetworkXNoPath:
        return []


def strengths_of(g: nx.Graph, path: list[int]) -> list[float]:
    return [g[x][y]["strength"] for x, y in pairwise(path)]


def product(g: nx.Graph, path: list[int]) -> float:
    return path_strength(strengths_of(g, path))
