"""``warmgraph users add|list|revoke|rotate``, ``warmgraph erase`` and ``warmgraph audit``:
managing who may call the API, erasing a person, reading the audit log, on the store itself.

These act as the operator (``Caller.operator()``): whoever can open the database holds it
anyway. ``add`` and ``rotate`` print the new token alone on the last line of stdout (so
``TOKEN=$(warmgraph users add ... | tail -n1)`` works); it is shown once and stored only as a
hash. Everything else goes to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.access import Role, User
from graph.service import WarmgraphService

from .options import InstantType, db_option, make_settings, neo4j_option
from .stores import open_store

F = TypeVar("F", bound=Callable[..., Any])
ROLE_NAMES = [r.value for r in Role]


def store_options(fn: F) -> F:
    """``--db`` / ``--neo4j``: the store whose users (or people) the command manages."""
    return db_option()(neo4j_option(fn))


@contextmanager
def operator_service(
    db_path: Path, neo4j_uri: str | None, create: bool = False
) -> Iterator[WarmgraphService]:
    """The service over an existing store (or a new SQLite file when ``create``), acting as
    the operator; closed afterwards."""
    if neo4j_uri is None and not create and not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database")
    store = open_store(make_settings(db_path, 90.0, None, neo4j_uri))
    try:
        yield WarmgraphService(store)
    finally:
        store.close()


def describe(user: User) -> str:
    parts = [user.email, user.role.value]
    parts.append(f"person {user.person_id}" if user.person_id else "no person")
    parts.append(f"team {user.team}" if user.team else "no team")
    if not user.team_link:
        parts.append("teamLink off")
    parts.append(f"revoked {user.revoked_at:%Y-%m-%d %H:%M}" if user.revoked_at else "active")
    return "  ".join(parts)


@click.group()
def users() -> None:
    """Manage API users and their tokens."""


@users.command()
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_NAMES), required=True, help="What they may do.")
@click.option("--person", "person_id", metavar="ID", help="Who they are in the graph.")
@click.option("--team", metavar="NAME", help="Their team (teammates pool their networks).")
@click.option(
    "--team-link/--no-team-link",
    default=True,
    show_default=True,
    help="Let teammates' path searches start from this user's network.",
)
@store_options
def add(
    email: str,
    role: str,
    person_id: str | None,
    team: str | None,
    team_link: bool,
    db_path: Path,
    neo4j_uri: str | None,
) -> None:
    """Add a user; prints their new API token on the last line (shown this once). Creates
    the database if --db names none yet, so a team can add its admin before loading data."""
    with operator_service(db_path, neo4j_uri, create=True) as service:
        user, token = service.users.add(email, role, person_id, team, team_link)
    click.echo(f"added {describe(user)}", err=True)
    click.echo("their API token (shown once; send it as Authorization: Bearer TOKEN):", err=True)
    click.echo(token)


@users.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per user.")
@store_options
def list_users(as_json: bool, db_path: Path, neo4j_uri: str | None) -> None:
    """List every user (revoked ones too); tokens are never shown."""
    with operator_service(db_path, neo4j_uri) as service:
        found = service.users.list()
    for user in found:
        if as_json:
            click.echo(json.dumps(_user_json(user)))
        else:
            click.echo(describe(user))
    if not found and not as_json:
        click.echo("no users yet: add one with `warmgraph users add EMAIL --role admin`", err=True)


@users.command()
@click.argument("email")
@store_options
def revoke(email: str, db_path: Path, neo4j_uri: str | None) -> None:
    """Revoke a user: their token fails on the very next request, also in a running server."""
    with operator_service(db_path, neo4j_uri) as service:
        user = service.users.revoke(email)
    click.echo(f"revoked {describe(user)}")


@users.command()
@click.argument("email")
@store_options
def rotate(email: str, db_path: Path, neo4j_uri: str | None) -> None:
    """Give a user a new token (the old one stops working); prints it on the last line."""
    with operator_service(db_path, neo4j_uri) as service:
        user, token = service.users.rotate(email)
    click.echo(f"new token for {describe(user)} (shown once):", err=True)
    click.echo(token)


@click.command()
@click.argument("person_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@store_options
def erase(person_id: str, yes: bool, db_path: Path, neo4j_uri: str | None) -> None:
    """Erase a person everywhere, and keep them out of every later import or write (a keyed
    hash of their id, e-mail and profile links is kept, never the text)."""
    if not yes:
        click.confirm(f"erase person {person_id!r} everywhere? This cannot be undone", abort=True)
    with operator_service(db_path, neo4j_uri) as service:
        service.erase_person(person_id)
    click.echo(f"erased person {person_id!r}; later imports will skip them")


@click.command()
@click.option("--since", type=InstantType(), help="Only entries at or after this ISO time.")
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entry.")
@store_options
def audit(
    since: datetime | None, limit: int, as_json: bool, db_path: Path, neo4j_uri: str | None
) -> None:
    """Show the audit log of writes and erasures, newest first."""
    with operator_service(db_path, neo4j_uri) as service:
        entries = service.audit_log(since, limit)
    for e in entries:
        if as_json:
            record = {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor}
            record |= {"action": e.action, "target": e.target, "detail": e.detail}
            click.echo(json.dumps(record))
        else:
            detail = f"  ({e.detail})" if e.detail else ""
            click.echo(
                f"{e.seq:>6}  {e.at:%Y-%m-%d %H:%M:%S}  {e.actor}  {e.action} {e.target}{detail}"
            )


def _user_json(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "role": user.role.value,
        "person": user.person_id,
        "team": user.team,
        "teamLink": user.team_link,
        "active": user.active,
        "createdAt": user.created_at.isoformat() if user.created_at else None,
        "revokedAt": user.revoked_at.isoformat() if user.revoked_at else None,
    }
