"""``AuditLog``: append-only entries, numbered by the store, read newest first."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.access.model import AuditEntry
from graph.store.base import AuditLog
from tests.conftest import open_test_store

pytestmark = pytest.mark.protocol.with_args(AuditLog)

T0 = datetime(2026, 11, 1, 8, 0, 0, 250000, tzinfo=UTC)


def entry(i: int, **changes: Any) -> AuditEntry:
    base = AuditEntry(
        T0 + timedelta(minutes=i), "admin@acme.example", "createPerson", f"person:p{i}"
    )
    return replace(base, **changes)


def without_seq(entries: list[AuditEntry]) -> list[AuditEntry]:
    return [replace(e, seq=None) for e in entries]


class TestAuditLog:
    def test_empty_log(self, records: Any) -> None:
        assert records.audit_entries() == []

    def test_entries_come_back_newest_first_with_increasing_seqs(self, records: Any) -> None:
        for i in range(5):
            records.append_audit(entry(i, detail=f"row {i}"))
        got = records.audit_entries()
        assert without_seq(got) == [entry(i, detail=f"row {i}") for i in reversed(range(5))]
        seqs = [e.seq for e in got]
        assert all(isinstance(s, int) for s in seqs)
        assert seqs == sorted(seqs, reverse=True)
        assert len(set(seqs)) == 5

    def test_order_is_append_order_even_when_clocks_disagree(self, records: Any) -> None:
        # the log's order is the order things happened in the store, not the callers' clocks
        records.append_audit(entry(3))
        records.append_audit(entry(1))
        assert [e.target for e in records.audit_entries()] == ["person:p1", "person:p3"]

    def test_limit_keeps_the_latest(self, records: Any) -> None:
        for i in range(6):
            records.append_audit(entry(i))
        assert [e.target for e in records.audit_entries(limit=2)] == ["person:p5", "person:p4"]
        assert len(records.audit_entries(limit=100)) == 6
        assert records.audit_entries(limit=0) == []

    def test_since_is_inclusive(self, records: Any) -> None:
        for i in range(5):
            records.append_audit(entry(i))
        since = records.audit_entries(since=T0 + timedelta(minutes=2))
        assert [e.target for e in since] == ["person:p4", "person:p3", "person:p2"]
        assert records.audit_entries(since=T0 + timedelta(days=1)) == []
        both = records.audit_entries(since=T0 + timedelta(minutes=1), limit=2)
        assert [e.target for e in both] == ["person:p4", "person:p3"]

    def test_unicode_and_long_values_round_trip(self, records: Any) -> None:
        odd = entry(
            0,
            actor="zoë@例え.jp",
            action="erasePerson",
            target="person:ñ-🚀",
            detail="line one\nline two\t" + "détail " * 3000,
        )
        records.append_audit(odd)
        assert without_seq(records.audit_entries()) == [odd]

    def test_concurrent_appends_get_distinct_seqs(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        kind = request.node.callspec.params["records"]
        stores = [open_test_store(kind, request, records_path, strength_model) for _ in range(4)]
        start = threading.Barrier(len(stores))

        def append_from(n: int, store: Any) -> None:
            start.wait()
            for i in range(10):
                store.append_audit(entry(i, actor=f"writer{n}@acme.example"))

        threads = [threading.Thread(target=append_from, args=(n, s)) for n, s in enumerate(stores)]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for s in stores:
                s.close()
        got = records.audit_entries(limit=1000)
        seqs = [e.seq for e in got]
        assert len(got) == 40
        assert len(set(seqs)) == 40
        assert seqs == sorted(seqs, reverse=True)
        # each writer's own entries are in the order it wrote them
        for n in range(4):
            mine = [e.target for e in reversed(got) if e.actor == f"writer{n}@acme.example"]
            assert mine == [f"person:p{i}" for i in range(10)]

    def test_appending_is_not_a_graph_write(self, records: Any) -> None:
        version = records.data_version()
        records.append_audit(entry(0))
        assert records.data_version() == version
