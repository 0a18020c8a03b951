"""Opening a driver from settings (kept apart so the store itself takes any Driver)."""

from __future__ import annotations

from neo4j import Driver, GraphDatabase

from ...config import Neo4jSettings
from .errors import translated

USER_AGENT = "warmgraph"
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 5.0


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
