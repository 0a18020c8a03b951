"""Neo4jStore's reads of values an older build stored beyond today's checks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session

pytestmark = pytest.mark.neo4j


class TestReadsClampStoredValues:
    """What an older build stored beyond ``datetime``'s range reads back clamped."""

    def test_out_of_range_times_and_dates(self, seeded: Neo4jStore, db: Session) -> None:
        db.write(
            lambda tx: tx.run(
                "MATCH (i:Interaction {id: 'i1'}) SET i.at = 253402300800.0 "  # year 10000
                "WITH 1 AS x MATCH (i:Interaction {id: 'i2'}) SET i.at = -62135596801.0 "
                "WITH 1 AS x MATCH (:Person {id: 'alice'})-[k:KNOWS]->(:Person {id: 'bob'}) "
                "SET k.since = '10000-01-01'"
            ).consume()
        )
        top = datetime.max.replace(tzinfo=UTC)
        i1 = seeded.get_interaction("i1")
        assert i1 is not None and i1.at == top
        i2 = seeded.get_interaction("i2")
        assert i2 is not None and i2.at == datetime.min.replace(tzinfo=UTC)
        assert seeded.interactions("alice", 10)[0].id == "i1"
        (evidence,) = seeded.link_evidence([("alice", "bob")])
        assert evidence.last_interaction_at == top
        assert evidence.connected_since == date.max
        assert seeded.connections("alice", 10)[0].since == date.max
        seeded.delete_interaction("i1")
