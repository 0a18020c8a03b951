"""Read a Neo4jStore's graph directly (beyond the port), for the Neo4j-only tests."""

from __future__ import annotations

from typing import Any

from graph.store.neo4j import Neo4jStore


def count(store: Neo4jStore, query: str) -> Any:
    """The single value of one read query."""
    (row,) = store.run_read(query)
    (value,) = row.values()
    return value


def graph_counts(store: Neo4jStore) -> dict[str, int]:
    """Nodes per label and relationships per type (Meta excluded)."""
    nodes = store.run_read(
        "MATCH (n) WHERE NOT n:Meta RETURN labels(n)[0] AS k, count(*) AS n ORDER BY k"
    )
    rels = store.run_read("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n ORDER BY k")
    return {r["k"]: r["n"] for r in [*nodes, *rels]}
