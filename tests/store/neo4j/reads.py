"""Read a Neo4j test database directly (beyond the port), for the Neo4j-only tests.

Through a ``Session`` (the ``db`` fixture): the store exposes only its protocols.
"""

from __future__ import annotations

from typing import Any

from graph.store.linkinputs import PairInputs
from graph.store.neo4j import cypher
from graph.store.neo4j.session import Session

SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN *"
LINKS = "MATCH (a:Person)-[l:LINK]->(b:Person) RETURN a.id AS a, b.id AS b, l.strength AS strength"
ADVOCACY = "MATCH (p:Person {id: $id}) RETURN p.advocacy AS advocacy"
IMPORTING = "MATCH (m:Meta {key: $key}) RETURN m.importing AS importing"


def count(db: Session, query: str) -> Any:
    """The single value of one read query."""
    (row,) = db.query(query)
    (value,) = row.values()
    return value


def graph_counts(db: Session) -> dict[str, int]:
    """Nodes per label and relationships per type (Meta excluded)."""
    nodes = db.query(
        "MATCH (n) WHERE NOT n:Meta RETURN labels(n)[0] AS k, count(*) AS n ORDER BY k"
    )
    rels = db.query("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n ORDER BY k")
    return {r["k"]: r["n"] for r in [*nodes, *rels]}


def stored_links(db: Session) -> dict[tuple[str, str], float]:
    """Every stored LINK as ``{(smaller id, larger id): strength}``."""
    return {(r["a"], r["b"]): float(r["strength"]) for r in db.query(LINKS)}


def advocacy_weight(db: Session, person_id: str) -> float:
    """The person's derived ``advocacy`` (0 if none or unknown)."""
    rows = db.query(ADVOCACY, id=person_id)
    return float(rows[0]["advocacy"] or 0.0) if rows else 0.0


def importing(db: Session) -> bool:
    """The Meta node's import flag."""
    (row,) = db.query(IMPORTING, key=cypher.META_KEY)
    return bool(row["importing"])


def pair_inputs(db: Session, a: str, b: str) -> PairInputs:
    """One pair's tie-strength inputs as ``cypher.PAIR_INPUTS`` (what LINKs are computed
    from) reads them, each direction in time order."""
    rows = db.query(cypher.PAIR_INPUTS, pairs=[[a, b]]) if a != b else []
    if not rows:
        return PairInputs(False, (), (), (), ())
    ab = sorted(rows[0]["ab"], key=lambda x: x[1])
    ba = sorted(rows[0]["ba"], key=lambda x: x[1])
    return PairInputs(
        bool(rows[0]["connected"]),
        tuple(k for k, _ in ab),
        tuple(float(t) for _, t in ab),
        tuple(k for k, _ in ba),
        tuple(float(t) for _, t in ba),
    )
