"""Every kind of failure reaches the client as a message and a stable code, and nothing else."""

from __future__ import annotations

import json
import logging

import pytest

from graph.errors import NotFound, StoreUnavailable, shown

pytestmark = pytest.mark.anyio


async def code_of(gql, query: str, **variables) -> str:
    error = await gql.error(query, **variables)
    assert error["message"]
    code: str = error["extensions"]["code"]
    return code


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ('{ person(id: "ghost") { id } }', "NOT_FOUND", "no person with id 'ghost'"),
        ('{ company(id: "tina") { id } }', "NOT_FOUND", "no company with id 'tina'"),
        ('{ community(id: "acme") { id } }', "NOT_FOUND", "no community with id 'acme'"),
        ('{ deal(id: "acme") { id } }', "NOT_FOUND", "no deal with id 'acme'"),
        ('{ influence(personId: "ghost") { rank } }', "NOT_FOUND", "ghost"),
        ('{ introductionPaths(fromId: "rep-1", toId: "dnc") { hops } }', "DO_NOT_CONTACT", "dnc"),
        (
            '{ introductionPaths(fromId: "rep-1", toId: "tina", maxHops: 0) { hops } }',
            "BAD_INPUT",
            "maximum hops",
        ),
        ('{ introductionPaths(fromId: "rep-1") { hops } }', "BAD_INPUT", "target person"),
        (
            '{ introductionPaths(fromId: "rep-1", toCompanyId: "tina") { hops } }',
            "NOT_FOUND",
            "company",
        ),
        ('{ searchPeople(query: "a", first: 0) { totalCount } }', "BAD_INPUT", "first"),
        ('{ searchDeals(query: "a", first: 101) { totalCount } }', "BAD_INPUT", "first"),
        ('{ searchCompanies(query: "a", after: "x") { totalCount } }', "BAD_INPUT", "cursor"),
        (
            '{ topInfluencers(communityId: "guild", companyId: "acme") { rank } }',
            "BAD_INPUT",
            "at most one",
        ),
        ("{ advocateDensity(hops: 2) { density } }", "BAD_INPUT", "exactly one"),
        ('{ advocateDensity(personId: "rep-1", hops: 9) { density } }', "BAD_INPUT", "hops"),
        ('{ person(id: "tina") { connections(limit: 0) { since } } }', "BAD_INPUT", "limit"),
    ],
)
async def test_service_errors_keep_their_code_and_message(gql, world, query, code, message):
    error = await gql.error(query)
    assert error["extensions"]["code"] == code
    assert message in error["message"]


def test_an_echoed_value_is_cut_short():
    assert shown("ghost") == "'ghost'"
    assert shown(42) == "42"
    long = "x" * 200_000
    assert shown(long) == repr("x" * 64) + "… (200,000 characters)"
    assert len(NotFound("person", long).message) < 120


async def test_a_huge_id_is_not_echoed_back_whole(gql, world):
    huge = "p" * 200_000
    error = await gql.error("query ($id: ID!) { person(id: $id) { id } }", id=huge)
    assert error["extensions"]["code"] in {"NOT_FOUND", "BAD_INPUT"}
    assert len(error["message"]) < 200 and "200,000 characters" in error["message"]


