"""``warmgraph intros expire``: mark every introduction request nobody answered in time
EXPIRED now (the service also does it lazily before any request is read or written; this
is for a cron job, so that webhooks hear of expiries without anyone reading).

Acts as the operator on the store; the expiry time comes from ``--config`` (``[intros]``
``expiry_days``) or ``WARMGRAPH_INTRO_EXPIRY_DAYS`` (default 14 days).
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.service import WarmgraphService

from .options import config_option, db_option, make_settings, neo4j_option
from .stores import open_store


@click.group()
def intros() -> None:
    """Introduction requests' upkeep."""


@intros.command()
@db_option()
@neo4j_option
@config_option
def expire(db_path: Path, neo4j_uri: str | None, config_path: Path | None) -> None:
    """Mark every request still REQUESTED after the expiry time EXPIRED; prints how many
    and their ids."""
    if neo4j_uri is None and not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database")
    settings = make_settings(db_path, None, None, neo4j_uri, config_path)
    store = open_store(settings)
    try:
        service = WarmgraphService(store)
        service.intro_settings = settings.intros
        expired = service.expire_intro_requests()
    finally:
        store.close()
    days = f"{settings.intros.expiry_days:g}"
    click.echo(f"expired {len(expired)} introduction request(s) older than {days} days")
    for request in expired:
        click.echo(f"{request.id}  {request.requester}  {' > '.join(request.path)}")
