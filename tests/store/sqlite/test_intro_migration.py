"""Schema version 8: a version-7 file gains the introduction tables in place, keeping its
data, and takes requests at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from graph.intro import HistoryEntry, IntroRequest, IntroSettings, IntroStatus
from graph.model import Person
from graph.store.sqlite import SQLiteRecords
from graph.store.sqlite.schema import SCHEMA_VERSION
from tests.store.sqlite.files import check_file

AT = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_version_6_file_migrates(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    with SQLiteRecords(path) as records:
        records.create_node(Person("rita", "Rita"))
    conn = sqlite3.connect(path)
    with conn:  # what a version-7 build wrote: no introduction tables
        for table in ("intro_history", "intro_request", "intro_capacity"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = 7 WHERE key = 'schema_version'")
    conn.close()

    with SQLiteRecords(path) as records:
        assert records.get_nodes(Person, ["rita"])["rita"].name == "Rita"
        ask = IntroRequest(
            "r1",
            "rita@acme.example",
            "rita",
            "east",
            ("rita", "carl", "tom"),
            None,
            IntroStatus.REQUESTED,
            AT,
            (HistoryEntry(IntroStatus.REQUESTED, AT, "rita"),),
        )
        records.create_intro_request(ask, IntroSettings().rules(AT))
        assert records.get_intro_requests(["r1"]) == {"r1": ask}
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert SCHEMA_VERSION == 8 and version == (8,)
    check_file(path)
