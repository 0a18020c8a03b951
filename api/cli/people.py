"""``warmgraph people ...``: looking after the people in the graph, on the store itself.

``people merge KEEP_ID MERGE_ID`` (and its top-level alias ``merge-people``) makes two
records of the same human one: everything of MERGE_ID moves onto KEEP_ID, then MERGE_ID is
deleted, atomically (the rules: ``graph.store.merging``). It acts as the operator
(``Caller.operator()``), is audited like every write, and prints what moved, one line per
kind. ``people duplicates`` (``api/cli/duplicates.py``) lists the pairs to consider.
Each subcommand is one function on the ``people`` group: add the next beside it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from graph.queries import MergeCounts

from .duplicates import duplicates
from .users import operator_service, store_options

#: How each count is named on its line (the field names of ``MergeCounts``, in words).
LABELS = {
    "connections": "connections",
    "interactions": "interactions",
    "employments": "jobs",
    "memberships": "memberships",
    "advocacies": "advocacies",
    "deals": "deals owned",
    "external_ids": "external ids",
    "users": "users",
    "dropped": "dropped",
}


def describe(counts: MergeCounts) -> list[str]:
    """One ``label: count`` line per kind, in the order of ``MergeCounts``."""
    width = max(len(label) for label in LABELS.values())
    return [
        f"{LABELS[f.name] + ':':<{width + 1}} {getattr(counts, f.name):,}"
        for f in dataclasses.fields(counts)
    ]


@click.group()
def people() -> None:
    """Look after the people in the graph: list likely duplicates, merge them."""


@people.command()
@click.argument("keep_id", metavar="KEEP_ID")
@click.argument("merge_id", metavar="MERGE_ID")
@store_options
def merge(keep_id: str, merge_id: str, db_path: Path, neo4j_uri: str | None) -> None:
    """Merge the person MERGE_ID into KEEP_ID, then delete MERGE_ID.

    Every connection, interaction, job, membership, advocacy, deal, user and external id of
    MERGE_ID moves to KEEP_ID. KEEP_ID's own values win; its empty ones are filled from
    MERGE_ID's, and do-not-contact holds if either had it. All of it or nothing. Prints
    what moved, one line per kind; "dropped" counts what KEEP_ID already had (a connection,
    job, membership or advocacy, folded into KEEP_ID's) and what linked the two to each
    other (their connection and interactions).
    """
    with operator_service(db_path, neo4j_uri) as service:
        _, counts = service.merge_people(keep_id, merge_id)
    click.echo(f"merged person {merge_id!r} into {keep_id!r}; moved:")
    for line in describe(counts):
        click.echo(f"  {line}")


#: ``warmgraph merge-people KEEP_ID MERGE_ID``: the same command at the top level.
merge_people = click.Command(
    "merge-people",
    params=merge.params,
    callback=merge.callback,
    help=merge.help,
    short_help="Merge one person into another (same as `people merge`).",
)


people.add_command(duplicates)
