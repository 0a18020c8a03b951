"""SQLiteRecords' external ids beyond the port: what is on disk, and what it leaves alone."""

from __future__ import annotations

from graph.model import Person
from graph.store.sqlite import SQLiteRecords
from tests.store.sqlite.files import check_file, raw_dump


class TestExternalIdTable:
    def test_one_row_per_source_kind_and_key(self, records: SQLiteRecords) -> None:
        records.record_external_ids("salesforce", "person", {"003A": "p1", "003B": "p2"})
        records.record_external_ids("salesforce", "person", {"003A": "p3"})
        records.record_external_ids("hubspot", "person", {"003A": "p1"})
        assert raw_dump(records.path)["external_id"] == [
            ("hubspot", "person", "003A", "p1"),
            ("salesforce", "person", "003A", "p3"),
            ("salesforce", "person", "003B", "p2"),
        ]
        check_file(records.path)

    def test_an_id_may_outlive_its_record(self, records: SQLiteRecords) -> None:
        # not a foreign key: deleting the person leaves the mapping, and the file consistent
        # (an importer checks that the record still exists before it trusts a mapping)
        records.create_node(Person("ada", "Ada"))
        records.record_external_ids("linkedin", "person", {"in/ada": "ada"})
        records.delete_node(Person, "ada")
        assert records.external_ids("linkedin", "person", ["in/ada"]) == {"in/ada": "ada"}
        check_file(records.path)

    def test_recording_ids_leaves_the_graph_tables_alone(self, records: SQLiteRecords) -> None:
        records.create_node(Person("ada", "Ada"))
        before = raw_dump(records.path)
        records.record_external_ids("linkedin", "person", {"in/ada": "ada"})
        after = raw_dump(records.path)
        assert after.pop("external_id") == [("linkedin", "person", "in/ada", "ada")]
        assert before.pop("external_id") == []
        assert after == before  # every other table, meta's data_version included
