"""Every request bound at, just under and just over its threshold, through the real app."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import graphql
import httpx
import pytest

from api.app import create_app
from schema import build_schema
from schema.limits import Limits, query_cost
from tests.api.conftest import admin_token, bearer

pytestmark = pytest.mark.anyio

SEARCH = "{ topInfluencers(limit: 10) { rank score } }"  # cost 1 + 10 * 2 = 21


def limited(service: Any, **limits: Any) -> httpx.AsyncClient:
    """A client (an admin's) of an app with these limits."""
    app = create_app(service, limits=Limits(**limits))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://t",
        headers=bearer(admin_token(service, "limits@warmgraph.test")),
    )


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables})


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    assert len(body["errors"]) == 1, body
    error = body["errors"][0]
    return response.status_code, error["extensions"]["code"], error["message"]


def aliases(n: int) -> str:
    return (
        "{ " + " ".join(f'a{i}: searchPeople(query: "x") {{ totalCount }}' for i in range(n)) + " }"
    )


# --- document limits -------------------------------------------------------------------


@pytest.mark.parametrize(("count", "refused"), [(2, False), (3, False), (4, True)])
async def test_alias_limit(service, count, refused) -> None:
    async with limited(service, max_aliases=3) as client:
        response = await post(client, aliases(count))
    if refused:
        assert error_of(response) == (200, "BAD_INPUT", "too many aliases: 4 (the limit is 3)")
    else:
        assert "errors" not in response.json()


def tokens_of(query: str) -> int:
    n = 1
    while True:
        try:
            graphql.parse(query, max_tokens=n)
            return n
        except graphql.GraphQLError:
            n += 1


@pytest.mark.parametrize(("slack", "refused"), [(1, False), (0, False), (-1, True)])
async def test_token_limit(service, slack, refused) -> None:
    limit = tokens_of(SEARCH) + slack
    async with limited(service, max_tokens=limit) as client:
        response = await post(client, SEARCH)
    if refused:
        status, code, message = error_of(response)
        assert (status, code) == (200, "BAD_INPUT")
        assert str(limit) in message and "tokens" in message
    else:
        assert "errors" not in response.json()


# 5 fields
FRAGMENT = (
    '{ searchPeople(query: "x") { edges { node { ...F } } } } fragment F on Person { id name }'
)


@pytest.mark.parametrize(("limit", "refused"), [(6, False), (5, False), (4, True)])
async def test_expanded_field_limit(service, limit, refused) -> None:
    async with limited(service, max_fields=limit) as client:
        response = await post(client, FRAGMENT)
    if refused:
        assert error_of(response) == (
            200,
            "BAD_INPUT",
            "too many fields once fragments are expanded: 5 (the limit is 4)",
        )
    else:
        assert "errors" not in response.json()


def fragment_bomb(levels: int) -> str:
    parts = ["fragment F0 on Person { id name }"]
    parts += [f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels)]
    top = f'{{ searchPeople(query: "x") {{ edges {{ node {{ ...F{levels - 1} }} }} }} }} '
    return top + " ".join(parts)


async def test_fragment_bomb_is_refused_without_expanding_it(gql) -> None:
    error = await gql.error(fragment_bomb(20))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "too many fields once fragments are expanded: 1,048,579" in error["message"]
    deep = await gql.error(fragment_bomb(60))  # 2**60 fields: only memoisation survives this
    assert "too many fields" in deep["message"]


async def test_thousand_aliases_are_refused(service) -> None:
    paths = 'introductionPaths(fromId: "a", toId: "b", maxHops: 6) { hops }'
    query = "{ " + " ".join(f"a{i}: {paths}" for i in range(1000)) + " }"
    async with limited(service) as client:  # the token limit stops it first
        assert error_of(await post(client, query))[1] == "BAD_INPUT"
    async with limited(service, max_tokens=100_000) as client:
        status, code, message = error_of(await post(client, query))
    assert (status, code) == (200, "BAD_INPUT")
    assert "aliases: 1,000" in message


