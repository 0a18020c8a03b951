"""``SQLiteRecords``: the embedded store's system of record, one SQLite file.

Everything but the three graph queries of ``Store`` lives here; ``EmbeddedStore`` adds an
in-memory index built from :meth:`SQLiteRecords.read_link_inputs`.

Durability and concurrency
--------------------------
The file runs in WAL mode with ``synchronous=FULL``: a write method returns only after its
transaction is on disk, and a crash (even a power loss) leaves either all of it or none.
Every write method is one ``BEGIN IMMEDIATE`` transaction on the single writer connection,
serialised by a lock (and across processes by SQLite's own write lock, waited for up to
``busy_timeout``); it validates inside the transaction and either commits whole or rolls back
and raises. Reads run on a small pool of reader connections, each in its own read
transaction, so they see one consistent snapshot and never wait for a writer.

``meta.data_version`` is bumped inside every write transaction, so any process sharing the
file can tell that something changed.

No ``sqlite3`` exception leaves this module: they become ``graph.errors`` at the boundary.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar, cast

from ..bundle import Bundle, Progress
from ..errors import BadInput, Conflict, NotFound, StoreUnavailable, WarmgraphError
from ..model import (
    NODE_KIND_NAMES,
    Advocacy,
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    LinkEvidence,
    Membership,
    Node,
    NodeType,
    Person,
)
from . import sqlite_import
from .linkinputs import LinkInputs, PairInputs
from .sqlite_schema import (
    ADVOCACY_RANK_SQL,
    ADVOCACY_WEIGHTS,
    KIND_BY_CODE,
    KIND_CODES,
    SCHEMA_VERSION,
    create_statements,
)
from .values import (
    SEARCH_SEP,
    check_id,
    date_text,
    enum,
    epoch_seconds,
    opt_text,
    search_key,
    to_date,
    utc,
)

N = TypeVar("N", Person, Company, Community, Deal)
E = TypeVar("E", bound=Enum)

#: Ids per ``IN (...)`` query: well under every SQLite build's variable limit.
IN_CHUNK = 500

_TABLE: dict[type, str] = {
    Person: "person",
    Company: "company",
    Community: "community",
    Deal: "deal",
}
_RANK_WEIGHT = {
    0: 0.0,
    1: ADVOCACY_WEIGHTS[AdvocacyLevel.PROMOTER],
    2: ADVOCACY_WEIGHTS[AdvocacyLevel.REFERENCE],
    3: ADVOCACY_WEIGHTS[AdvocacyLevel.CHAMPION],
}

_PERSON_COLS = (
    "p.id, p.name, p.title, p.email, p.location, p.linkedin, p.twitter, p.do_not_contact, p.tags"
)
_DEAL_SELECT = (
    "SELECT d.id, d.name, d.company_id, o.id, d.stage, d.amount, d.created_at, d.closed_at "
    "FROM deal d LEFT JOIN person o ON o.pk = d.owner_pk"
)
_INTERACTION_SELECT = (
    "SELECT i.id, i.kind, i.at, a.id, r.id, i.community_id FROM {src} "
    "JOIN person a ON a.pk = i.actor_pk JOIN person r ON r.pk = i.recipient_pk"
)


# -- errors ------------------------------------------------------------------------------


def map_error(exc: BaseException) -> WarmgraphError:
    """The ``graph.errors`` exception for a driver error."""
    msg = str(exc)
    if isinstance(exc, sqlite3.IntegrityError):
        if "NOT NULL" in msg or "CHECK" in msg or "datatype mismatch" in msg:
            return BadInput(f"rejected by the store: {msg}")
        return Conflict(f"conflicts with stored data: {msg}")
    if isinstance(exc, (sqlite3.InterfaceError, sqlite3.DataError, OverflowError)):
        return BadInput(f"value the store cannot hold: {msg}")
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" not in msg:
        return BadInput(f"value the store cannot hold: {msg}")
    return StoreUnavailable(f"SQLite store unavailable: {msg}")


_DRIVER_ERRORS = (sqlite3.Error, OverflowError)


def _rollback(conn: sqlite3.Connection) -> bool:
    """Roll back whatever is open; False if the connection is no longer usable."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        return False
    return True


# -- value conversion ----------------------------------------------------------------------


def _person(row: Sequence[Any]) -> Person:
    return Person(
        id=row[0],
        name=row[1],
        title=row[2],
        email=row[3],
        location=row[4],
        linkedin=row[5],
        twitter=row[6],
        do_not_contact=bool(row[7]),
        tags=tuple(json.loads(row[8])) if row[8] else (),
    )


