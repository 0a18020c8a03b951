"""``Lifecycle``: health, close, and a data version that moves with every write."""

from __future__ import annotations

from typing import Any

import pytest

from graph.bundle import Bundle, no_progress
from graph.errors import StoreUnavailable, WarmgraphError
from graph.model import Connection, Person
from graph.store.base import Lifecycle
from tests.conftest import open_test_store
from tests.store.bundles import people_frame

pytestmark = pytest.mark.protocol.with_args(Lifecycle)


class TestLifecycle:
    def test_health(self, records: Any) -> None:
        records.check_health()

    def test_local_reads_says_whether_a_read_leaves_the_machine(
        self, records: Any, request: pytest.FixtureRequest
    ) -> None:
        assert records.local_reads() is (request.node.callspec.params["records"] != "neo4j")

    def test_warm_up(self, records: Any) -> None:
        records.warm_up()
        records.warm_up()  # twice is harmless
        records.check_health()

    def test_closed_store_is_unavailable(self, records: Any) -> None:
        records.close()
        records.close()  # idempotent
        with pytest.raises(StoreUnavailable):
            records.get_nodes(Person, ["a"])
        with pytest.raises(StoreUnavailable):
            records.create_node(Person("a", "A"))
        with pytest.raises(StoreUnavailable):
            records.check_health()

    def test_data_version_moves_on_every_write_and_only_then(self, records: Any) -> None:
        versions = [records.data_version()]
        for write in (
            lambda: records.create_node(Person("a", "A")),
            lambda: records.create_node(Person("b", "B")),
            lambda: records.connect(Connection("a", "b")),
            lambda: records.import_bundle(Bundle(people=people_frame(["c"])), no_progress),
            lambda: records.delete_node(Person, "a"),
        ):
            write()
            versions.append(records.data_version())
            # reads leave it alone
            records.get_nodes(Person, ["a", "b", "c"])
            records.link_evidence([("b", "c")])
            assert records.data_version() == versions[-1]
        assert versions == sorted(set(versions))  # strictly increasing
        for failing in (
            lambda: records.disconnect("b", "zed"),
            lambda: records.create_node(Person("b", "again")),
        ):
            with pytest.raises(WarmgraphError):
                failing()
            assert records.data_version() == versions[-1]  # a failed write moves nothing

    def test_data_version_sees_a_write_through_another_store(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        before = records.data_version()
        kind = request.node.callspec.params["records"]
        other = open_test_store(kind, request, records_path, strength_model)
        try:
            other.create_node(Person("x", "From elsewhere"))
        finally:
            other.close()
        assert records.data_version() > before
        assert records.existing_ids(Person, ["x"]) == {"x"}
