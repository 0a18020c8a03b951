"""The SQLite store's bulk import: a validated bundle upserted in the caller's transaction.

It runs on the writer connection inside ``Database.write()``: an import is one transaction
whatever its size, so a crash part-way leaves the file exactly as it was.

Upserts never erase: a missing value (an absent column, None or NaN) keeps what is stored
(``coalesce(excluded.c, t.c)``), and a row written new gets the model's default where one
exists (connection origin ``manual``, ``do_not_contact`` false, no tags, community kind
``other``, deal stage ``prospecting``, advocacy level ``promoter``). Clearing a stored value
on purpose is what the update/set operations are for: they replace the whole record.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ...bundle import Bundle, Progress
from ...errors import BadInput
from ...model import AdvocacyLevel, CommunityKind, ConnectionOrigin, DealStage
from ..values import SEARCH_SEP, search_key
from . import import_frames as cols
from .import_frames import Column, ObjArray, PersonKeys, check_refs, sort_by
from .schema import DATA_TABLES, KIND_BY_CODE, SECONDARY_INDEXES, UNIQUE_INDEXES
from .writer import BulkWriter, Statement

#: Page cache while importing (KiB): enough to keep the hot B-tree pages of a 10M-row
#: import in memory. Set back to ``NORMAL_CACHE_KIB`` afterwards.
IMPORT_CACHE_KIB = 1_000_000
NORMAL_CACHE_KIB = 64_000
#: Page cache while rebuilding indexes: it also caps the sorter's in-memory runs, and many
#: small runs sorted by ``PRAGMA threads`` workers beat one big single-threaded sort.
INDEX_BUILD_CACHE_KIB = 16_384
#: An import of at least this many rows into an empty database drops the secondary indexes
#: (and the unique index on interaction ids) and builds them at the end: one sort each
#: instead of millions of random B-tree inserts.
REBUILD_INDEXES_MIN_ROWS = 200_000

#: Recomputes ``person.search`` when an upsert keeps some of a person's stored fields.
SEARCH_KEY_SQL = "warmgraph_search_key"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _Import(BulkWriter):
    def __init__(self, conn: sqlite3.Connection, progress: Progress, fresh: bool) -> None:
        super().__init__(conn, progress)
        self.fresh = fresh
        self.people = PersonKeys(conn)
        #: Ids written by this import, per table; references to them need no look-up.
        self.written: dict[str, set[str]] = {}

    def remember(self, table: str, ids: ObjArray) -> None:
        self.written[table] = {v for v in ids.tolist() if isinstance(v, str)}

    def check_refs(self, table: str, ids: ObjArray) -> None:
        check_refs(self.conn, table, ids, self.written.get(table, set()))


def _lower(value: object) -> str:
    return value.replace(SEARCH_SEP, " ").lower() if isinstance(value, str) else ""


def _people(imp: _Import, frame: pd.DataFrame) -> int:
    columns: list[Column] = [
        cols.text(frame, c)
        for c in ("id", "name", "email", "title", "location", "linkedin", "twitter")
    ]
    if "do_not_contact" in frame.columns and frame["do_not_contact"].dtype == np.bool_:
        dnc: Column = frame["do_not_contact"].to_numpy().astype(np.int64)
    else:
        flags = frame["do_not_contact"] if "do_not_contact" in frame.columns else None
        dnc = np.full(len(frame), None, dtype=object)
        if flags is not None:
            present = ~flags.isna().to_numpy()
            dnc[present] = flags[present].astype(bool).astype(np.int64).tolist()
    sep = SEARCH_SEP
    search = np.empty(len(frame), dtype=object)
    search[:] = [
        sep.join((_lower(i), _lower(n), _lower(e), _lower(t)))
        for i, n, e, t in zip(*(c.tolist() for c in columns[:4]), strict=True)
    ]
    columns += [dnc, cols.text(frame, "tags"), search]
    names = ("id", "name", "email", "title", "location", "linkedin", "twitter")
    # The search key covers name, email and title: when the upsert keeps a stored one of
    # them, the key is recomputed from what the row ends up holding.
    merged = ", ".join(f"coalesce(excluded.{c}, person.{c})" for c in ("name", "email", "title"))
    search_sql = (
        "CASE WHEN excluded.name IS NULL OR excluded.email IS NULL OR excluded.title IS NULL "
        f"THEN {SEARCH_KEY_SQL}(person.id, {merged}) ELSE excluded.search END"
    )
    sql = Statement(
        "person",
        (*names, "do_not_contact", "tags", "search"),
        ("id",),
        derived=(("search", search_sql),),
    )
    count = imp.write("people", sql, columns, defaults={"do_not_contact": "0", "tags": "'[]'"})
    imp.people.invalidate()
    return count


def _companies(imp: _Import, frame: pd.DataFrame) -> int:
    columns = [
        *(cols.text(frame, c) for c in ("id", "name", "domain", "industry")),
        cols.nullable_int(frame, "employees"),
    ]
    imp.remember("company", columns[0])
    sql = Statement("company", ("id", "name", "domain", "industry", "employees"), ("id",))
    return imp.write("companies", sql, columns)


def _communities(imp: _Import, frame: pd.DataFrame) -> int:
    columns = [cols.text(frame, c) for c in ("id", "name", "kind", "url")]
    imp.remember("community", columns[0])
    sql = Statement("community", ("id", "name", "kind", "url"), ("id",))
    return imp.write("communities", sql, columns, defaults={"kind": _literal(CommunityKind.OTHER)})


def _connections(imp: _Import, frame: pd.DataFrame) -> int:
    a, b = cols.text(frame, "a"), cols.text(frame, "b")
    a_pk, b_pk = imp.people.pks(a, "connections", "a"), imp.people.pks(b, "connections", "b")
    swap = b < a  # stored with a < b by id, as Connection normalises
    if swap.any():
        a_pk, b_pk = np.where(swap, b_pk, a_pk), np.where(swap, a_pk, b_pk)
    columns = sort_by(
        [a_pk, b_pk, cols.text(frame, "since"), cols.text(frame, "origin")], a_pk, b_pk
    )
    sql = Statement("connection", ("a_pk", "b_pk", "since", "origin"), ("a_pk", "b_pk"))
    return imp.write(
        "connections", sql, columns, defaults={"origin": _literal(ConnectionOrigin.MANUAL)}
    )


def _person_to(
    imp: _Import,
    frame: pd.DataFrame,
    name: str,
    table: str,
    other: str,
    extra: Sequence[tuple[str, str]],
    defaults: Mapping[str, str] | None = None,
) -> int:
    """employment / memberships / advocates: (person, company-or-community) + properties."""
    other_col = f"{other}_id"
    other_ids = cols.text(frame, other_col)
    imp.check_refs(other, other_ids)
    person_pk = imp.people.pks(cols.text(frame, "person_id"), name, "person_id")
    columns: list[Column] = [person_pk, other_ids, *(cols.text(frame, s) for s, _ in extra)]
    columns = sort_by(columns, person_pk)
    names = ("person_pk", other_col, *(target for _, target in extra))
    return imp.write(name, Statement(table, names, ("person_pk", other_col)), columns, defaults)


def _interactions(imp: _Import, frame: pd.DataFrame) -> int:
    kinds = cols.text(frame, "kind")
    codes: Column = pd.Categorical(
        kinds, categories=[k.value for k in KIND_BY_CODE.values()]
    ).codes.astype(np.int64)
    unknown = codes < 0
    if unknown.any():  # a missing (or unknown) kind binds as NULL, like any missing value
        codes = codes.astype(object)
        codes[unknown] = None
    at = cols.floats(frame, "at")
    actor = imp.people.pks(cols.text(frame, "actor_id"), "interactions", "actor_id")
    recipient = imp.people.pks(cols.text(frame, "recipient_id"), "interactions", "recipient_id")
    community = cols.text(frame, "community_id")
    imp.check_refs("community", community)
    columns = [cols.text(frame, "id"), codes, at, actor, recipient, community]
    # In (actor, recipient) order the pair index is built from (nearly) sorted input, and
    # an upsert touches neighbouring index pages.
    columns = sort_by(columns, actor, recipient)
    names = ("id", "kind", "at", "actor_pk", "recipient_pk", "community_id")
    # Into an empty database the unique index on ids is built at the end (see import_bundle).
    key = () if imp.fresh else ("id",)
    return imp.write("interactions", Statement("interaction", names, key), columns)


def _deals(imp: _Import, frame: pd.DataFrame) -> int:
    companies = cols.text(frame, "company_id")
    imp.check_refs("company", companies)
    columns = [
        cols.text(frame, "id"),
        cols.text(frame, "name"),
        companies,
        imp.people.nullable_pks(cols.text(frame, "owner_id")),
        cols.text(frame, "stage"),
        cols.floats(frame, "amount"),
        cols.text(frame, "created_at"),
        cols.text(frame, "closed_at"),
    ]
    sql = Statement(
        "deal",
        ("id", "name", "company_id", "owner_pk", "stage", "amount", "created_at", "closed_at"),
        ("id",),
    )
    return imp.write("deals", sql, columns, defaults={"stage": _literal(DealStage.PROSPECTING)})


def _is_empty(conn: sqlite3.Connection) -> bool:
    return all(
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None for table in DATA_TABLES
    )


#: Indexes an import into an empty database builds at the end.
_REBUILT = {**SECONDARY_INDEXES, "interaction_id": UNIQUE_INDEXES["interaction_id"]}


def _writers(imp: _Import) -> dict[str, Callable[[pd.DataFrame], int]]:
    """The writer of each bundle frame."""
    level = {"level": _literal(AdvocacyLevel.PROMOTER)}
    return {
        "people": lambda f: _people(imp, f),
        "companies": lambda f: _companies(imp, f),
        "communities": lambda f: _communities(imp, f),
        "connections": lambda f: _connections(imp, f),
        "employment": lambda f: _person_to(
            imp,
            f,
            "employment",
            "employment",
            "company",
            [("title", "title"), ("start", "start_date"), ("end", "end_date")],
        ),
        "memberships": lambda f: _person_to(
            imp, f, "memberships", "membership", "community", [("role", "role"), ("since", "since")]
        ),
        "advocates": lambda f: _person_to(
            imp,
            f,
            "advocates",
            "advocacy",
            "company",
            [("level", "level"), ("since", "since")],
            level,
        ),
        "interactions": lambda f: _interactions(imp, f),
        "deals": lambda f: _deals(imp, f),
    }


def import_bundle(conn: sqlite3.Connection, bundle: Bundle, progress: Progress) -> dict[str, int]:
    """Upsert every frame of ``bundle`` inside the caller's transaction.

    The caller runs this with foreign-key enforcement off: every reference is checked here
    (people by mapping ids to pks, companies and communities by look-up), which costs a
    fraction of SQLite's per-row checks.
    """
    fresh = bundle.row_count() >= REBUILD_INDEXES_MIN_ROWS and _is_empty(conn)
    conn.create_function(SEARCH_KEY_SQL, 4, search_key, deterministic=True)
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    try:
        if fresh:
            for index in _REBUILT:
                conn.execute(f"DROP INDEX {index}")
        writers = _writers(_Import(conn, progress, fresh))
        counts = {name: writers[name](frame) for name, frame in bundle.frames()}
        if fresh:
            # A small page cache makes SQLite's sorter split each index into several runs
            # that worker threads (PRAGMA threads) sort in parallel: ~40% faster on 2 cores
            # than one big in-memory sort.
            conn.execute(f"PRAGMA cache_size = -{INDEX_BUILD_CACHE_KIB}")
            for done, (index, statement) in enumerate(_REBUILT.items(), start=1):
                try:
                    conn.execute(statement)
                except sqlite3.IntegrityError:
                    if index != "interaction_id":
                        raise
                    raise BadInput("interactions: the same id appears more than once") from None
                progress("indexes", done, len(_REBUILT))
        return counts
    finally:
        conn.execute(f"PRAGMA cache_size = -{NORMAL_CACHE_KIB}")
        conn.execute("PRAGMA threads = 0")
