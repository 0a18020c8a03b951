"""Search by name in SQLite (``graph.store.base.NameSearch``): each function runs inside the
caller's read transaction.

An empty search walks the ``(name, id)`` index of its table (``schema.NAME_INDEXES``) from the
cursor on, so every page costs the same however deep it is and nothing is sorted. A search
for a text has to look at every row (a substring is in no B-tree's order): people through
their stored lower-cased search key, other kinds through :data:`LOWER_SQL`; matches are then
sorted top-N by ``(tier, name, id)`` after the cursor.

Texts are compared with ``instr`` on lower-cased values rather than ``LIKE``: nothing needs
escaping (``%`` and ``_`` are plain characters), and lower-casing is Python's
``str.lower`` (SQLite's own ``lower`` and ``LIKE`` fold ASCII only), the same as the people
search key is built with.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Community, Company, Deal, NodeType, Person
from ...search_query import NameQuery, SearchKey
from ..values import SEARCH_SEP
from . import rows

#: A deterministic SQL function: its text argument lower-cased by Python (NULL stays NULL).
LOWER_SQL = "warmgraph_lower"
#: A person's search key without its e-mail part (what hides a do-not-contact e-mail).
UNMAILED_SQL = "warmgraph_unmailed"


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _unmailed(search: object) -> str | None:
    if not isinstance(search, str):
        return None
    parts = search.split(SEARCH_SEP)
    return SEARCH_SEP.join(parts[:2] + parts[3:])


def register_functions(conn: sqlite3.Connection) -> None:
    """Make :data:`LOWER_SQL` and :data:`UNMAILED_SQL` callable on ``conn``."""
    conn.create_function(LOWER_SQL, 1, _lower, deterministic=True)
    conn.create_function(UNMAILED_SQL, 1, _unmailed, deterministic=True)


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one kind is searched: ``select`` its columns as the builder reads them (``{src}``
    is where they come from), ``source`` the rows with what matching reads, ``match`` and
    ``tier`` SQL over them (``:n`` the needle)."""

    select: str
    table: str
    source: str
    match: str
    tier: str
    build: Callable[[Sequence[Any]], Any]


_PERSON_NAME_PREFIX = "substr(p.search, instr(p.search, :sep) + 1, :len) = :n"
_KINDS: dict[NodeType, _Kind] = {
    Person: _Kind(
        select=rows.PERSON_COLS,
        table="person p",
        source="person p",
        match="instr(p.search, :n) > 0 AND (NOT :hide OR p.do_not_contact = 0 "
        f"OR instr({UNMAILED_SQL}(p.search), :n) > 0)",
        tier=f"CASE WHEN instr(p.search, :exact) = 1 THEN 0 WHEN {_PERSON_NAME_PREFIX} "
        "THEN 1 ELSE 2 END",
        build=rows.person,
    ),
    Company: _Kind(
        select="p.id, p.name, p.domain, p.industry, p.employees",
        table="company p",
        source="company p",
        match=f"(instr({LOWER_SQL}(p.name), :n) > 0 OR instr({LOWER_SQL}(p.domain), :n) > 0)",
        tier=f"CASE WHEN instr({LOWER_SQL}(p.name), :n) = 1 THEN 0 ELSE 1 END",
        build=rows.company,
    ),
    Community: _Kind(
        select="p.id, p.name, p.kind, p.url",
        table="community p",
        source="community p",
        match=f"instr({LOWER_SQL}(p.name), :n) > 0",
        tier=f"CASE WHEN instr({LOWER_SQL}(p.name), :n) = 1 THEN 0 ELSE 1 END",
        build=rows.community,
    ),
    Deal: _Kind(
        select="p.id, p.name, p.company_id, o.id, p.stage, p.amount, p.created_at, p.closed_at",
        table="deal p",
        source="deal p JOIN company c ON c.id = p.company_id",
        match=f"(instr({LOWER_SQL}(p.name), :n) > 0 OR instr({LOWER_SQL}(c.name), :n) > 0)",
        tier=f"CASE WHEN instr({LOWER_SQL}(p.name), :n) = 1 THEN 0 ELSE 1 END",
        build=rows.deal,
    ),
}
_OWNER_JOIN = " LEFT JOIN person o ON o.pk = p.owner_pk"


def _params(query: NameQuery) -> dict[str, Any]:
    return {
        "n": query.text,
        "exact": query.text + SEARCH_SEP,
        "sep": SEARCH_SEP,
        "len": len(query.text),
        "hide": 1 if query.hide_private_emails else 0,
    }


def _conditions(kind: NodeType, query: NameQuery) -> tuple[list[str], dict[str, Any]]:
    """The WHERE terms (and their parameters) every row found must meet."""
    where: list[str] = [] if not query.text else [_KINDS[kind].match]
    params = _params(query)
    if kind is Deal and query.owners is not None:
        names = [f"o{i}" for i in range(len(query.owners))]
        where.append(
            "p.owner_pk IN (SELECT pk FROM person WHERE id IN "
            f"({', '.join(':' + n for n in names)}))"
        )
        params.update(zip(names, sorted(query.owners), strict=True))
    return where, params


def _nothing_found(query: NameQuery) -> bool:
    # the separator only joins the fields of a stored key: a text holding it would match
    # across fields, so it matches nobody; an empty owner set owns no deal
    return SEARCH_SEP in query.text or (query.owners is not None and not query.owners)


def page(
    conn: sqlite3.Connection,
    kind: NodeType,
    query: NameQuery,
    after: SearchKey | None,
    limit: int,
) -> list[tuple[SearchKey, Any]]:
    """Up to ``limit`` rows of ``kind`` matching ``query`` after ``after``, with their keys."""
    if limit <= 0 or _nothing_found(query):
        return []
    spec = _KINDS[kind]
    where, params = _conditions(kind, query)
    owner = _OWNER_JOIN if kind is Deal else ""
    params["limit"] = limit
    if after is not None:
        params.update(tier=after.tier, name=after.name, id=after.id)
    if not query.text:
        # every row is in tier 0: the (name, id) index gives the order, from the cursor on
        if after is not None:
            where.append("(p.name, p.id) > (:name, :id)" if after.tier == 0 else "0")
        sql = (
            f"SELECT 0, {spec.select} FROM {spec.table}{owner}"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY p.name, p.id LIMIT :limit"
        )
    else:
        inner = f"SELECT {spec.tier} AS tier, p.* FROM {spec.source} WHERE {' AND '.join(where)}"
        sql = (
            f"SELECT p.tier, {spec.select} FROM ({inner}) p{owner}"
            + (" WHERE (p.tier, p.name, p.id) > (:tier, :name, :id)" if after else "")
            + " ORDER BY p.tier, p.name, p.id LIMIT :limit"
        )
    found = []
    for row in conn.execute(sql, params):
        node = spec.build(row[1:])
        found.append((SearchKey(int(row[0]), node.name, node.id), node))
    return found


def count(conn: sqlite3.Connection, kind: NodeType, query: NameQuery) -> int:
    """How many rows of ``kind`` match ``query``."""
    if _nothing_found(query):
        return 0
    spec = _KINDS[kind]
    where, params = _conditions(kind, query)
    source = spec.source if query.text else spec.table
    sql = f"SELECT count(*) FROM {source}" + (f" WHERE {' AND '.join(where)}" if where else "")
    return int(conn.execute(sql, params).fetchone()[0])
