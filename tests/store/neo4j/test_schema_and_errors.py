"""Neo4jStore beyond the port: schema, the shared data_version, error mapping."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import GraphDatabase

from graph.bundle import Bundle, no_progress
from graph.config import Neo4jSettings
from graph.errors import Conflict, NotFound, StoreUnavailable
from graph.model import Company, Connection, Person
from graph.store.neo4j import Neo4jStore, connect, cypher
from graph.store.neo4j.session import Session
from tests.store.bundles import people_frame
from tests.store.neo4j.reads import SHOW_CONSTRAINTS
from tests.store.world import MODEL

needs_server = pytest.mark.neo4j


class TestNeo4jSpecifics:
    @needs_server
    def test_constraints_exist(
        self, records: Neo4jStore, empty_neo4j: Any, neo4j_settings: Neo4jSettings, db: Session
    ) -> None:
        rows = db.query(SHOW_CONSTRAINTS)
        unique = {
            (r["labelsOrTypes"][0], tuple(r["properties"]))
            for r in rows
            if r["type"] == "UNIQUENESS"
        }
        for label in ("Person", "Company", "Community", "Deal", "Interaction"):
            assert (label, ("id",)) in unique
        # construction is idempotent
        Neo4jStore(empty_neo4j, neo4j_settings.database, MODEL, owns_driver=False).close()
        assert len(db.query(SHOW_CONSTRAINTS)) == len(rows)

    @needs_server
    def test_data_version_moves_on_every_write(
        self, records: Neo4jStore, neo4j_settings: Neo4jSettings
    ) -> None:
        v0 = records.data_version()
        records.create_node(Person("a", "A"))
        records.create_node(Person("b", "B"))
        records.connect(Connection("a", "b"))
        assert records.data_version() == v0 + 3
        records.get_nodes(Person, ["a"])
        records.link_evidence([("a", "b")])
        assert records.data_version() == v0 + 3
        with pytest.raises(NotFound):
            records.disconnect("a", "zed")
        assert records.data_version() == v0 + 3  # a failed write rolls back the bump too
        # another store (another process) sees the same counter
        other = Neo4jStore(connect(neo4j_settings), neo4j_settings.database, MODEL)
        try:
            other.delete_node(Person, "b")
            assert records.data_version() == v0 + 4
        finally:
            other.close()
        records.import_bundle(Bundle(people=people_frame(["c"])), no_progress)
        assert records.data_version() > v0 + 4

    @needs_server
    def test_constraint_error_is_conflict(self, seeded: Neo4jStore, db: Session) -> None:
        # bypass the store's own check: the uniqueness constraint answers, mapped to Conflict
        with pytest.raises(Conflict):
            db.write(
                lambda tx: tx.run(
                    cypher.CREATE_NODE["Company"], props={"id": "acme", "name": "Again"}
                ).consume()
            )
        assert seeded.get_nodes(Company, ["acme"])["acme"].name == "Acme Corp"

    def test_unreachable_server_is_unavailable(self) -> None:
        """Needs no server: nothing listens on port 1."""
        settings = Neo4jSettings(uri="bolt://127.0.0.1:1", password="x")
        with pytest.raises(StoreUnavailable):
            connect(settings)
        driver = GraphDatabase.driver("bolt://127.0.0.1:1", auth=("neo4j", "x"))
        with pytest.raises(StoreUnavailable):
            Neo4jStore(driver)
        driver.close()

    @needs_server
    def test_wrong_password_is_unavailable(self, neo4j_settings: Neo4jSettings) -> None:
        wrong = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password="wrong")
        with pytest.raises(StoreUnavailable):
            connect(wrong)

    @needs_server
    def test_health_and_closed_store(self, neo4j_settings: Neo4jSettings) -> None:
        """A store that owns its driver (as ``open_store`` makes it) closes it."""
        store = Neo4jStore(connect(neo4j_settings), neo4j_settings.database, MODEL)
        store.check_health()
        store.close()
        store.close()
        with pytest.raises(StoreUnavailable):
            store.check_health()
        with pytest.raises(StoreUnavailable):
            store.create_node(Person("x", "X"))
