"""Driver errors -> ``graph.errors``, at the store's boundary (no driver type leaks out)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import exceptions as nx

from ...errors import BadInput, Conflict, StoreUnavailable, WarmgraphError


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
