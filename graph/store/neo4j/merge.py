"""Merging one person into another on Neo4j (``PersonMerges``): one write transaction.

Like every write (:mod:`.session`) it first takes the Meta lock, so nothing changes the two
people between the reads the plan is made from and the writes. What the kept person's own
records become is :func:`graph.store.merging.plan`'s answer (the rules live there, shared by
every backend); interactions, deal ownership, users and external ids are re-pointed; the
merged person is deleted (their LINKs, and what the plan folded, go with them by DETACH);
then the LINK of every pair the kept person took over is recomputed, and their advocacy.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from ...errors import NotFound
from ...queries import MergeCounts
from ...strength import StrengthModel
from .. import merging
from .. import values as stored
from . import cypher, links, values
from .session import Session


def _relations(tx: ManagedTransaction, person_id: str) -> merging.Relations:
    def rows(statement: str, **params: Any) -> list[dict[str, Any]]:
        return tx.run(statement, params).data()

    return merging.Relations(
        connections=[
            values.connection(r)
            for r in rows(cypher.CONNECTIONS, id=person_id, limit=merging.EVERY)
        ],
        employments=[
            values.employment(r)
            for r in rows(cypher.EMPLOYMENTS_OF_PERSON, person=person_id, other=None, current=False)
        ],
        memberships=[
            values.membership(r) for r in rows(cypher.MEMBERSHIPS, person=person_id, other=None)
        ],
        advocacies=[
            values.advocacy(r) for r in rows(cypher.ADVOCACIES, person=person_id, other=None)
        ],
    )


def _put(tx: ManagedTransaction, plan: merging.MergePlan) -> None:
    """Write the kept person's records as the plan has them."""
    date = stored.date_text
    rows: list[tuple[str, list[dict[str, Any]]]] = [
        (
            cypher.MERGE_PUT_CONNECTIONS,
            [
                {"a": c.a, "b": c.b, "since": date(c.since), "origin": values.enum_text(c.origin)}
                for c in plan.connections
            ],
        ),
        (
            cypher.MERGE_PUT_EMPLOYMENTS,
            [
                {
                    "person": e.person_id,
                    "other": e.company_id,
                    "title": e.title,
                    "start": date(e.start),
                    "end": date(e.end),
                }
                for e in plan.employments
            ],
        ),
        (
            cypher.MERGE_PUT_MEMBERSHIPS,
            [
                {
                    "person": m.person_id,
                    "other": m.community_id,
                    "role": m.role,
                    "since": date(m.since),
                }
                for m in plan.memberships
            ],
        ),
        (
            cypher.MERGE_PUT_ADVOCACIES,
            [
                {
                    "person": a.person_id,
                    "other": a.company_id,
                    "level": values.enum_text(a.level),
                    "since": date(a.since),
                }
                for a in plan.advocacies
            ],
        ),
    ]
    for statement, batch in rows:
        if batch:
            tx.run(statement, rows=batch).consume()
    tx.run(cypher.UPDATE_PERSON, props=values.person_props(plan.person)).consume()


class PersonMergeRecords:
    """``PersonMerges`` through ``session``; LINK strengths from ``model``."""

    def __init__(self, session: Session, model: StrengthModel) -> None:
        self._session = session
        self._model = model

    def merge_people(self, keep_id: str, merge_id: str) -> MergeCounts:
        ids = {"keep": keep_id, "merge": merge_id}

        def count(tx: ManagedTransaction, statement: str, **extra: Any) -> int:
            return int(tx.run(statement, {**ids, **extra}).single(strict=True)["n"])

        def work(tx: ManagedTransaction) -> MergeCounts:
            found = tx.run(cypher.GET_NODES["Person"], ids=[keep_id, merge_id]).data()
            people = {p.id: p for p in (values.person(r["props"]) for r in found)}
            for person_id in (keep_id, merge_id):
                if person_id not in people:
                    raise NotFound("person", person_id)
            partners = tx.run(cypher.PERSON_PARTNERS, id=merge_id).single(strict=True)["others"]
            plan = merging.plan(
                people[keep_id],
                people[merge_id],
                _relations(tx, keep_id),
                _relations(tx, merge_id),
            )
            shared = count(tx, cypher.MERGE_DROP_SHARED_INTERACTIONS)
            moved = count(tx, cypher.MERGE_MOVE_SENT) + count(tx, cypher.MERGE_MOVE_RECEIVED)
            deals = count(tx, cypher.MERGE_MOVE_DEALS)
            users = count(tx, cypher.MERGE_MOVE_USERS)
            external = count(tx, cypher.MERGE_MOVE_EXTERNAL_IDS, kind="person")
            _put(tx, plan)
            tx.run(cypher.DELETE_PERSON, id=merge_id).consume()
            links.refresh_links(tx, self._model, [(keep_id, o) for o in partners if o != keep_id])
            links.refresh_advocacy(tx, [keep_id])
            return merging.finish(
                plan.counts,
                interactions=moved,
                shared_interactions=shared,
                deals=deals,
                users=users,
                external_ids=external,
            )

        return self._session.write(work)
