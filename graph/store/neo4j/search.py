"""Search by name on Neo4j: the ``NameSearch`` protocol, one read per call (the statements
are ``cypher.SEARCH*``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...model import Node, NodeType
from ...search_query import NameQuery, SearchKey
from . import cypher, values
from .nodes import LABEL
from .session import Session


def _node(label: str, row: Mapping[str, Any]) -> Node:
    props = row["props"]
    if label == "Person":
        return values.person(props)
    if label == "Company":
        return values.company(props)
    if label == "Community":
        return values.community(props)
    return values.deal(props, row["company"], row["owner"])


def _params(query: NameQuery) -> dict[str, Any]:
    return {
        "n": query.text,
        "exact": query.text + values.SEARCH_SEP,
        "sep": values.SEARCH_SEP,
        "hide": query.hide_private_emails,
        "owners": None if query.owners is None else sorted(query.owners),
    }


def _nothing_found(query: NameQuery) -> bool:
    # the separator only joins the fields of a stored key: a text holding it would match
    # across fields, so it matches nobody; an empty owner set owns no deal
    return values.SEARCH_SEP in query.text or (query.owners is not None and not query.owners)


class NameSearchRecords:
    """``NameSearch`` through ``session``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def page(
        self, kind: NodeType, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Any]]:
        if limit <= 0 or _nothing_found(query):
            return []
        label = LABEL[kind]
        statement = (cypher.SEARCH if query.text else cypher.SEARCH_EVERYBODY)[label]
        rows = self._session.query(
            statement,
            **_params(query),
            hasAfter=after is not None,
            afterTier=0 if after is None else after.tier,
            afterName="" if after is None else after.name,
            afterId="" if after is None else after.id,
            limit=int(limit),
        )
        found = []
        for row in rows:
            node = _node(label, row)
            found.append((SearchKey(int(row["tier"]), node.name, node.id), node))
        return found

    def count(self, kind: NodeType, query: NameQuery) -> int:
        if _nothing_found(query):
            return 0
        label = LABEL[kind]
        statement = (cypher.SEARCH_COUNT if query.text else cypher.EVERYBODY_COUNT)[label]
        rows = self._session.query(statement, **_params(query))
        return int(rows[0]["n"])
