"""Node records on Neo4j: the ``NodeRecords`` protocol (people, companies, communities, deals)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from ...errors import Conflict, NotFound
from ...model import NODE_KIND_NAMES, Community, Company, Deal, Node, NodeT, NodeType, Person
from . import cypher, deals, links, values
from .session import Session

#: Ids per UNWIND look-up.
ID_BATCH = 10_000

LABEL: dict[type, str] = {
    Person: "Person",
    Company: "Company",
    Community: "Community",
    Deal: "Deal",
}


def exists(tx: ManagedTransaction, label: str, id: str) -> bool:
    record = tx.run(cypher.EXISTS[label], id=id).single(strict=True)
    return bool(record["found"])


def need(tx: ManagedTransaction, label: str, id: str) -> None:
    """NotFound unless a node ``label`` with ``id`` exists (inside a write's transaction)."""
    if not exists(tx, label, id):
        raise NotFound(label.lower(), id)


def existing_ids(session: Session, label: str, ids: Collection[str]) -> set[str]:
    """Those of ``ids`` that are stored as ``label`` nodes, in one read transaction."""
    wanted = list(dict.fromkeys(ids))
    query = cypher.EXISTING_IDS[label]

    def work(tx: ManagedTransaction) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(wanted), ID_BATCH):
            found.update(r["id"] for r in tx.run(query, ids=wanted[start : start + ID_BATCH]))
        return found

    return session.read(work) if wanted else set()


class NodeRecords:
    """``NodeRecords`` through ``session``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_nodes(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        label = LABEL[kind]
        wanted = list(dict.fromkeys(ids))
        query = cypher.GET_NODES[label]

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            rows: list[dict[str, Any]] = []
            for start in range(0, len(wanted), ID_BATCH):
                rows.extend(tx.run(query, ids=wanted[start : start + ID_BATCH]).data())
            return rows

        out: dict[str, Any] = {}
        for row in self._session.read(work) if wanted else []:
            props = row["props"]
            node: Node
            if label == "Person":
                node = values.person(props)
            elif label == "Company":
                node = values.company(props)
            elif label == "Community":
                node = values.community(props)
            else:
                node = values.deal(props, row["company"], row["owner"])
            out[node.id] = node
        return out

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        return existing_ids(self._session, LABEL[kind], ids)

    def create_node(self, node: Node) -> None:
        label = LABEL[type(node)]
        props = _props(node)

        def work(tx: ManagedTransaction) -> None:
            if exists(tx, label, node.id):
                raise Conflict(
                    f"a {NODE_KIND_NAMES[type(node)]} with id {node.id!r} already exists"
                )
            _put(tx, node, props, create=True)

        self._session.write(work)

    def update_node(self, node: Node) -> None:
        label = LABEL[type(node)]
        props = _props(node)

        def work(tx: ManagedTransaction) -> None:
            if not exists(tx, label, node.id):
                raise NotFound(NODE_KIND_NAMES[type(node)], node.id)
            _put(tx, node, props, create=False)

        self._session.write(work)

    def delete_node(self, kind: NodeType, id: str) -> None:
        label = LABEL[kind]
        name = NODE_KIND_NAMES[kind]

        def work(tx: ManagedTransaction) -> None:
            if label == "Person":
                found = tx.run(cypher.PERSON_PARTNERS, id=id).single()
                if found is None:
                    raise NotFound(name, id)
                # Every pair of theirs disappears with them (LINKs go by DETACH): no other
                # pair's inputs change, since an interaction joins exactly two people.
                tx.run(cypher.DELETE_PERSON, id=id).consume()
            elif label == "Company":
                found = tx.run(cypher.COMPANY_ADVOCATES, id=id).single()
                if found is None:
                    raise NotFound(name, id)
                tx.run(cypher.DELETE_COMPANY, id=id).consume()
                links.refresh_advocacy(tx, found["advocates"])
            else:
                deleted = tx.run(cypher.DELETE_NODE[label], id=id).single(strict=True)
                if deleted["deleted"] == 0:
                    raise NotFound(name, id)

        self._session.write(work)


def _props(node: Node) -> dict[str, Any]:
    if isinstance(node, Person):
        return values.person_props(node)
    if isinstance(node, Company):
        return values.company_props(node)
    if isinstance(node, Community):
        return values.community_props(node)
    return values.deal_props(node)


def _put(tx: ManagedTransaction, node: Node, props: dict[str, Any], *, create: bool) -> None:
    """Write ``node``'s properties: a new node when ``create``, else a full replacement."""
    if isinstance(node, Person):
        tx.run(cypher.CREATE_PERSON if create else cypher.UPDATE_PERSON, props=props).consume()
    elif isinstance(node, Deal):
        need(tx, "Company", node.company_id)
        if node.owner_id is not None:
            need(tx, "Person", node.owner_id)
        before = None if create else deals.stored_stage(tx, node.id)
        tx.run(cypher.PUT_DEAL, props=props, company=node.company_id, owner=node.owner_id).consume()
        deals.record_stage_change(tx, node.id, before, node.stage, datetime.now(UTC))
    else:
        label = LABEL[type(node)]
        query = cypher.CREATE_NODE[label] if create else cypher.UPDATE_NODE[label]
        tx.run(query, props=props).consume()