async def test_one_operation_per_document(gql) -> None:
    error = await gql.error(
        'query A { searchPeople(query: "x") { totalCount } } query B { __typename }'
    )
    assert error["message"] == "a document may hold one operation, this one holds 2"
    assert error["extensions"]["code"] == "BAD_INPUT"


async def test_batched_requests_are_refused(client) -> None:
    response = await client.post("/graphql", json=[{"query": SEARCH}, {"query": SEARCH}])
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


async def test_depth_limit_is_kept(gql) -> None:
    inner = "id"
    for _ in range(7):  # 1 + 2 * 7 = 15 levels
        inner = f"currentCompany {{ currentEmployees {{ {inner} }} }}"
    error = await gql.error(f'{{ person(id: "x") {{ {inner} }} }}')
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "depth" in error["message"]


# --- cost ------------------------------------------------------------------------------


def cost(query: str, **variables: Any) -> int:
    return query_cost(build_schema()._schema, graphql.parse(query), variables)


def test_cost_rule() -> None:
    assert cost(SEARCH) == 21
    assert cost('{ introductionPaths(fromId: "a", toId: "b") { hops } }') == 1 + 3 * 5
    paths = 'query($h: Int, $l: Int) { introductionPaths(fromId: "a", toId: "b", maxHops: $h, limit: $l) { hops people { id } } }'  # noqa: E501
    assert cost(paths, h=6, l=10) == 1 + 60 * (1 + 1 + 1)
    assert cost('{ person(id: "a") { connections(limit: 7) { since } } }') == 1 + 1 + 7


@pytest.mark.parametrize(("limit", "refused"), [(22, False), (21, False), (20, True)])
async def test_cost_limit(service, limit, refused) -> None:
    async with limited(service, max_cost=limit) as client:
        response = await post(client, SEARCH)
    if refused:
        assert error_of(response) == (
            200,
            "BAD_INPUT",
            "the query costs 21, over the limit of 20",
        )
    else:
        assert "errors" not in response.json()


AMPLIFYING = [
    # 106 bytes that grew the process to 6.9 GB
    '{ community(id: "g") { members { person { memberships { community { members { person '
    "{ name } } } } } } } }",
    # a 6-hop query with nested employees
    '{ introductionPaths(fromId: "a", toId: "b", maxHops: 6, limit: 20) { people { '
    "currentCompany { currentEmployees { name connections { since } } } } } }",
]


@pytest.mark.parametrize("query", AMPLIFYING)
async def test_amplifying_queries_are_refused_before_they_run(gql, query) -> None:
    error = await gql.error(query)
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "over the limit of 50,000" in error["message"]
    assert error["data"] is None


async def test_readme_query_is_cheap(world, gql) -> None:
    query = """{ introductionPaths(fromId: "rep-1", toId: "tina", maxHops: 3, limit: 5) {
        hops strength people { id name title }
        links { from { name } to { name } strength
                evidence { connected interactionCount lastInteractionAt
                           interactions { kind count } } }
        advocates { name } } }"""
    assert cost(query) < 1_000
    assert (await gql.data(query))["introductionPaths"]


# --- the body --------------------------------------------------------------------------


def body_of_size(size: int) -> bytes:
    base = json.dumps({"query": SEARCH, "pad": ""}).encode()
    return json.dumps({"query": SEARCH, "pad": "x" * (size - len(base))}).encode()


@pytest.mark.parametrize(("size", "status"), [(999, 200), (1000, 200), (1001, 413)])
async def test_body_limit_from_content_length(service, size, status) -> None:
    body = body_of_size(size)
    assert len(body) == size
    async with limited(service, max_body_bytes=1000) as client:
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == status
    if status == 413:
        assert error_of(response) == (
            413,
            "PAYLOAD_TOO_LARGE",
            "the request body is over the limit of 1,000 bytes",
        )


