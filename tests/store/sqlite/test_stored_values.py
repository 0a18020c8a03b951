"""Reads never crash on what is stored: out-of-range times and dates written by an older
build (``9999-12-31T23:59:59-14:00`` is year 10000 in UTC) read as the nearest value a
``datetime`` / ``date`` holds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from graph.model import Company, Connection, Deal, Employment, Interaction, InteractionKind, Person
from graph.store.embedded import EmbeddedStore
from graph.store.sqlite import SQLiteRecords

#: 10000-01-01T13:59:59Z and 0000-12-31T10:00:00Z as epoch seconds.
YEAR_10000 = 253_402_351_199.0
YEAR_0 = -62_135_647_200.0


@pytest.fixture
def records(tmp_path: Path) -> Iterator[SQLiteRecords]:
    with SQLiteRecords(tmp_path / "old.db") as store:
        for pid in ("ann", "bob"):
            store.create_node(Person(pid, pid))
        store.create_node(Company("acme", "Acme"))
        store.connect(Connection("ann", "bob"))
        store.set_employment(Employment("ann", "acme"))
        store.create_node(Deal("d1", "D", "acme"))
        when = datetime(2020, 1, 1, tzinfo=UTC)
        for iid in ("late", "early"):
            store.record_interaction(Interaction(iid, InteractionKind.CALL, when, "ann", "bob"))
        yield store


def write_raw(path: str, *statements: str) -> None:
    """What an older build could have written, straight into the file."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def test_out_of_range_times_read_clamped(records: SQLiteRecords) -> None:
    write_raw(
        records.path,
        f"UPDATE interaction SET at = {YEAR_10000} WHERE id = 'late'",
        f"UPDATE interaction SET at = {YEAR_0} WHERE id = 'early'",
    )
    latest = datetime.max.replace(tzinfo=UTC)
    earliest = datetime.min.replace(tzinfo=UTC)
    late, early = records.get_interaction("late"), records.get_interaction("early")
    assert late is not None and late.at == latest
    assert early is not None and early.at == earliest
    assert [i.at for i in records.interactions("ann", 10)] == [latest, earliest]
    evidence = records.link_evidence([("ann", "bob")])[0]
    assert evidence.last_interaction_at == latest and evidence.a_to_b == 2
    records.delete_interaction("late")
    assert records.get_interaction("late") is None


def test_out_of_range_dates_read_clamped(records: SQLiteRecords) -> None:
    write_raw(
        records.path,
        "UPDATE employment SET start_date = '10000-01-01', end_date = '0000-01-01'",
        "UPDATE connection SET since = '12345-06-07'",
        "UPDATE deal SET created_at = '10000-01-01'",
    )
    assert records.employments() == [Employment("ann", "acme", None, date.max, date.min)]
    assert records.connections("ann", 10)[0].since == date.max
    assert records.link_evidence([("ann", "bob")])[0].connected_since == date.max
    assert records.deals()[0].created_at == date.max


def test_the_embedded_store_answers_over_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with EmbeddedStore(path) as store:
        for pid in ("ann", "bob"):
            store.create_node(Person(pid, pid))
        when = datetime(2020, 1, 1, tzinfo=UTC)
        store.record_interaction(Interaction("i", InteractionKind.CALL, when, "ann", "bob"))
    write_raw(str(path), f"UPDATE interaction SET at = {YEAR_10000}")
    with EmbeddedStore(path) as store:
        assert store.get_interaction("i") is not None
        assert store.link_projection().person_ids