def _company(row: Sequence[Any]) -> Company:
    return Company(id=row[0], name=row[1], domain=row[2], industry=row[3], employees=row[4])


def _community(row: Sequence[Any]) -> Community:
    return Community(id=row[0], name=row[1], kind=CommunityKind(row[2]), url=row[3])


def _deal(row: Sequence[Any]) -> Deal:
    return Deal(
        id=row[0],
        name=row[1],
        company_id=row[2],
        owner_id=row[3],
        stage=DealStage(row[4]),
        amount=row[5],
        created_at=to_date(row[6]),
        closed_at=to_date(row[7]),
    )


def _interaction(row: Sequence[Any]) -> Interaction:
    at = datetime.fromtimestamp(row[2], UTC)
    return Interaction(
        id=row[0],
        kind=KIND_BY_CODE[row[1]],
        at=at,
        actor_id=row[3],
        recipient_id=row[4],
        community_id=row[5],
    )


_SELECT_NODE: dict[type, tuple[str, Callable[[Sequence[Any]], Any]]] = {
    Person: (f"SELECT {_PERSON_COLS} FROM person p WHERE p.id IN ({{marks}})", _person),
    Company: (
        "SELECT id, name, domain, industry, employees FROM company WHERE id IN ({marks})",
        _company,
    ),
    Community: ("SELECT id, name, kind, url FROM community WHERE id IN ({marks})", _community),
    Deal: (_DEAL_SELECT + " WHERE d.id IN ({marks})", _deal),
}


