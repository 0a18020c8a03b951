"""Merging one person into another in SQLite (``PersonMerges``), inside the caller's write
transaction: all of it commits or none of it does.

What the kept person's own records become is :func:`graph.store.merging.plan`'s answer
(the rules live there, shared by every backend); the rest only needs a new reference and is
re-pointed in place: interactions, deals owned, users and external ids. Deleting the merged
person last takes with it (``ON DELETE CASCADE``) the KNOWS, jobs, memberships and advocacy
the kept person already had, which the plan folded into theirs.
"""

from __future__ import annotations

import sqlite3

from ...errors import NotFound
from ...model import Person
from ...queries import MergeCounts
from .. import merging
from . import nodes, relationships
from .lookups import need_pk


def _relations(conn: sqlite3.Connection, person_id: str) -> merging.Relations:
    return merging.Relations(
        connections=relationships.connections(conn, person_id, merging.EVERY),
        employments=relationships.employments(conn, person_id, None, False),
        memberships=relationships.memberships(conn, person_id, None),
        advocacies=relationships.advocacies(conn, person_id, None),
    )


def merge_people(conn: sqlite3.Connection, keep_id: str, merge_id: str) -> MergeCounts:
    people = nodes.get(conn, Person, [keep_id, merge_id])
    for person_id in (keep_id, merge_id):
        if person_id not in people:
            raise NotFound("person", person_id)
    keep_pk, merge_pk = need_pk(conn, keep_id), need_pk(conn, merge_id)
    plan = merging.plan(
        people[keep_id], people[merge_id], _relations(conn, keep_id), _relations(conn, merge_id)
    )

    # Interactions between the two would become the kept person's with themselves: gone.
    shared = conn.execute(
        "DELETE FROM interaction WHERE (actor_pk = :k AND recipient_pk = :m) "
        "OR (actor_pk = :m AND recipient_pk = :k)",
        {"k": keep_pk, "m": merge_pk},
    ).rowcount
    # No interaction has the merged person on both sides (CHECK), so each is counted once.
    moved = conn.execute(
        "UPDATE interaction SET actor_pk = ? WHERE actor_pk = ?", (keep_pk, merge_pk)
    ).rowcount
    moved += conn.execute(
        "UPDATE interaction SET recipient_pk = ? WHERE recipient_pk = ?", (keep_pk, merge_pk)
    ).rowcount
    deals = conn.execute(
        "UPDATE deal SET owner_pk = ? WHERE owner_pk = ?", (keep_pk, merge_pk)
    ).rowcount
    users = conn.execute(
        "UPDATE app_user SET person_id = ? WHERE person_id = ?", (keep_id, merge_id)
    ).rowcount
    external = conn.execute(
        "UPDATE external_id SET id = ? WHERE kind = 'person' AND id = ?", (keep_id, merge_id)
    ).rowcount

    for connection in plan.connections:
        relationships.connect(conn, connection)
    for employment in plan.employments:
        relationships.set_employment(conn, employment)
    for membership in plan.memberships:
        relationships.set_membership(conn, membership)
    for advocacy in plan.advocacies:
        relationships.set_advocacy(conn, advocacy)
    nodes.update(conn, plan.person)
    nodes.delete(conn, Person, merge_id)
    return merging.finish(
        plan.counts,
        interactions=moved,
        shared_interactions=shared,
        deals=deals,
        users=users,
        external_ids=external,
    )
