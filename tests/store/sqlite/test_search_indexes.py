"""An empty search (everybody, by name) walks a ``(name, id)`` index from its cursor on: no
page sorts the whole table. Checked on SQLite's own query plans, and a file of an older
version gains the indexes when opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graph.model import Community, Company, Deal, NodeType, Person
from graph.search_query import NameQuery, SearchKey
from graph.store.sqlite import SQLiteRecords, search
from graph.store.sqlite.schema import NAME_INDEXES, SCHEMA_VERSION
from tests.store.sqlite.test_migration import meta, v3_file


class Planner:
    """Runs each statement and keeps SQLite's plan for it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.plans: list[str] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        plan = self.conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        self.plans.append(" | ".join(row[3] for row in plan))
        return self.conn.execute(sql, params)


@pytest.fixture
def planner(tmp_path: Path) -> Planner:
    path = tmp_path / "plans.db"
    SQLiteRecords(path).close()
    conn = sqlite3.connect(path)
    search.register_functions(conn)
    return Planner(conn)


@pytest.mark.parametrize(
    ("kind", "index"),
    [(Person, "person_name"), (Company, "company_name"), (Community, "community_name"),
     (Deal, "deal_name")],
)  # fmt: skip
def test_an_empty_search_seeks_the_name_index(planner: Planner, kind: NodeType, index: str) -> None:
    search.page(planner, kind, NameQuery(""), None, 20)  # type: ignore[arg-type]
    search.page(planner, kind, NameQuery(""), SearchKey(0, "M", "m1"), 20)  # type: ignore[arg-type]
    first, later = planner.plans
    assert f"INDEX {index}" in first and "TEMP B-TREE" not in first
    assert f"INDEX {index} ((name,id)>(?,?))" in later and "TEMP B-TREE" not in later


def test_an_older_file_gains_the_name_indexes(tmp_path: Path) -> None:
    path = v3_file(tmp_path / "v3.db")
    SQLiteRecords(path).close()
    assert meta(path)["schema_version"] == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        conn.close()
    assert set(NAME_INDEXES) <= names
