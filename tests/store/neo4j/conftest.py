"""``records``: a Neo4jStore on the session's one Neo4j server (tests/conftest.py), emptied;
``db``: a Session on the same database, to read what the protocols do not show.

Every test here that reaches the server carries the ``neo4j`` marker (its module's
``pytestmark``), so ``-m "not neo4j"`` skips this folder's server work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.config import Neo4jSettings
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session
from tests.store.world import MODEL, seed


@pytest.fixture
def records(empty_neo4j: Any, neo4j_settings: Neo4jSettings) -> Iterator[Neo4jStore]:
    store = Neo4jStore(empty_neo4j, neo4j_settings.database, MODEL, owns_driver=False)
    yield store
    store.close()


@pytest.fixture
def seeded(records: Neo4jStore) -> Neo4jStore:
    seed(records)
    return records


@pytest.fixture
def db(empty_neo4j: Any, neo4j_settings: Neo4jSettings) -> Iterator[Session]:
    session = Session(empty_neo4j, neo4j_settings.database, owns_driver=False)
    yield session
    session.close()
