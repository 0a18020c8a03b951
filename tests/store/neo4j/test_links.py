"""Neo4jStore's derived data: the LINK relationships and advocacy it maintains on writes."""

from __future__ import annotations

import numpy as np
import pytest

from graph.errors import Conflict
from graph.model import Advocacy, AdvocacyLevel, Company, Connection, Interaction, Person
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session
from graph.strength import pair_strength
from tests.store.neo4j.reads import advocacy_weight, count, pair_inputs, stored_links
from tests.store.world import MODEL, C, E, K, M, at, expected_strength, seed_links

pytestmark = pytest.mark.neo4j


def assert_links(db: Session, expected: dict[tuple[str, str], float]) -> None:
    got = stored_links(db)
    assert set(got) == set(expected)
    for pair, strength in expected.items():
        assert got[pair] == pytest.approx(strength, rel=1e-12), pair


class TestLinks:
    def test_seed_links_match_the_formula(self, seeded: Neo4jStore, db: Session) -> None:
        assert_links(db, seed_links())
        assert count(db, "MATCH ()-[l:LINK]->() RETURN count(l)") == 6
        # stored once, from the smaller id to the larger
        assert count(db, "MATCH (a)-[:LINK]->(b) WHERE a.id > b.id RETURN count(*)") == 0

    def test_connect_disconnect_and_interactions_move_links(
        self, seeded: Neo4jStore, db: Session
    ) -> None:
        expected = seed_links()
        seeded.disconnect("bob", "dave")  # no interactions left: the link goes
        del expected[("bob", "dave")]
        assert_links(db, expected)
        seeded.disconnect("alice", "bob")  # interactions keep it, weaker
        expected[("alice", "bob")] = expected_strength(
            False, [(E, at(0)), (E, at(2))], [(M, at(1))]
        )
        assert_links(db, expected)
        seeded.connect(Connection("erin", "bob"))  # erin -> bob: bob < erin
        expected[("bob", "erin")] = expected_strength(True, [], [(K, at(5))])
        assert_links(db, expected)
        seeded.record_interaction(Interaction("n1", M, at(7), "7", "007"))
        expected[("007", "7")] = expected_strength(True, [(C, at(6))], [(M, at(7))])
        assert_links(db, expected)
        seeded.record_interaction(Interaction("n2", E, at(8), "carol", "erin"))
        expected[("carol", "erin")] = expected_strength(False, [(E, at(8))], [])
        assert_links(db, expected)
        seeded.delete_interaction("i5")  # alice--dave had only that
        del expected[("alice", "dave")]
        seeded.delete_interaction("i2")
        expected[("alice", "bob")] = expected_strength(False, [(E, at(0)), (E, at(2))], [])
        assert_links(db, expected)

    def test_links_equal_the_stores_own_pair_inputs(self, seeded: Neo4jStore, db: Session) -> None:
        for (a, b), strength in stored_links(db).items():
            inputs = pair_inputs(db, a, b)
            mass_ab = float(np.sum(MODEL.decayed_mass(inputs.kinds_ab, inputs.at_ab)))
            mass_ba = float(np.sum(MODEL.decayed_mass(inputs.kinds_ba, inputs.at_ba)))
            assert strength == pytest.approx(
                float(pair_strength(inputs.connected, mass_ab, mass_ba)), rel=1e-12
            )

    def test_deleting_a_person_removes_their_links(self, seeded: Neo4jStore, db: Session) -> None:
        seeded.delete_node(Person, "alice")
        expected = {p: s for p, s in seed_links().items() if "alice" not in p}
        assert_links(db, expected)
        assert count(db, "MATCH (i:Interaction) RETURN count(i)") == 2  # i6, 007

    def test_failed_write_leaves_links_alone(self, seeded: Neo4jStore, db: Session) -> None:
        version = seeded.data_version()
        with pytest.raises(Conflict):
            seeded.record_interaction(Interaction("i1", M, at(9), "alice", "erin"))
        assert_links(db, seed_links())
        assert seeded.data_version() == version

    def test_pair_inputs(self, seeded: Neo4jStore, db: Session) -> None:
        inputs = pair_inputs(db, "bob", "alice")
        assert inputs.connected
        assert inputs.kinds_ab == ("meeting",) and inputs.kinds_ba == ("email", "email")
        assert inputs.at_ba == (at(0).timestamp(), at(2).timestamp())
        assert pair_inputs(db, "alice", "zed") == pair_inputs(db, "alice", "alice")
        assert not pair_inputs(db, "alice", "erin").connected

    def test_advocacy_weight_is_maintained(self, seeded: Neo4jStore, db: Session) -> None:
        assert advocacy_weight(db, "alice") == 1.0
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)
        assert advocacy_weight(db, "bob") == 0.0
        assert advocacy_weight(db, "zed") == 0.0
        seeded.remove_advocacy("alice", "acme")
        assert advocacy_weight(db, "alice") == pytest.approx(1 / 3)
        seeded.set_advocacy(Advocacy("bob", "globex", AdvocacyLevel.REFERENCE))
        assert advocacy_weight(db, "bob") == pytest.approx(2 / 3)
        seeded.delete_node(Company, "globex")
        assert advocacy_weight(db, "alice") == 0.0
        assert advocacy_weight(db, "bob") == 0.0
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)
        # a property update keeps the derived advocacy
        seeded.update_node(Person("dave", "Dave"))
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)
