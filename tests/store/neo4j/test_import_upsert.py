"""Neo4jStore's import upsert never erases: a missing value keeps the stored one.

(An absent column or an empty cell; a new row gets the model's default.)
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from graph.bundle import Bundle, no_progress
from graph.model import Connection, ConnectionOrigin, Employment, Person
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session
from tests.store.bundles import people_frame, small_bundle
from tests.store.neo4j.reads import count, stored_links
from tests.store.world import K, at, expected_strength, search_people

pytestmark = pytest.mark.neo4j


class TestImportNeverErases:
    """A missing value (absent column, empty cell) keeps the stored value on re-import."""

    def test_people_alone_keep_employment_and_person_fields(
        self, records: Neo4jStore, db: Session
    ) -> None:
        records.import_bundle(small_bundle(), no_progress)
        before = {(e.person_id, e.company_id): e for e in records.employments()}
        links_before = stored_links(db)
        records.set_employment(Employment("000000", "c1", "Boss", date(2001, 2, 3)))
        records.update_node(
            Person("000000", "Zero", email="zero@x.example", location="Here", tags=("t",))
        )
        # people.csv alone, its company_id column giving employment rows without a start,
        # and no email / location / tags / do_not_contact columns at all
        people = people_frame(["000000", "000001"])[["id", "name", "title"]]
        employment = pd.DataFrame({"person_id": ["000000", "000001"], "company_id": ["c1", "c2"]})
        records.import_bundle(Bundle(people=people, employment=employment), no_progress)
        after = {(e.person_id, e.company_id): e for e in records.employments()}
        assert after[("000000", "c1")] == Employment("000000", "c1", "Boss", date(2001, 2, 3))
        assert after[("000001", "c2")].start == date(2019, 1, 1)
        assert after[("000001", "c2")] == before[("000001", "c2")]
        zero = records.get_nodes(Person, ["000000"])["000000"]
        assert (zero.name, zero.title, zero.email, zero.location, zero.tags) == (
            "N 000000",
            "t",
            "zero@x.example",
            "Here",
            ("t",),
        )
        assert [p.id for p in search_people(records, "zero@x", 5)] == ["000000"]
        assert stored_links(db) == links_before
        # empty cells keep the stored values too
        blank = pd.DataFrame(
            {
                "person_id": ["000001"],
                "company_id": ["c2"],
                "title": [None],
                "start": [None],
                "end": [None],
            }
        )
        records.import_bundle(Bundle(employment=blank), no_progress)
        assert records.employments(person_id="000001") == [before[("000001", "c2")]]

    def test_connections_without_since_or_origin_keep_them(
        self, seeded: Neo4jStore, db: Session
    ) -> None:
        links_before = stored_links(db)
        bare = pd.DataFrame({"a": ["alice", "bob"], "b": ["bob", "erin"]})
        seeded.import_bundle(Bundle(connections=bare), no_progress)
        assert seeded.connections("alice", 10)[0] == Connection(
            "alice", "bob", date(2020, 5, 1), ConnectionOrigin.LINKEDIN
        )
        # a new pair gets the defaults, and its LINK
        assert Connection("bob", "erin") in seeded.connections("bob", 10)
        empty = pd.DataFrame({"a": ["alice"], "b": ["bob"], "since": [None], "origin": [None]})
        seeded.import_bundle(Bundle(connections=empty), no_progress)
        assert seeded.connections("alice", 10)[0].since == date(2020, 5, 1)
        links_before[("bob", "erin")] = expected_strength(True, [], [(K, at(5))])
        got = stored_links(db)
        assert set(got) == set(links_before)
        for pair, strength in links_before.items():
            assert got[pair] == pytest.approx(strength, rel=1e-12), pair

    def test_fresh_connections_merge_a_pair_given_twice(
        self, records: Neo4jStore, db: Session
    ) -> None:
        records.import_bundle(Bundle(people=people_frame(["a", "b"])), no_progress)
        twice = pd.DataFrame(
            {
                "a": ["a", "b"],
                "b": ["b", "a"],
                "since": ["2020-01-02", None],
                "origin": [None, "crm"],
            }
        )
        records.import_bundle(Bundle(connections=twice), no_progress)
        assert records.connections("a", 10) == [
            Connection("a", "b", date(2020, 1, 2), ConnectionOrigin.CRM)
        ]
        assert count(db, "MATCH ()-[k:KNOWS]->() RETURN count(k)") == 1
