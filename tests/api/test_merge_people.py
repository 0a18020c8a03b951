"""``mergePeople`` over HTTP: an admin merges two records of one human; nobody else may, and
a refused or failed merge changes nothing. Runs on every backend (the hand-built world)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import GQL, bearer

pytestmark = pytest.mark.anyio

MERGE = """mutation ($keep: ID!, $merge: ID!) {
  mergePeople(keepId: $keep, mergeId: $merge) { localId name title }
}"""
CAT = """{ person(id: "cat") {
  connections { edges { node { a { localId } b { localId } } } }
  interactions(first: 100) { totalCount edges { node { actor { localId } recipient { localId } } } }
  employments { company { localId } current }
} }"""
DAN = '{ person(id: "dan") { localId } }'


def nodes(connection: dict) -> list:
    """The nodes of a connection's page."""
    return [e["node"] for e in connection["edges"]]


async def test_an_admin_merge_moves_everything_onto_the_kept_person(gql: GQL, world: Any) -> None:
    kept = (await gql.data(MERGE, keep="cat", merge="dan"))["mergePeople"]
    assert kept == {"localId": "cat", "name": "Cat Chen", "title": "Engineer"}
    cat = (await gql.data(CAT))["person"]
    others = {
        c["a"]["localId"] if c["b"]["localId"] == "cat" else c["b"]["localId"]
        for c in nodes(cat["connections"])
    }
    assert others == {"rep-1", "tina"}  # dan's tina moved; the cat--dan link is gone
    pairs = {(i["actor"]["localId"], i["recipient"]["localId"]) for i in nodes(cat["interactions"])}
    assert pairs == {("rep-1", "cat"), ("cat", "rep-1"), ("cat", "tina"), ("tina", "cat")}
    assert cat["interactions"]["totalCount"] == 16  # 8 with rep-1, 8 taken over from dan with tina
    assert [(e["company"]["localId"], e["current"]) for e in cat["employments"]] == [
        ("acme", False)
    ]
    error = await gql.error(DAN)
    assert error["extensions"]["code"] == "NOT_FOUND"
    paths = await gql.data(
        '{ introductionPaths(fromId: "rep-1", toId: "tina", limit: 20) { people { localId } } }'
    )
    people = [[p["localId"] for p in path["people"]] for path in paths["introductionPaths"]]
    assert ["rep-1", "cat", "tina"] in people
    assert not any("dan" in path for path in people)


@pytest.mark.parametrize("role", ["rep", "manager", "analyst"])
async def test_only_an_admin_may_merge_and_a_refusal_changes_nothing(
    app: Any, service: Any, world: Any, gql: GQL, role: str
) -> None:
    _, token = service.users.add(f"{role}@team.example", role, "cat", "east")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://warmgraph.test",
        headers=bearer(token),
    ) as client:
        error = await GQL(client).error(MERGE, keep="cat", merge="dan")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["data"] is None
    assert (await gql.data(DAN))["person"] == {"localId": "dan"}
    assert len((await gql.data(CAT))["person"]["connections"]["edges"]) == 2


@pytest.mark.parametrize(
    ("keep", "merge", "code", "message"),
    [
        ("cat", "ghost", "NOT_FOUND", "ghost"),
        ("ghost", "dan", "NOT_FOUND", "ghost"),
        ("cat", "cat", "BAD_INPUT", "themselves"),
        ("cat", "", "BAD_INPUT", "person id"),
    ],
)
async def test_bad_merges_are_refused_with_a_code(
    gql: GQL, world: Any, keep: str, merge: str, code: str, message: str
) -> None:
    error = await gql.error(MERGE, keep=keep, merge=merge)
    assert error["extensions"]["code"] == code
    assert message in error["message"]
    assert (await gql.data(DAN))["person"] == {"localId": "dan"}
