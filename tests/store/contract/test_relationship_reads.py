"""``RelationshipReads``: interactions by person, link evidence, advocates among people."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    ConnectionOrigin,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.base import RelationshipReads
from tests.store.world import PEOPLE, T0, at

pytestmark = pytest.mark.protocol.with_args(RelationshipReads)


class TestRelationshipReads:
    def test_interactions_round_trip_and_order(self, seeded: Any) -> None:
        i1 = seeded.get_interaction("i1")
        assert i1 == Interaction("i1", InteractionKind.EMAIL, T0, "alice", "bob")
        assert i1.at.tzinfo is not None and i1.at.utcoffset() == timedelta(0)
        assert isinstance(i1.kind, InteractionKind)
        assert seeded.get_interaction("i3").community_id == "rustaceans"
        assert seeded.get_interaction("nope") is None
        assert [i.id for i in seeded.interactions("alice", 10)] == ["i5", "i4", "i3", "i2", "i1"]
        assert [i.id for i in seeded.interactions("alice", 2)] == ["i5", "i4"]
        assert seeded.interactions("zed", 10) == []

    def test_interactions_keyset_and_count(self, seeded: Any) -> None:
        """A page after an interaction's (at, id) continues the same order, ties by id."""
        seeded.record_interaction(
            Interaction("i4b", InteractionKind.EMAIL, at(3), "carol", "alice")
        )
        everything = [i.id for i in seeded.interactions("alice", 100)]
        assert everything == ["i5", "i4", "i4b", "i3", "i2", "i1"]
        walked: list[str] = []
        after = None
        while True:
            page = seeded.interactions("alice", 2, after)
            walked += [i.id for i in page]
            if len(page) < 2:
                break
            after = (page[-1].at, page[-1].id)
        assert walked == everything
        assert (
            seeded.interactions("alice", 10, (at(3), "i4")) == seeded.interactions("alice", 10)[2:]
        )
        assert seeded.interaction_count("alice") == 6
        assert seeded.interaction_count("zed") == 0

    def test_link_evidence(self, seeded: Any) -> None:
        ev = seeded.link_evidence(
            [
                ("bob", "alice"),
                ("alice", "bob"),
                ("alice", "erin"),
                ("alice", "zed"),
                ("alice", "alice"),
                ("007", "7"),
            ]
        )
        assert [(e.a, e.b) for e in ev] == [
            ("bob", "alice"),
            ("alice", "bob"),
            ("alice", "erin"),
            ("alice", "zed"),
            ("alice", "alice"),
            ("007", "7"),
        ]
        ba, ab, none, unknown, same, bond = ev
        assert ab.connected and ab.connected_since == date(2020, 5, 1)
        assert ab.origin is ConnectionOrigin.LINKEDIN
        assert ab.counts == {InteractionKind.EMAIL: 2, InteractionKind.MEETING: 1}
        assert (ab.a_to_b, ab.b_to_a, ab.interactions) == (2, 1, 3)
        assert ab.last_interaction_at == at(2)
        assert ab.last_interaction_at.utcoffset() == timedelta(0)
        assert (ba.a_to_b, ba.b_to_a) == (1, 2)
        assert ba.counts == ab.counts and ba.connected
        assert not none.connected and none.counts == {} and none.last_interaction_at is None
        assert none.origin is None and none.connected_since is None
        assert not unknown.connected and not same.connected
        assert bond.connected and bond.origin is ConnectionOrigin.CRM
        assert bond.counts == {InteractionKind.CALL: 1} and bond.a_to_b == 1
        assert seeded.link_evidence([]) == []

    def test_link_evidence_in_one_batch_equals_pair_by_pair(self, seeded: Any) -> None:
        ids = [*PEOPLE, "zed"]
        pairs = [(a, b) for a in ids for b in ids]  # both orders, a == a, unknown people
        pairs = pairs * (1 + 600 // len(pairs))  # more pairs than one statement takes
        batch = seeded.link_evidence(pairs)
        assert batch == [seeded.link_evidence([pair])[0] for pair in pairs]
        assert any(e.connected for e in batch) and any(e.counts for e in batch)

    def test_advocates_among_equals_asking_each_person(self, records: Any) -> None:
        """One batched question, the same answer as asking per person."""
        records.create_node(Company(id="acme", name="Acme"))
        records.create_node(Company(id="globex", name="Globex"))
        for pid in ("alice", "bob", "carol", "dave"):
            records.create_node(Person(id=pid, name=pid.title()))
        records.set_advocacy(Advocacy("alice", "acme", AdvocacyLevel.CHAMPION))
        records.set_advocacy(Advocacy("alice", "globex", AdvocacyLevel.PROMOTER))
        records.set_advocacy(Advocacy("carol", "globex", AdvocacyLevel.REFERENCE))
        records.set_advocacy(Advocacy("dave", "acme", AdvocacyLevel.PROMOTER))
        records.remove_advocacy("dave", "acme")

        asked = ["alice", "bob", "carol", "dave", "nobody"]
        one_by_one = {pid for pid in asked if records.advocacies(person_id=pid)}
        assert records.advocates_among(asked) == one_by_one == {"alice", "carol"}
        assert records.advocates_among(["carol", "carol"]) == {"carol"}
        assert records.advocates_among([]) == set()
