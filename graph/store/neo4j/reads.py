"""Relationship reads on Neo4j: the ``RelationshipReads`` protocol."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from ...model import (
    Advocacy,
    Connection,
    ConnectionOrigin,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    LinkEvidence,
    Membership,
)
from .. import values as stored
from ..activity import Activity
from . import cypher, values
from .session import Session


class RelationshipReads:
    """``RelationshipReads`` through ``session``: one read transaction per call."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        if person_id is not None:
            query = cypher.EMPLOYMENTS_OF_PERSON
        elif company_id is not None:
            query = cypher.EMPLOYMENTS_AT_COMPANY
        else:
            query = cypher.EMPLOYMENTS
        rows = self._session.query(
            query, person=person_id, other=company_id, current=bool(current_only)
        )
        return [values.employment(r) for r in rows]

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        rows = self._session.query(cypher.MEMBERSHIPS, person=person_id, other=community_id)
        return [values.membership(r) for r in rows]

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        rows = self._session.query(cypher.ADVOCACIES, person=person_id, other=company_id)
        return [values.advocacy(r) for r in rows]

    def activity_among(self, person_ids: Collection[str]) -> Activity:
        ids = sorted({i for i in person_ids if isinstance(i, str)})
        inter = self._session.query(cypher.ACTIVITY_INTERACTIONS, ids=ids)
        knows = self._session.query(cypher.ACTIVITY_KNOWS, ids=ids)
        return Activity.from_rows(
            [(r["actor"], r["recipient"], r["kind"], float(r["at"])) for r in inter],
            [(min(r["a"], r["b"]), max(r["a"], r["b"]), stored.to_date(r["since"])) for r in knows],
        )

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        rows = self._session.query(cypher.ADVOCATING_PEOPLE, ids=list(dict.fromkeys(person_ids)))
        return {r["id"] for r in rows}

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        """The person's connections, ordered by the other person's id."""
        if limit <= 0:  # Cypher rejects a negative LIMIT; no rows is the answer
            return []
        rows = self._session.query(cypher.CONNECTIONS, id=person_id, limit=int(limit))
        return [values.connection(r) for r in rows]

    def interactions(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Interaction]:
        """The person's interactions (either side), most recent first, then by id."""
        if limit <= 0:
            return []
        at, after_id = (None, None) if after is None else (stored.epoch_seconds(after[0]), after[1])
        rows = self._session.query(
            cypher.INTERACTIONS_OF, id=person_id, limit=int(limit), at=at, after=after_id
        )
        return [values.interaction(r) for r in rows]

    def interaction_count(self, person_id: str) -> int:
        rows = self._session.query(cypher.INTERACTION_COUNT, id=person_id)
        return int(rows[0]["n"]) if rows else 0

    def get_interaction(self, id: str) -> Interaction | None:
        rows = self._session.query(cypher.GET_INTERACTION, id=id)
        return values.interaction(rows[0]) if rows else None

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        rows = self._session.query(cypher.DEALS, company=company_id, owner=owner_id)
        return [values.deal(r["props"], r["company"], r["owner"]) for r in rows]

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair as asked; unknown people or a == b give empty evidence."""
        asked = [[a, b] for a, b in pairs]
        rows = self._session.query(cypher.LINK_EVIDENCE, pairs=asked) if asked else []
        by_index = {r["idx"]: r for r in rows}
        out: list[LinkEvidence] = []
        for idx, (a, b) in enumerate(pairs):
            row = by_index.get(idx)
            if row is None:
                out.append(LinkEvidence(a=a, b=b, connected=False))
                continue
            counts: dict[InteractionKind, int] = {}
            last: float | None = None
            for kind, when in (*row["ab"], *row["ba"]):
                k = InteractionKind(kind)
                counts[k] = counts.get(k, 0) + 1
                last = when if last is None else max(last, when)
            connected = row["origin"] is not None
            out.append(
                LinkEvidence(
                    a=a,
                    b=b,
                    connected=connected,
                    connected_since=stored.to_date(row["since"]),
                    origin=ConnectionOrigin(row["origin"]) if connected else None,
                    counts={k: counts[k] for k in InteractionKind if k in counts},
                    last_interaction_at=stored.utc(last),
                    a_to_b=len(row["ab"]),
                    b_to_a=len(row["ba"]),
                )
            )
        return out
