"""Introduction requests on Neo4j: the ``IntroRequests`` protocol.

Each request is one ``:IntroRequest`` node (unique ``id``); its history is three parallel
lists on it (``historyStatus``, ``historyAt``, ``historyBy``), appended to in the
transaction of each step, so a request and its history are always written together. Not
graph data: writes leave the data version alone.

Concurrency. Neo4j reads are read-committed, so a check followed by a write is safe only
under a lock. A new request first MERGEs and SETs two ``:IntroLock`` nodes, one per
(team, target) and one per connector (keys sorted, so two asks never wait in a circle; the
driver retries a transaction Neo4j still picks as a deadlock victim): a second ask for the
same target or connector waits there until the first commits, then its checks see the first
request. A transition SETs a property of the request before it reads the status, the
compare of its compare-and-set. Times are epoch seconds (``graph.store.values``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from ...errors import Conflict, NotFound
from ...intro import (
    BLOCKING_STATUSES,
    CAPACITY_STATUSES,
    AskRules,
    DuplicateAsk,
    HistoryEntry,
    IntroFilter,
    IntroRequest,
    IntroStatus,
    OverCapacity,
    StaleStatus,
    outcome_of,
)
from ...intro_outcomes import AskOutcome
from ..values import epoch_seconds, instant, utc
from . import cypher
from .session import Session


def _request(p: Mapping[str, Any]) -> IntroRequest:
    history = tuple(
        HistoryEntry(IntroStatus(s), instant(at), by)
        for s, at, by in zip(p["historyStatus"], p["historyAt"], p["historyBy"], strict=True)
    )
    return IntroRequest(
        id=p["id"],
        requester=p["requester"],
        requester_person_id=p.get("requesterPersonId"),
        team=p["team"],
        path=tuple(p["path"]),
        note=p.get("note"),
        status=IntroStatus(p["status"]),
        created_at=instant(p["createdAt"]),
        history=history,
        target_company_id=p.get("targetCompanyId"),
        deal_id=p.get("dealId"),
        meeting_at=utc(p.get("meetingAt")),
        response_note=p.get("responseNote"),
    )


def _props(r: IntroRequest) -> dict[str, Any]:
    props = {
        "id": r.id,
        "requester": r.requester,
        "requesterPersonId": r.requester_person_id,
        "team": r.team,
        "path": list(r.path),
        "connectorId": r.connector_id,
        "targetId": r.target_id,
        "targetCompanyId": r.target_company_id,
        "note": r.note,
        "responseNote": r.response_note,
        "status": r.status.value,
        "createdAt": epoch_seconds(r.created_at),
        "dealId": r.deal_id,
        "meetingAt": None if r.meeting_at is None else epoch_seconds(r.meeting_at),
        "historyStatus": [e.status.value for e in r.history],
        "historyAt": [epoch_seconds(e.at) for e in r.history],
        "historyBy": [e.by for e in r.history],
    }
    return {key: value for key, value in props.items() if value is not None}


def _live(statuses: Collection[IntroStatus], rules: AskRules) -> dict[str, Any]:
    return {
        "statuses": sorted(s.value for s in statuses),
        "expiredBefore": epoch_seconds(rules.expired_before),
    }


def _get(tx: ManagedTransaction, ids: Collection[str]) -> dict[str, IntroRequest]:
    rows = tx.run(cypher.GET_INTROS, ids=sorted(set(ids))).data()
    return {r["props"]["id"]: _request(r["props"]) for r in rows}


class Neo4jIntroRequests:
    """A base of :class:`~.store.Neo4jStore`: the requests through its session."""

    _session: Session

    def create_intro_request(self, request: IntroRequest, rules: AskRules) -> None:
        keys = sorted(
            [
                f"target\x1f{request.team}\x1f{request.target_id}",
                f"connector\x1f{request.connector_id}",
            ]
        )

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher.INTRO_LOCK, keys=keys, at=epoch_seconds(request.created_at)).consume()
            blocking = tx.run(
                cypher.INTRO_BLOCKING,
                team=request.team,
                targetId=request.target_id,
                windowStart=epoch_seconds(rules.window_start),
                **_live(BLOCKING_STATUSES, rules),
            ).data()
            if blocking:
                raise DuplicateAsk(_get(tx, [blocking[0]["id"]])[blocking[0]["id"]])
            found = tx.run(
                cypher.INTRO_OPEN_ASKS,
                connectorId=request.connector_id,
                **_live(CAPACITY_STATUSES, rules),
            ).single(strict=True)
            capacity = rules.default_capacity if found["capacity"] is None else found["capacity"]
            if found["asks"] >= capacity:
                raise OverCapacity(request.connector_id, found["asks"], capacity)
            if tx.run(cypher.INTRO_EXISTS, id=request.id).single(strict=True)["n"]:
                raise Conflict(f"an introduction request with id {request.id!r} already exists")
            tx.run(cypher.CREATE_INTRO, props=_props(request)).consume()

        self._session.write(work, changes_data=False)

    def transition_intro_request(
        self,
        id: str,
        expected: IntroStatus,
        entry: HistoryEntry,
        *,
        deal_id: str | None = None,
        meeting_at: datetime | None = None,
        response_note: str | None = None,
    ) -> IntroRequest:
        changes: dict[str, Any] = {}
        if deal_id is not None:
            changes["dealId"] = deal_id
        if meeting_at is not None:
            changes["meetingAt"] = epoch_seconds(meeting_at)
        if response_note is not None:
            changes["responseNote"] = response_note
        moved = entry.status is not expected
        append = {
            "status": [entry.status.value] if moved else [],
            "at": [epoch_seconds(entry.at)] if moved else [],
            "by": [entry.by] if moved else [],
        }

        def work(tx: ManagedTransaction) -> IntroRequest:
            rows = tx.run(cypher.INTRO_LOCK_REQUEST, id=id, at=epoch_seconds(entry.at)).data()
            if not rows:
                raise NotFound("introduction request", id)
            if rows[0]["status"] != expected.value:
                raise StaleStatus(id, expected, IntroStatus(rows[0]["status"]))
            tx.run(
                cypher.INTRO_TRANSITION,
                id=id,
                expected=expected.value,
                status=entry.status.value,
                changes=changes,
                append=append,
            ).consume()
            return _get(tx, [id])[id]

        return self._session.write(work, changes_data=False)

    def expire_intro_requests(self, before: datetime, at: datetime, by: str) -> list[IntroRequest]:
        def work(tx: ManagedTransaction) -> list[IntroRequest]:
            rows = tx.run(
                cypher.EXPIRE_INTROS, before=epoch_seconds(before), at=epoch_seconds(at), by=by
            ).data()
            return [_request(r["props"]) for r in rows]

        return self._session.write(work, changes_data=False)

    def get_intro_requests(self, ids: Collection[str]) -> dict[str, IntroRequest]:
        return self._session.read(lambda tx: _get(tx, ids))

    def intro_request_page(
        self, filters: IntroFilter, after: tuple[datetime, str] | None, limit: int
    ) -> list[IntroRequest]:
        rows = self._session.query(
            cypher.INTRO_PAGE,
            requester=filters.requester,
            team=filters.team,
            connectorIds=None if filters.connector_ids is None else sorted(filters.connector_ids),
            targetIds=None if filters.target_ids is None else sorted(filters.target_ids),
            statuses=None
            if filters.statuses is None
            else sorted(s.value for s in filters.statuses),
            afterAt=None if after is None else epoch_seconds(after[0]),
            afterId=None if after is None else after[1],
            limit=limit,
        )
        return [_request(r["props"]) for r in rows]

    def ask_outcomes(self) -> list[AskOutcome]:
        return [outcome_of(_request(r["props"])) for r in self._session.query(cypher.ALL_INTROS)]

    def intro_version(self) -> int:
        return int(self._session.query(cypher.INTRO_VERSION)[0]["entries"])

    def set_intro_capacity(self, person_id: str, capacity: int | None) -> None:
        statement = cypher.CLEAR_INTRO_CAPACITY if capacity is None else cypher.SET_INTRO_CAPACITY

        def work(tx: ManagedTransaction) -> None:
            tx.run(statement, personId=person_id, capacity=capacity).consume()

        self._session.write(work, changes_data=False)

    def intro_capacity(self, person_id: str) -> int | None:
        rows = self._session.query(cypher.INTRO_CAPACITY, personId=person_id)
        return None if not rows else int(rows[0]["capacity"])
