"""Schema setup: constraints and indexes (idempotent) and the Meta node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import cypher
from .session import Session

#: How long construction waits for new indexes to come online.
INDEX_WAIT_SECONDS = 300


def ensure_schema(session: Session) -> None:
    """Create every constraint and index if missing, wait for them, create the Meta node.

    Schema commands run one per auto-commit transaction (Neo4j does not mix schema and data
    writes in one transaction); ``IF NOT EXISTS`` makes re-running them a no-op. Creating
    the Meta node is not a data change, so it does not bump the data version.
    """

    def statements() -> Iterator[tuple[str, dict[str, Any]]]:
        for statement in (*cypher.CONSTRAINTS, *cypher.INDEXES):
            yield statement, {}
        yield cypher.AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS}
        yield cypher.ENSURE_META, {"key": cypher.META_KEY}

    session.run_auto_commit(statements())
