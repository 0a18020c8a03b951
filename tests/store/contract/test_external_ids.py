"""``ExternalIds``: a source's own ids mapped to warmgraph ids, so a re-import updates."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import WarmgraphError
from graph.model import Person
from graph.store.base import ExternalIds, Identities
from tests.conftest import open_test_store
from tests.store.world import search_people

pytestmark = pytest.mark.protocol.with_args(ExternalIds)


def reopen(records: Any, request: pytest.FixtureRequest, path: Any, model: Any) -> Any:
    """Another store on the same data: the same file, or the same Neo4j database."""
    return open_test_store(request.node.callspec.params["records"], request, path, model)


class TestRoundTrip:
    def test_an_empty_store_knows_no_key(self, records: Any) -> None:
        assert records.external_ids("linkedin", "person", ["in/ada", "in/bob"]) == {}
        assert records.external_ids("linkedin", "person", []) == {}

    def test_recorded_keys_come_back_and_unknown_ones_stay_absent(self, records: Any) -> None:
        records.record_external_ids("salesforce", "person", {"003A": "p1", "003B": "p2"})
        got = records.external_ids("salesforce", "person", ["003A", "003C", "003B", "003A"])
        assert got == {"003A": "p1", "003B": "p2"}

    def test_recording_again_re_points_a_key_and_keeps_the_others(self, records: Any) -> None:
        records.record_external_ids("salesforce", "company", {"001A": "acme", "001B": "globex"})
        # a merge moved the record: the key now stands for another warmgraph id
        records.record_external_ids("salesforce", "company", {"001A": "acme-2"})
        got = records.external_ids("salesforce", "company", ["001A", "001B"])
        assert got == {"001A": "acme-2", "001B": "globex"}

    def test_recording_the_same_mapping_twice_changes_nothing(self, records: Any) -> None:
        mapping = {"k1": "p1", "k2": "p2"}
        records.record_external_ids("hubspot", "person", mapping)
        records.record_external_ids("hubspot", "person", mapping)
        records.record_external_ids("hubspot", "person", {})
        assert records.external_ids("hubspot", "person", ["k1", "k2"]) == mapping

    def test_recorded_ids_survive_reopening_the_store(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        records.record_external_ids("linkedin", "person", {"in/ada": "ada"})
        records.close()
        again = reopen(records, request, records_path, strength_model)
        try:
            assert again.external_ids("linkedin", "person", ["in/ada"]) == {"in/ada": "ada"}
        finally:
            again.close()


class TestKeysAreKeptApart:
    def test_sources_are_kept_apart(self, records: Any) -> None:
        records.record_external_ids("salesforce", "person", {"42": "sf-person"})
        records.record_external_ids("hubspot", "person", {"42": "hs-person"})
        assert records.external_ids("salesforce", "person", ["42"]) == {"42": "sf-person"}
        assert records.external_ids("hubspot", "person", ["42"]) == {"42": "hs-person"}
        assert records.external_ids("linkedin", "person", ["42"]) == {}

    def test_kinds_are_kept_apart(self, records: Any) -> None:
        records.record_external_ids("salesforce", "company", {"001": "acme"})
        records.record_external_ids("salesforce", "deal", {"001": "d1"})
        assert records.external_ids("salesforce", "company", ["001"]) == {"001": "acme"}
        assert records.external_ids("salesforce", "deal", ["001"]) == {"001": "d1"}
        assert records.external_ids("salesforce", "person", ["001"]) == {}

    def test_keys_are_matched_exactly(self, records: Any) -> None:
        # a store does not normalise: "007" is not "7", and case matters (Salesforce ids are
        # case-sensitive); importers normalise before they ask
        records.record_external_ids("salesforce", "person", {"007": "a", "003aB": "b"})
        got = records.external_ids("salesforce", "person", ["7", "003AB", "003ab", " 007"])
        assert got == {}

    def test_re_pointing_one_source_leaves_the_others(self, records: Any) -> None:
        records.record_external_ids("salesforce", "person", {"k": "p1"})
        records.record_external_ids("hubspot", "person", {"k": "p1"})
        records.record_external_ids("hubspot", "person", {"k": "p2"})
        assert records.external_ids("salesforce", "person", ["k"]) == {"k": "p1"}


class TestValues:
    def test_unicode_and_long_keys_round_trip(self, records: Any) -> None:
        mapping = {
            "https://www.linkedin.com/in/zoë-ćwik": "zoe",
            "陈伟@例子.中国": "chen",
            "emoji-🚀-key": "rocket",
            "k" * 2000: "long",
            "with,comma \"and\" 'quotes'\t": "punct",
        }
        records.record_external_ids("vcard", "person", mapping)
        assert records.external_ids("vcard", "person", list(mapping)) == mapping

    def test_many_keys_in_one_call(self, records: Any) -> None:
        # more than one IN chunk (SQLite) and one UNWIND batch (Neo4j)
        mapping = {f"00Q{i:015d}": f"p{i}" for i in range(10_500)}
        records.record_external_ids("salesforce", "person", mapping)
        asked = [*mapping, "missing-1", "missing-2"]
        assert records.external_ids("salesforce", "person", asked) == mapping

    def test_a_failed_record_writes_none_of_the_mapping(self, records: Any) -> None:
        bad: dict[str, Any] = {"good": "p1", "bad": 2**70}  # no store can hold that integer
        with pytest.raises(WarmgraphError):
            records.record_external_ids("salesforce", "person", bad)
        assert records.external_ids("salesforce", "person", ["good", "bad"]) == {}


class TestNotGraphData:
    def test_recording_ids_leaves_the_data_version_alone(self, records: Any) -> None:
        records.create_node(Person("p1", "Ada"))
        version = records.data_version()
        records.record_external_ids("linkedin", "person", {"in/ada": "p1"})
        records.record_external_ids("linkedin", "person", {"in/ada": "p2"})
        records.external_ids("linkedin", "person", ["in/ada"])
        assert records.data_version() == version

    @pytest.mark.protocol.with_args(ExternalIds, Identities)
    def test_ids_do_not_show_as_graph_records(self, records: Any) -> None:
        records.record_external_ids("linkedin", "person", {"in/ada": "p1"})
        assert records.person_identities() == []
        assert search_people(records, "ada", 10) == []
