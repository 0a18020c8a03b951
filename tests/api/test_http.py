"""The HTTP surface: GET queries, refused requests, /healthz, the lifespan, and
concurrent use."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from api.app import create_app
from graph.service import WarmgraphService
from graph.store.factory import open_store

from .conftest import assert_no_internals

pytestmark = pytest.mark.anyio


async def test_root_redirects_to_graphql(client):
    # GraphiQL itself (off unless asked) is tested in test_graphiql.py
    root = await client.get("/", follow_redirects=False)
    assert root.status_code in (302, 307) and root.headers["location"] == "/graphql"


async def test_queries_over_get_and_no_mutations_over_get(client, gql):
    await gql.data('mutation { createPerson(input: {id: "p1", name: "Pat"}) { localId } }')
    response = await client.get("/graphql", params={"query": '{ person(id: "p1") { name } }'})
    assert response.status_code == 200
    assert response.json() == {"data": {"person": {"name": "Pat"}}}
    refused = await client.get(
        "/graphql", params={"query": 'mutation { deletePerson(id: "p1") { deleted } }'}
    )
    assert refused.status_code in (400, 405)
    assert "traceback" not in refused.text.lower()
    assert (await gql.data('{ person(id: "p1") { name } }')) == {"person": {"name": "Pat"}}


def assert_graphql_error(response: httpx.Response, status: int, code: str) -> str:
    """A refused request still answers in GraphQL's shape, as JSON, with no internals."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert_no_internals(response.text)
    body = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": code} and error["message"], error
    message: str = error["message"]
    return message


async def test_bad_http_requests_get_a_graphql_error(client):
    def post(body: bytes, content_type: str = "application/json"):
        return client.post("/graphql", content=body, headers={"content-type": content_type})

    assert "JSON" in assert_graphql_error(await post(b"{not json"), 400, "BAD_INPUT")
    assert "JSON" in assert_graphql_error(await post(b"[" * 100_000), 400, "BAD_INPUT")
    assert "object" in assert_graphql_error(await post(b'"a string"'), 400, "BAD_INPUT")
    assert "content type" in assert_graphql_error(await post(b"x", "text/plain"), 400, "BAD_INPUT")
    no_query = await client.post("/graphql", json={"variables": {}})
    assert_graphql_error(no_query, 400, "BAD_INPUT")
    wrong_method = await client.put("/graphql", json={"query": "{ __typename }"})
    assert_graphql_error(wrong_method, 405, "BAD_INPUT")
    assert "POST" in wrong_method.headers["allow"]
    assert_graphql_error(await client.get("/nowhere"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ __typename }", "variables": {"x": "\xff"}}',
        b'{"query": "{ person(id: "\xff\xfe") { localId } }"}',
        b"\xff\xfe\xfd",
    ],
)
async def test_a_body_that_is_not_utf8_is_bad_input(client, body):
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert "UTF-8" in assert_graphql_error(response, 400, "BAD_INPUT")


async def test_json_in_utf8_with_a_bom_or_in_utf16_is_still_read(client):
    for body in (
        b'\xef\xbb\xbf{"query": "{ __typename }"}',
        '{"query": "{ __typename }"}'.encode("utf-16"),
    ):
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        assert response.json() == {"data": {"__typename": "Query"}}


async def test_an_unexpected_error_in_the_view_is_a_masked_500(client, app, monkeypatch, caplog):
    from api.app import WarmgraphGraphQL

    async def broken(self, request, context=None, root_value=None):
        raise RuntimeError("secret detail at /srv/warmgraph")

    monkeypatch.setattr(WarmgraphGraphQL, "run", broken)
    with caplog.at_level(logging.ERROR, logger="warmgraph.api"):
        response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert assert_graphql_error(response, 500, "INTERNAL_SERVER_ERROR") == "internal error"
    assert "secret" not in response.text
    assert any(r.exc_info for r in caplog.records)


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_lifespan_closes_the_store(settings):
    store = open_store(settings)
    app = create_app(WarmgraphService(store))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/healthz")).status_code == 200
    with pytest.raises(Exception, match="closed"):
        store.check_health()


async def test_concurrent_mutations_and_queries_end_consistent(gql, world):
    n = 24

    async def add(i: int) -> None:
        pid = f"c{i:03d}"
        await gql.data(
            "mutation ($i: PersonInput!) { createPerson(input: $i) { localId } }",
            i={"id": pid, "name": f"Concurrent {i}"},
        )
        await gql.data('mutation ($p: ID!) { connectPeople(a: "rep-1", b: $p) { origin } }', p=pid)
        await gql.data(
            'mutation ($p: ID!) { connectPeople(a: $p, b: "tina", origin: CRM) { origin } }',
            p=pid,
        )

    async def read() -> None:
        data = await gql.data(
            """{ introductionPaths(fromId: "rep-1", toId: "tina", limit: 50) { hops strength }
                 topInfluencers(limit: 5) { rank person { localId } }
                 person(id: "rep-1") { connections(first: 100) { totalCount } } }"""
        )
        assert data["introductionPaths"] and len(data["topInfluencers"]) == 5

    await asyncio.gather(*[add(i) for i in range(n)], *[read() for _ in range(n)])

    data = await gql.data(
        """{ person(id: "rep-1") { connections(first: 100) { totalCount } influence { degree } }
             introductionPaths(fromId: "rep-1", toId: "tina", limit: 1000, maxHops: 2) {
               people { localId } strength } }"""
    )
    assert data["person"]["connections"]["totalCount"] == 4 + n
    assert data["person"]["influence"]["degree"] == 4 + n
    two_hop = {
        tuple(p["people"][i]["localId"] for i in range(3)) for p in data["introductionPaths"]
    }
    assert {("rep-1", f"c{i:03d}", "tina") for i in range(n)} <= two_hop
    assert len(two_hop) == n + 2  # the new people, bob and ann
