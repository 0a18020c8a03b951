"""``RelationshipWrites``: connections, interactions, employment, membership, advocacy."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from graph.errors import Conflict, NotFound
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Connection,
    ConnectionOrigin,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
)
from graph.store.base import RelationshipWrites
from tests.store.world import at, dump

pytestmark = pytest.mark.protocol.with_args(RelationshipWrites)


class TestRelationshipWrites:
    def test_connect_normalises_and_upserts(self, seeded: Any) -> None:
        assert seeded.connections("alice", 10) == [
            Connection("alice", "bob", date(2020, 5, 1), ConnectionOrigin.LINKEDIN),
            Connection("alice", "carol"),
        ]
        seeded.connect(Connection("alice", "bob", date(2021, 1, 1), ConnectionOrigin.EMAIL))
        assert seeded.connections("bob", 10) == [
            Connection("alice", "bob", date(2021, 1, 1), ConnectionOrigin.EMAIL),
            Connection("bob", "dave"),
        ]
        assert seeded.connections("alice", 1) == [
            Connection("alice", "bob", date(2021, 1, 1), ConnectionOrigin.EMAIL)
        ]
        assert seeded.connections("zed", 10) == []

    def test_connect_errors(self, seeded: Any) -> None:
        before = dump(seeded)
        with pytest.raises(NotFound) as err:
            seeded.connect(Connection("alice", "zed"))
        assert (err.value.kind, err.value.id) == ("person", "zed")
        with pytest.raises(NotFound):
            seeded.connect(Connection("zed", "alice"))
        assert dump(seeded) == before

    def test_disconnect(self, seeded: Any) -> None:
        seeded.disconnect("bob", "alice")  # either order
        assert [c.b for c in seeded.connections("alice", 10)] == ["carol"]
        before = dump(seeded)
        with pytest.raises(NotFound):
            seeded.disconnect("alice", "bob")
        with pytest.raises(NotFound):
            seeded.disconnect("alice", "dave")  # both exist, never connected
        with pytest.raises(NotFound):
            seeded.disconnect("alice", "zed")
        assert dump(seeded) == before

    def test_interaction_times_in_other_zones_are_stored_as_utc(self, seeded: Any) -> None:
        local = datetime(2026, 3, 1, 12, 0, 0, 999999, tzinfo=timezone(timedelta(hours=5)))
        seeded.record_interaction(Interaction("tz", InteractionKind.CALL, local, "bob", "erin"))
        got = seeded.get_interaction("tz")
        assert got.at == local
        assert got.at.utcoffset() == timedelta(0)
        assert got.at.hour == 7

    def test_record_interaction_errors(self, seeded: Any) -> None:
        before = dump(seeded)
        with pytest.raises(Conflict):
            seeded.record_interaction(
                Interaction("i1", InteractionKind.CALL, at(9), "bob", "carol")
            )
        with pytest.raises(NotFound) as err:
            seeded.record_interaction(Interaction("n", InteractionKind.CALL, at(9), "zed", "bob"))
        assert (err.value.kind, err.value.id) == ("person", "zed")
        with pytest.raises(NotFound):
            seeded.record_interaction(Interaction("n", InteractionKind.CALL, at(9), "bob", "zed"))
        with pytest.raises(NotFound) as err:
            seeded.record_interaction(
                Interaction("n", InteractionKind.CALL, at(9), "bob", "alice", "nope")
            )
        assert (err.value.kind, err.value.id) == ("community", "nope")
        assert dump(seeded) == before

    def test_delete_interaction(self, seeded: Any) -> None:
        seeded.delete_interaction("i2")
        assert seeded.get_interaction("i2") is None
        assert [i.id for i in seeded.interactions("bob", 10)] == ["i6", "i3", "i1"]

    def test_employment(self, seeded: Any) -> None:
        assert [(e.person_id, e.company_id) for e in seeded.employments(person_id="bob")] == [
            ("bob", "acme"),
            ("bob", "globex"),
        ]
        assert [e.person_id for e in seeded.employments(company_id="acme")] == ["alice", "bob"]
        current = seeded.employments(company_id="acme", current_only=True)
        assert current == [Employment("alice", "acme", "Engineer", date(2019, 1, 1))]
        assert seeded.employments(person_id="bob", company_id="globex") == [
            Employment("bob", "globex", "Builder", date(2019, 1, 1))
        ]
        seeded.set_employment(Employment("alice", "acme", "CTO", date(2019, 1, 1)))
        assert seeded.employments(person_id="alice")[0].title == "CTO"
        assert len(seeded.employments()) == 4
        seeded.remove_employment("alice", "acme")
        assert seeded.employments(person_id="alice") == []
        before = dump(seeded)
        with pytest.raises(NotFound):
            seeded.remove_employment("alice", "acme")
        with pytest.raises(NotFound):
            seeded.set_employment(Employment("zed", "acme"))
        with pytest.raises(NotFound) as err:
            seeded.set_employment(Employment("alice", "nope"))
        assert (err.value.kind, err.value.id) == ("company", "nope")
        assert dump(seeded) == before

    def test_membership(self, seeded: Any) -> None:
        assert seeded.memberships(community_id="rustaceans") == [
            Membership("alice", "rustaceans", "admin", date(2021, 3, 4)),
            Membership("bob", "rustaceans"),
        ]
        assert [m.community_id for m in seeded.memberships(person_id="alice")] == [
            "pydata",
            "rustaceans",
        ]
        seeded.set_membership(Membership("bob", "rustaceans", "mod"))
        assert seeded.memberships(person_id="bob")[0].role == "mod"
        seeded.remove_membership("bob", "rustaceans")
        assert seeded.memberships(person_id="bob") == []
        before = dump(seeded)
        with pytest.raises(NotFound):
            seeded.remove_membership("bob", "rustaceans")
        with pytest.raises(NotFound):
            seeded.set_membership(Membership("bob", "nope"))
        with pytest.raises(NotFound):
            seeded.set_membership(Membership("zed", "pydata"))
        assert dump(seeded) == before

    def test_advocacy(self, seeded: Any) -> None:
        assert seeded.advocacies(company_id="acme") == [
            Advocacy("alice", "acme", AdvocacyLevel.CHAMPION, date(2024, 1, 1)),
            Advocacy("dave", "acme", AdvocacyLevel.REFERENCE),
        ]
        assert [a.company_id for a in seeded.advocacies(person_id="alice")] == ["acme", "globex"]
        seeded.set_advocacy(Advocacy("dave", "acme", AdvocacyLevel.PROMOTER))
        assert seeded.advocacies(person_id="dave")[0].level is AdvocacyLevel.PROMOTER
        seeded.remove_advocacy("dave", "acme")
        assert seeded.advocacies(person_id="dave") == []
        before = dump(seeded)
        with pytest.raises(NotFound):
            seeded.remove_advocacy("dave", "acme")
        with pytest.raises(NotFound):
            seeded.set_advocacy(Advocacy("dave", "nope"))
        assert dump(seeded) == before
