"""Fixtures shared by the whole suite: the store backends, and the one Neo4j server.

Every store-facing test picks its backends from ``BACKENDS`` through ``backend_params`` and
opens them with ``open_test_store``; the store contract (tests/store/contract/), the
service-level ``store`` / ``service`` fixtures below and the API suite's ``store_kind`` all
go through those two, so a new backend is one row in ``BACKENDS`` and one branch in
``open_test_store``.

The Neo4j side talks to the server named by ``NEO4J_URI`` (with ``NEO4J_USER`` /
``NEO4J_PASSWORD``) or, when that is unset, to a disposable Neo4j 5.26 Community server
started once per test session (tests/neo4j_server.py) and stopped at the end. Each test
starts from an empty database. Every test that reaches Neo4j carries the ``neo4j`` marker
(the ``neo4j`` backend parameter carries it), so ``-m "not neo4j"`` never starts a server.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.config import Neo4jSettings, Settings
from graph.service import WarmgraphService
from graph.store.base import (
    ActivityPages,
    ActivityReads,
    AuditLog,
    BulkImport,
    DealHistory,
    DealReads,
    ExportReads,
    ExternalIds,
    GraphQueries,
    Identities,
    IntroRequests,
    Lifecycle,
    NameSearch,
    NodeRecords,
    PersonMerges,
    RelationshipReads,
    RelationshipWrites,
    SignalReads,
    Store,
    StrengthUpkeep,
    Suppressions,
    UserRecords,
    Webhooks,
)
from graph.strength import StrengthModel

NOW = datetime(2026, 11, 1, tzinfo=UTC)

RECORD_PROTOCOLS = frozenset(
    {
        Lifecycle,
        NodeRecords,
        RelationshipWrites,
        RelationshipReads,
        DealReads,
        DealHistory,
        NameSearch,
        SignalReads,
        BulkImport,
        UserRecords,
        Suppressions,
        AuditLog,
        ExternalIds,
        Identities,
        PersonMerges,
        ActivityReads,
        ExportReads,
        ActivityPages,
        Webhooks,
        IntroRequests,
    }
)
ALL_PROTOCOLS = RECORD_PROTOCOLS | {GraphQueries, StrengthUpkeep}


@dataclass(frozen=True)
class Backend:
    """A store implementation the tests run against: what it implements, how it is marked."""

    kind: str
    protocols: frozenset[type]
    marks: tuple[pytest.MarkDecorator, ...] = ()


BACKENDS = (
    # the system of record alone: everything but the graph queries (the embedded store adds
    # those on top of it)
    Backend("sqlite", RECORD_PROTOCOLS),
    Backend("embedded", ALL_PROTOCOLS),
    Backend("neo4j", ALL_PROTOCOLS, (pytest.mark.neo4j,)),
)


def _protocols(wanted: type) -> frozenset[type]:
    """``Store`` stands for the union of its focused protocols."""
    return ALL_PROTOCOLS if wanted is Store else frozenset({wanted})


def backend_params(*needs: type) -> list[Any]:
    """One ``pytest.param`` per backend implementing every protocol in ``needs`` (default:
    ``Store``), each carrying its backend's marks and its kind as the test id."""
    required = frozenset().union(*(_protocols(p) for p in needs or (Store,)))
    return [
        pytest.param(b.kind, marks=b.marks, id=b.kind) for b in BACKENDS if required <= b.protocols
    ]


def open_test_store(
    kind: str, request: pytest.FixtureRequest, path: Path | str | None, model: StrengthModel
) -> Any:
    """A fresh store of ``kind``: on the SQLite file ``path``, or on the emptied Neo4j
    database (``path`` unused). The caller closes it."""
    if kind == "sqlite":
        from graph.store.sqlite import SQLiteRecords

        assert path is not None
        return SQLiteRecords(path)
    if kind == "embedded":
        from graph.store.embedded import EmbeddedStore

        assert path is not None
        return EmbeddedStore(path, model)
    if kind == "neo4j":
        from graph.store.neo4j import Neo4jStore

        driver = request.getfixturevalue("empty_neo4j")
        database = request.getfixturevalue("neo4j_settings").database
        return Neo4jStore(driver, database, model, owns_driver=False)
    raise ValueError(f"no test store of kind {kind!r}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "protocol(P): a store contract test of protocol P; run on every backend implementing P",
    )


@pytest.fixture
def strength_model() -> StrengthModel:
    return StrengthModel(now=NOW)


# -- the one Neo4j server ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    """The server named by ``NEO4J_URI``, else a disposable one for the whole session."""
    configured = Settings.from_env().neo4j
    if configured is not None:
        yield configured
        return
    from tests.neo4j_server import DisposableNeo4j

    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        pytest.fail(
            "Neo4j tests need NEO4J_URI or a JDK 17+ (and Maven) to start a disposable "
            'server; deselect them with -m "not neo4j"'
        )
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


# -- a whole store, for the service-level tests --------------------------------------------------


@pytest.fixture(params=backend_params(Store))
def store(request: pytest.FixtureRequest, tmp_path, strength_model) -> Iterator[Store]:
    s = open_test_store(request.param, request, tmp_path / "store.db", strength_model)
    yield s
    s.close()


@pytest.fixture
def service(store) -> WarmgraphService:
    return WarmgraphService(store)