def _chunks(items: Sequence[str], size: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# -- link evidence, batched -------------------------------------------------------------------
#: (position in the request, a's pk, b's pk, whether a's id sorts before b's)
_KnownPair = tuple[int, int, int, bool]
#: Pairs per statement: three parameters each, as many as an IN (...) chunk holds.
_EVIDENCE_CHUNK = IN_CHUNK // 3


@dataclass(slots=True)
class _EvidenceTally:
    """What the evidence statements found for one pair, as they found it."""

    connection: tuple[str | None, str] | None = None  # (since, origin)
    counts: dict[InteractionKind, int] = field(default_factory=dict)
    last: float | None = None
    a_to_b: int = 0
    b_to_a: int = 0

    def add(self, forward: bool, code: int, n: int, latest: float) -> None:
        kind = KIND_BY_CODE[code]
        self.counts[kind] = self.counts.get(kind, 0) + n
        if forward:
            self.a_to_b += n
        else:
            self.b_to_a += n
        self.last = latest if self.last is None else max(self.last, latest)

    def evidence(self, a: str, b: str) -> LinkEvidence:
        row = self.connection
        return LinkEvidence(
            a=a,
            b=b,
            connected=row is not None,
            connected_since=to_date(row[0]) if row else None,
            origin=ConnectionOrigin(row[1]) if row else None,
            counts={k: self.counts[k] for k in InteractionKind if k in self.counts},
            last_interaction_at=utc(self.last),
            a_to_b=self.a_to_b,
            b_to_a=self.b_to_a,
        )


def _pair_values(chunk: Sequence[_KnownPair]) -> tuple[str, list[int]]:
    """A ``pair(i, a, b)`` table of the chunk for a WITH clause, and its parameters."""
    params: list[int] = []
    for i, a_pk, b_pk, _ in chunk:
        params += (i, a_pk, b_pk)
    return ",".join(["(?,?,?)"] * len(chunk)), params


def _tally_connections(
    conn: sqlite3.Connection, chunk: Sequence[_KnownPair], tallies: dict[int, _EvidenceTally]
) -> None:
    # A connection is stored once, (a_pk, b_pk) ordered by the people's ids.
    ordered = [(i, a, b) if a_first else (i, b, a) for i, a, b, a_first in chunk]
    values, params = _pair_values([(i, lo, hi, True) for i, lo, hi in ordered])
    for i, since, origin in conn.execute(
        f"WITH pair(i, lo, hi) AS (VALUES {values}) "
        "SELECT pair.i, c.since, c.origin FROM pair "
        "JOIN connection c ON c.a_pk = pair.lo AND c.b_pk = pair.hi",
        params,
    ):
        tallies[i].connection = (since, origin)


def _tally_interactions(
    conn: sqlite3.Connection, chunk: Sequence[_KnownPair], tallies: dict[int, _EvidenceTally]
) -> None:
    # One direction per branch, so each branch is a range scan of interaction_pair.
    values, params = _pair_values(chunk)
    rows = conn.execute(
        f"WITH pair(i, a, b) AS (VALUES {values}) "
        "SELECT pair.i, 1, x.kind, count(*), max(x.at) FROM pair "
        "JOIN interaction x ON x.actor_pk = pair.a AND x.recipient_pk = pair.b "
        "GROUP BY pair.i, x.kind "
        "UNION ALL "
        "SELECT pair.i, 0, x.kind, count(*), max(x.at) FROM pair "
        "JOIN interaction x ON x.actor_pk = pair.b AND x.recipient_pk = pair.a "
        "GROUP BY pair.i, x.kind",
        params,
    )
    for i, forward, code, n, latest in rows:
        tallies[i].add(bool(forward), code, n, latest)


# -- the store ---------------------------------------------------------------------------------


class SQLiteRecords:
    """Records in one SQLite file; see the module docstring for the guarantees.

    ``path`` must name a file (created with the schema if absent); ``:memory:`` is not
    supported, since readers use their own connections.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 10.0,
        max_idle_readers: int = 8,
    ) -> None:
        self.path = os.fspath(path)
        if self.path == ":memory:" or self.path.startswith("file:"):
            raise BadInput("SQLiteRecords needs a database file path")
        self._busy_timeout = busy_timeout
        self._max_idle = max_idle_readers
        self._write_lock = threading.Lock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        self._writer: sqlite3.Connection | None = None
        try:
            self._writer = self._connect()
            mode = self._writer.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreUnavailable(f"could not switch {self.path} to WAL (got {mode})")
            self._writer.execute("PRAGMA journal_size_limit = 67108864")
            self._ensure_schema(self._writer)
        except _DRIVER_ERRORS as exc:
            self._close_quietly()
            raise map_error(exc) from exc
        except BaseException:
            self._close_quietly()
            raise

    # -- connections ---------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
            cached_statements=256,
        )
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            if not exists:
                for statement in create_statements():
                    conn.execute(statement)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("schema_version", SCHEMA_VERSION), ("data_version", 0)],
                )
                conn.executemany(
                    "INSERT INTO interaction_kind (code, name) VALUES (?, ?)",
                    [(code, kind.value) for kind, code in KIND_CODES.items()],
                )
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if not version or version[0] != SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self.path} has schema version {version and version[0]}, "
                    f"this build reads {SCHEMA_VERSION}"
                )
            kinds = dict(conn.execute("SELECT code, name FROM interaction_kind").fetchall())
            if kinds != {code: kind.value for kind, code in KIND_CODES.items()}:
                raise StoreUnavailable(f"{self.path} has unexpected interaction kind codes")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _close_quietly(self) -> None:
        if self._writer is not None:
            with suppress(sqlite3.Error):
                self._writer.close()
            self._writer = None

    def close(self) -> None:
        """Close every connection; later calls raise StoreUnavailable. Idempotent."""
        with self._write_lock:
            with self._pool_lock:
                self._closed = True
                idle, self._idle = self._idle, []
            self._close_quietly()
        for conn in idle:
            with suppress(sqlite3.Error):
                conn.close()

    def __enter__(self) -> SQLiteRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _acquire(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            if self._idle:
                return self._idle.pop()
        try:
            return self._connect()
        except _DRIVER_ERRORS as exc:
            raise map_error(exc) from exc

    def _release(self, conn: sqlite3.Connection, healthy: bool) -> None:
        with self._pool_lock:
            if healthy and not self._closed and len(self._idle) < self._max_idle:
                self._idle.append(conn)
                return
        with suppress(sqlite3.Error):
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A reader connection inside one read transaction (one consistent snapshot)."""
        conn = self._acquire()
        healthy = True
        try:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
        except _DRIVER_ERRORS as exc:
            healthy = _rollback(conn)
            raise map_error(exc) from exc
        except BaseException:
            healthy = _rollback(conn)
            raise
        finally:
            self._release(conn, healthy)

    @contextmanager
    def _write(self, *, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
        """The writer connection inside one write transaction that bumps data_version.

        Commits if the body returns; rolls back and raises (as ``graph.errors``) otherwise.
        ``foreign_keys=False`` is for bulk imports, which check every reference themselves.
        """
        # Wait for another in-process write as long as for another process's.
        if not self._write_lock.acquire(timeout=self._busy_timeout):
            raise StoreUnavailable("the store is busy with another write; try again")
        try:
            conn = self._writer
            if conn is None or self._closed:
                raise StoreUnavailable("the store is closed")
            try:
                if not foreign_keys:
                    conn.execute("PRAGMA foreign_keys = OFF")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    yield conn
                    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
                finally:
                    if not foreign_keys:
                        conn.execute("PRAGMA foreign_keys = ON")
            except _DRIVER_ERRORS as exc:
                raise map_error(exc) from exc
        finally:
            self._write_lock.release()

    # -- lifecycle ---------------------------------------------------------------------------

    def check_health(self) -> None:
        with self._read() as conn:
            conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()

    def data_version(self) -> int:
        with self._read() as conn:
            return int(
                conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
            )

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _pk(conn: sqlite3.Connection, person_id: str) -> int | None:
        row = conn.execute("SELECT pk FROM person WHERE id = ?", (person_id,)).fetchone()
        return None if row is None else int(row[0])

    def _need_pk(self, conn: sqlite3.Connection, person_id: str) -> int:
        pk = self._pk(conn, person_id)
        if pk is None:
            raise NotFound("person", person_id)
        return pk

    @staticmethod
    def _exists(conn: sqlite3.Connection, table: str, id: str) -> bool:
        return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (id,)).fetchone() is not None

    def _need(self, conn: sqlite3.Connection, table: str, id: str) -> None:
        if not self._exists(conn, table, id):
            raise NotFound(table, id)

    @staticmethod
    def _pks_of(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, int]:
        unique = [i for i in ids if isinstance(i, str)]
        found: dict[str, int] = {}
        for chunk in _chunks(unique):
            found.update(
                conn.execute(
                    f"SELECT id, pk FROM person WHERE id IN ({_marks(len(chunk))})", chunk
                ).fetchall()
            )
        return found

    def person_pks(self, ids: Collection[str]) -> dict[str, int]:
        """The integer ``pk`` of each of these people that exists (what the index keys on)."""
        with self._read() as conn:
            return self._pks_of(conn, ids)

    # -- nodes -------------------------------------------------------------------------------

    def get_nodes(self, kind: type[N], ids: Collection[str]) -> dict[str, N]:
        sql, build = _node_select(kind)
        unique = [i for i in ids if isinstance(i, str)]
        out: dict[str, N] = {}
        with self._read() as conn:
            for chunk in _chunks(unique):
                for row in conn.execute(sql.format(marks=_marks(len(chunk))), chunk):
                    out[row[0]] = build(row)
        return out

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        return self._ids_where_in(f"SELECT id FROM {_table(kind)} WHERE id", ids)

    def _ids_where_in(self, select: str, ids: Collection[str]) -> set[str]:
        """The first column of ``select IN (ids)``, asked in chunks the driver accepts."""
        unique = sorted({i for i in ids if isinstance(i, str)})
        found: set[str] = set()
        with self._read() as conn:
            for chunk in _chunks(unique):
                found.update(
                    r[0] for r in conn.execute(f"{select} IN ({_marks(len(chunk))})", chunk)
                )
        return found

    def create_node(self, node: Node) -> None:
        kind = type(node)
        table = _table(kind)
        check_id(node.id)
        with self._write() as conn:
            if self._exists(conn, table, node.id):
                raise Conflict(f"a {NODE_KIND_NAMES[kind]} with id {node.id!r} already exists")
            self._put_node(conn, node, insert=True)

    def update_node(self, node: Node) -> None:
        kind = type(node)
        table = _table(kind)
        check_id(node.id)
        with self._write() as conn:
            if not self._exists(conn, table, node.id):
                raise NotFound(NODE_KIND_NAMES[kind], node.id)
            self._put_node(conn, node, insert=False)

    def _put_node(self, conn: sqlite3.Connection, node: Node, *, insert: bool) -> None:
        if isinstance(node, Person):
            tags = node.tags
            if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
                raise BadInput(f"tags must be a sequence of strings, got {tags!r}")
            if not isinstance(node.name, str):
                raise BadInput(f"name must be text, got {node.name!r}")
            values: dict[str, Any] = {
                "id": node.id,
                "name": node.name,
                "title": opt_text(node.title, "title"),
                "email": opt_text(node.email, "email"),
                "location": opt_text(node.location, "location"),
                "linkedin": opt_text(node.linkedin, "linkedin"),
                "twitter": opt_text(node.twitter, "twitter"),
                "do_not_contact": 1 if node.do_not_contact else 0,
                "tags": json.dumps(list(tags), ensure_ascii=False),
                "search": search_key(node.id, node.name, node.email, node.title),
            }
            table = "person"
        elif isinstance(node, Company):
            if node.employees is not None and (
                isinstance(node.employees, bool) or not isinstance(node.employees, int)
            ):
                raise BadInput(f"employees must be an integer, got {node.employees!r}")
            values = {
                "id": node.id,
                "name": node.name,
                "domain": opt_text(node.domain, "domain"),
                "industry": opt_text(node.industry, "industry"),
                "employees": node.employees,
            }
            table = "company"
        elif isinstance(node, Community):
            values = {
                "id": node.id,
                "name": node.name,
                "kind": enum(CommunityKind, node.kind, "community kind").value,
                "url": opt_text(node.url, "url"),
            }
            table = "community"
        else:
            check_id(node.company_id, "company_id")
            self._need(conn, "company", node.company_id)
            owner_pk = None
            if node.owner_id is not None:
                owner_pk = self._need_pk(conn, check_id(node.owner_id, "owner_id"))
            amount = node.amount
            if amount is not None:
                if isinstance(amount, bool) or not isinstance(amount, (int, float)):
                    raise BadInput(f"amount must be a number, got {amount!r}")
                amount = float(amount)
                if math.isnan(amount):
                    amount = None
            values = {
                "id": node.id,
                "name": node.name,
                "company_id": node.company_id,
                "owner_pk": owner_pk,
                "stage": enum(DealStage, node.stage, "deal stage").value,
                "amount": amount,
                "created_at": date_text(node.created_at, "created_at"),
                "closed_at": date_text(node.closed_at, "closed_at"),
            }
            table = "deal"
        if insert:
            cols = ", ".join(values)
            conn.execute(
                f"INSERT INTO {table} ({cols}) VALUES ({_marks(len(values))})",
                list(values.values()),
            )
        else:
            sets = ", ".join(f"{c} = ?" for c in values if c != "id")
            params = [v for c, v in values.items() if c != "id"] + [values["id"]]
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", params)

    def delete_node(self, kind: NodeType, id: str) -> None:
        table = _table(kind)
        with self._write() as conn:
            # Foreign keys cascade: relationships and interactions go with a person, deals
            # they own lose their owner; a company takes its employment, advocacy and deals;
            # a community its memberships, and its interactions lose the community.
            if conn.execute(f"DELETE FROM {table} WHERE id = ?", (id,)).rowcount == 0:
                raise NotFound(NODE_KIND_NAMES[kind], id)

    def search_people(self, text: str, limit: int) -> list[Person]:
        if not isinstance(text, str):
            raise BadInput("search text must be a string")
        needle = text.lower()
        if limit <= 0 or SEARCH_SEP in needle:
            return []
        sql = (
            f"SELECT {_PERSON_COLS} FROM person p WHERE instr(p.search, :n) > 0 "
            "ORDER BY CASE WHEN instr(p.search, :exact) = 1 THEN 0 "
            "WHEN substr(p.search, instr(p.search, :sep) + 1, :len) = :n THEN 1 "
            "ELSE 2 END, p.name, p.id LIMIT :limit"
        )
        params = {
            "n": needle,
            "exact": needle + SEARCH_SEP,
            "sep": SEARCH_SEP,
            "len": len(needle),
            "limit": limit,
        }
        with self._read() as conn:
            return [_person(r) for r in conn.execute(sql, params)]

    # -- relationships ---------------------------------------------------------------------------

    def connect(self, connection: Connection) -> None:
        a = check_id(connection.a, "person id")
        b = check_id(connection.b, "person id")
        if a == b:
            raise BadInput(f"a person cannot be connected to themself ({a!r})")
        origin = enum(ConnectionOrigin, connection.origin, "connection origin").value
        since = date_text(connection.since, "since")
        if b < a:
            a, b = b, a
        with self._write() as conn:
            a_pk = self._need_pk(conn, a)
            b_pk = self._need_pk(conn, b)
            conn.execute(
                "INSERT INTO connection (a_pk, b_pk, since, origin) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (a_pk, b_pk) DO UPDATE SET since = excluded.since, "
                "origin = excluded.origin",
                (a_pk, b_pk, since, origin),
            )

    def disconnect(self, a: str, b: str) -> None:
        check_id(a, "person id")
        check_id(b, "person id")
        if a == b:
            raise BadInput(f"a person cannot be connected to themself ({a!r})")
        if b < a:
            a, b = b, a
        with self._write() as conn:
            a_pk = self._need_pk(conn, a)
            b_pk = self._need_pk(conn, b)
            deleted = conn.execute(
                "DELETE FROM connection WHERE a_pk = ? AND b_pk = ?", (a_pk, b_pk)
            ).rowcount
            if deleted == 0:
                raise NotFound("connection", f"{a}--{b}")

    def record_interaction(self, interaction: Interaction) -> None:
        i = interaction
        check_id(i.id, "interaction id")
        check_id(i.actor_id, "actor id")
        check_id(i.recipient_id, "recipient id")
        if i.actor_id == i.recipient_id:
            raise BadInput(f"an interaction needs two different people ({i.actor_id!r})")
        code = KIND_CODES[enum(InteractionKind, i.kind, "interaction kind")]
        at = epoch_seconds(i.at)
        if i.community_id is not None:
            check_id(i.community_id, "community id")
        with self._write() as conn:
            if self._exists(conn, "interaction", i.id):
                raise Conflict(f"an interaction with id {i.id!r} already exists")
            actor = self._need_pk(conn, i.actor_id)
            recipient = self._need_pk(conn, i.recipient_id)
            if i.community_id is not None:
                self._need(conn, "community", i.community_id)
            conn.execute(
                "INSERT INTO interaction (id, kind, at, actor_pk, recipient_pk, community_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (i.id, code, at, actor, recipient, i.community_id),
            )

    def delete_interaction(self, id: str) -> None:
        with self._write() as conn:
            if conn.execute("DELETE FROM interaction WHERE id = ?", (id,)).rowcount == 0:
                raise NotFound("interaction", id)

    def set_employment(self, employment: Employment) -> None:
        e = employment
        check_id(e.person_id, "person id")
        check_id(e.company_id, "company id")
        row = (opt_text(e.title, "title"), date_text(e.start, "start"), date_text(e.end, "end"))
        with self._write() as conn:
            pk = self._need_pk(conn, e.person_id)
            self._need(conn, "company", e.company_id)
            conn.execute(
                "INSERT INTO employment (person_pk, company_id, title, start_date, end_date) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_pk, company_id) DO UPDATE SET "
                "title = excluded.title, start_date = excluded.start_date, "
                "end_date = excluded.end_date",
                (pk, e.company_id, *row),
            )

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self._remove("employment", "company", person_id, company_id)

    def set_membership(self, membership: Membership) -> None:
        m = membership
        check_id(m.person_id, "person id")
        check_id(m.community_id, "community id")
        row = (opt_text(m.role, "role"), date_text(m.since, "since"))
        with self._write() as conn:
            pk = self._need_pk(conn, m.person_id)
            self._need(conn, "community", m.community_id)
            conn.execute(
                "INSERT INTO membership (person_pk, community_id, role, since) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (person_pk, community_id) DO UPDATE SET "
                "role = excluded.role, since = excluded.since",
                (pk, m.community_id, *row),
            )

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self._remove("membership", "community", person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> None:
        a = advocacy
        check_id(a.person_id, "person id")
        check_id(a.company_id, "company id")
        row = (enum(AdvocacyLevel, a.level, "advocacy level").value, date_text(a.since, "since"))
        with self._write() as conn:
            pk = self._need_pk(conn, a.person_id)
            self._need(conn, "company", a.company_id)
            conn.execute(
                "INSERT INTO advocacy (person_pk, company_id, level, since) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (person_pk, company_id) DO UPDATE SET "
                "level = excluded.level, since = excluded.since",
                (pk, a.company_id, *row),
            )

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self._remove("advocacy", "company", person_id, company_id)

    def _remove(self, table: str, other: str, person_id: str, other_id: str) -> None:
        """Delete a person's relationship to a company/community; NotFound if any is absent."""
        with self._write() as conn:
            pk = self._need_pk(conn, person_id)
            self._need(conn, other, other_id)
            deleted = conn.execute(
                f"DELETE FROM {table} WHERE person_pk = ? AND {other}_id = ?", (pk, other_id)
            ).rowcount
            if deleted == 0:
                raise NotFound(table, f"{person_id}->{other_id}")

    # -- relationship reads ----------------------------------------------------------------

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        where, params = _filters(person_id, ("company_id", company_id))
        if current_only:
            where.append("e.end_date IS NULL")
        sql = (
            "SELECT p.id, e.company_id, e.title, e.start_date, e.end_date FROM employment e "
            f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
            "ORDER BY p.id, e.company_id"
        )
        with self._read() as conn:
            return [
                Employment(r[0], r[1], r[2], to_date(r[3]), to_date(r[4]))
                for r in conn.execute(sql, params)
            ]

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        where, params = _filters(person_id, ("community_id", community_id))
        sql = (
            "SELECT p.id, e.community_id, e.role, e.since FROM membership e "
            f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
            "ORDER BY p.id, e.community_id"
        )
        with self._read() as conn:
            return [Membership(r[0], r[1], r[2], to_date(r[3])) for r in conn.execute(sql, params)]

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        where, params = _filters(person_id, ("company_id", company_id))
        sql = (
            "SELECT p.id, e.company_id, e.level, e.since FROM advocacy e "
            f"JOIN person p ON p.pk = e.person_pk {_where(where)} "
            "ORDER BY p.id, e.company_id"
        )
        with self._read() as conn:
            return [
                Advocacy(r[0], r[1], AdvocacyLevel(r[2]), to_date(r[3]))
                for r in conn.execute(sql, params)
            ]

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        return self._ids_where_in(
            "SELECT DISTINCT p.id FROM person p JOIN advocacy e ON e.person_pk = p.pk WHERE p.id",
            person_ids,
        )

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        """The person's connections, ordered by the other person's id."""
        if limit <= 0:
            return []
        sql = (
            "SELECT pa.id, pb.id, c.since, c.origin FROM ("
            "  SELECT a_pk, b_pk, since, origin, b_pk AS other FROM connection WHERE a_pk = :pk"
            "  UNION ALL"
            "  SELECT a_pk, b_pk, since, origin, a_pk AS other FROM connection WHERE b_pk = :pk"
            ") c JOIN person pa ON pa.pk = c.a_pk JOIN person pb ON pb.pk = c.b_pk "
            "JOIN person o ON o.pk = c.other ORDER BY o.id LIMIT :limit"
        )
        with self._read() as conn:
            pk = self._pk(conn, person_id)
            if pk is None:
                return []
            return [
                Connection(r[0], r[1], to_date(r[2]), ConnectionOrigin(r[3]))
                for r in conn.execute(sql, {"pk": pk, "limit": limit})
            ]

    def interactions(self, person_id: str, limit: int) -> list[Interaction]:
        """The person's interactions (either side), most recent first, then by id."""
        if limit <= 0:
            return []
        src = (
            "(SELECT * FROM ("
            "  SELECT id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
            "  WHERE actor_pk = :pk"
            "  UNION ALL"
            "  SELECT id, kind, at, actor_pk, recipient_pk, community_id FROM interaction"
            "  WHERE recipient_pk = :pk"
            ") ORDER BY at DESC, id LIMIT :limit) i"
        )
        sql = _INTERACTION_SELECT.format(src=src) + " ORDER BY i.at DESC, i.id"
        with self._read() as conn:
            pk = self._pk(conn, person_id)
            if pk is None:
                return []
            return [_interaction(r) for r in conn.execute(sql, {"pk": pk, "limit": limit})]

    def get_interaction(self, id: str) -> Interaction | None:
        sql = _INTERACTION_SELECT.format(src="interaction i") + " WHERE i.id = ?"
        with self._read() as conn:
            row = conn.execute(sql, (id,)).fetchone()
        return None if row is None else _interaction(row)

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        where: list[str] = []
        params: list[Any] = []
        if company_id is not None:
            where.append("d.company_id = ?")
            params.append(company_id)
        if owner_id is not None:
            where.append("o.id = ?")
            params.append(owner_id)
        sql = _DEAL_SELECT + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY d.id"
        with self._read() as conn:
            return [_deal(r) for r in conn.execute(sql, params)]

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair as asked; unknown people or a == b give empty evidence.

        Two statements per chunk of pairs (connections, then interactions by direction and
        kind) rather than two per pair: a path answer asks for a dozen pairs or more."""
        with self._read() as conn:
            pks = self._pks_of(conn, (p for pair in pairs for p in pair))
            known = [
                (i, pks[a], pks[b], a < b)
                for i, (a, b) in enumerate(pairs)
                if a in pks and b in pks and pks[a] != pks[b]
            ]
            tallies = {i: _EvidenceTally() for i, _, _, _ in known}
            for start in range(0, len(known), _EVIDENCE_CHUNK):
                chunk = known[start : start + _EVIDENCE_CHUNK]
                _tally_connections(conn, chunk, tallies)
                _tally_interactions(conn, chunk, tallies)
        empty = _EvidenceTally()
        return [tallies.get(i, empty).evidence(a, b) for i, (a, b) in enumerate(pairs)]

    def pair_inputs(self, a_id: str, b_id: str) -> PairInputs:
        """One pair's raw tie-strength inputs, each direction in time order."""
        with self._read() as conn:
            a_pk, b_pk = self._pk(conn, a_id), self._pk(conn, b_id)
            if a_pk is None or b_pk is None or a_pk == b_pk:
                return PairInputs(False, (), (), (), ())
            lo, hi = (a_pk, b_pk) if a_id < b_id else (b_pk, a_pk)
            connected = (
                conn.execute(
                    "SELECT 1 FROM connection WHERE a_pk = ? AND b_pk = ?", (lo, hi)
                ).fetchone()
                is not None
            )
            sides = []
            for actor, recipient in ((a_pk, b_pk), (b_pk, a_pk)):
                rows = conn.execute(
                    "SELECT kind, at FROM interaction WHERE actor_pk = ? AND recipient_pk = ? "
                    "ORDER BY at",
                    (actor, recipient),
                ).fetchall()
                sides.append(
                    (tuple(KIND_BY_CODE[k].value for k, _ in rows), tuple(t for _, t in rows))
                )
        (kinds_ab, at_ab), (kinds_ba, at_ba) = sides
        return PairInputs(connected, kinds_ab, at_ab, kinds_ba, at_ba)

    def advocacy_weight(self, person_id: str) -> float:
        """The person's strongest advocacy level as a weight (0 if none or unknown)."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT max({ADVOCACY_RANK_SQL}) FROM advocacy a "
                "JOIN person p ON p.pk = a.person_pk WHERE p.id = ?",
                (person_id,),
            ).fetchone()
        return _RANK_WEIGHT[int(row[0] or 0)]

    def is_do_not_contact(self, person_id: str) -> bool:
        """True if the person asked not to be contacted; NotFound if unknown."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT do_not_contact FROM person WHERE id = ?", (person_id,)
            ).fetchone()
        if row is None:
            raise NotFound("person", person_id)
        return bool(row[0])

    # -- bulk ----------------------------------------------------------------------------------

    def read_link_inputs(self) -> LinkInputs:
        """Everyone, every KNOWS and every interaction, in one snapshot."""
        return self.snapshot_link_inputs()[1]

    def snapshot_link_inputs(self) -> tuple[int, LinkInputs]:
        """``(data_version, link inputs)`` read in the same snapshot, so an index built from
        them knows exactly which version it reflects."""
        with self._read() as conn:
            version = int(
                conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
            )
            return version, sqlite_import.read_link_inputs(conn)

    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle in one transaction; rows written per frame."""
        with self._write(foreign_keys=False) as conn:
            counts = sqlite_import.import_bundle(conn, bundle, progress)
        self._checkpoint()
        return counts

    def _checkpoint(self) -> None:
        """Copy a big write from the WAL into the database file now, rather than inside
        the next small write's commit (best effort).

        PASSIVE never waits for readers; once the WAL is fully copied, the next write
        restarts it and ``journal_size_limit`` trims the file.
        """
        with self._write_lock:
            conn = self._writer
            if conn is None:
                return
            with suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _table(kind: object) -> str:
    try:
        return _TABLE[cast(type, kind)]
    except (KeyError, TypeError):
        raise BadInput(f"not a node kind: {kind!r}") from None


def _node_select(kind: type) -> tuple[str, Callable[[Sequence[Any]], Any]]:
    try:
        return _SELECT_NODE[kind]
    except (KeyError, TypeError):
        raise BadInput(f"not a node kind: {kind!r}") from None


def _filters(person_id: str | None, other: tuple[str, str | None]) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if person_id is not None:
        where.append("p.id = ?")
        params.append(person_id)
    column, value = other
    if value is not None:
        where.append(f"e.{column} = ?")
        params.append(value)
    return where, params


def _where(where: list[str]) -> str:
    return f"WHERE {' AND '.join(where)}" if where else ""


__all__ = ["SQLiteRecords", "map_error"]
