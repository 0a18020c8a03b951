"""Neo4jStore's external ids beyond the port: the constraint that keeps one id per key (on
Community edition), and one node per key however often it is re-pointed."""

from __future__ import annotations

import pytest

from graph.errors import Conflict
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session
from tests.store.neo4j.reads import SHOW_CONSTRAINTS

pytestmark = pytest.mark.neo4j

CREATE_RAW = "CREATE (:ExternalId {source: 'salesforce', kind: 'person', key: '003A', id: 'p9'})"


class TestExternalIdStorage:
    def test_composite_uniqueness_constraint_exists(self, records: Neo4jStore, db: Session) -> None:
        unique = {
            (r["labelsOrTypes"][0], tuple(r["properties"]))
            for r in db.query(SHOW_CONSTRAINTS)
            if r["type"] == "UNIQUENESS"
        }
        assert ("ExternalId", ("source", "kind", "key")) in unique

    def test_a_second_node_for_a_key_is_a_conflict(self, records: Neo4jStore, db: Session) -> None:
        # an importer racing past MERGE (or a hand-written CREATE): the constraint answers
        records.record_external_ids("salesforce", "person", {"003A": "p1"})
        with pytest.raises(Conflict):
            db.write(lambda tx: tx.run(CREATE_RAW).consume(), changes_data=False)
        assert records.external_ids("salesforce", "person", ["003A"]) == {"003A": "p1"}

    def test_re_pointing_keeps_one_node_per_key(self, records: Neo4jStore, db: Session) -> None:
        records.record_external_ids("salesforce", "person", {"003A": "p1", "003B": "p2"})
        records.record_external_ids("salesforce", "person", {"003A": "p3"})
        records.record_external_ids("hubspot", "person", {"003A": "p1"})
        rows = db.query(
            "MATCH (x:ExternalId) RETURN x.source AS s, x.kind AS k, x.key AS key, x.id AS id "
            "ORDER BY s, key"
        )
        assert [(r["s"], r["k"], r["key"], r["id"]) for r in rows] == [
            ("hubspot", "person", "003A", "p1"),
            ("salesforce", "person", "003A", "p3"),
            ("salesforce", "person", "003B", "p2"),
        ]

    def test_external_ids_are_not_graph_nodes(self, records: Neo4jStore, db: Session) -> None:
        # no relationship to the record: an id may outlive it, and traversals never meet one
        records.record_external_ids("linkedin", "person", {"in/ada": "ada"})
        assert db.query("MATCH (:ExternalId)--() RETURN count(*) AS n")[0]["n"] == 0
