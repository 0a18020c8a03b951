"""Latency against scale, warmgraph and its peers, on log axes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def _series(results: list[dict[str, Any]]) -> dict[str, list[tuple[int, float]]]:
    lines: dict[str, list[tuple[int, float]]] = {}

    def add(name: str, people: int, value: float | None) -> None:
        if value is not None and value == value:  # not NaN
            lines.setdefault(name, []).append((people, value))

    for r in results:
        n, emb, peers = r["people"], r["embedded"], r["peers"]
        add(
            "warmgraph in-process p50 (3 hops, strength)",
            n,
            emb["paths"]["h3-strength-5"]["service"]["p50"],
        )
        add(
            "warmgraph in-process p99 (3 hops, strength)",
            n,
            emb["paths"]["h3-strength-5"]["service"]["p99"],
        )
        add("warmgraph HTTP p50, 8 clients", n, emb["http"].get("h3-strength-5", {}).get("p50"))
        add("warmgraph one shortest path p50", n, peers["shortest-h3-hops-1"]["warmgraph"]["p50"])
        add("networkx bidirectional p50", n, peers["shortest-h3-hops-1"]["networkx"]["p50"])
        add("igraph get_shortest_path p50", n, peers["shortest-h3-hops-1"]["igraph"]["p50"])
        add("warmgraph top 5 (4 hops) p50", n, peers["strongest"]["warmgraph"]["p50"])
        add("igraph k-shortest (4 hops) p50", n, peers["strongest"]["igraph"]["p50"])
        add("networkx Yen (4 hops) p50", n, peers["strongest"]["networkx"]["p50"])
        if "neo4j" in r:
            add(
                "warmgraph on Neo4j, service p50 (3 hops, strength)",
                n,
                r["neo4j"]["service"]["h3-strength-5"]["p50"],
            )
            add(
                "Cypher shortestPath p50 (3 hops)",
                n,
                r["neo4j"]["cypher"]["shortestPath-h3"]["cypher"]["p50"],
            )
    return lines


def draw(results: list[dict[str, Any]], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
    for name, points in _series(results).items():
        xs, ys = zip(*points, strict=True)
        style = "-o" if name.startswith("warmgraph") else "--s"
        ax.plot(xs, ys, style, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("people in the graph")
    ax.set_ylabel("latency per query (ms, log)")
    ax.set_title("warmgraph and its peers: introduction-path latency against scale")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
