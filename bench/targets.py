"""Issue 4's targets, and where each figure sits in a run's results."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Result = dict[str, Any]


@dataclass(frozen=True)
class Target:
    figure: str
    unit: str
    limits: dict[str, float]  # per scale; the figure must be at most this
    read: Callable[[Result], float | None]


def _worst(cases: dict[str, Any], field: str, level: str | None = None) -> float | None:
    """The worst figure over the limit-5 path cases (the single-path ones are compared
    against the peers instead)."""
    values = [
        (case[level] if level else case)[field]
        for key, case in cases.items()
        if isinstance(case, dict) and "label" in case and not key.endswith("-1")
    ]
    return max(values) if values else None


def _load_to_queryable(r: Result) -> float:
    return float(r["embedded"]["load"]["median_s"] + r["embedded"]["http"]["ready_s"])


TARGETS = (
    Target(
        "introduction paths p50 in-process (worst case)",
        "ms",
        {"S": 2, "M": 10, "L": 30},
        lambda r: _worst(r["embedded"]["paths"], "p50", "service"),
    ),
    Target(
        "introduction paths p99 in-process (worst case)",
        "ms",
        {"S": 20, "M": 60, "L": 200},
        lambda r: _worst(r["embedded"]["paths"], "p99", "service"),
    ),
    Target(
        "introduction paths p50 over HTTP, 8 clients (worst case)",
        "ms",
        {"S": 10, "M": 25, "L": 60},
        lambda r: _worst(r["embedded"]["http"], "p50"),
    ),
    Target(
        "influence recompute after a write",
        "s",
        {"S": 0.5, "M": 5, "L": 60},
        lambda r: r["embedded"]["influence"]["recompute_ms"] / 1000,
    ),
    Target("load, CSV to queryable", "s", {"S": 5, "M": 60, "L": 720}, _load_to_queryable),
    Target(
        "peak RSS of the serving process",
        "MB",
        {"S": 300, "M": 2048, "L": 8192},
        lambda r: r["embedded"]["http"]["peak_rss_mb"],
    ),
)


@dataclass(frozen=True)
class Relative:
    figure: str
    at_least: float  # the peer's time over warmgraph's (median of pair-by-pair ratios)
    read: Callable[[Result], float | None]


def _ratio(*keys: str) -> Callable[[Result], float | None]:
    def read(r: Result) -> float | None:
        node: Any = r
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return float(node) if isinstance(node, (int, float)) and not math.isnan(node) else None

    return read


RELATIVE = (
    Relative(
        "top-5 by strength, 4 hops vs networkx Yen",
        100,
        _ratio("peers", "strongest", "networkx", "ratio", "median"),
    ),
    Relative(
        "top-5 by strength, 4 hops vs igraph k-shortest",
        100,
        _ratio("peers", "strongest", "igraph", "ratio", "median"),
    ),
    *(
        Relative(
            f"one shortest path ({h} hops) vs networkx bidirectional",
            0.5,
            _ratio("peers", f"shortest-h{h}-hops-1", "networkx", "ratio", "median"),
        )
        for h in (3, 4)
    ),
    Relative("PageRank vs igraph", 0.5, _ratio("peers", "pagerank", "igraph_ratio")),
    *(
        Relative(
            f"Neo4j, {h} hops vs Cypher {shape}",
            1,
            _ratio("neo4j", "cypher", f"{shape}-h{h}", "ratio", "median"),
        )
        for shape in ("shortestPath", "allShortestPaths", "variable-length")
        for h in (3, 4)
    ),
)