async def test_not_found_gives_null_data_for_that_field_only(gql, world):
    body = await gql.raw('{ person(id: "ghost") { id } company(id: "acme") { name } }')
    assert body["data"] == {"person": None, "company": {"name": "Acme Corp"}}
    assert body["errors"][0]["path"] == ["person"]
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        # malformed Date / DateTime, as variables and as literals
        (
            'mutation ($d: Date) { connectPeople(a: "cat", b: "ann", since: $d) { since } }',
            {"d": "2021-13-45"},
        ),
        ('mutation { connectPeople(a: "cat", b: "ann", since: "yesterday") { since } }', {}),
        (
            "mutation ($i: InteractionInput!) { recordInteraction(input: $i) { id } }",
            {"i": {"kind": "CALL", "actorId": "cat", "recipientId": "ann", "at": "noon"}},
        ),
        # wrong types, unknown enum values, unknown fields and arguments, syntax
        ("{ searchPeople(query: 5) { totalCount } }", {}),
        ('query ($n: Int) { searchPeople(query: "a", first: $n) { totalCount } }', {"n": "ten"}),
        ('{ introductionPaths(fromId: "rep-1", toId: "tina", rankBy: SHORTEST) { hops } }', {}),
        ('{ person(id: "tina") { salary } }', {}),
        ('{ person(id: "tina", version: 2) { id } }', {}),
        (
            "mutation ($i: PersonInput!) { createPerson(input: $i) { id } }",
            {"i": {"id": "x", "name": "X", "shoeSize": 9}},
        ),
        ('{ person(id: "tina") { id }', {}),
        ('{ searchPeople(query: "a", first: 99999999999) { totalCount } }', {}),
    ],
)
async def test_malformed_requests_are_bad_input(gql, world, query, variables):
    body = await gql.raw(query, **variables)
    assert body.get("data") is None
    assert body["errors"], body
    for error in body["errors"]:
        assert error["extensions"]["code"] == "BAD_INPUT", error
        assert error["message"]


async def test_depth_limit(gql, world):
    deep = '{ person(id: "tina") { ' + "currentCompany { currentEmployees { " * 6 + "id"
    deep += " } }" * 6 + " } }"
    error = await gql.error(deep)
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "depth" in error["message"]
    shallow = '{ person(id: "tina") { currentCompany { currentEmployees { currentCompany { id }'
    shallow += " } } } }"
    assert (await gql.data(shallow))["person"]["currentCompany"]["currentEmployees"]


