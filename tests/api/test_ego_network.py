"""``egoNetwork`` over HTTP on every store, on the hand-built world (tests/api/world.py):
who is drawn around a person, company or community, in which order, the ties among them
with their evidence, the caps, and a clear ``extensions.code`` for every bad argument."""

from __future__ import annotations

from typing import Any

import pytest

from graph.service import WarmgraphService

from .conftest import GQL, clients_for

pytestmark = pytest.mark.anyio

EGO = """
query ($person: ID, $company: ID, $community: ID, $hops: Int, $limit: Int) {
  egoNetwork(personId: $person, companyId: $company, communityId: $community,
             hops: $hops, limit: $limit) {
    center { __typename ... on Person { id: localId } ... on Company { id: localId name }
             ... on Community { id: localId name } }
    people { id: localId email doNotContact }
    links { a { id: localId } b { id: localId } strength
            evidence { connected origin fromToCount toFromCount interactionCount } }
    truncated linksTruncated
  }
}
"""

# rep-1's ties (tests/api/world.py): ann, bob, cat and dnc; tina's: ann, bob, dan and dnc.
REP_NEIGHBOURS = ["ann", "bob", "cat", "dnc"]
COMPONENT = {"rep-1", "ann", "bob", "cat", "dan", "dnc", "tina"}


def by_strength(world: Any, centre: str, others: list[str]) -> list[str]:
    """``others`` strongest tie to ``centre`` first (ties: smaller id)."""
    return sorted(others, key=lambda p: (-world.strength(centre, p), p))


def best_first(world: Any, seeds: list[str], hops: int) -> list[str]:
    """The documented expansion, spelled out naively over the world's ties."""
    ties = {tuple(sorted(pair)) for pair in world.connections} | {
        tuple(sorted((t.actor, t.recipient))) for t in world.touches
    }
    depth = dict.fromkeys(seeds, 0)
    while True:
        reach = [
            (-world.strength(u, v), v)
            for pair in ties
            for u, v in (pair, pair[::-1])
            if u in depth and depth[u] < hops and v not in depth
        ]
        if not reach:
            return list(depth)
        _, chosen = min(reach)
        depth[chosen] = 1 + min(
            depth[u] for pair in ties for u in pair if chosen in pair and u != chosen and u in depth
        )


async def ego(gql: GQL, **variables: Any) -> dict[str, Any]:
    return (await gql.data(EGO, **variables))["egoNetwork"]


async def test_one_hop_around_a_person_is_their_ties_strongest_first(gql, world):
    found = await ego(gql, person="rep-1")
    assert found["center"] == {"__typename": "Person", "id": "rep-1"}
    ids = [p["id"] for p in found["people"]]
    assert ids == ["rep-1", *by_strength(world, "rep-1", REP_NEIGHBOURS)]
    assert found["truncated"] is False and found["linksTruncated"] is False
    # every tie among them, each once, with the documented strength, strongest first
    pairs = [(link["a"]["id"], link["b"]["id"]) for link in found["links"]]
    assert sorted(pairs) == sorted((min("rep-1", p), max("rep-1", p)) for p in REP_NEIGHBOURS)
    for link in found["links"]:
        a, b = link["a"]["id"], link["b"]["id"]
        assert a < b
        assert link["strength"] == pytest.approx(world.strength(a, b))
    strengths = [link["strength"] for link in found["links"]]
    assert strengths == sorted(strengths, reverse=True)


async def test_a_link_carries_its_evidence_seen_from_a(gql, world):
    found = await ego(gql, person="rep-1")
    (ann,) = [x for x in found["links"] if {x["a"]["id"], x["b"]["id"]} == {"ann", "rep-1"}]
    # a is ann (the smaller id): one e-mail from ann, two meetings from rep-1
    assert ann["a"]["id"] == "ann"
    assert ann["evidence"] == {
        "connected": True,
        "origin": "LINKEDIN",
        "fromToCount": 1,
        "toFromCount": 2,
        "interactionCount": 3,
    }


async def test_two_hops_reach_the_whole_component_and_not_beyond(gql, world):
    found = await ego(gql, person="rep-1", hops=2)
    assert {p["id"] for p in found["people"]} == COMPONENT
    assert found["truncated"] is False
    # best first, not breadth first: the next is whoever has the strongest tie to someone
    # already shown, so dnc's strong tie brings tina in before rep-1's weaker ties
    assert [p["id"] for p in found["people"]] == best_first(world, ["rep-1"], hops=2)
    # the people and links of 007 - 7 are elsewhere
    assert all(p["id"] not in ("007", "7") for p in found["people"])


async def test_the_limit_keeps_the_strongest_and_says_so(gql, world):
    found = await ego(gql, person="rep-1", limit=3)
    ids = [p["id"] for p in found["people"]]
    assert ids == ["rep-1", *by_strength(world, "rep-1", REP_NEIGHBOURS)[:2]]
    assert found["truncated"] is True
    assert {x["a"]["id"] for x in found["links"]} | {x["b"]["id"] for x in found["links"]} <= set(
        ids
    )


async def test_a_company_grows_from_its_current_employees(gql, world):
    # tina works at acme now; dan left in 2021 and is no seed
    found = await ego(gql, company="acme")
    assert found["center"] == {"__typename": "Company", "id": "acme", "name": "Acme Corp"}
    ids = [p["id"] for p in found["people"]]
    assert ids == ["tina", *by_strength(world, "tina", ["ann", "bob", "dan", "dnc"])]


