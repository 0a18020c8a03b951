"""Cypher written the way a user would, on warmgraph's own Neo4j data.

A user who already has the graph in Neo4j would ask it directly: ``shortestPath`` for one
path, ``allShortestPaths`` ranked by the product of the LINK strengths for a few, and a
bounded variable-length match ranked the same way for the strongest paths of any length.
Like warmgraph they must skip doNotContact people in the middle of a path. The hop bound is
part of the pattern (Cypher cannot take it as a parameter), so each bound has its own fixed
query text; the people are parameters.
"""

from __future__ import annotations

from typing import Any

import neo4j

_INNER_OK = "all(n IN nodes(p)[1..-1] WHERE NOT coalesce(n.doNotContact, false))"
_SIMPLE = "all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])"
_RETURN = "RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | r.strength] AS strengths"


def _shortest(hops: int) -> str:
    return (
        "MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
        f"MATCH p = shortestPath((a)-[:LINK*..{hops}]-(b)) WHERE {_INNER_OK} {_RETURN}"
    )


def _all_shortest(hops: int) -> str:
    return (
        "MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
        f"MATCH p = allShortestPaths((a)-[:LINK*..{hops}]-(b)) WHERE {_INNER_OK} "
        "WITH p, reduce(s = 1.0, r IN relationships(p) | s * r.strength) AS strength "
        f"ORDER BY strength DESC LIMIT $k {_RETURN}"
    )


def _strongest(hops: int) -> str:
    return (
        "MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
        f"MATCH p = (a)-[:LINK*1..{hops}]-(b) WHERE {_INNER_OK} AND {_SIMPLE} "
        "WITH p, reduce(s = 1.0, r IN relationships(p) | s * r.strength) AS strength "
        f"ORDER BY strength DESC LIMIT $k {_RETURN}"
    )


QUERIES = {
    "shortestPath": {h: _shortest(h) for h in range(1, 7)},
    "allShortestPaths": {h: _all_shortest(h) for h in range(1, 7)},
    "variable-length": {h: _strongest(h) for h in range(1, 7)},
}


def ask(
    driver: neo4j.Driver, shape: str, a: str, b: str, hops: int, k: int, timeout_s: float
) -> list[tuple[tuple[str, ...], list[float]]] | None:
    """The paths as (ids, strengths); ``None`` when the server's timeout cut the query off."""
    query = neo4j.Query(QUERIES[shape][hops], timeout=timeout_s)
    try:
        records, _, _ = driver.execute_query(query, {"a": a, "b": b, "k": k})
    except neo4j.exceptions.ClientError as exc:
        if "TimedOut" in (exc.code or "") or "Terminated" in (exc.code or ""):
            return None
        raise
    return [(tuple(r["ids"]), list(r["strengths"])) for r in records]


def records_sample(driver: neo4j.Driver) -> Any:
    """The number of LINKs, to confirm the peers traverse a loaded graph."""
    records, _, _ = driver.execute_query("MATCH ()-[l:LINK]->() RETURN count(l) AS n")
    return records[0]["n"]
