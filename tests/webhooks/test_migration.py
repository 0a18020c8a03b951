"""A version 6 SQLite file (main before issue 13) opens as the current version with empty
webhook tables, its data intact, and takes webhooks at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from graph.model import Person
from graph.store.sqlite import SQLiteRecords
from graph.store.sqlite.schema import SCHEMA_VERSION, WEBHOOKS_VERSION
from graph.webhooks.model import Webhook


def version_six_file(path: Path) -> Path:
    """A current file with the webhook and introduction tables (versions 7 and 8) taken out
    and the version set back to 6."""
    with SQLiteRecords(path) as records:
        records.create_node(Person(id="p1", name="Ana"))
    conn = sqlite3.connect(path)
    try:
        conn.executescript(
            "DROP TABLE webhook_delivery; DROP TABLE webhook; "
            "DROP TABLE intro_history; DROP TABLE intro_request; DROP TABLE intro_capacity; "
            "UPDATE meta SET value = 6 WHERE key = 'schema_version';"
        )
    finally:
        conn.close()
    return path


def test_a_version_six_file_gains_the_webhook_tables(tmp_path: Path) -> None:
    path = version_six_file(tmp_path / "v6.db")
    assert WEBHOOKS_VERSION <= SCHEMA_VERSION
    with SQLiteRecords(path) as records:
        assert records.get_nodes(Person, ["p1"])["p1"].name == "Ana"
        assert records.list_webhooks() == []
        hook = Webhook("wh_1", "https://h.example/", ("intro.*",), "whsec_x", datetime.now(UTC))
        records.add_webhook(hook)
        assert [w.id for w in records.list_webhooks()] == ["wh_1"]
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        conn.close()
    assert version == (SCHEMA_VERSION,)
