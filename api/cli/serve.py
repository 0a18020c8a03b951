"""``warmgraph serve``, and running a ready service under uvicorn (the demo does too)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from graph.bundle import Progress
from graph.errors import BadInput
from graph.service import WarmgraphService
from graph.store.base import Store
from schema.limits import Limits

from ..auth import AuthSettings
from ..ratelimit import DEFAULT_RATE_LIMIT
from .errors import fail
from .options import (
    access_options,
    auth_options,
    db_option,
    drain_option,
    graphiql_option,
    host_port_options,
    limits_options,
    make_settings,
    neo4j_option,
    strength_options,
)
from .progress import StageProgress
from .stores import open_store

log = logging.getLogger("warmgraph.api")

#: The stage the warm-up is reported as.
WARM_UP = "warming up (index, compiled kernels)"


def make_ready(service: WarmgraphService, progress: Progress) -> None:
    """Do now what the first query would wait for, so "ready" means as fast as the rest."""
    from ..workers import make_ready

    progress(WARM_UP, 0, 1)
    make_ready(service)
    progress(WARM_UP, 1, 1)


#: Largest request line plus headers h11 buffers before answering 431 (h11's default, said
#: out loud: a client cannot make the server hold more than this before a body).
MAX_HEADER_BYTES = 16 * 1024


def uvicorn_options(drain_timeout: int = 10, header_timeout: float = 10.0) -> dict[str, Any]:
    """What every uvicorn server warmgraph starts is given: a bounded drain on SIGTERM
    (requests in flight get ``drain_timeout`` seconds, then the rest are cancelled), a
    bounded header buffer, ``header_timeout`` seconds to send a request's head (uvicorn has
    no such bound of its own, see ``api.http_protocol``) and a short keep-alive for idle
    connections."""
    from ..http_protocol import protocol

    return {
        "timeout_graceful_shutdown": drain_timeout,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "timeout_keep_alive": 5,
        "http": protocol(header_timeout),
    }


def trusted_hosts_for(host: str, trusted_hosts: Sequence[str] = ()) -> list[str]:
    """``trusted_hosts`` if given, else the bound host and the loopback names (warning when
    that host is every interface: remote clients then need ``--trusted-host``)."""
    from ..hosts import WILDCARD_ADDRESSES, default_trusted_hosts

    if trusted_hosts:
        return list(trusted_hosts)
    if host.strip("[]") in WILDCARD_ADDRESSES:
        log.warning(
            "listening on every interface (%s) but answering only Host headers naming "
            "localhost; pass --trusted-host with the names clients use",
            host,
        )
    return default_trusted_hosts(host)


def require_users(store: Store, auth: AuthSettings, where: object) -> None:
    """Refuse to serve a store nobody could call: no users, no single sign-on, no --no-auth."""
    if auth.no_auth or auth.jwt is not None or store.list_users():
        return
    fail(
        f"{where} has no users, so nobody could call the API: add one with "
        f"`warmgraph users add EMAIL --role admin --db {where}` (it prints their token), "
        "or serve with --no-auth on a loopback host"
    )


def run_server(
    service: WarmgraphService,
    host: str,
    port: int,
    *,
    graphiql: bool = False,
    limits: Limits | None = None,
    drain_timeout: int = 10,
    rate_limit: str | None = DEFAULT_RATE_LIMIT,
    cors_origins: Sequence[str] = (),
    trusted_hosts: Sequence[str] = (),
    auth: AuthSettings | None = None,
) -> None:
    """Serve a service that :func:`make_ready` prepared until stopped (GraphiQL too if
    ``graphiql``); the app's lifespan closes the store when the server stops. No
    ``trusted_hosts``: the bound host and the loopback names. ``auth``: API tokens only by
    default."""
    import uvicorn

    from ..app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s: %(message)s")
    limits = limits or Limits()
    app = create_app(
        service,
        graphiql=graphiql,
        limits=limits,
        rate_limit=rate_limit,
        cors_origins=cors_origins,
        trusted_hosts=trusted_hosts_for(host, trusted_hosts),
        **(auth or AuthSettings()).app_options(),  # type: ignore[arg-type]
    )
    options = uvicorn_options(drain_timeout, limits.header_timeout)
    uvicorn.run(app, host=host, port=port, log_level="info", **options)


@click.command()
@db_option()
@neo4j_option
@host_port_options
@graphiql_option
@strength_options("serve")
@click.option("--create", is_flag=True, help="Start with an empty database if --db does not exist.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    envvar="WARMGRAPH_WORKERS",
    show_envvar=True,
    help="Server processes sharing the port, one core each; every one holds its own "
    "in-memory index.",
)
@limits_options
@access_options
@auth_options
@drain_option
def serve(
    db_path: Path,
    neo4j_uri: str | None,
    host: str,
    port: int,
    graphiql: bool,
    half_life: float | None,
    now: datetime | None,
    config_path: Path | None,
    create: bool,
    workers: int,
    limits: Limits,
    rate_limit: str | None,
    cors_origins: tuple[str, ...],
    trusted_hosts: tuple[str, ...],
    auth: AuthSettings,
    drain_timeout: int,
) -> None:
    """Serve the GraphQL API at /graphql (GraphiQL there too with --graphiql) and /healthz."""
    if neo4j_uri is None and not create and not db_path.exists():
        fail(
            f"{db_path}: no such database; load one with `warmgraph load DIR --db {db_path}` "
            "or pass --create to start empty"
        )
    try:
        auth.check_host(host)
    except BadInput as exc:
        fail(exc.message)
    settings = make_settings(db_path, half_life, now, neo4j_uri, config_path)
    access: dict[str, Any] = {
        "auth": auth,
        "drain_timeout": drain_timeout,
        "rate_limit": rate_limit,
        "cors_origins": cors_origins,
        "trusted_hosts": trusted_hosts_for(host, trusted_hosts),
    }
    store = open_store(settings, strengths=True)
    try:
        require_users(store, auth, db_path if neo4j_uri is None else neo4j_uri)
    except BaseException:
        store.close()
        raise
    if workers == 1:
        service = WarmgraphService(store)
        service.intro_settings = settings.intros
        with StageProgress() as progress:
            make_ready(service, progress)
        run_server(service, host, port, graphiql=graphiql, limits=limits, **access)
        return
    try:  # fail here, once, rather than in every worker (each warms itself up)
        store.check_health()
    finally:
        store.close()
    from ..workers import serve_workers

    serve_workers(settings, host, port, workers, graphiql=graphiql, limits=limits, **access)
