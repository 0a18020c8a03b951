"""``warmgraph webhooks add|list|remove|deliveries``: who is told about introductions, and
what became of each delivery, on the store itself (as the operator, like ``users``).

``add`` prints the new webhook's id on the first line of stdout and its signing secret alone
on the last (``SECRET=$(warmgraph webhooks add ... | tail -n1)``); the secret is shown this
once and never listed. A running ``warmgraph serve`` on the same store picks a new or removed
webhook up with the next event.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from graph.errors import BadInput
from graph.webhooks.directory import WebhookDirectory, WebhookView
from graph.webhooks.model import (
    EVENT_PATTERNS,
    EVENT_TYPES,
    DeliveryAttempt,
    check_events,
    check_url,
)

from .errors import fail
from .users import operator_service, store_options


def _view_json(view: WebhookView) -> dict[str, Any]:
    return {
        "id": view.id,
        "url": view.url,
        "events": list(view.events),
        "createdAt": view.created_at.isoformat(),
    }


def _attempt_json(a: DeliveryAttempt) -> dict[str, Any]:
    return {
        "seq": a.seq,
        "at": a.at.isoformat(),
        "webhook": a.webhook_id,
        "delivery": a.delivery_id,
        "event": a.event_type,
        "attempt": a.attempt,
        "outcome": a.outcome.value,
        "status": a.status_code,
        "error": a.error,
        "durationMs": round(a.duration_ms, 1),
    }


@click.group()
def webhooks() -> None:
    """Manage webhooks: signed JSON POSTs on every introduction transition."""


@webhooks.command()
@click.argument("url")
@click.option(
    "--events",
    "events",
    required=True,
    multiple=True,
    metavar="EV[,EV...]",
    help=f"Events to send: {', '.join(EVENT_TYPES)}, or {', '.join(EVENT_PATTERNS)} for all.",
)
@store_options
def add(url: str, events: tuple[str, ...], db_path: Path, neo4j_uri: str | None) -> None:
    """Send EVENTS to URL (http or https); prints the webhook's id, then its signing secret
    on the last line (shown this once: keep it where the receiver verifies signatures)."""
    names = [name for text in events for name in text.split(",")]
    # checked here first, so that the message names the argument at fault
    try:
        check_url(url)
    except BadInput as exc:
        fail(f"URL: {exc.message}")
    try:
        check_events(names)
    except BadInput as exc:
        fail(f"--events: {exc.message}")
    with operator_service(db_path, neo4j_uri) as service:
        view, secret = WebhookDirectory(service.store, service.caller).add(url, names)
    click.echo(f"added webhook {view.id} -> {view.url} ({', '.join(view.events)})", err=True)
    click.echo("its signing secret (shown once) is on the last line", err=True)
    click.echo(view.id)
    click.echo(secret)


@webhooks.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per webhook.")
@store_options
def list_webhooks(as_json: bool, db_path: Path, neo4j_uri: str | None) -> None:
    """List the webhooks (never their secrets), oldest first."""
    with operator_service(db_path, neo4j_uri) as service:
        found = WebhookDirectory(service.store, service.caller).list()
    for view in found:
        if as_json:
            click.echo(json.dumps(_view_json(view)))
        else:
            events = ",".join(view.events)
            click.echo(f"{view.id}  {view.url}  {events}  added {view.created_at:%Y-%m-%d %H:%M}")
    if not found and not as_json:
        click.echo(
            "no webhooks: add one with `warmgraph webhooks add URL --events intro.*`", err=True
        )


@webhooks.command()
@click.argument("webhook_id", metavar="ID")
@store_options
def remove(webhook_id: str, db_path: Path, neo4j_uri: str | None) -> None:
    """Stop sending to a webhook (its delivery log is kept)."""
    with operator_service(db_path, neo4j_uri) as service:
        view = WebhookDirectory(service.store, service.caller).remove(webhook_id)
    click.echo(f"removed webhook {view.id} -> {view.url}")


@webhooks.command()
@click.option("--webhook", "webhook_id", metavar="ID", help="Only this webhook's deliveries.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per attempt.")
@store_options
def deliveries(
    webhook_id: str | None, limit: int, as_json: bool, db_path: Path, neo4j_uri: str | None
) -> None:
    """Show the delivery log, newest first: one line per attempt (or dropped delivery)."""
    with operator_service(db_path, neo4j_uri) as service:
        found = WebhookDirectory(service.store, service.caller).deliveries(webhook_id, limit)
    for a in found:
        if as_json:
            click.echo(json.dumps(_attempt_json(a)))
            continue
        answer = str(a.status_code) if a.status_code is not None else "-"
        error = f"  {a.error}" if a.error else ""
        click.echo(
            f"{a.at:%Y-%m-%d %H:%M:%S}  {a.webhook_id}  {a.event_type}  {a.delivery_id}  "
            f"#{a.attempt}  {a.outcome.value}  {answer}  {a.duration_ms:.0f} ms{error}"
        )
    if not found and not as_json:
        click.echo("no deliveries yet", err=True)
