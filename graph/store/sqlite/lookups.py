"""Small look-ups every SQLite query module shares: ids to ``pk``, existence, ``IN`` chunks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from ...errors import NotFound

#: Ids per ``IN (...)`` query: well under every SQLite build's variable limit.
IN_CHUNK = 500


def chunks(items: Sequence[str], size: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(n: int) -> str:
    return ",".join("?" * n)


def pk(conn: sqlite3.Connection, person_id: str) -> int | None:
    """The person's integer ``pk`` (what relationships and the index key on), or None."""
    row = conn.execute("SELECT pk FROM person WHERE id = ?", (person_id,)).fetchone()
    return None if row is None else int(row[0])


def need_pk(conn: sqlite3.Connection, person_id: str) -> int:
    found = pk(conn, person_id)
    if found is None:
        raise NotFound("person", person_id)
    return found


def pks_of(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, int]:
    """``pk`` by id for the people among ``ids`` who exist."""
    unique = [i for i in ids if isinstance(i, str)]
    found: dict[str, int] = {}
    for chunk in chunks(unique):
        found.update(
            conn.execute(f"SELECT id, pk FROM person WHERE id IN ({marks(len(chunk))})", chunk)
        )
    return found


def exists(conn: sqlite3.Connection, table: str, id: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (id,)).fetchone() is not None


def need(conn: sqlite3.Connection, table: str, id: str) -> None:
    """NotFound unless ``table`` has a row with this id (``table`` names the node kind)."""
    if not exists(conn, table, id):
        raise NotFound(table, id)
