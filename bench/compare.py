"""warmgraph against networkx and igraph on the same graph: times pair by pair, answers
checked equal."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from graph.algorithms.pagerank import pagerank as warmgraph_pagerank
from graph.queries import LinkProjection, RawPath

from . import peers_igraph, peers_networkx
from .budget import run_with_budget
from .cases import same_top_paths
from .graphs import LinkGraph, path_strength
from .progress import say
from .stats import median_time, ratio_summary, summarise

Pair = tuple[str, str]


class Peers:
    """Both peers' graphs, built once per scale from warmgraph's own projection."""

    def __init__(self, graph: LinkGraph) -> None:
        self.graph = graph
        self.position = graph.position
        say("peers: building the igraph graphs")
        self.ig_all = peers_igraph.build(graph, paths=False)
        self.ig_paths = peers_igraph.build(graph, paths=True)
        say("peers: building the networkx graph")
        self.nx = peers_networkx.build(graph)
        self.nx_has_blocked_links = True

    def nx_paths(self) -> Any:
        if self.nx_has_blocked_links:
            peers_networkx.drop_blocked(self.nx, self.graph)
            self.nx_has_blocked_links = False
        return self.nx

    def close(self) -> None:
        del self.nx, self.ig_all, self.ig_paths
        gc.collect()


def pagerank(peers: Peers, projection: LinkProjection, repeats: int) -> dict[str, Any]:
    arrays = (projection.start, projection.length, projection.nbr, projection.weight)
    ours, ours_ms = median_time(lambda: warmgraph_pagerank(*arrays), repeats)
    ig, ig_ms = median_time(lambda: peers_igraph.pagerank(peers.ig_all), repeats)
    if not peers.nx_has_blocked_links:
        raise RuntimeError("networkx PageRank must run before the path graph drops links")
    nx_pr, nx_ms = median_time(
        lambda: peers_networkx.pagerank(peers.nx), max(1, repeats // 3), warm_up=False
    )
    nx_vector = np.array([nx_pr[i] for i in range(peers.graph.n)])
    return {
        "warmgraph_ms": ours_ms,
        "igraph_ms": ig_ms,
        "networkx_ms": nx_ms,
        "igraph_ratio": ig_ms / ours_ms,
        "networkx_ratio": nx_ms / ours_ms,
        "max_abs_diff_igraph": float(np.max(np.abs(np.asarray(ig) - ours))),
        "max_abs_diff_networkx": float(np.max(np.abs(nx_vector - ours))),
        "max_pagerank": float(np.max(ours)),
    }


def shortest(
    peers: Peers,
    pairs: Sequence[Pair],
    ours: Sequence[Sequence[RawPath]],
    ours_ms: Sequence[float],
    repeats: int,
) -> dict[str, Any]:
    """One shortest path: the hop count must match warmgraph's (HOPS, limit 1) answer."""
    g_nx = peers.nx_paths()
    result: dict[str, Any] = {"warmgraph": summarise(ours_ms).as_dict()}
    finders: dict[str, Callable[[int, int], list[int] | None]] = {
        "networkx": lambda a, b: peers_networkx.shortest_path(g_nx, a, b),
        "igraph": lambda a, b: peers_igraph.shortest_path(peers.ig_paths, a, b),
    }
    for name, find in finders.items():
        times, equal = [], 0
        for (a, b), answer in zip(pairs, ours, strict=True):
            ia, ib = peers.position[a], peers.position[b]
            path, ms = median_time(lambda ia=ia, ib=ib, find=find: find(ia, ib), repeats)  # type: ignore[misc]
            times.append(ms)
            equal += path is not None and len(path) - 1 == answer[0].hops
        result[name] = {
            **summarise(times).as_dict(),
            "ratio": ratio_summary(ours_ms, times),
            "equal": equal,
            "compared": len(pairs),
        }
    return result


def strongest(
    peers: Peers,
    pairs: Sequence[Pair],
    ours: Sequence[Sequence[RawPath]],
    ours_ms: Sequence[float],
    max_hops: int,
    k: int,
    per_query_s: float,
    total_s: float,
) -> dict[str, Any]:
    """Top-k by strength within ``max_hops``: Yen's k shortest paths in both peers, each query
    with a time budget; ratios on unfinished queries are lower bounds."""
    g_nx = peers.nx_paths()
    ids = peers.graph.ids
    finders: dict[str, Callable[[int, int], list[list[int]]]] = {
        "networkx": lambda a, b: peers_networkx.strongest_paths(g_nx, a, b, max_hops, k),
        "igraph": lambda a, b: peers_igraph.strongest_paths(peers.ig_paths, a, b, max_hops, k),
    }
    result: dict[str, Any] = {"warmgraph": summarise(ours_ms).as_dict()}
    for name, find in finders.items():
        times, ours_for, finished, equal, spent = [], [], 0, 0, 0.0
        for (a, b), answer, our_ms in zip(pairs, ours, ours_ms, strict=True):
            if spent >= total_s:
                break
            say(f"  {name} k-shortest paths {a} -> {b}")
            outcome = run_with_budget(find, (peers.position[a], peers.position[b]), per_query_s)
            spent += outcome.ms / 1000
            times.append(outcome.ms)
            ours_for.append(our_ms)
            if outcome.finished:
                finished += 1
                theirs = [
                    (tuple(ids[i] for i in path), _product(peers, path)) for path in outcome.answer
                ]
                equal += same_top_paths([(p.people, p.strength) for p in answer], theirs)
        result[name] = {
            **summarise(times).as_dict(),
            "ratio": ratio_summary(ours_for, times),
            "asked": len(times),
            "finished": finished,
            "equal": equal,
            "budget_s": per_query_s,
        }
    return result


def _product(peers: Peers, path: list[int]) -> float:
    g = peers.ig_paths
    strengths = [g.es[g.get_eid(x, y)]["strength"] for x, y in pairwise(path)]
    return path_strength(strengths)
