"""``PersonMerges``: two records of the same human made one, the same way on every backend,
all of it or nothing; and the service's checks in front of it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph.access.model import Caller, Role, User
from graph.errors import BadInput, Forbidden, NotFound, StoreUnavailable
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    PathRanking,
    Person,
)
from graph.queries import MergeCounts, PathQuery
from graph.service import WarmgraphService
from graph.store.base import PersonMerges
from tests.conftest import open_test_store
from tests.store.world import search_people

pytestmark = pytest.mark.protocol.with_args(PersonMerges)

KEEP = Person("keep", "Ada Lovelace", title="CTO", location="")
MERGE = Person(
    "merge",
    "Ada L.",
    title="Engineer",
    email="ada@example.com",
    location="London",
    linkedin="https://linkedin.com/in/ada",
    do_not_contact=True,
    tags=("vip",),
)


def at(day: int) -> datetime:
    return datetime(2026, 10, day, 9, 30, tzinfo=UTC)


def seed_duplicates(records: Any) -> None:
    """``keep`` and ``merge`` are the same human; ``o1``..``o3`` and ``z`` know them."""
    for person in (KEEP, MERGE, *(Person(p, p.upper()) for p in ("o1", "o2", "o3", "z"))):
        records.create_node(person)
    for company in (Company("acme", "Acme"), Company("globex", "Globex")):
        records.create_node(company)
    for community in (Community("guild", "Guild"), Community("forum", "Forum")):
        records.create_node(community)
    for connection in (
        Connection("keep", "o1", date(2020, 1, 1), ConnectionOrigin.MANUAL),
        Connection("merge", "o1", date(2018, 5, 5), ConnectionOrigin.LINKEDIN),  # earlier
        Connection("keep", "z", date(2015, 2, 2), ConnectionOrigin.CRM),
        Connection("merge", "z", None, ConnectionOrigin.EMAIL),  # no date: keep's stays
        Connection("merge", "o2", date(2019, 9, 9), ConnectionOrigin.EMAIL),  # moves
        Connection("keep", "merge", date(2010, 1, 1)),  # between the two: goes
        Connection("keep", "o3", date(2021, 1, 1)),  # untouched
    ):
        records.connect(connection)
    for interaction in (
        Interaction("i-sent", InteractionKind.EMAIL, at(1), "merge", "o1"),
        Interaction("i-got", InteractionKind.MEETING, at(2), "o2", "merge"),
        Interaction("i-self-1", InteractionKind.CALL, at(3), "keep", "merge"),
        Interaction("i-self-2", InteractionKind.EMAIL, at(4), "merge", "keep"),
        Interaction("i-keep", InteractionKind.MESSAGE, at(5), "o1", "keep"),
        Interaction("i-other", InteractionKind.CALL, at(6), "o1", "o2"),
    ):
        records.record_interaction(interaction)
    records.set_employment(Employment("keep", "acme"))
    records.set_employment(
        Employment("merge", "acme", "Engineer", date(2019, 1, 1), date(2021, 1, 1))
    )
    records.set_employment(Employment("merge", "globex", "Advisor", date(2022, 3, 3)))
    records.set_membership(Membership("keep", "guild", None, date(2020, 2, 2)))
    records.set_membership(Membership("merge", "guild", "organiser", date(2018, 1, 1)))
    records.set_membership(Membership("merge", "forum", "member"))
    records.set_advocacy(Advocacy("keep", "globex", AdvocacyLevel.PROMOTER))
    records.set_advocacy(Advocacy("merge", "globex", AdvocacyLevel.CHAMPION, date(2022, 2, 2)))
    records.set_advocacy(Advocacy("merge", "acme", AdvocacyLevel.REFERENCE, date(2023, 3, 3)))
    records.create_node(Deal("d-merge", "Merged deal", "acme", "merge"))
    records.create_node(Deal("d-o1", "Other deal", "acme", "o1"))
    records.add_user(User("ada@corp.example", Role.REP, "merge", "east"), "hash-ada")
    records.add_user(User("o1@corp.example", Role.REP, "o1", "east"), "hash-o1")
    records.record_external_ids("linkedin", "person", {"in/ada": "merge", "in/o1": "o1"})
    records.record_external_ids("salesforce", "person", {"003ADA": "merge"})
    records.record_external_ids("salesforce", "company", {"001M": "merge"})  # a company's


@pytest.fixture
def merged(records: Any) -> tuple[Any, MergeCounts]:
    seed_duplicates(records)
    return records, records.merge_people("keep", "merge")


class TestWhatMoves:
    def test_the_counts_say_what_moved_and_what_was_dropped(self, merged: Any) -> None:
        _, counts = merged
        # dropped: KNOWS with o1 and z (folded), KNOWS keep--merge, two interactions
        # between the two, the acme job, the guild membership, the globex advocacy
        assert counts == MergeCounts(
            connections=1,
            interactions=2,
            employments=1,
            memberships=1,
            advocacies=1,
            deals=1,
            external_ids=2,
            users=1,
            dropped=8,
        )

    def test_the_merged_person_is_gone(self, merged: Any) -> None:
        records, _ = merged
        assert records.get_nodes(Person, ["merge"]) == {}
        assert records.existing_ids(Person, ["keep", "merge"]) == {"keep"}
        assert records.connections("merge", 100) == []
        assert records.interactions("merge", 100) == []

    def test_keeps_own_values_win_and_empty_ones_are_filled(self, merged: Any) -> None:
        records, _ = merged
        assert records.get_nodes(Person, ["keep"])["keep"] == Person(
            "keep",
            "Ada Lovelace",  # keep's
            title="CTO",  # keep's, not "Engineer"
            email="ada@example.com",  # keep had none
            location="London",  # keep's was empty
            linkedin="https://linkedin.com/in/ada",
            do_not_contact=True,  # merge's privacy choice survives
            tags=("vip",),
        )

    def test_the_kept_person_is_found_by_the_merged_persons_email(self, merged: Any) -> None:
        records, _ = merged
        assert [p.id for p in search_people(records, "ada@example.com", 5)] == ["keep"]

    def test_connections_move_and_duplicates_keep_the_earliest_since(self, merged: Any) -> None:
        records, _ = merged
        assert records.connections("keep", 100) == [
            Connection("keep", "o1", date(2018, 5, 5), ConnectionOrigin.MANUAL),
            Connection("keep", "o2", date(2019, 9, 9), ConnectionOrigin.EMAIL),
            Connection("keep", "o3", date(2021, 1, 1), ConnectionOrigin.MANUAL),
            Connection("keep", "z", date(2015, 2, 2), ConnectionOrigin.CRM),
        ]
        assert [(c.a, c.b) for c in records.connections("o2", 100)] == [("keep", "o2")]

    def test_interactions_name_keep_and_none_is_with_themselves(self, merged: Any) -> None:
        records, _ = merged
        got = {i.id: (i.actor_id, i.recipient_id) for i in records.interactions("keep", 100)}
        assert got == {"i-sent": ("keep", "o1"), "i-got": ("o2", "keep"), "i-keep": ("o1", "keep")}
        assert records.get_interaction("i-self-1") is None
        assert records.get_interaction("i-self-2") is None
        assert records.get_interaction("i-other") == Interaction(
            "i-other", InteractionKind.CALL, at(6), "o1", "o2"
        )

    def test_jobs_memberships_and_advocacy_move_or_fill_keeps(self, merged: Any) -> None:
        records, _ = merged
        assert records.employments(person_id="keep") == [
            # keep's job stays current (no end is a fact, not a gap); title and start filled
            Employment("keep", "acme", "Engineer", date(2019, 1, 1), None),
            Employment("keep", "globex", "Advisor", date(2022, 3, 3)),
        ]
        assert records.memberships(person_id="keep") == [
            Membership("keep", "forum", "member"),
            Membership("keep", "guild", "organiser", date(2020, 2, 2)),  # keep's since
        ]
        assert records.advocacies(person_id="keep") == [
            Advocacy("keep", "acme", AdvocacyLevel.REFERENCE, date(2023, 3, 3)),
            Advocacy("keep", "globex", AdvocacyLevel.PROMOTER, date(2022, 2, 2)),  # keep's level
        ]
        assert records.advocates_among(["keep", "merge"]) == {"keep"}

    def test_deals_users_and_external_ids_point_to_keep(self, merged: Any) -> None:
        records, _ = merged
        assert [d.id for d in records.deals(owner_id="keep")] == ["d-merge"]
        assert [d.id for d in records.deals(owner_id="o1")] == ["d-o1"]
        assert records.get_user("ada@corp.example").person_id == "keep"
        assert records.get_user("o1@corp.example").person_id == "o1"
        assert records.external_ids("linkedin", "person", ["in/ada", "in/o1"]) == {
            "in/ada": "keep",
            "in/o1": "o1",
        }
        assert records.external_ids("salesforce", "person", ["003ADA"]) == {"003ADA": "keep"}
        # a company's external id that happens to equal the person's id is not theirs
        assert records.external_ids("salesforce", "company", ["001M"]) == {"001M": "merge"}

    def test_identities_show_one_person_with_both_jobs(self, merged: Any) -> None:
        records, _ = merged
        identities = {i.id: i for i in records.person_identities()}
        assert "merge" not in identities
        assert identities["keep"].email == "ada@example.com"
        assert identities["keep"].companies == ("acme", "globex")


class TestDataVersionAndAtomicity:
    def test_a_merge_moves_the_data_version(self, records: Any) -> None:
        seed_duplicates(records)
        before = records.data_version()
        records.merge_people("keep", "merge")
        assert records.data_version() > before

    @pytest.mark.parametrize(("keep", "merge"), [("keep", "ghost"), ("ghost", "merge")])
    def test_an_unknown_person_is_not_found_and_nothing_changes(
        self, records: Any, keep: str, merge: str
    ) -> None:
        seed_duplicates(records)
        before = records.data_version()
        with pytest.raises(NotFound):
            records.merge_people(keep, merge)
        assert records.existing_ids(Person, ["keep", "merge"]) == {"keep", "merge"}
        assert records.data_version() == before

    def test_a_failure_at_the_last_step_leaves_everything_as_it_was(
        self, records: Any, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seed_duplicates(records)
        snapshot = state(records)

        def broken(*args: Any, **kwargs: Any) -> None:
            raise StoreUnavailable("the disk went away")

        # the very last write of each backend's merge fails, after everything else was done
        if request.node.callspec.params["records"] == "neo4j":
            monkeypatch.setattr("graph.store.neo4j.merge.links.refresh_advocacy", broken)
        else:
            monkeypatch.setattr("graph.store.sqlite.merge.nodes.delete", broken)
        with pytest.raises(StoreUnavailable):
            records.merge_people("keep", "merge")
        monkeypatch.undo()
        assert state(records) == snapshot
        # and the store still works: the same merge now goes through
        assert records.merge_people("keep", "merge").connections == 1


def state(records: Any) -> dict[str, Any]:
    """Everything a merge could change, read through the port."""
    people = ("keep", "merge", "o1", "o2", "o3", "z")
    return {
        "people": records.get_nodes(Person, people),
        "connections": {p: records.connections(p, 100) for p in people},
        "interactions": {p: records.interactions(p, 100) for p in people},
        "jobs": records.employments(),
        "memberships": records.memberships(),
        "advocacy": records.advocacies(),
        "deals": records.deals(),
        "users": records.list_users(),
        "ids": records.external_ids("linkedin", "person", ["in/ada", "in/o1"]),
        "version": records.data_version(),
    }


class TestPathsAfterAMerge:
    """Introduction paths and their evidence go through the kept person."""

    @pytest.fixture
    def graph(self, records: Any, request: pytest.FixtureRequest) -> Any:
        if not hasattr(records, "introduction_paths"):
            pytest.skip("the SQLite records answer no graph queries (the embedded store does)")
        for pid in ("rep", "keep", "merge", "buyer"):
            records.create_node(Person(pid, pid.title()))
        records.connect(Connection("rep", "keep"))
        records.connect(Connection("merge", "buyer", date(2022, 2, 2), ConnectionOrigin.LINKEDIN))
        records.record_interaction(
            Interaction("m1", InteractionKind.MEETING, at(7), "merge", "buyer")
        )
        return records

    @staticmethod
    def paths(records: Any) -> list[tuple[str, ...]]:
        query = PathQuery("rep", "buyer", None, 3, 10, PathRanking.STRENGTH)
        return [p.people for p in records.introduction_paths(query)]

    def test_a_path_appears_through_keep(
        self, graph: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        assert self.paths(graph) == []  # warm the index / caches before the merge
        graph.merge_people("keep", "merge")
        assert self.paths(graph) == [("rep", "keep", "buyer")]
        evidence = graph.link_evidence([("keep", "buyer")])[0]
        assert evidence.connected and evidence.origin is ConnectionOrigin.LINKEDIN
        assert evidence.counts == {InteractionKind.MEETING: 1} and evidence.a_to_b == 1
        assert "merge" not in graph.link_projection().person_ids
        # a store opened afresh (the embedded index rebuilt from the file) finds the same
        again = open_test_store(
            request.node.callspec.params["records"], request, records_path, strength_model
        )
        try:
            query = PathQuery("rep", "buyer", None, 3, 10, PathRanking.STRENGTH)
            assert again.introduction_paths(query) == graph.introduction_paths(query)
        finally:
            again.close()

    def test_merging_a_do_not_contact_record_blocks_paths_through_keep(self, graph: Any) -> None:
        graph.update_node(Person("merge", "Merge", do_not_contact=True))
        assert self.paths(graph) == []
        graph.merge_people("keep", "merge")
        assert self.paths(graph) == []  # keep may no longer be an intermediary


class TestTheServiceChecksFirst:
    """Validation happens once, above the port: the store never sees these."""

    @pytest.fixture
    def service(self, records: Any) -> WarmgraphService:
        seed_duplicates(records)
        return WarmgraphService(records)

    def test_merging_a_person_into_themselves_is_bad_input(self, service: Any) -> None:
        with pytest.raises(BadInput, match="themselves"):
            service.merge_people("keep", "keep")
        assert service.store.existing_ids(Person, ["keep"]) == {"keep"}

    @pytest.mark.parametrize(("keep", "merge"), [("keep", "ghost"), ("ghost", "merge")])
    def test_an_unknown_id_is_not_found_by_name(self, service: Any, keep: str, merge: str) -> None:
        with pytest.raises(NotFound, match="ghost"):
            service.merge_people(keep, merge)

    def test_a_malformed_id_is_bad_input(self, service: Any) -> None:
        with pytest.raises(BadInput):
            service.merge_people("keep", "")

    @pytest.mark.parametrize("role", [Role.REP, Role.MANAGER, Role.ANALYST])
    def test_only_an_admin_may_merge(self, service: Any, role: Role) -> None:
        other = service.acting_as(Caller("x@corp.example", role, "keep"))
        with pytest.raises(Forbidden):
            other.merge_people("keep", "merge")
        assert service.store.existing_ids(Person, ["merge"]) == {"merge"}

    def test_the_merge_is_audited_and_returns_the_kept_person(self, service: Any) -> None:
        kept, counts = service.merge_people("keep", "merge")
        assert kept.id == "keep" and kept.email == "ada@example.com"
        entry = service.audit_log(limit=1)[0]
        assert (entry.action, entry.target) == ("merge", "person:keep")
        assert "person:merge" in entry.detail and "connections 1" in entry.detail
        assert counts.users == 1
