"""The small world every store test starts from, and what the protocol shows of it.

``seed`` writes it through protocol methods only: shared and zero-padded ids ("007" is a
person, a company and an interaction), every node kind and every relationship kind.
``dump`` reads back everything the protocol shows about those ids, so a test can assert a
failed write changed nothing. ``seed_links`` is its LINK graph, computed by hand from the
strength formula.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

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
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    Person,
)
from graph.search_query import NameQuery
from graph.strength import StrengthModel, pair_strength
from tests.conftest import NOW

MODEL = StrengthModel(now=NOW)
T0 = datetime(2026, 1, 10, 9, 30, 15, 123456, tzinfo=UTC)
PEOPLE = ["007", "7", "alice", "bob", "carol", "dave", "erin"]
COMPANIES = ["007", "acme", "globex"]
COMMUNITIES = ["rustaceans", "pydata"]
DEALS = ["d1", "d2", "d3"]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def seed(records: Any) -> None:
    """A small world: shared and zero-padded ids, every relationship kind."""
    records.create_node(Person("007", "Bond James", title="Agent", email="jb@mi6.example"))
    records.create_node(Person("7", "Seven of Nine", title="Drone"))
    records.create_node(
        Person(
            "alice",
            "Alice Liddell",
            title="Engineer",
            email="alice@acme.example",
            location="Oxford",
            linkedin="in/alice",
            twitter="@alice",
            tags=("vip", "éclair"),
        )
    )
    records.create_node(Person("bob", "Bob Builder", title="Contractor", email="bob@b.example"))
    records.create_node(Person("carol", "Carol Danvers", do_not_contact=True))
    records.create_node(Person("dave", "Dave Alice-Smith", title="Sales"))
    records.create_node(Person("erin", "Erin Brockovich"))
    records.create_node(Company("007", "Double-O Holdings", domain="oo.example"))
    records.create_node(Company("acme", "Acme Corp", industry="anvils", employees=120))
    records.create_node(Company("globex", "Globex"))
    records.create_node(Community("rustaceans", "Rustaceans", CommunityKind.GROUP, "https://r"))
    records.create_node(Community("pydata", "PyData", CommunityKind.EVENT))
    records.create_node(
        Deal(
            "d1",
            "Anvils",
            "acme",
            owner_id="alice",
            stage=DealStage.PROPOSAL,
            amount=1500.5,
            created_at=date(2025, 12, 1),
        )
    )
    records.create_node(
        Deal(
            "d2",
            "Rockets",
            "acme",
            owner_id="bob",
            stage=DealStage.CLOSED_WON,
            created_at=date(2025, 1, 1),
            closed_at=date(2025, 6, 30),
        )
    )
    records.create_node(Deal("d3", "Spies", "007"))
    records.connect(Connection("bob", "alice", date(2020, 5, 1), ConnectionOrigin.LINKEDIN))
    records.connect(Connection("alice", "carol"))
    records.connect(Connection("007", "7", origin=ConnectionOrigin.CRM))
    records.connect(Connection("bob", "dave"))
    records.set_employment(Employment("alice", "acme", "Engineer", date(2019, 1, 1)))
    records.set_employment(
        Employment("bob", "acme", "Builder", date(2010, 1, 1), date(2018, 12, 31))
    )
    records.set_employment(Employment("bob", "globex", "Builder", date(2019, 1, 1)))
    records.set_employment(Employment("007", "007", "Agent"))
    records.set_membership(Membership("alice", "rustaceans", "admin", date(2021, 3, 4)))
    records.set_membership(Membership("bob", "rustaceans"))
    records.set_membership(Membership("alice", "pydata", "speaker"))
    records.set_advocacy(Advocacy("alice", "acme", AdvocacyLevel.CHAMPION, date(2024, 1, 1)))
    records.set_advocacy(Advocacy("alice", "globex", AdvocacyLevel.PROMOTER))
    records.set_advocacy(Advocacy("dave", "acme", AdvocacyLevel.REFERENCE))
    records.record_interaction(Interaction("i1", InteractionKind.EMAIL, at(0), "alice", "bob"))
    records.record_interaction(Interaction("i2", InteractionKind.MEETING, at(1), "bob", "alice"))
    records.record_interaction(
        Interaction("i3", InteractionKind.EMAIL, at(2), "alice", "bob", "rustaceans")
    )
    records.record_interaction(Interaction("i4", InteractionKind.CALL, at(3), "alice", "carol"))
    records.record_interaction(Interaction("i5", InteractionKind.LIKE, at(4), "dave", "alice"))
    records.record_interaction(
        Interaction("i6", InteractionKind.COMMENT, at(5), "erin", "bob", "pydata")
    )
    records.record_interaction(Interaction("007", InteractionKind.CALL, at(6), "007", "7"))


def search_people(records: Any, text: str, limit: int) -> list[Person]:
    """The first ``limit`` people a store's search finds for ``text`` (case-insensitive, as
    the service asks: lower-cased)."""
    return [p for _, p in records.search_people(NameQuery(text.lower()), None, limit)]


def dump(records: Any) -> dict[str, Any]:
    """Everything visible through the protocol about the seed world's ids."""
    people_ids = [*PEOPLE, "zed", "nobody"]
    return {
        "people": records.get_nodes(Person, people_ids),
        "companies": records.get_nodes(Company, [*COMPANIES, "nope"]),
        "communities": records.get_nodes(Community, [*COMMUNITIES, "nope"]),
        "deals": records.deals(),
        "employment": records.employments(),
        "memberships": records.memberships(),
        "advocacy": records.advocacies(),
        "connections": {p: records.connections(p, 1000) for p in people_ids},
        "interactions": {p: records.interactions(p, 1000) for p in people_ids},
    }


# -- the LINKs of the seed world ---------------------------------------------------------------


def expected_strength(
    connected: bool,
    ab: list[tuple[InteractionKind, datetime]],
    ba: list[tuple[InteractionKind, datetime]],
) -> float:
    def mass(side: list[tuple[InteractionKind, datetime]]) -> float:
        if not side:
            return 0.0
        kinds = [k.value for k, _ in side]
        ats = [t.timestamp() for _, t in side]
        return float(np.sum(MODEL.decayed_mass(kinds, ats)))

    return float(pair_strength(connected, mass(ab), mass(ba)))


E, M, C, L, K = (
    InteractionKind.EMAIL,
    InteractionKind.MEETING,
    InteractionKind.CALL,
    InteractionKind.LIKE,
    InteractionKind.COMMENT,
)


def seed_links() -> dict[tuple[str, str], float]:
    """The LINKs of ``seed``, computed by hand from its connects and interactions."""
    return {
        ("alice", "bob"): expected_strength(True, [(E, at(0)), (E, at(2))], [(M, at(1))]),
        ("alice", "carol"): expected_strength(True, [(C, at(3))], []),
        ("007", "7"): expected_strength(True, [(C, at(6))], []),
        ("bob", "dave"): expected_strength(True, [], []),
        ("alice", "dave"): expected_strength(False, [], [(L, at(4))]),
        ("bob", "erin"): expected_strength(False, [], [(K, at(5))]),
    }
