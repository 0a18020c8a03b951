"""Global ids, ``node(id)`` and the Relay connections of nested lists, over the real app."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest

from schema.ids import global_id, local_id
from tests.conftest import NOW

pytestmark = pytest.mark.anyio


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# -- global ids ---------------------------------------------------------------------------
async def test_every_node_has_a_global_id_and_its_local_id(gql, world) -> None:
    data = await gql.data(
        """{ person(id: "ann") { id localId }
             company(id: "acme") { id localId }
             community(id: "guild") { id localId } }"""
    )
    assert data["person"] == {"id": b64("Person:ann"), "localId": "ann"}
    assert data["company"] == {"id": b64("Company:acme"), "localId": "acme"}
    assert data["community"] == {"id": b64("Community:guild"), "localId": "guild"}


async def test_a_person_and_a_company_sharing_a_local_id_get_different_ids(gql, world) -> None:
    data = await gql.data('{ p: person(id: "007") { id } c: company(id: "007") { id } }')
    assert data["p"]["id"] != data["c"]["id"]
    found = await gql.data(
        "query ($p: ID!, $c: ID!) { p: node(id: $p) { __typename id } "
        "c: node(id: $c) { __typename ... on Company { name } } }",
        p=data["p"]["id"],
        c=data["c"]["id"],
    )
    assert found["p"] == {"__typename": "Person", "id": data["p"]["id"]}
    assert found["c"] == {"__typename": "Company", "name": "Universal Exports"}


async def test_every_id_argument_takes_either_form(gql, world) -> None:
    ann = global_id("Person", "ann")
    by_global = await gql.data("query ($id: ID!) { person(id: $id) { name } }", id=ann)
    assert by_global == await gql.data('{ person(id: "ann") { name } }')
    # a literal, an argument of another query and a mutation's input
    assert (await gql.data(f'{{ influence(personId: "{ann}") {{ person {{ localId }} }} }}'))[
        "influence"
    ]["person"]["localId"] == "ann"
    written = await gql.data(
        "mutation ($i: MembershipInput!) { setMembership(input: $i) { person { localId } "
        "community { localId } } }",
        i={"personId": ann, "communityId": global_id("Community", "guild")},
    )
    assert written["setMembership"] == {
        "person": {"localId": "ann"},
        "community": {"localId": "guild"},
    }
    patched = await gql.data(
        'mutation ($id: ID!) { updatePerson(id: $id, input: {title: "CTO"}) { localId title } }',
        id=ann,
    )
    assert patched["updatePerson"] == {"localId": "ann", "title": "CTO"}


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("person", "Company:acme"),
        ("company", "Person:ann"),
        ("community", "Person:ann"),
        ("deal", "Community:guild"),
    ],
)
async def test_a_global_id_of_another_kind_is_not_found(gql, world, query, kind) -> None:
    error = await gql.error(f'{{ {query}(id: "{b64(kind)}") {{ localId }} }}')
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_node_is_not_found_for_nothing_or_a_local_id(gql, world) -> None:
    for value in (global_id("Person", "ghost"), "ann"):
        error = await gql.error("query ($id: ID!) { node(id: $id) { id } }", id=value)
        assert error["extensions"]["code"] == "NOT_FOUND", value


@pytest.mark.parametrize("text", ["Person:", "Planet:earth"])
async def test_a_malformed_global_id_is_bad_input_and_changes_nothing(gql, world, text) -> None:
    before = await gql.data('{ person(id: "ann") { title } }')
    for query in (
        "query ($id: ID!) { person(id: $id) { id } }",
        'mutation ($id: ID!) { updatePerson(id: $id, input: {title: "x"}) { id } }',
    ):
        error = await gql.error(query, id=b64(text))
        assert error["extensions"]["code"] == "BAD_INPUT"
        assert "global id" in error["message"]
    literal = await gql.error(f'{{ person(id: "{b64(text)}") {{ id }} }}')
    assert literal["extensions"]["code"] == "BAD_INPUT"
    assert await gql.data('{ person(id: "ann") { title } }') == before


def test_local_id_helpers() -> None:
    assert local_id(global_id("Deal", "d-1"), "Deal") == "d-1"
    assert local_id("d-1", "Deal") == "d-1"
    assert local_id("ann", "Person") == "ann"  # not base64 of "<Type>:...": a local id


# -- connections --------------------------------------------------------------------------
PAGE = """query ($id: ID!, $first: Int, $after: String) { community(id: $id) {
  members(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { person { localId } } } } } }"""

SET = 'mutation ($p: ID!) { setMembership(input: {personId: $p, communityId: "guild"}) { role } }'
REMOVE = 'mutation ($p: ID!) { removeMembership(personId: $p, communityId: "guild") { removed } }'
PERSON = "mutation ($i: PersonInput!) { createPerson(input: $i) { id } }"


async def members_page(gql: Any, first: int, after: str | None) -> dict[str, Any]:
    data = await gql.data(PAGE, id="guild", first=first, after=after)
    page: dict[str, Any] = data["community"]["members"]
    return page


async def test_walking_members_under_concurrent_writes_sees_each_once(gql, world) -> None:
    ids = [f"m{k:02d}" for k in range(30)]
    already = (await members_page(gql, 100, None))["totalCount"]
    for pid in [*ids, "a-early", "z-late"]:
        await gql.data(PERSON, i={"id": pid, "name": pid})
    for pid in ids:
        await gql.data(SET, p=pid)
    removed = {"m07", "m21", "m28"}
    seen: list[str] = []
    after = None
    step = 0
    while True:
        page = await members_page(gql, 4, after)
        seen += [e["node"]["person"]["localId"] for e in page["edges"]]
        if step == 1:  # between pages: rows behind and ahead of the cursor come and go
            for pid in sorted(removed):
                await gql.data(REMOVE, p=pid)
            await gql.data(SET, p="a-early")  # behind the cursor: not seen
            await gql.data(SET, p="z-late")  # ahead of it: seen
            await gql.data(REMOVE, p="m01")  # already seen
        step += 1
        if not page["pageInfo"]["hasNextPage"]:
            assert page["pageInfo"]["endCursor"] == (
                page["edges"][-1]["cursor"] if page["edges"] else None
            )
            break
        after = page["pageInfo"]["endCursor"]
    throughout = [pid for pid in ids if pid not in removed | {"m01"}]
    assert len(seen) == len(set(seen))
    assert set(throughout) <= set(seen)
    assert not (removed - {"m07"}) & set(seen)  # removed before their page came
    assert "z-late" in seen and "a-early" not in seen
    assert (await members_page(gql, 100, None))["totalCount"] == already + len(ids) - 4 + 2


INTERACTIONS = """query ($first: Int, $after: String) { person(id: "cat") {
  interactions(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id at } } } } }"""
RECORD = """mutation ($i: InteractionInput!) { recordInteraction(input: $i) { id } }"""
DELETE = "mutation ($id: ID!) { deleteInteraction(id: $id) { deleted } }"


async def test_walking_interactions_under_concurrent_writes_sees_each_once(gql, world) -> None:
    async def record(id: str, days_ago: float) -> None:
        at = (NOW - timedelta(days=days_ago)).isoformat()
        await gql.data(
            RECORD, i={"id": id, "kind": "EMAIL", "actorId": "cat", "recipientId": "dan", "at": at}
        )

    for k in range(12):
        await record(f"x{k:02d}", 100 + k)  # older than the world's own interactions
    start = await gql.data(INTERACTIONS, first=100)
    before = [e["node"]["id"] for e in start["person"]["interactions"]["edges"]]
    assert start["person"]["interactions"]["totalCount"] == len(before)
    ats = [e["node"]["at"] for e in start["person"]["interactions"]["edges"]]
    assert ats == sorted(ats, reverse=True)  # most recent first
    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(INTERACTIONS, first=5, after=after)
        page = data["person"]["interactions"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if len(seen) == 5:
            await record("newest", 0.01)  # behind the cursor: not seen
            await record("oldest", 1000)  # ahead of it: seen
            await gql.data(DELETE, id="x11")  # ahead of it: gone
            await gql.data(DELETE, id=seen[0])  # already seen
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen))
    assert set(before) - {"x11"} <= set(seen)
    assert "oldest" in seen and "newest" not in seen and "x11" not in seen


@pytest.mark.parametrize(
    "field",
    [
        'person(id: "cat") { connections',
        'person(id: "cat") { interactions',
        'person(id: "rep-1") { deals',
        'company(id: "acme") { currentEmployees',
        'company(id: "acme") { advocacies',
        'company(id: "acme") { deals',
        'community(id: "guild") { members',
    ],
)
async def test_every_connection_refuses_a_bad_page(gql, world, field) -> None:
    for first in (0, 101, -1):
        error = await gql.error(f"{{ {field}(first: {first}) {{ totalCount }} }} }}")
        assert error["extensions"]["code"] == "BAD_INPUT", first
        assert "first" in error["message"]
    for cursor in ("nonsense", b64('["another list", "x"]'), b64("[]")):
        error = await gql.error(f'{{ {field}(after: "{cursor}") {{ totalCount }} }} }}')
        assert error["extensions"]["code"] == "BAD_INPUT", cursor
        assert "cursor" in error["message"]
    data = await gql.data(f"{{ {field}(first: 100) {{ totalCount edges {{ cursor }} }} }} }}")
    (node,) = data.values()
    (page,) = node.values()
    assert page["totalCount"] == len(page["edges"])


async def test_connections_page_by_the_other_persons_id(gql, world) -> None:
    query = """query ($after: String) { person(id: "rep-1") {
        connections(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { a { localId } b { localId } } } } } }"""
    others: list[str] = []
    after = None
    while True:
        page = (await gql.data(query, after=after))["person"]["connections"]
        for e in page["edges"]:
            a, b = e["node"]["a"]["localId"], e["node"]["b"]["localId"]
            others.append(b if a == "rep-1" else a)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert others == sorted(others) == ["ann", "bob", "cat", "dnc"]
    assert page["totalCount"] == 4
