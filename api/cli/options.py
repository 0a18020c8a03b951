"""The options several commands share, with their help text, and the settings they make.

Every option falls back to an environment variable documented in ``graph.config``; Neo4j
credentials come only from the environment, never from the command line.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.config import DEFAULT_DB_PATH, Settings, parse_instant
from graph.errors import BadInput
from schema.limits import ENVIRONMENT, Limits

F = TypeVar("F", bound=Callable[..., Any])

#: What ``--now`` means to each command that takes it: the server measures recency from it,
#: ``load`` only stores Neo4j's tie strengths as of it.
NOW_HELP = {
    "serve": "The moment recency is measured from, as an ISO date or datetime "
    "(default: when the server starts).",
    "demo": "The moment recency is measured from, as an ISO date or datetime "
    "(default: when the demo starts).",
    "load": "On Neo4j, the moment the stored tie strengths are measured from, as an ISO date "
    "or datetime (default: when the load starts); give `serve` the same. The embedded store "
    "stores no strengths and ignores it.",
    "export": "The moment the exported tie strengths are measured from, as an ISO date or "
    "datetime (default: now); give the same as `serve` to match what it answers.",
    "relink": "The moment the recomputed strengths are measured from, as an ISO date or "
    "datetime (default: midnight UTC today).",
}

CONFIG_HELP = (
    "A TOML file of tie-strength settings: a [strength] table with half_life_days, "
    "reciprocity, saturation, connection_base and a [strength.channel_weights] table "
    "(README: Tuning tie strength). Options and environment variables override it."
)


class InstantType(click.ParamType):  # type: ignore[type-arg]  # generic in click >= 8.2
    """An ISO date or datetime; naive values are UTC."""

    name = "ISO"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_instant(str(value))
        except BadInput as exc:
            self.fail(exc.message, param, ctx)


def db_option(
    default: str = DEFAULT_DB_PATH, envvar: str | None = "WARMGRAPH_DB"
) -> Callable[[F], F]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=True,
        envvar=envvar,
        show_envvar=envvar is not None,
        help="SQLite file of the embedded store.",
    )


def strength_options(command: str) -> Callable[[F], F]:
    """``--now`` (worded for ``command``), ``--half-life`` and ``--config``."""

    def decorate(fn: F) -> F:
        fn = config_option(fn)
        fn = click.option(
            "--now",
            type=InstantType(),
            envvar="WARMGRAPH_NOW",
            show_envvar=True,
            help=NOW_HELP[command],
        )(fn)
        fn = click.option(
            "--half-life",
            "half_life",
            type=click.FloatRange(min=0, min_open=True),
            default=None,
            envvar="WARMGRAPH_HALF_LIFE_DAYS",
            show_envvar=True,
            metavar="DAYS",
            help="Half-life of an interaction's weight in tie strength, in days "
            "(default: the --config file's, else 90).",
        )(fn)
        return fn

    return decorate


def config_option(fn: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="WARMGRAPH_CONFIG",
        show_envvar=True,
        metavar="PATH",
        help=CONFIG_HELP,
    )(fn)


def host_port_options(fn: F) -> F:
    fn = click.option(
        "--port",
        type=click.IntRange(0, 65535),
        default=8000,
        show_default=True,
        help="TCP port to listen on.",
    )(fn)
    fn = click.option(
        "--host", default="127.0.0.1", show_default=True, help="Interface to listen on."
    )(fn)
    return fn


def graphiql_option(fn: F) -> F:
    return click.option(
        "--graphiql/--no-graphiql",
        default=False,
        show_default=True,
        envvar="WARMGRAPH_GRAPHIQL",
        show_envvar=True,
        help="Serve GraphiQL, the in-browser GraphQL IDE, at /graphql to a browser (its "
        "files ship in the package: no CDN, works offline).",
    )(fn)


def neo4j_option(fn: F) -> F:
    return click.option(
        "--neo4j",
        "neo4j_uri",
        envvar="NEO4J_URI",
        show_envvar=True,
        metavar="URI",
        help="Use the Neo4j server at URI (bolt:// or neo4j://) instead of the embedded "
        "store. Credentials come from NEO4J_USER / NEO4J_PASSWORD and the database from "
        "NEO4J_DATABASE, never from the command line.",
    )(fn)


def people_option(default: int) -> Callable[[F], F]:
    return click.option(
        "--people",
        type=click.IntRange(min=10),
        default=default,
        show_default=True,
        help="How many people to generate.",
    )


#: The strength settings' variables (``graph.config``), read with the ``--config`` file.
STRENGTH_ENVIRONMENT = (
    "WARMGRAPH_HALF_LIFE_DAYS",
    "WARMGRAPH_RECIPROCITY",
    "WARMGRAPH_SATURATION",
    "WARMGRAPH_CONNECTION_BASE",
    "WARMGRAPH_CHANNEL_WEIGHTS",
)


def make_settings(
    db_path: Path,
    half_life: float | None,
    now: datetime | None,
    neo4j_uri: str | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Settings from the options; Neo4j credentials only from the environment. A bad
    ``--config`` file (or strength variable) stops the command with one line naming the
    file and the key, before anything is opened."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("NEO4J_", "WARMGRAPH_INTRO_")) or k in STRENGTH_ENVIRONMENT
    }
    if neo4j_uri is not None:
        env["NEO4J_URI"] = neo4j_uri
    else:
        env.pop("NEO4J_URI", None)
    try:
        settings = Settings.from_env(env, str(config_path) if config_path else None)
    except BadInput as exc:
        raise click.ClickException(exc.message) from None
    settings = settings.with_half_life(half_life)
    return dataclasses.replace(settings, db_path=str(db_path), now=now)


#: Each request bound's option: (field of ``Limits``, option, type, metavar, help).
LIMIT_OPTIONS: tuple[tuple[str, str, Any, str, str], ...] = (
    ("max_body_bytes", "--max-body-bytes", click.IntRange(min=1), "BYTES",
     "Refuse a request body over this size (HTTP 413, PAYLOAD_TOO_LARGE)."),
    ("body_timeout", "--body-timeout", click.FloatRange(min=0, min_open=True), "SECONDS",
     "Refuse a request body not fully received within this time (HTTP 408, TIMEOUT)."),
    ("request_timeout", "--request-timeout", click.FloatRange(min=0, min_open=True), "SECONDS",
     "Cancel a request still running after this time (HTTP 504, TIMEOUT)."),
    ("validation_timeout", "--validation-timeout", click.FloatRange(min=0, min_open=True),
     "SECONDS", "Refuse a new document not parsed and validated within this time (TIMEOUT); "
     "the work runs in a worker thread, never on the event loop."),
    ("header_timeout", "--header-timeout", click.FloatRange(min=0, min_open=True), "SECONDS",
     "Close a connection whose request line and headers are not all in within this time "
     "(slow-header clients)."),
    ("max_cost", "--max-cost", click.IntRange(min=1), "N",
     "Refuse a query whose cost is over N (the rule is in the README, under Limits)."),
    ("max_depth", "--max-depth", click.IntRange(min=1), "N",
     "Refuse a document nesting selections deeper than N."),
    ("max_aliases", "--max-aliases", click.IntRange(min=0), "N",
     "Refuse a document with more than N aliases."),
    ("max_tokens", "--max-tokens", click.IntRange(min=1), "N",
     "Refuse a document of more than N tokens."),
    ("max_fields", "--max-fields", click.IntRange(min=1), "N",
     "Refuse a document of more than N fields once fragments are expanded."),
)  # fmt: skip


def limits_options(fn: F) -> F:
    """The request bounds (and ``--introspection/--no-introspection``), handed to the
    command as one ``limits`` argument."""
    names = [name for name, *_ in LIMIT_OPTIONS] + ["introspection"]

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        limits = Limits(**{name: kwargs.pop(name) for name in names})
        return fn(*args, limits=limits, **kwargs)

    wrapped: Any = command
    wrapped = click.option(
        "--introspection/--no-introspection",
        default=Limits().introspection,
        show_default=True,
        envvar=ENVIRONMENT["introspection"],
        show_envvar=True,
        help='Answer schema introspection; off also drops "Did you mean ..." hints.',
    )(wrapped)
    for name, flag, type_, metavar, text in reversed(LIMIT_OPTIONS):
        wrapped = click.option(
            flag,
            name,
            type=type_,
            default=getattr(Limits(), name),
            show_default=True,
            envvar=ENVIRONMENT[name],
            show_envvar=True,
            metavar=metavar,
            help=text,
        )(wrapped)
    return wrapped  # type: ignore[no-any-return]


def drain_option(fn: F) -> F:
    return click.option(
        "--drain-timeout",
        type=click.IntRange(min=0),
        default=10,
        show_default=True,
        envvar="WARMGRAPH_DRAIN_TIMEOUT",
        show_envvar=True,
        metavar="SECONDS",
        help="On SIGTERM, let requests in flight finish for at most this long.",
    )(fn)


#: ``--rate-limit`` values that turn the limit off.
NO_RATE_LIMIT = ("off", "none")


def _rate_limit(ctx: click.Context, param: click.Parameter, value: str) -> str | None:
    from ..ratelimit import parse_rate_limit

    if value.strip().lower() in NO_RATE_LIMIT:
        return None
    try:
        parse_rate_limit(value)
    except BadInput as exc:
        raise click.BadParameter(exc.message, ctx, param) from exc
    return value


def access_options(fn: F) -> F:
    """``--rate-limit``, ``--cors-origin`` and ``--trusted-host``: who may call, how often."""
    from ..ratelimit import DEFAULT_RATE_LIMIT

    fn = click.option(
        "--trusted-host",
        "trusted_hosts",
        multiple=True,
        envvar="WARMGRAPH_TRUSTED_HOSTS",
        show_envvar=True,
        metavar="HOST",
        help="Answer only requests whose Host header names HOST (repeatable; *.example.com "
        "for subdomains, * for any; the variable is space-separated). Default: the --host "
        "address plus localhost, 127.0.0.1 and ::1. Others get HTTP 400, BAD_HOST; this "
        "blocks DNS rebinding.",
    )(fn)
    fn = click.option(
        "--cors-origin",
        "cors_origins",
        multiple=True,
        envvar="WARMGRAPH_CORS_ORIGINS",
        show_envvar=True,
        metavar="ORIGIN",
        help="Let browser pages from ORIGIN (e.g. https://app.example.com) call the API "
        "(repeatable; the variable is space-separated). Default: none, no CORS headers.",
    )(fn)
    fn = click.option(
        "--rate-limit",
        default=DEFAULT_RATE_LIMIT,
        show_default=True,
        callback=_rate_limit,
        envvar="WARMGRAPH_RATE_LIMIT",
        show_envvar=True,
        metavar="N/PERIOD",
        help="Requests each caller (user, or client address) may make in a moving window, "
        "e.g. 100/minute or 10/second; over it, HTTP 429 with Retry-After. 'off' for none.",
    )(fn)
    return fn


def auth_options(fn: F) -> F:
    """``--no-auth`` and the single sign-on options, handed to the command as one ``auth``
    argument (``api.auth.AuthSettings``)."""
    from ..auth import ENVIRONMENT, AuthSettings

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        names = ("no_auth", "jwt_jwks", "jwt_issuer", "jwt_audience")
        values = [kwargs.pop(name) for name in names]
        try:
            auth = AuthSettings.of(*values)
        except BadInput as exc:
            raise click.UsageError(exc.message) from None
        return fn(*args, auth=auth, **kwargs)

    wrapped: Any = command
    for flag, name, env, text in (
        ("--jwt-audience", "jwt_audience", ENVIRONMENT["audience"],
         "The audience (aud) single sign-on tokens must name: this API."),
        ("--jwt-issuer", "jwt_issuer", ENVIRONMENT["issuer"],
         "The issuer (iss) single sign-on tokens must name: your identity provider."),
        ("--jwt-jwks", "jwt_jwks", ENVIRONMENT["jwks"],
         "Also accept JWTs signed by the keys in this JWKS file or https:// URL (with "
         "--jwt-issuer and --jwt-audience); claims email, role and team say who calls."),
    ):  # fmt: skip
        wrapped = click.option(
            flag, name, envvar=env, show_envvar=True, metavar="VALUE", help=text
        )(wrapped)
    wrapped = click.option(
        "--no-auth",
        "no_auth",
        is_flag=True,
        envvar=ENVIRONMENT["no_auth"],
        show_envvar=True,
        help="Serve without authentication, every request acting as an admin; accepted "
        "only on a loopback --host. Without it, serve needs at least one user (warmgraph "
        "users add) or single sign-on.",
    )(wrapped)
    return wrapped  # type: ignore[no-any-return]
