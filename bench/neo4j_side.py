"""The Neo4j side of a run: a server, a timed ``warmgraph load --neo4j``, the service on it.

With ``NEO4J_URI`` (and ``NEO4J_USER``/``NEO4J_PASSWORD``) set, that server is used and must
hold an empty database; otherwise a disposable Neo4j is started for the scale and thrown
away after it, the way the test suite does.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import neo4j

from graph.config import Neo4jSettings
from graph.service import WarmgraphService
from graph.store.neo4j import Neo4jStore, connect
from graph.strength import StrengthModel

from .scales import loaded_rows

HEAP_INITIAL = "2g"
HEAP = "4g"
PAGECACHE = "2g"


@dataclass(frozen=True)
class Server:
    settings: Neo4jSettings
    rss_mb: Callable[[], float | None]  # the server's resident memory, when it is ours


@contextmanager
def neo4j_server() -> Iterator[Server]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        settings = Neo4jSettings(
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None,
        )
        _require_empty(settings)
        yield Server(settings, lambda: None)
        return
    import tests.neo4j_server as disposable

    disposable.HEAP_INITIAL, disposable.HEAP_MAX = HEAP_INITIAL, HEAP
    server = disposable.DisposableNeo4j(
        extra_config={"server.memory.pagecache.size": PAGECACHE}
    ).start()

    def rss_mb() -> float | None:
        kib = server.rss_kib()
        return kib / 1024 if kib is not None else None

    try:
        yield Server(Neo4jSettings(server.uri, server.user, server.password), rss_mb)
    finally:
        server.stop()


def _require_empty(settings: Neo4jSettings) -> None:
    with neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as d:
        records, _, _ = d.execute_query(
            "MATCH (n) RETURN count(n) AS n", database_=settings.database
        )
    if records[0]["n"]:
        raise SystemExit(
            f"the Neo4j database at {settings.uri} is not empty; the benchmark loads its own "
            "data, so give it an empty database (or unset NEO4J_URI for a disposable one)"
        )


def credentials_env(settings: Neo4jSettings) -> dict[str, str]:
    env = {"NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password}
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def service(settings: Neo4jSettings, now: datetime) -> WarmgraphService:
    store = Neo4jStore(connect(settings), settings.database, StrengthModel(now=now))
    return WarmgraphService(store)


def driver(settings: Neo4jSettings) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


def load(warmgraph: Path, bundle: Path, settings: Neo4jSettings, now: datetime) -> dict[str, Any]:
    """``warmgraph load --neo4j`` once (a second load would be an upsert, not a load)."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(warmgraph), "load", str(bundle), "--neo4j", settings.uri, "--now", now.isoformat()],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **credentials_env(settings)},
    )
    elapsed = time.perf_counter() - started
    rows = loaded_rows(done.stdout)
    return {"runs_s": [elapsed], "median_s": elapsed, "rows": rows, "rows_per_s": rows / elapsed}
