"""The history signals are computed from, on Neo4j: the ``SignalReads`` protocol, one read
transaction per call (statements in :mod:`.cypher`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from ...model import Advocacy, Connection, Employment, Interaction
from .. import values as stored
from . import cypher, values
from .session import Session


class SignalReads:
    def __init__(self, session: Session) -> None:
        self._session = session

    def employment_changes(self, since: date) -> list[Employment]:
        rows = self._session.query(cypher.EMPLOYMENT_CHANGES, since=stored.date_text(since))
        return [values.employment(r) for r in rows]

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        rows = self._session.query(cypher.ADVOCACIES_OF, ids=sorted(set(person_ids)))
        return [values.advocacy(r) for r in rows]

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        rows = self._session.query(cypher.CONNECTIONS_OF, ids=sorted(set(person_ids)))
        return [values.connection(r) for r in rows]

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        rows = self._session.query(cypher.INTERACTIONS_OF_PEOPLE, ids=sorted(set(person_ids)))
        return [values.interaction(r) for r in rows]
