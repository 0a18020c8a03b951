"""Schema setup: constraints and indexes (idempotent) and the Meta node."""

from __future__ import annotations

from neo4j import Driver, ManagedTransaction, NotificationMinimumSeverity

from . import cypher
from .errors import translated

#: How long construction waits for new indexes to come online.
INDEX_WAIT_SECONDS = 300


def ensure_schema(driver: Driver, database: str | None) -> None:
    """Create every constraint and index if missing, wait for them, create the Meta node.

    Schema commands run one per auto-commit transaction (Neo4j does not mix schema and data
    writes in one transaction); ``IF NOT EXISTS`` makes re-running them a no-op.
    """

    def meta(tx: ManagedTransaction) -> None:
        tx.run(cypher.ENSURE_META, key=cypher.META_KEY).consume()

    with (
        translated(),
        driver.session(
            database=database, notifications_min_severity=NotificationMinimumSeverity.OFF
        ) as session,
    ):
        for statement in (*cypher.CONSTRAINTS, *cypher.INDEXES):
            session.run(statement).consume()
        session.run(cypher.AWAIT_INDEXES, seconds=INDEX_WAIT_SECONDS).consume()
        session.execute_write(meta)