async def test_chunked_body_is_refused_without_reading_it_all(service) -> None:
    sent = 0

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(50 * 16):
            sent += 65536
            yield b" " * 65536

    async with limited(service) as client:
        response = await client.post(
            "/graphql", content=fifty_megabytes(), headers={"content-type": "application/json"}
        )
    assert error_of(response)[:2] == (413, "PAYLOAD_TOO_LARGE")
    assert sent < 2 * 1024 * 1024


async def test_huge_declared_length_is_refused_before_reading(service) -> None:
    async with limited(service) as client:
        response = await client.post(
            "/graphql",
            content=b"{}",
            headers={"content-type": "application/json", "content-length": str(10**9)},
        )
    assert error_of(response)[:2] == (413, "PAYLOAD_TOO_LARGE")


async def test_slow_body_times_out(service) -> None:
    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"query": '
        await anyio.sleep(30)
        yield b'"{ __typename }"}'

    async with limited(service, body_timeout=0.2) as client:
        response = await client.post(
            "/graphql", content=trickle(), headers={"content-type": "application/json"}
        )
    status, code, message = error_of(response)
    assert (status, code) == (408, "TIMEOUT")
    assert "0.2 s" in message


# --- request time ----------------------------------------------------------------------


async def test_slow_request_times_out_while_a_cheap_one_answers(service, monkeypatch) -> None:
    release = threading.Event()
    original = service.search_people

    def slow_search(text: str, first: int = 20, after: str | None = None) -> Any:
        if text == "slow":
            release.wait(10)  # fault injection: a runaway store call
        return original(text, first, after)

    monkeypatch.setattr(service, "search_people", slow_search)
    finished: list[tuple[str, int, str | None]] = []

    async def ask(client: httpx.AsyncClient, text: str) -> None:
        response = await post(client, f'{{ searchPeople(query: "{text}") {{ totalCount }} }}')
        errors = response.json().get("errors")
        finished.append(
            (text, response.status_code, errors[0]["extensions"]["code"] if errors else None)
        )

    try:
        async with (
            limited(service, request_timeout=1) as c,
            anyio.create_task_group() as group,
        ):
            group.start_soon(ask, c, "slow")
            await anyio.sleep(0.05)
            group.start_soon(ask, c, "cheap")
    finally:
        release.set()
    assert finished == [("cheap", 200, None), ("slow", 504, "TIMEOUT")]


# --- introspection ---------------------------------------------------------------------

INTROSPECT = "{ __schema { queryType { name } } }"
TYPO = '{ searchPeple(query: "x") { id } }'


async def test_introspection_and_suggestions_on_by_default(gql) -> None:
    assert (await gql.data(INTROSPECT))["__schema"]["queryType"]["name"] == "Query"
    assert "Did you mean" in (await gql.error(TYPO))["message"]


async def test_no_introspection_also_hides_suggestions(service) -> None:
    async with limited(service, introspection=False) as client:
        errors = (await post(client, INTROSPECT)).json()["errors"]
        assert {e["extensions"]["code"] for e in errors} == {"BAD_INPUT"}
        assert "introspection has been disabled" in errors[0]["message"]
        _, code, message = error_of(await post(client, TYPO))
    assert code == "BAD_INPUT"
    assert "searchPeple" in message and "Did you mean" not in message


def test_limits_from_environment() -> None:
    limits = Limits.from_env({"WARMGRAPH_MAX_BODY_BYTES": "10", "WARMGRAPH_INTROSPECTION": "false"})
    assert (limits.max_body_bytes, limits.introspection) == (10, False)
    assert Limits.from_env(limits.environment()) == limits


# --- parsing and validation: off the event loop, bounded in time, cached by size -------


@pytest.mark.parametrize("levels", [20, 29])
async def test_fragment_fan_out_is_refused_at_once(gql, levels) -> None:
    error = await gql.error(fragment_bomb(levels))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert f"too many fields once fragments are expanded: {2**levels + 1:,}" in error["message"]


