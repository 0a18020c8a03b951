"""``warmgraph import KIND PATH``: read a LinkedIn export, a mailbox, a calendar or a CRM
export, merge its people onto those already stored (``loaders.resolve``) and write it, all
or nothing (``loaders.importing``).

Each kind is one row of :data:`KINDS`: the parser's module and function, imported only when
that kind is used, and whether the export is someone's own (then ``--owner`` names them:
their connections, their mail, their meetings).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from graph.access import normalise_email
from graph.errors import BundleError
from graph.model import Person
from graph.service import WarmgraphService
from graph.store.base import Store

from .errors import fail, report_bundle_error
from .options import InstantType, config_option, db_option, make_settings, neo4j_option
from .progress import StageProgress
from .stores import open_store, remove_database


@dataclass(frozen=True)
class Kind:
    module: str  # under loaders.sources
    function: str
    owned: bool  # someone's own export: --owner is required
    call: Callable[[Callable[..., Any], Path, frozenset[str], datetime], Any]


KINDS: dict[str, Kind] = {
    "linkedin": Kind("linkedin", "parse_linkedin", True, lambda f, path, _, __: f(path)),
    "mbox": Kind("mbox", "parse_mbox", True, lambda f, path, owner, _: f(path, owner)),
    "ics": Kind("ics", "parse_ics", True, lambda f, path, owner, now: f(path, owner, now)),
    "salesforce": Kind("salesforce", "parse_salesforce", False, lambda f, path, _, __: f(path)),
    "hubspot": Kind("hubspot", "parse_hubspot", False, lambda f, path, _, __: f(path)),
}


def _parser(kind: str) -> Callable[..., Any]:
    entry = KINDS[kind]
    module = importlib.import_module(f"loaders.sources.{entry.module}")
    parse: Callable[..., Any] = getattr(module, entry.function)
    return parse


def _owner_emails(store: Store, kind: str, owner: str | None) -> frozenset[str]:
    """The owner's addresses (what tells their own messages and meetings); a clear error
    when the kind needs an owner and none, or no such person, is given."""
    if owner is None:
        if KINDS[kind].owned:
            fail(f"a {kind} import is one person's own data: give --owner PERSON_ID")
        return frozenset()
    found = store.get_nodes(Person, [owner]).get(owner)
    if found is None:
        fail(f"--owner {owner}: no such person (add them first, or load a bundle naming them)")
    if kind in ("mbox", "ics") and not found.email:
        fail(
            f"--owner {owner}: the person has no e-mail address, which tells their own {kind} "
            "entries apart; set it first"
        )
    return frozenset({normalise_email(found.email)} if found.email else set())


@click.command("import")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--owner",
    metavar="PERSON_ID",
    help="The person whose export it is (required "
    "for linkedin, mbox and ics; must already be stored).",
)
@db_option()
@neo4j_option
@config_option
@click.option(
    "--now",
    type=InstantType(),
    envvar="WARMGRAPH_NOW",
    show_envvar=True,
    help="The moment meetings must have started before to count (ics), and on "
    "Neo4j the moment stored tie strengths are measured from (default: now).",
)
@click.option(
    "--dry-run", is_flag=True, help="Resolve and validate, print the summary, write nothing."
)
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the good rows of a file with "
    "malformed ones (listed in the summary); without it, any bad row rejects the "
    "whole import.",
)
def import_command(
    kind: str,
    path: Path,
    owner: str | None,
    db_path: Path,
    neo4j_uri: str | None,
    config_path: Path | None,
    now: datetime | None,
    dry_run: bool,
    skip_bad_rows: bool,
) -> None:
    """Import KIND (linkedin, mbox, ics, salesforce, hubspot) from PATH, merging people
    already stored (by source id, e-mail, LinkedIn profile, then name and company)."""
    from loaders.importing import import_batch

    moment = now or datetime.now(UTC)
    settings = make_settings(db_path, None, moment, neo4j_uri, config_path)
    created = neo4j_uri is None and not db_path.exists()
    store = open_store(settings, strengths=True)
    done = False
    batch = None
    try:
        owner_emails = _owner_emails(store, kind, owner)
        parse = _parser(kind)
        with StageProgress() as progress:
            progress(f"reading {path.name}", 0)
            batch = KINDS[kind].call(parse, path, owner_emails, moment)
            progress(f"reading {path.name}", batch.report.rows_read, batch.report.rows_read)
            summary = import_batch(
                WarmgraphService(store),
                batch,
                owner,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
                progress=progress,
            )
        done = True
    except BundleError as exc:
        report_bundle_error(exc, path)
        if batch is not None and batch.report.rejected and not skip_bad_rows:
            click.echo("(--skip-bad-rows imports the other rows of a file with bad ones)", err=True)
        raise click.exceptions.Exit(1) from None
    finally:
        store.close()
        if created and (not done or dry_run):  # leave no empty database behind
            remove_database(db_path)
    where = neo4j_uri if neo4j_uri is not None else db_path
    verb = "would import" if dry_run else "imported"
    click.echo(f"{verb} {kind} {path} into {where}:")
    for line in summary.lines():
        click.echo(f"  {line}")
