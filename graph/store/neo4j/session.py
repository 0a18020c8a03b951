"""The one way into Neo4j: ``Session`` runs every transaction, and translates every error.

Transactions and consistency
----------------------------
Reads run in ``execute_read`` and writes in ``execute_write``: managed transactions the
driver retries on transient failures (and routes to a reader or the leader with a
``neo4j://`` URI). Every transaction of one ``Session`` shares one bookmark manager, so a
read sees every write made through it before, on any cluster member.

Every write transaction starts by bumping ``(:Meta {key: 'warmgraph'}).dataVersion``. That
takes the Meta node's write lock first, which serialises all writers (of every process
using the database) the way SQLite's write lock does: the existence checks a write makes,
and the LINK strengths it recomputes from the stored inputs, cannot race with another
writer. A write either commits whole (its change, the LINKs and advocacy it affects, the
new version) or raises and changes nothing. Reads never wait for writers.

Writes that are not graph data (users, tokens, suppressions, the audit log) run with
``changes_data=False``: no bump, so caches and indexes keyed on the version stay valid. They
rely on uniqueness constraints (and, for the audit sequence, a counter node's own lock)
instead of the Meta lock.

Errors
------
Every driver error (and a value the driver cannot pack) leaves this module as a
``graph.errors`` exception: no driver type leaks past the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationMinimumSeverity
from neo4j import exceptions as nx

from ...config import Neo4jSettings
from ...errors import BadInput, Conflict, StoreUnavailable, WarmgraphError
from . import cypher

T = TypeVar("T")

USER_AGENT = "warmgraph"
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 5.0

Rows = list[dict[str, Any]]
Work = Callable[[ManagedTransaction], T]


# -- errors -----------------------------------------------------------------------------------


def map_error(exc: BaseException) -> WarmgraphError:
    """The ``graph.errors`` exception for a driver (or value-packing) error."""
    if isinstance(exc, WarmgraphError):
        return exc
    msg = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, nx.ConstraintError):
        return Conflict(f"conflicts with stored data: {msg}")
    if isinstance(exc, (nx.AuthError, nx.Forbidden)):
        return StoreUnavailable(f"Neo4j refused the credentials or the operation: {msg}")
    if isinstance(exc, (nx.CypherTypeError,)):
        return BadInput(f"value the store cannot hold: {msg}")
    if isinstance(exc, nx.ClientError):
        code = getattr(exc, "code", None) or ""
        if code.startswith("Neo.ClientError.Statement.") and not code.endswith("SyntaxError"):
            return BadInput(f"rejected by the store: {msg}")
        return StoreUnavailable(f"Neo4j rejected the request: {msg}")
    if isinstance(exc, (nx.Neo4jError, nx.DriverError, OSError)):
        # ServiceUnavailable, SessionExpired, TransientError (after the driver's retries),
        # DatabaseError, a closed driver, a dropped socket...
        return StoreUnavailable(f"Neo4j store unavailable: {msg}")
    if isinstance(exc, (TypeError, ValueError, OverflowError)):
        # raised while packing parameters (an integer beyond 64 bits, an unknown type)
        return BadInput(f"value the store cannot hold: {msg}")
    return StoreUnavailable(f"Neo4j store unavailable: {msg}")


#: What :func:`translated` turns into ``graph.errors``.
DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    nx.Neo4jError,
    nx.DriverError,
    OSError,
    TypeError,
    ValueError,
    OverflowError,
)


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise driver errors as ``graph.errors`` (``raise X from exc``)."""
    try:
        yield
    except WarmgraphError:
        raise
    except DRIVER_ERRORS as exc:
        raise map_error(exc) from exc


# -- opening a driver -------------------------------------------------------------------------


def connect(settings: Neo4jSettings, *, verify: bool = True) -> Driver:
    """A driver for ``settings.uri`` (``bolt://`` or routing ``neo4j://``).

    With ``verify`` the server is contacted once now, so a wrong address or password fails
    here as StoreUnavailable rather than at the first query.
    """
    with translated():
        driver = GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            user_agent=USER_AGENT,
            # A request during an outage fails within seconds (STORE_UNAVAILABLE) instead
            # of hanging on the default 30 s of retries; the pool reconnects by itself.
            max_transaction_retry_time=RETRY_SECONDS,
            connection_timeout=CONNECT_TIMEOUT_SECONDS,
            connection_acquisition_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        if verify:
            try:
                driver.verify_connectivity()
            except BaseException:
                driver.close()
                raise
    return driver


# -- the session ------------------------------------------------------------------------------


class Session:
    """Transactions on one database of an injected driver (see the module docstring).

    ``driver`` is closed by :meth:`close` when ``owns_driver``; ``database`` None means the
    user's home database. After ``close`` every call raises StoreUnavailable.
    """

    def __init__(self, driver: Driver, database: str | None, *, owns_driver: bool) -> None:
        self._driver = driver
        self._owns_driver = owns_driver
        self.database = database
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._closed = False

    def _open(self) -> Any:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        return self._driver.session(
            database=self.database,
            bookmark_manager=self._bookmarks,
            notifications_min_severity=NotificationMinimumSeverity.OFF,
        )

    def read(self, work: Work[T]) -> T:
        """``work`` in one read transaction."""
        with translated(), self._open() as session:
            return cast(T, session.execute_read(work))

    def write(self, work: Work[T], *, changes_data: bool = True) -> T:
        """``work`` in one write transaction that first bumps the data version (unless it
        does not change graph data: ``changes_data=False``)."""

        def run(tx: ManagedTransaction) -> T:
            if changes_data:
                tx.run(cypher.BUMP_VERSION, key=cypher.META_KEY).consume()
            return work(tx)

        with translated(), self._open() as session:
            return cast(T, session.execute_write(run))

    def query(self, statement: str, **params: Any) -> Rows:
        """All rows of one read statement (a ``cypher`` constant), in one read transaction."""

        def work(tx: ManagedTransaction) -> Rows:
            return tx.run(statement, params).data()

        return self.read(work)

    def run_auto_commit(self, statements: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Each statement in its own auto-commit transaction, without a version bump: for
        schema commands, which Neo4j does not allow in a transaction that writes data."""
        with translated(), self._open() as session:
            for statement, params in statements:
                session.run(statement, params).consume()

    def close(self) -> None:
        """Close the driver (when it is ours); later calls raise StoreUnavailable. Idempotent."""
        if not self._closed:
            self._closed = True
            if self._owns_driver:
                with translated():
                    self._driver.close()
