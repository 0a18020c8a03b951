"""Fixtures shared by the whole suite.

``store`` is the one fixture every storage-facing test uses; it is parametrised over each
store implementation so they all pass one contract suite. The Neo4j side talks to the server
named by ``NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``) or, when that is unset, to a
disposable Neo4j 5.26 Community server started once per test session (tests/neo4j_server.py)
and stopped at the end. Each test starts from an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from graph.config import Neo4jSettings, Settings
from graph.service import WarmgraphService
from graph.store.base import Store
from graph.store.embedded import EmbeddedStore
from graph.strength import StrengthModel

NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def strength_model() -> StrengthModel:
    return StrengthModel(now=NOW)


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    configured = Settings.from_env().neo4j
    if configured is not None:
        yield configured
        return
    from tests.neo4j_server import DisposableNeo4j

    with DisposableNeo4j() as server:
        yield Neo4jSettings(uri=server.uri, user=server.user, password=server.password)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings):  # type: ignore[no-untyped-def]
    from graph.store.neo4j import connect

    driver = connect(neo4j_settings)
    yield driver
    driver.close()


@pytest.fixture
def empty_neo4j(neo4j_driver, neo4j_settings):  # type: ignore[no-untyped-def]
    """The shared server's database, emptied for this test."""
    wipe_neo4j(neo4j_driver, neo4j_settings.database)
    return neo4j_driver


def wipe_neo4j(driver, database: str | None) -> None:  # type: ignore[no-untyped-def]
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def open_test_store(kind: str, request: pytest.FixtureRequest, path, model) -> Store:  # type: ignore[no-untyped-def]
    if kind == "embedded":
        return EmbeddedStore(path, model)
    from graph.store.neo4j import Neo4jStore

    driver = request.getfixturevalue("empty_neo4j")
    database = request.getfixturevalue("neo4j_settings").database
    return Neo4jStore(driver, database, model, owns_driver=False)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path, strength_model) -> Iterator[Store]:
    s = open_test_store(request.param, request, tmp_path / "store.db", strength_model)
    yield s
    s.close()


@pytest.fixture
def service(store) -> WarmgraphService:
    return WarmgraphService(store)
