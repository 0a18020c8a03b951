"""``SignalReads``: the bulk reads of history that job changes and fading ties come from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    ConnectionOrigin,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.base import SignalReads

pytestmark = pytest.mark.protocol.with_args(SignalReads)

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SINCE = date(2026, 3, 1)
JOBS = [
    # ann moved acme -> globex after SINCE: both jobs come back
    Employment("ann", "acme", "VP Sales", date(2019, 1, 1), date(2026, 3, 31)),
    Employment("ann", "globex", "CRO", date(2026, 4, 15)),
    # bob left the day SINCE (the boundary counts), no new job known
    Employment("bob", "acme", "Engineer", date(2020, 2, 1), SINCE),
    # cat left the day before SINCE: not a change since then
    Employment("cat", "globex", "Analyst", date(2018, 1, 1), SINCE - timedelta(days=1)),
    Employment("cat", "initech", "Lead", date(2025, 1, 1)),
    # dan started on SINCE exactly (counts); his undated old job comes along
    Employment("dan", "initech", None, None, None),
    Employment("dan", "acme", "CTO", SINCE),
    # erin has no dates at all: never a change
    Employment("erin", "acme", "Ops"),
]


@pytest.fixture
def history(records: Any) -> Any:
    for pid in ("ann", "bob", "cat", "dan", "erin", "007"):
        records.create_node(Person(pid, pid.title()))
    for cid in ("acme", "globex", "initech"):
        records.create_node(Company(cid, cid.title()))
    for job in JOBS:
        records.set_employment(job)
    records.set_advocacy(Advocacy("ann", "acme", AdvocacyLevel.CHAMPION, date(2024, 1, 1)))
    records.set_advocacy(Advocacy("ann", "initech", AdvocacyLevel.PROMOTER))
    records.set_advocacy(Advocacy("cat", "globex", AdvocacyLevel.REFERENCE))
    records.connect(Connection("ann", "bob", date(2021, 5, 1), ConnectionOrigin.LINKEDIN))
    records.connect(Connection("bob", "cat"))
    records.connect(Connection("dan", "erin"))
    touches = [
        ("i1", "ann", "bob", InteractionKind.MEETING, 0),
        ("i2", "bob", "ann", InteractionKind.EMAIL, 1),
        ("i3", "cat", "bob", InteractionKind.CALL, 2),
        ("i4", "dan", "erin", InteractionKind.LIKE, 3),
        ("007", "ann", "cat", InteractionKind.MESSAGE, -5),
    ]
    for iid, actor, recipient, kind, hours in touches:
        records.record_interaction(
            Interaction(iid, kind, T0 + timedelta(hours=hours), actor, recipient)
        )
    return records


class TestEmploymentChanges:
    def test_every_job_of_each_person_whose_job_started_or_ended_since(self, history: Any) -> None:
        found = history.employment_changes(SINCE)
        expected = [j for j in JOBS if j.person_id in ("ann", "bob", "dan")]
        assert found == sorted(expected, key=lambda j: (j.person_id, j.company_id))

    def test_a_change_the_day_before_since_is_not_one(self, history: Any) -> None:
        found = history.employment_changes(SINCE + timedelta(days=1))
        assert {j.person_id for j in found} == {"ann"}  # started 04-15, ended 03-31

    def test_nothing_changed_after_the_last_date(self, history: Any) -> None:
        assert history.employment_changes(date(2026, 4, 16)) == []

    def test_an_empty_store(self, records: Any) -> None:
        assert records.employment_changes(SINCE) == []


class TestAdvocaciesOf:
    def test_only_the_people_asked_for(self, history: Any) -> None:
        found = history.advocacies_of(["ann", "bob", "nobody"])
        assert found == [
            Advocacy("ann", "acme", AdvocacyLevel.CHAMPION, date(2024, 1, 1)),
            Advocacy("ann", "initech", AdvocacyLevel.PROMOTER),
        ]

    def test_nobody_asked_for(self, history: Any) -> None:
        assert history.advocacies_of([]) == []


class TestConnectionsOf:
    def test_each_connection_once_in_either_direction(self, history: Any) -> None:
        found = history.connections_of(["bob", "ann"])
        assert found == [
            Connection("ann", "bob", date(2021, 5, 1), ConnectionOrigin.LINKEDIN),
            Connection("bob", "cat"),
        ]

    def test_unknown_people_have_none(self, history: Any) -> None:
        assert history.connections_of(["nobody"]) == []
        assert history.connections_of([]) == []


class TestInteractionsOf:
    def test_both_directions_each_once_oldest_first(self, history: Any) -> None:
        found = history.interactions_of(["ann", "bob"])
        assert [i.id for i in found] == ["007", "i1", "i2", "i3"]
        first = found[0]
        assert (first.kind, first.actor_id, first.recipient_id) == (
            InteractionKind.MESSAGE,
            "ann",
            "cat",
        )
        assert first.at == T0 - timedelta(hours=5)

    def test_only_the_people_asked_for(self, history: Any) -> None:
        assert [i.id for i in history.interactions_of(["erin"])] == ["i4"]
        assert history.interactions_of(["nobody"]) == []
        assert history.interactions_of([]) == []

    def test_reading_leaves_the_data_version_alone(self, history: Any) -> None:
        version = history.data_version()
        history.interactions_of(["ann"])
        history.employment_changes(SINCE)
        assert history.data_version() == version
