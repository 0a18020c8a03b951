"""Serving from several processes (``warmgraph serve --workers N``).

One process answers GraphQL on one core: the event loop holds the GIL while it executes
documents and encodes answers. uvicorn's workers are separate processes sharing the
listening socket, so N workers use N cores. Each worker opens the store itself and, for
the embedded store, builds its own in-memory index (memory grows with N).

Writes stay correct across workers: SQLite serialises them, and a worker that did not make
a write notices it through the store's data version and rebuilds its index before its next
query (at 100,000 people that rebuild takes a few seconds). On Neo4j the workers share the
server and notice each other's writes the same way one process notices another service's.

The workers are started by uvicorn from an import string, so the settings travel in the
environment variables ``graph.config`` reads (the strength settings resolved in the parent,
so a ``--config`` file is read and checked once). "Now", unless pinned, moves to midnight UTC
of each day, the same instant in every worker, so the workers compute the same strengths.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from starlette.applications import Starlette

from graph.config import Settings
from graph.service import WarmgraphService
from schema.limits import Limits

from .auth import AuthSettings

log = logging.getLogger("warmgraph.api")

#: Whether the workers serve GraphiQL ("1") or not (what ``--graphiql`` reads too).
GRAPHIQL_ENV = "WARMGRAPH_GRAPHIQL"

#: Who may call, how often (``--rate-limit``, ``--cors-origin``, ``--trusted-host``); the
#: lists are space-separated, as click reads them.
RATE_LIMIT_ENV = "WARMGRAPH_RATE_LIMIT"
CORS_ORIGINS_ENV = "WARMGRAPH_CORS_ORIGINS"
TRUSTED_HOSTS_ENV = "WARMGRAPH_TRUSTED_HOSTS"
ACCESS_ENVIRONMENT = (RATE_LIMIT_ENV, CORS_ORIGINS_ENV, TRUSTED_HOSTS_ENV)

#: What uvicorn imports (and calls) in every worker process.
APP_FACTORY = "api.workers:app_from_environment"


def settings_environment(settings: Settings) -> dict[str, str | None]:
    """The variables that give a worker these settings (None: unset it)."""
    strength = settings.strength
    weights = ",".join(f"{kind}={w!r}" for kind, w in sorted(strength.channel_weights.items()))
    return {
        "WARMGRAPH_DB": settings.db_path,
        "WARMGRAPH_CONFIG": None,  # already read: its values travel below
        "WARMGRAPH_HALF_LIFE_DAYS": repr(strength.half_life_days),
        "WARMGRAPH_RECIPROCITY": repr(strength.reciprocity),
        "WARMGRAPH_SATURATION": repr(strength.saturation),
        "WARMGRAPH_CONNECTION_BASE": repr(strength.connection_base),
        "WARMGRAPH_CHANNEL_WEIGHTS": weights,
        "WARMGRAPH_NOW": settings.now.isoformat() if settings.now is not None else None,
        "NEO4J_URI": settings.neo4j.uri if settings.neo4j is not None else None,
    }


def export_settings(settings: Settings) -> None:
    """Put ``settings`` in this process's environment, which the workers inherit."""
    for name, value in settings_environment(settings).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def make_ready(service: WarmgraphService) -> WarmgraphService:
    """Check the store and do now what the first query would wait for (the embedded
    store's index, the compiled kernels); a service that fails is closed."""
    try:
        service.warm_up()
    except BaseException:
        service.close()
        raise
    return service


def app_from_environment() -> Starlette:
    """One worker's app, from the settings the parent exported."""
    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s: %(message)s")
    from graph.store.factory import open_store

    settings = Settings.from_env()
    log.info("worker %d serving with now=%s", os.getpid(), settings.now or "moving (daily)")
    graphiql = os.environ.get(GRAPHIQL_ENV) == "1"
    service = WarmgraphService(open_store(settings))
    service.intro_settings = settings.intros
    service = make_ready(service)
    return create_app(
        service,
        graphiql=graphiql,
        limits=Limits.from_env(),
        rate_limit=os.environ.get(RATE_LIMIT_ENV) or None,
        cors_origins=os.environ.get(CORS_ORIGINS_ENV, "").split(),
        trusted_hosts=os.environ.get(TRUSTED_HOSTS_ENV, "*").split(),
        **AuthSettings.from_env().app_options(),  # type: ignore[arg-type]
    )


def serve_workers(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    *,
    graphiql: bool = False,
    limits: Limits | None = None,
    drain_timeout: int = 10,
    rate_limit: str | None = None,
    cors_origins: Sequence[str] = (),
    trusted_hosts: Sequence[str] = ("*",),
    auth: AuthSettings | None = None,
) -> None:
    """Run ``workers`` uvicorn worker processes on one socket until stopped."""
    import uvicorn

    from .cli.serve import uvicorn_options

    export_settings(settings)
    os.environ[GRAPHIQL_ENV] = "1" if graphiql else "0"
    limits = limits or Limits()
    os.environ.update(limits.environment())  # the workers read them back
    os.environ[RATE_LIMIT_ENV] = rate_limit or ""
    os.environ[CORS_ORIGINS_ENV] = " ".join(cors_origins)
    os.environ[TRUSTED_HOSTS_ENV] = " ".join(trusted_hosts)
    os.environ.update((auth or AuthSettings()).environment())
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **uvicorn_options(drain_timeout, limits.header_timeout),
    )