async def test_a_community_grows_from_its_members_strongest_connected_first(gql, world):
    found = await ego(gql, community="guild", limit=3)
    assert found["center"]["__typename"] == "Community"
    members = ["ann", "bob", "tina"]

    def total(p: str) -> float:
        return sum(world.strength(p, q) for q in COMPONENT - {p})

    # three seeds fill the limit: the members alone, strongest-connected first, and the
    # people they know were left out
    assert [p["id"] for p in found["people"]] == sorted(members, key=lambda p: (-total(p), p))
    assert found["truncated"] is True
    wider = await ego(gql, community="guild", limit=50)
    assert {p["id"] for p in wider["people"]} == {*members, "rep-1", "dan", "dnc"}
    assert wider["truncated"] is False


async def test_a_company_with_nobody_is_an_empty_network(gql, world):
    found = await ego(gql, company="us", hops=2)
    # rep-1 works at us: the seed. A company with no current employee has no network.
    assert found["people"][0]["id"] == "rep-1"
    await gql.data('mutation { createCompany(input: {id: "nobody", name: "Nobody Ltd"}) { id } }')
    empty = await ego(gql, company="nobody")
    assert empty["people"] == [] and empty["links"] == [] and empty["truncated"] is False


async def test_do_not_contact_people_are_shown_flagged_with_details_hidden(service, app, world):
    """dnc is part of rep-1's network: flagged for everyone, e-mail only for admins."""
    tokens = {
        "admin": service.users.add("boss@warmgraph.test", "admin")[1],
        "analyst": service.users.add("ana@warmgraph.test", "analyst")[1],
        "rep": service.users.add("rep@warmgraph.test", "rep", person_id="rep-1")[1],
    }
    async with clients_for(app, tokens) as make:
        for role in ("admin", "analyst", "rep"):
            found = await ego(make(role), person="rep-1")
            (dnc,) = [p for p in found["people"] if p["id"] == "dnc"]
            assert dnc["doNotContact"] is True
            assert dnc["email"] == ("dnc@example.com" if role == "admin" else None)
            assert any("dnc" in (x["a"]["id"], x["b"]["id"]) for x in found["links"])


@pytest.mark.parametrize(
    ("variables", "code", "says"),
    [
        ({}, "BAD_INPUT", "person"),
        ({"person": "rep-1", "company": "acme"}, "BAD_INPUT", "company"),
        ({"person": "rep-1", "hops": 0}, "BAD_INPUT", "hops"),
        ({"person": "rep-1", "hops": 3}, "BAD_INPUT", "hops"),
        ({"person": "rep-1", "limit": 0}, "BAD_INPUT", "limit"),
        ({"person": "rep-1", "limit": 201}, "BAD_INPUT", "limit"),
        ({"person": "nobody"}, "NOT_FOUND", "nobody"),
        ({"company": "nobody"}, "NOT_FOUND", "nobody"),
        ({"community": "nobody"}, "NOT_FOUND", "nobody"),
    ],
)
async def test_bad_arguments_are_refused_clearly(gql, world, variables, code, says):
    error = await gql.error(EGO, **variables)
    assert error["extensions"]["code"] == code
    assert says in error["message"]
    assert error["data"] is None


async def test_the_cost_grows_with_the_limit(gql, world, service: WarmgraphService):
    """A limit of 200 with a heavy selection per person is refused before it runs."""
    heavy = """query { egoNetwork(personId: "rep-1", limit: 200) {
        people { memberships { community { id } }
                 connections { edges { node { b { id } } } } } } }"""
    error = await gql.error(heavy)
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "costs" in error["message"]
    light = """query { egoNetwork(personId: "rep-1", limit: 200) {
        people { memberships { community { id } }
                 connections { edges { node { b { id } } } } } } }"""
    assert "egoNetwork" in await gql.data(light.replace("200", "5"))


async def test_seeds_beyond_the_limit_are_the_weakest_connected(gql, world):
    members = ["ann", "bob", "tina"]

    def total(p: str) -> float:
        return sum(world.strength(p, q) for q in COMPONENT - {p})

    found = await ego(gql, community="guild", limit=2)
    strongest = sorted(members, key=lambda p: (-total(p), p))[:2]
    assert [p["id"] for p in found["people"]] == strongest
    assert found["truncated"] is True


async def test_a_new_tie_shows_at_once(gql, world):
    """The projection is cached per data version: a write is in the next answer."""
    before = await ego(gql, person="rep-1")
    assert "007" not in {p["id"] for p in before["people"]}
    await gql.data('mutation { connectPeople(a: "rep-1", b: "007") { origin } }')
    after = await ego(gql, person="rep-1", hops=2)
    assert {"007", "7"} <= {p["id"] for p in after["people"]}


def test_the_cost_counts_people_by_limit_links_four_times_and_the_center() -> None:
    """The cost rule (schema/limits.py) before anything runs: people count ``limit`` times,
    links 4 x ``limit`` times, and what is asked of the centre through its fragments too."""
    import graphql

    from schema import build_schema
    from schema.limits import query_cost

    def cost(query: str, **variables: Any) -> int:
        return query_cost(build_schema()._schema, graphql.parse(query), variables)

    people = cost("{ egoNetwork(personId: 1, limit: 10) { people { id } } }")
    assert people == 1 + 10 * (1 + 1)
    links = cost(
        "query ($n: Int) { egoNetwork(personId: 1, limit: $n) { links { strength } } }", n=10
    )
    assert links == 1 + 10 * (1 + 4 * 1)
    assert cost("{ egoNetwork(personId: 1) { people { id } } }") == 1 + 50 * 2  # the default
    # a company's employees asked through the centre's fragment are a page of 50 each
    center = cost(
        "{ egoNetwork(companyId: 1, limit: 10) { center { ... on Company { "
        "currentEmployees { edges { node { id } } } } } } }"
    )
    # a page of 50 (the default first) employees, each costing 1 + 1
    assert center == 1 + 10 * (1 + (1 + (1 + 50 * (1 + 1))))