async def test_unexpected_errors_are_masked_and_logged(gql, world, service, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail at /srv/warmgraph/db.sqlite")

    monkeypatch.setattr(service, "search_people", broken)
    with caplog.at_level(logging.ERROR, logger="warmgraph.api"):
        body = await gql.raw('{ searchPeople(query: "a") { totalCount } }')
    assert body["errors"] == [
        {
            "message": "internal error",
            "locations": [{"line": 1, "column": 3}],
            "path": ["searchPeople"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert "secret" not in str(body)
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "secret detail" in str(logged[0].exc_info[1])


async def test_store_unavailable(gql, world, service, client):
    service.store.close()
    # the token cannot be checked, so the request is refused before GraphQL runs
    response = await client.post("/graphql", json={"query": '{ person(id: "tina") { id } }'})
    assert response.status_code == 503
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "STORE_UNAVAILABLE"}
    assert "closed" in error["message"]
    health = await client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable" and "closed" in health.json()["reason"]


async def test_store_unavailable_from_any_call(gql, world, service, monkeypatch):
    def down(*args, **kwargs):
        raise StoreUnavailable("SQLite store unavailable: database is locked")

    monkeypatch.setattr(service.store, "introduction_paths", down)
    error = await gql.error('{ introductionPaths(fromId: "rep-1", toId: "tina") { hops } }')
    assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert error["message"] == "SQLite store unavailable: database is locked"


FAILING_MUTATIONS = [
    ('mutation { createPerson(input: {id: "ann", name: "Another Ann"}) { id } }', "CONFLICT"),
    ('mutation { createPerson(input: {id: "", name: "Nobody"}) { id } }', "BAD_INPUT"),
    ('mutation { updatePerson(id: "ann", input: {name: null}) { id } }', "BAD_INPUT"),
    ('mutation { updatePerson(id: "ann", input: {name: "  "}) { id } }', "BAD_INPUT"),
    ('mutation { updatePerson(id: "ghost", input: {title: "x"}) { id } }', "NOT_FOUND"),
    (
        'mutation { createDeal(input: {id: "d-2", name: "X", companyId: "nope"}) { id } }',
        "NOT_FOUND",
    ),
    ('mutation { connectPeople(a: "ann", b: "ann") { since } }', "BAD_INPUT"),
    ('mutation { connectPeople(a: "ann", b: "ghost") { since } }', "NOT_FOUND"),
    ('mutation { disconnectPeople(a: "ann", b: "cat") { removed } }', "NOT_FOUND"),
    (
        'mutation { recordInteraction(input: {kind: CALL, actorId: "ann", recipientId: "ghost"})'
        " { id } }",
        "NOT_FOUND",
    ),
    (
        'mutation { recordInteraction(input: {id: "", kind: CALL, actorId: "ann", '
        'recipientId: "cat"}) { id } }',
        "BAD_INPUT",
    ),
    (
        'mutation { setEmployment(input: {personId: "ann", companyId: "acme", '
        'start: "2024-01-01", end: "2023-01-01"}) { current } }',
        "BAD_INPUT",
    ),
    (
        'mutation { setMembership(input: {personId: "ann", communityId: "nope"}) { role } }',
        "NOT_FOUND",
    ),
    (
        'mutation { setAdvocacy(input: {personId: "ghost", companyId: "us"}) { level } }',
        "NOT_FOUND",
    ),
    ('mutation { deletePerson(id: "ghost") { deleted } }', "NOT_FOUND"),
    ('mutation { deleteCompany(id: "tina") { deleted } }', "NOT_FOUND"),
    # issue 8: values that used to be stored and then broke every later read of them
    (
        'mutation { recordInteraction(input: {kind: CALL, actorId: "ann", recipientId: "cat", '
        'at: "9999-12-31T23:59:59-14:00"}) { id } }',
        "BAD_INPUT",
    ),
    (
        'mutation { recordInteraction(input: {kind: CALL, actorId: "ann", recipientId: "cat", '
        'at: "0001-01-01T00:00:00+14:00"}) { id } }',
        "BAD_INPUT",
    ),
    (
        'mutation { createDeal(input: {id: "d-9", name: "X", companyId: "acme", '
        "amount: -5000}) { id } }",
        "BAD_INPUT",
    ),
    ('mutation { updateDeal(id: "d-1", input: {amount: -1}) { id } }', "BAD_INPUT"),
]

SNAPSHOT = """{
  ann: person(id: "ann") {
    name title tags doNotContact isAdvocate
    employments { company { id } start end }
    memberships { community { id } }
    connections { a { id } b { id } since origin }
    interactions { id kind at }
  }
  cat: person(id: "cat") { connections { a { id } b { id } } interactions { id } }
  acme: company(id: "acme") { name deals { id stage } currentEmployees { id } }
  top: topInfluencers(limit: 50) { person { id } score }
  paths: introductionPaths(fromId: "rep-1", toId: "tina") { strength people { id } }
}"""


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query ($id: ID!) { person(id: $id) { id } }", {"id": "\ud800"}),
        ("query ($id: ID!) { person(id: $id) { id } }", {"id": "rep-1\x00"}),
        (
            "mutation ($i: PersonInput!) { createPerson(input: $i) { id } }",
            {"i": {"id": "p\udfff", "name": "Lone Surrogate"}},
        ),
        (
            "mutation ($i: PersonInput!) { createPerson(input: $i) { id } }",
            {"i": {"id": "x" * 257, "name": "Long Id"}},
        ),
    ],
)
async def test_ids_that_cannot_be_stored_are_bad_input(gql, world, query, variables):
    before = await gql.data(SNAPSHOT)
    # json.dumps escapes a lone surrogate as \ud800, as a browser's JSON.stringify does
    text = json.dumps({"query": query, "variables": variables})
    response = await gql.client.post(
        "/graphql", content=text, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert len(error["message"]) < 200
    assert await gql.data(SNAPSHOT) == before


@pytest.mark.parametrize(("mutation", "code"), FAILING_MUTATIONS)
async def test_a_failing_mutation_changes_nothing(gql, world, mutation, code):
    before = await gql.data(SNAPSHOT)
    error = await gql.error(mutation)
    assert error["extensions"]["code"] == code
    assert await gql.data(SNAPSHOT) == before
