"""``Database``: one SQLite file's connections and transactions, and its error mapping.

Durability and concurrency
--------------------------
The file runs in WAL mode with ``synchronous=FULL``: a write returns only after its
transaction is on disk, and a crash (even a power loss) leaves either all of it or none.
Every write is one ``BEGIN IMMEDIATE`` transaction on the single writer connection,
serialised by a lock (and across processes by SQLite's own write lock, waited for up to
``busy_timeout``); it either commits whole or rolls back and raises. Reads run on a small
pool of reader connections, each in its own read transaction, so they see one consistent
snapshot and never wait for a writer.

``meta.data_version`` is bumped inside every write transaction of graph data, so any process
sharing the file can tell that something changed (and rebuild what it derived from it).
Writes of users, tokens, suppressions and the audit log (``changes_data=False``) leave it
alone: they are not graph data, and bumping it would throw away every index and cache.

No ``sqlite3`` exception leaves a ``read()`` or ``write()`` block: they become
``graph.errors`` there (:func:`map_error`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ...errors import BadInput, Conflict, StoreUnavailable, WarmgraphError
from .schema import ensure_schema
from .search import register_functions

#: What the driver raises; ``OverflowError`` is an integer too big to bind.
DRIVER_ERRORS = (sqlite3.Error, OverflowError)


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


def _rollback(conn: sqlite3.Connection) -> bool:
    """Roll back whatever is open; False if the connection is no longer usable."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        return False
    return True


class Database:
    """One SQLite file: a writer connection and a pool of readers; see the module docstring.

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
            raise BadInput("the SQLite store needs a database file path")
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
            ensure_schema(self._writer, self.path)
        except DRIVER_ERRORS as exc:
            self._close_writer()
            raise map_error(exc) from exc
        except BaseException:
            self._close_writer()
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
            # Deleted rows are overwritten, not left in free pages: an erased person's
            # e-mail must not stay readable in the file (deletes are rare; imports upsert).
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            register_functions(conn)  # searches lower-case as Python does
        except BaseException:
            conn.close()
            raise
        return conn

    def _close_writer(self) -> None:
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
            self._close_writer()
        for conn in idle:
            with suppress(sqlite3.Error):
                conn.close()

    def _acquire(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            if self._idle:
                return self._idle.pop()
        try:
            return self._connect()
        except DRIVER_ERRORS as exc:
            raise map_error(exc) from exc

    def _release(self, conn: sqlite3.Connection, healthy: bool) -> None:
        with self._pool_lock:
            if healthy and not self._closed and len(self._idle) < self._max_idle:
                self._idle.append(conn)
                return
        with suppress(sqlite3.Error):
            conn.close()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A reader connection inside one read transaction (one consistent snapshot)."""
        conn = self._acquire()
        healthy = True
        try:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
        except DRIVER_ERRORS as exc:
            healthy = _rollback(conn)
            raise map_error(exc) from exc
        except BaseException:
            healthy = _rollback(conn)
            raise
        finally:
            self._release(conn, healthy)

    @contextmanager
    def write(
        self, *, foreign_keys: bool = True, changes_data: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """The writer connection inside one write transaction that bumps data_version.

        Commits if the body returns; rolls back and raises (as ``graph.errors``) otherwise.
        ``foreign_keys=False`` is for bulk imports, which check every reference themselves;
        ``changes_data=False`` for writes that are not graph data (users, the audit log...),
        which leave data_version as it is.
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
                    if changes_data:
                        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
                finally:
                    if not foreign_keys:
                        conn.execute("PRAGMA foreign_keys = ON")
            except DRIVER_ERRORS as exc:
                raise map_error(exc) from exc
        finally:
            self._write_lock.release()

    def checkpoint(self) -> None:
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


def data_version(conn: sqlite3.Connection) -> int:
    """``meta.data_version`` as seen by ``conn``'s transaction."""
    return int(conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])
