"""Relationship writes on Neo4j: the ``RelationshipWrites`` protocol.

Each write runs in one write transaction (see :mod:`.session`) that also recomputes what
it derives: the LINK of every pair whose inputs it changes, the ``advocacy`` of every
person whose advocacy it changes.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from ...errors import Conflict, NotFound
from ...model import Advocacy, Connection, Employment, Interaction, Membership
from ...strength import StrengthModel
from .. import values as stored
from . import cypher, links, values
from .nodes import exists, need
from .session import Session


class RelationshipWrites:
    """``RelationshipWrites`` through ``session``; LINK strengths from ``model``."""

    def __init__(self, session: Session, model: StrengthModel) -> None:
        self._session = session
        self._model = model

    def connect(self, connection: Connection) -> None:
        a, b = sorted((connection.a, connection.b))
        origin = values.enum_text(connection.origin)
        since = stored.date_text(connection.since)

        def work(tx: ManagedTransaction) -> None:
            need(tx, "Person", a)
            need(tx, "Person", b)
            tx.run(cypher.CONNECT, a=a, b=b, since=since, origin=origin).consume()
            links.refresh_links(tx, self._model, [(a, b)])

        self._session.write(work)

    def disconnect(self, a: str, b: str) -> None:
        a, b = sorted((a, b))

        def work(tx: ManagedTransaction) -> None:
            need(tx, "Person", a)
            need(tx, "Person", b)
            deleted = tx.run(cypher.DISCONNECT, a=a, b=b).single(strict=True)
            if deleted["deleted"] == 0:
                raise NotFound("connection", f"{a}--{b}")
            links.refresh_links(tx, self._model, [(a, b)])

        self._session.write(work)

    def record_interaction(self, interaction: Interaction) -> None:
        i = interaction
        kind = values.enum_text(i.kind)
        at = stored.epoch_seconds(i.at)

        def work(tx: ManagedTransaction) -> None:
            if exists(tx, "Interaction", i.id):
                raise Conflict(f"an interaction with id {i.id!r} already exists")
            need(tx, "Person", i.actor_id)
            need(tx, "Person", i.recipient_id)
            if i.community_id is not None:
                need(tx, "Community", i.community_id)
            tx.run(
                cypher.RECORD_INTERACTION,
                id=i.id,
                kind=kind,
                at=at,
                actor=i.actor_id,
                recipient=i.recipient_id,
                community=i.community_id,
            ).consume()
            links.refresh_links(tx, self._model, [(i.actor_id, i.recipient_id)])

        self._session.write(work)

    def delete_interaction(self, id: str) -> None:
        def work(tx: ManagedTransaction) -> None:
            row = tx.run(cypher.DELETE_INTERACTION, id=id).single()
            if row is None:
                raise NotFound("interaction", id)
            links.refresh_links(tx, self._model, [(row["actor"], row["recipient"])])

        self._session.write(work)

    def set_employment(self, employment: Employment) -> None:
        e = employment
        params = {
            "person": e.person_id,
            "other": e.company_id,
            "title": e.title,
            "start": stored.date_text(e.start),
            "end": stored.date_text(e.end),
        }
        self._set(cypher.SET_EMPLOYMENT, "Company", params)

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self._remove("WORKS_AT", "employment", "Company", person_id, company_id)

    def set_membership(self, membership: Membership) -> None:
        m = membership
        params = {
            "person": m.person_id,
            "other": m.community_id,
            "role": m.role,
            "since": stored.date_text(m.since),
        }
        self._set(cypher.SET_MEMBERSHIP, "Community", params)

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self._remove("MEMBER_OF", "membership", "Community", person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> None:
        a = advocacy
        params = {
            "person": a.person_id,
            "other": a.company_id,
            "level": values.enum_text(a.level),
            "since": stored.date_text(a.since),
        }
        self._set(cypher.SET_ADVOCACY, "Company", params, advocacy=True)

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self._remove("ADVOCATES_FOR", "advocacy", "Company", person_id, company_id)

    def _set(
        self, query: str, other: str, params: dict[str, Any], *, advocacy: bool = False
    ) -> None:
        """Upsert a person's relationship to a company/community (both must exist)."""

        def work(tx: ManagedTransaction) -> None:
            need(tx, "Person", params["person"])
            need(tx, other, params["other"])
            tx.run(query, params).consume()
            if advocacy:
                links.refresh_advocacy(tx, [params["person"]])

        self._session.write(work)

    def _remove(self, rel: str, name: str, other: str, person_id: str, other_id: str) -> None:
        """Delete a person's relationship to a company/community; NotFound if any is absent."""

        def work(tx: ManagedTransaction) -> None:
            need(tx, "Person", person_id)
            need(tx, other, other_id)
            row = tx.run(cypher.REMOVE_REL[rel], person=person_id, other=other_id).single()
            if row is None or row["deleted"] == 0:
                raise NotFound(name, f"{person_id}->{other_id}")
            if rel == "ADVOCATES_FOR":
                links.refresh_advocacy(tx, [person_id])

        self._session.write(work)