@pytest.mark.parametrize(
    ("fragments", "message"),
    [
        ("fragment A on Person { id ...A }", "Cannot spread fragment 'A' within itself."),
        (
            "fragment A on Person { id ...B } fragment B on Person { name ...A }",
            "Cannot spread fragment 'A' within itself via 'B'.",
        ),
    ],
)
async def test_circular_fragments_are_refused(gql, fragments, message) -> None:
    error = await gql.error(
        f'{{ searchPeople(query: "x") {{ edges {{ node {{ ...A }} }} }} }} {fragments}'
    )
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["message"] == message


@pytest.fixture
def stalled_validation(monkeypatch):
    """Fault injection: validating a document mentioning ``stall`` blocks until released
    (a stand-in for a pathological document)."""
    import strawberry.schema.schema as strawberry_schema

    release = threading.Event()
    original = strawberry_schema.validate_document

    def validate(schema: Any, document: Any, rules: Any) -> Any:
        if "stall" in graphql.print_ast(document):
            release.wait(30)
        return original(schema, document, rules)

    monkeypatch.setattr(strawberry_schema, "validate_document", validate)
    yield release
    release.set()


async def test_slow_validation_times_out_while_others_answer(service, stalled_validation):
    finished: list[tuple[str, str | None]] = []

    async def ask(client: httpx.AsyncClient, name: str, query: str) -> None:
        response = await post(client, query)
        assert response.status_code == 200
        errors = response.json().get("errors")
        finished.append((name, errors[0]["extensions"]["code"] if errors else None))

    async with limited(service, validation_timeout=1) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(ask, client, "stalled", "{ stall: __typename }")
            await anyio.sleep(0.05)
            group.start_soon(ask, client, "cheap", "{ __typename }")
            health = await client.get("/healthz")
            finished.append(("healthz", health.json()["status"]))
        body = (await post(client, "{ stall: __typename }")).json()
    assert sorted(finished[:2]) == [("cheap", None), ("healthz", "ok")]
    assert finished[2] == ("stalled", "TIMEOUT")  # the others did not wait for it
    assert body["errors"][0]["message"] == "the document took over 1 s to parse and validate"


async def test_a_validation_that_ran_over_is_cached_when_it_ends(service, stalled_validation):
    query = "{ stall: __typename }"
    async with limited(service, validation_timeout=0.2) as client:
        assert error_of(await post(client, query))[1] == "TIMEOUT"
        stalled_validation.set()  # the abandoned thread finishes and caches its outcome
        for _ in range(100):
            response = await post(client, query)
            if "errors" not in response.json():
                break
            await anyio.sleep(0.05)
    assert response.json() == {"data": {"stall": "Query"}}


async def test_runaway_validations_are_bounded(service, stalled_validation, monkeypatch):
    from schema import document_cache

    monkeypatch.setattr(document_cache, "MAX_RUNNING", 1)
    async with limited(service, validation_timeout=0.3) as client:
        assert (await post(client, "{ a: __typename }")).json()["data"]  # cached now
        assert error_of(await post(client, "{ stall: __typename }"))[1] == "TIMEOUT"
        # the stalled thread still holds the only slot: a new text waits, then times out
        assert error_of(await post(client, "{ b: __typename }"))[1] == "TIMEOUT"
        assert (await post(client, "{ a: __typename }")).json()["data"]  # from the cache


def test_document_cache_is_bounded_by_bytes() -> None:
    from schema.document_cache import DocumentStore, _Entry

    texts = ["{ a }", "{ bb }", "{ ccc }"]  # 5, 6 and 7 bytes
    for bound, kept in [(18, 3), (17, 2), (6, 1)]:
        store = DocumentStore(max_bytes=bound)
        for text in texts:
            store.put(text, _Entry(graphql.parse(text)))
        assert len(store) == kept, bound
        assert store.size <= bound
        assert store.get("{ ccc }") is not None or bound < 7  # the newest is kept
    store = DocumentStore(max_bytes=4)
    store.put("{ a }", _Entry(graphql.parse("{ a }")))  # larger than the whole bound
    assert len(store) == 0 and store.size == 0
