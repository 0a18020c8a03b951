"""``BulkImport``: a validated bundle upserted into the store, whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import pytest

from graph.bundle import Bundle, no_progress
from graph.errors import NotFound
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    DealStage,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.base import BulkImport
from tests.store.bundles import people_frame, people_frame_ids, small_bundle
from tests.store.world import at, dump

pytestmark = pytest.mark.protocol.with_args(BulkImport)


def imported(records: Any, bundle: Bundle) -> dict[str, Any]:
    """What the protocol shows of a sample of the bundle's ids."""
    people = people_frame_ids(bundle)[::7]
    return {
        "people": records.get_nodes(Person, people),
        "companies": records.get_nodes(Company, ["c1", "c2", "007"]),
        "communities": records.get_nodes(Community, ["g1", "g2"]),
        "deals": records.deals(),
        "employment": records.employments(),
        "memberships": records.memberships(),
        "advocacy": records.advocacies(),
        "connections": {p: records.connections(p, 1000) for p in people},
        "interactions": {p: records.interactions(p, 1000) for p in people},
    }


class TestBulkImport:
    def test_import_contents(self, records: Any, check_sound: Callable[[], None]) -> None:
        bundle = small_bundle()
        seen: list[tuple[str, int, int | None]] = []
        counts = records.import_bundle(bundle, lambda s, d, t=None: seen.append((s, d, t)))
        assert counts == {name: len(frame) for name, frame in bundle.frames()}
        # the last report of a stage counts every row, out of its total
        assert ("interactions", 1500, 1500) in seen
        people = records.get_nodes(Person, ["000000", "000003", "0"])
        assert set(people) == {"000000", "000003"}
        assert people["000003"].do_not_contact and people["000000"].tags == ("x", "y")
        assert records.get_nodes(Company, ["c1", "c2"])["c2"] == Company("c2", "C2", "c2.x")
        assert records.get_nodes(Company, ["c1"])["c1"].employees == 5
        assert records.get_nodes(Community, ["g2"])["g2"].kind is CommunityKind.FORUM
        assert records.deals() == [
            Deal("d1", "D1", "c1", "000000", DealStage.PROPOSAL, 10.5, date(2024, 1, 1)),
            Deal("d2", "D2", "007", None, DealStage.CLOSED_WON, None, None, date(2024, 2, 2)),
        ]
        frame = bundle.interactions
        assert frame is not None
        row = frame.iloc[17]
        got = records.get_interaction(row["id"])
        assert got is not None
        assert (got.actor_id, got.recipient_id, got.kind.value) == (
            row["actor_id"],
            row["recipient_id"],
            row["kind"],
        )
        assert got.at.timestamp() == pytest.approx(row["at"], abs=1e-6)
        conns = bundle.connections
        assert conns is not None
        total = sum(len(records.connections(p, 10_000)) for p in people_frame_ids(bundle))
        assert total == 2 * len(conns)
        assert len(records.employments(current_only=True)) == 75
        assert records.advocacies(person_id="000001") == [
            Advocacy("000001", "c1", AdvocacyLevel.CHAMPION)
        ]
        assert len(records.memberships(community_id="g1")) == 10
        check_sound()

    def test_import_twice_is_idempotent(self, records: Any) -> None:
        bundle = small_bundle()
        first = records.import_bundle(bundle, no_progress)
        after_first = imported(records, bundle)
        second = records.import_bundle(bundle, no_progress)
        assert first == second
        assert imported(records, bundle) == after_first

    def test_import_upserts_into_existing_data(
        self, seeded: Any, check_sound: Callable[[], None]
    ) -> None:
        seeded.import_bundle(small_bundle(name="Old"), no_progress)
        changed = small_bundle(name="New")
        assert changed.people is not None and changed.connections is not None
        changed.connections["origin"] = "crm"
        seeded.import_bundle(changed, no_progress)
        assert seeded.get_nodes(Person, ["000005"])["000005"].name == "New 000005"
        some = changed.connections.iloc[0]
        ev = seeded.link_evidence([(some["a"], some["b"])])[0]
        assert ev.connected and ev.origin is ConnectionOrigin.CRM
        # what was there before the imports is still there
        assert seeded.get_nodes(Person, ["alice"])["alice"].name == "Alice Liddell"
        assert seeded.get_nodes(Company, ["007"])["007"].name == "Oh"
        assert len(seeded.connections("alice", 10)) == 2
        check_sound()

    def test_import_references_stored_nodes(self, seeded: Any) -> None:
        bundle = Bundle(
            connections=pd.DataFrame(
                {"a": ["alice"], "b": ["erin"], "since": [None], "origin": ["email"]}
            ),
            interactions=pd.DataFrame(
                {
                    "id": ["new"],
                    "kind": ["call"],
                    "at": [at(10).timestamp()],
                    "actor_id": ["erin"],
                    "recipient_id": ["007"],
                    "community_id": ["pydata"],
                }
            ),
        )
        assert seeded.import_bundle(bundle, no_progress) == {"connections": 1, "interactions": 1}
        assert seeded.link_evidence([("erin", "alice")])[0].connected
        assert seeded.get_interaction("new") == Interaction(
            "new", InteractionKind.CALL, at(10), "erin", "007", "pydata"
        )

    def test_import_normalises_pair_order(self, seeded: Any) -> None:
        bundle = Bundle(
            connections=pd.DataFrame(
                {"a": ["erin"], "b": ["alice"], "since": [None], "origin": ["email"]}
            )
        )
        seeded.import_bundle(bundle, no_progress)
        assert Connection("alice", "erin", None, ConnectionOrigin.EMAIL) in seeded.connections(
            "alice", 10
        )

    def test_dangling_reference_writes_nothing(self, seeded: Any) -> None:
        before = dump(seeded)
        version = seeded.data_version()
        bundle = Bundle(
            people=people_frame(["new1"]),
            connections=pd.DataFrame(
                {"a": ["alice"], "b": ["ghost"], "since": [None], "origin": ["email"]}
            ),
        )
        with pytest.raises(NotFound) as err:
            seeded.import_bundle(bundle, no_progress)
        assert (err.value.kind, err.value.id) == ("person", "ghost")
        assert seeded.existing_ids(Person, ["new1", "ghost"]) == set()
        assert dump(seeded) == before
        assert seeded.data_version() == version

    def test_existing_ids_in_bulk(self, records: Any) -> None:
        records.import_bundle(small_bundle(n=3000), no_progress)
        asked = [f"{i:06d}" for i in range(0, 6000, 2)]
        assert records.existing_ids(Person, asked) == {f"{i:06d}" for i in range(0, 3000, 2)}
