"""People, companies, communities and deals in SQLite: each function runs inside the
caller's transaction (``Database.read()`` / ``write()``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

from ...errors import Conflict, NotFound
from ...model import NODE_KIND_NAMES, Community, Company, Node, NodeT, NodeType, Person
from .. import values
from ..values import search_key
from . import rows
from .lookups import chunks, exists, marks, need, need_pk


def get(conn: sqlite3.Connection, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
    sql, build = rows.SELECT_NODES[kind]
    unique = [i for i in ids if isinstance(i, str)]
    out: dict[str, NodeT] = {}
    for chunk in chunks(unique):
        for row in conn.execute(sql.format(marks=marks(len(chunk))), chunk):
            out[row[0]] = build(row)
    return out


def ids_where_in(conn: sqlite3.Connection, select: str, ids: Collection[str]) -> set[str]:
    """The first column of ``select IN (ids)``, asked in chunks the driver accepts."""
    unique = sorted({i for i in ids if isinstance(i, str)})
    found: set[str] = set()
    for chunk in chunks(unique):
        found.update(r[0] for r in conn.execute(f"{select} IN ({marks(len(chunk))})", chunk))
    return found


def existing_ids(conn: sqlite3.Connection, kind: NodeType, ids: Collection[str]) -> set[str]:
    return ids_where_in(conn, f"SELECT id FROM {rows.NODE_TABLES[kind]} WHERE id", ids)


def create(conn: sqlite3.Connection, node: Node) -> None:
    kind = type(node)
    table = rows.NODE_TABLES[kind]
    if exists(conn, table, node.id):
        raise Conflict(f"a {NODE_KIND_NAMES[kind]} with id {node.id!r} already exists")
    values = _values(conn, node)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks(len(values))})",
        list(values.values()),
    )


def update(conn: sqlite3.Connection, node: Node) -> None:
    kind = type(node)
    table = rows.NODE_TABLES[kind]
    if not exists(conn, table, node.id):
        raise NotFound(NODE_KIND_NAMES[kind], node.id)
    values = _values(conn, node)
    del values["id"]
    sets = ", ".join(f"{c} = ?" for c in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), node.id])


def delete(conn: sqlite3.Connection, kind: NodeType, id: str) -> None:
    # Foreign keys cascade: relationships and interactions go with a person, deals they own
    # lose their owner; a company takes its employment, advocacy and deals; a community its
    # memberships, and its interactions lose the community.
    if conn.execute(f"DELETE FROM {rows.NODE_TABLES[kind]} WHERE id = ?", (id,)).rowcount == 0:
        raise NotFound(NODE_KIND_NAMES[kind], id)


def _values(conn: sqlite3.Connection, node: Node) -> dict[str, Any]:
    """The node's row by column; NotFound for a deal's missing company or owner."""
    if isinstance(node, Person):
        return {
            "id": node.id,
            "name": node.name,
            "title": node.title,
            "email": node.email,
            "location": node.location,
            "linkedin": node.linkedin,
            "twitter": node.twitter,
            "do_not_contact": 1 if node.do_not_contact else 0,
            "tags": json.dumps(list(node.tags), ensure_ascii=False),
            "search": search_key(node.id, node.name, node.email, node.title),
        }
    if isinstance(node, Company):
        return {
            "id": node.id,
            "name": node.name,
            "domain": node.domain,
            "industry": node.industry,
            "employees": node.employees,
        }
    if isinstance(node, Community):
        return {"id": node.id, "name": node.name, "kind": node.kind.value, "url": node.url}
    need(conn, "company", node.company_id)
    return {
        "id": node.id,
        "name": node.name,
        "company_id": node.company_id,
        "owner_pk": None if node.owner_id is None else need_pk(conn, node.owner_id),
        "stage": node.stage.value,
        "amount": node.amount,
        "created_at": values.date_text(node.created_at),
        "closed_at": values.date_text(node.closed_at),
    }
