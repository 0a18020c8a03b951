"""Read a SQLite store file directly, with the stdlib only (no store code)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def raw_dump(path: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and the schema), read straight from the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        out: dict[str, list[tuple[Any, ...]]] = {
            "schema": conn.execute(
                "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
        }
        for table in tables:
            out[table] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        return out
    finally:
        conn.close()


def check_file(path: Path | str) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
