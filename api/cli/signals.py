"""``warmgraph signals job-changes|fading``: the signals reps act on, read from the store
itself (as the operator, who sees everyone; contact details of do-not-contact people too).

Each prints one line per signal, best first, or with ``--json`` one JSON object per line;
the same answers as the GraphQL ``jobChanges`` and ``fadingRelationships``.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from graph.signals import FadingRelationship, JobChange
from graph.strength import DEFAULT_HALF_LIFE_DAYS, StrengthModel

from .options import InstantType
from .users import operator_service, store_options


@click.group()
def signals() -> None:
    """Signals reps act on: job changes and fading relationships, from stored history."""


@signals.command(name="job-changes")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    metavar="DATE",
    help="Changes on or after this ISO date (a job that started or ended).",
)
@click.option("--company", "company_id", metavar="ID", help="Only moves from or to it.")
@click.option("--advocates-only", is_flag=True, help="Only people who advocate for us.")
@click.option("--first", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change.")
@store_options
def job_changes(
    since: datetime,
    company_id: str | None,
    advocates_only: bool,
    first: int,
    as_json: bool,
    db_path: Path,
    neo4j_uri: str | None,
) -> None:
    """People whose employment changed, best lead first (advocates who moved, then the
    most recent)."""
    with operator_service(db_path, neo4j_uri) as service:
        found = service.job_changes(since.date(), company_id, advocates_only, first)
    for change in found:
        record = _change_json(change)
        click.echo(json.dumps(record) if as_json else _change_line(record))
    if not found and not as_json:
        click.echo(f"no job changes since {since.date().isoformat()}", err=True)


def _change_json(change: JobChange) -> dict[str, Any]:
    move = change.move
    return {
        "person": change.person.id,
        "name": change.person.name,
        "at": move.at.isoformat(),
        "fromCompany": move.company_left,
        "fromTitle": None if move.left is None else move.left.title,
        "toCompany": move.company_joined,
        "toTitle": None if move.joined is None else move.joined.title,
        "wasAdvocate": change.was_advocate,
        "advocateOf": [
            {"company": a.company_id, "level": a.level.value} for a in change.advocacies
        ],
    }


def _change_line(r: dict[str, Any]) -> str:
    where = f"{r['fromCompany'] or '?'} -> {r['toCompany'] or '?'}"
    advocate = ""
    if r["wasAdvocate"]:
        advocate = "  advocate: " + ", ".join(
            f"{a['level']} of {a['company']}" for a in r["advocateOf"]
        )
    return f"{r['at']}  {r['person']} ({r['name']})  {where}{advocate}"


@signals.command()
@click.option("--person", "person_id", metavar="ID", help="Whose ties (give this or --team).")
@click.option("--team", metavar="NAME", help="The ties of every member of this team.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option(
    "--now",
    type=InstantType(),
    envvar="WARMGRAPH_NOW",
    show_envvar=True,
    help="The moment strengths are measured at, as an ISO date or datetime (default: now).",
)
@click.option(
    "--half-life",
    "half_life",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_HALF_LIFE_DAYS,
    show_default=True,
    envvar="WARMGRAPH_HALF_LIFE_DAYS",
    show_envvar=True,
    metavar="DAYS",
    help="Half-life of an interaction's weight in tie strength, in days.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per tie.")
@store_options
def fading(
    person_id: str | None,
    team: str | None,
    limit: int,
    now: datetime | None,
    half_life: float,
    as_json: bool,
    db_path: Path,
    neo4j_uri: str | None,
) -> None:
    """Ties that were strong 90 days ago and have decayed since, biggest drop first."""
    if (person_id is None) == (team is None):
        raise click.UsageError("give exactly one of --person and --team")
    model = StrengthModel(half_life_days=half_life)
    if now is not None:
        model = dataclasses.replace(model, now=now)
    with operator_service(db_path, neo4j_uri) as service:
        service.strength_model = model
        found = service.fading_relationships(person_id, team, limit)
    for tie in found:
        record = _tie_json(tie)
        click.echo(json.dumps(record) if as_json else _tie_line(record))
    if not found and not as_json:
        click.echo("no fading relationships", err=True)


def _tie_json(f: FadingRelationship) -> dict[str, Any]:
    last = f.tie.last_interaction
    return {
        "person": f.person.id,
        "other": f.other.id,
        "otherName": f.other.name,
        "strengthThen": f.tie.strength_then,
        "strengthNow": f.tie.strength_now,
        "drop": f.tie.drop,
        "lastInteractionAt": None if last is None else last.at.isoformat(),
        "lastInteractionKind": None if last is None else last.kind.value,
    }


def _tie_line(r: dict[str, Any]) -> str:
    last = "never"
    if r["lastInteractionAt"] is not None:
        last = f"{r['lastInteractionAt'][:10]} ({r['lastInteractionKind']})"
    return (
        f"{r['person']} -- {r['other']} ({r['otherName']})  "
        f"{r['strengthThen']:.3f} -> {r['strengthNow']:.3f} (drop {r['drop']:.3f})  "
        f"last {last}"
    )
