"""``Suppressions``: the store's secret and the keyed hashes of erased people."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.access.suppression import suppression_keys
from graph.model import Person
from graph.store.base import Suppressions
from tests.conftest import open_test_store

pytestmark = pytest.mark.protocol.with_args(Suppressions)

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


def reopen(records: Any, request: pytest.FixtureRequest, path: Any, model: Any) -> Any:
    """Another store on the same data: the same file, or the same Neo4j database."""
    return open_test_store(request.node.callspec.params["records"], request, path, model)


class TestSecret:
    def test_secret_is_32_bytes_and_stable(self, records: Any) -> None:
        secret = records.suppression_secret()
        assert isinstance(secret, bytes)
        assert len(secret) == 32
        assert records.suppression_secret() == secret

    def test_secret_survives_reopening_the_store(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        secret = records.suppression_secret()
        records.close()
        again = reopen(records, request, records_path, strength_model)
        try:
            assert again.suppression_secret() == secret
        finally:
            again.close()

    def test_stores_asking_at_once_get_the_same_secret(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        # Each thread has its own store (its own connections), as separate processes would.
        stores = [reopen(records, request, records_path, strength_model) for _ in range(4)]
        start = threading.Barrier(len(stores))
        got: list[bytes] = []

        def ask(store: Any) -> None:
            start.wait()
            got.append(store.suppression_secret())

        threads = [threading.Thread(target=ask, args=(s,)) for s in stores]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for s in stores:
                s.close()
        assert len(got) == len(stores)
        assert set(got) == {records.suppression_secret()}

    def test_secret_is_not_graph_data(self, records: Any) -> None:
        version = records.data_version()
        records.suppression_secret()
        assert records.data_version() == version


class TestSuppressions:
    def test_nothing_is_suppressed_at_first(self, records: Any) -> None:
        assert records.suppressed(["a", "b"]) == set()
        assert records.suppressed([]) == set()
        assert records.suppression_count() == 0

    def test_suppressed_answers_the_recorded_subset(self, records: Any) -> None:
        records.add_suppressions(["k1", "k2", "k3"], AT)
        assert records.suppressed(["k2", "k4", "k3", "k2"]) == {"k2", "k3"}

    def test_adding_is_idempotent(self, records: Any) -> None:
        records.add_suppressions(["k1", "k1"], AT)
        records.add_suppressions(["k1", "k2"], AT)
        records.add_suppressions([], AT)
        assert records.suppressed(["k1", "k2", "k3"]) == {"k1", "k2"}
        assert records.suppression_count() == 2

    def test_an_erased_persons_keys_are_found_again(self, records: Any) -> None:
        erased = Person("p42", "Ada", email="Ada@Example.com", linkedin="linkedin.com/in/ada")
        secret = records.suppression_secret()
        records.add_suppressions(suppression_keys(erased, secret), AT)
        returning = Person("new-id", "Ada L.", email=" ada@example.com ")
        assert records.suppressed(suppression_keys(returning, secret))

    def test_many_unicode_and_long_keys_round_trip(self, records: Any) -> None:
        keys = [f"clé-{i}-ü🚀" + "x" * 300 for i in range(1200)]
        records.add_suppressions(keys[::2], AT)
        assert records.suppressed(keys) == set(keys[::2])

    def test_suppressions_are_not_graph_data(self, records: Any) -> None:
        version = records.data_version()
        records.add_suppressions(["k1"], AT)
        assert records.data_version() == version
