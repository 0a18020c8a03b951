"""GraphQL-over-HTTP media types: the Accept header chooses between
``application/graphql-response+json`` (request errors are 400 without ``data``) and the
legacy ``application/json`` (always 200), through the real app."""

from __future__ import annotations

import httpx
import pytest

from api.media import GRAPHQL_RESPONSE, JSON, negotiate

pytestmark = pytest.mark.anyio

NEW = f"{GRAPHQL_RESPONSE}; charset=utf-8"


@pytest.fixture
def store_kind() -> str:
    """An HTTP layer: one backend is enough."""
    return "embedded"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),  # the spec's legacy default, which the audit checks
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON}", GRAPHQL_RESPONSE),  # equal quality: first listed
        (f"{JSON}, {GRAPHQL_RESPONSE}", JSON),
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),  # quality first
        (f"{GRAPHQL_RESPONSE};q=0.5, */*", JSON),
        (f"{GRAPHQL_RESPONSE};q=0, */*", JSON),
        (f"{GRAPHQL_RESPONSE}; charset=utf-8", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}; charset=latin-1, {JSON};q=0.1", JSON),  # UTF-8 only
        (f"text/html, {GRAPHQL_RESPONSE.upper()};Q=0.8", GRAPHQL_RESPONSE),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("text/html", None),
        ("application/json;q=0", None),
        ("application/json;q=zero", None),
        ("not a media type", None),
    ],
)
def test_negotiate(accept, chosen) -> None:
    assert negotiate(accept) == chosen


async def post(client: httpx.AsyncClient, accept: str | None, body: object) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return await client.post("/graphql", json=body, headers=headers)


REQUEST_ERRORS = {
    "does not parse": {"query": "{"},
    "does not validate": {"query": "{ nosuchfield }"},
    "variables that do not coerce": {
        "query": "query ($id: ID!) { person(id: $id) { id } }",
        "variables": {"id": {"an": "object"}},
    },
    "a missing variable": {"query": "query ($id: ID!) { person(id: $id) { id } }"},
    "an unused variable": {"query": "query ($id: ID) { __typename }", "variables": {"id": "x"}},
}


@pytest.mark.parametrize("body", REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_are_400_without_data_in_the_new_type(client, body) -> None:
    response = await post(client, GRAPHQL_RESPONSE, body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == NEW
    answer = response.json()
    assert set(answer) == {"errors"}  # no data entry: nothing executed
    for error in answer["errors"]:
        assert error["extensions"] == {"code": "BAD_INPUT"} and error["message"]


@pytest.mark.parametrize("accept", [None, "*/*", JSON])
@pytest.mark.parametrize("body", REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_stay_200_with_null_data_in_json(client, body, accept) -> None:
    response = await post(client, accept, body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSON
    answer = response.json()
    assert answer["data"] is None and answer["errors"][0]["extensions"] == {"code": "BAD_INPUT"}


async def test_field_errors_are_200_with_data_in_both_types(client, world) -> None:
    for accept, content_type in ((GRAPHQL_RESPONSE, NEW), (JSON, JSON)):
        # a nullable field: partial data
        partial = await post(
            client,
            accept,
            {"query": '{ person(id: "ghost") { id } company(id: "acme") { localId } }'},
        )
        assert partial.status_code == 200 and partial.headers["content-type"] == content_type
        assert partial.json()["data"] == {"person": None, "company": {"localId": "acme"}}
        # a non-null root field: "data": null, but it executed, so still 200 with data
        failed = await post(client, accept, {"query": "{ advocateDensity(hops: 2) { density } }"})
        assert failed.status_code == 200
        answer = failed.json()
        assert answer["data"] is None and answer["errors"][0]["path"] == ["advocateDensity"]


async def test_success_in_the_new_type(client) -> None:
    response = await post(client, GRAPHQL_RESPONSE, {"query": "{ __typename }"})
    assert response.status_code == 200 and response.headers["content-type"] == NEW
    assert response.json() == {"data": {"__typename": "Query"}}
    get = await client.get(
        "/graphql", params={"query": "{ __typename }"}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert get.headers["content-type"] == NEW and get.json() == {"data": {"__typename": "Query"}}


async def test_the_views_own_refusals_come_in_the_negotiated_type(client) -> None:
    headers = {"content-type": "application/json", "accept": GRAPHQL_RESPONSE}
    bad_json = await client.post("/graphql", content=b"{not json", headers=headers)
    no_query = await post(client, GRAPHQL_RESPONSE, {"variables": {}})
    for response in (bad_json, no_query):
        assert response.status_code == 400 and response.headers["content-type"] == NEW
        assert response.json()["errors"][0]["extensions"] == {"code": "BAD_INPUT"}
    legacy = await client.post(
        "/graphql", content=b"{not json", headers={**headers, "accept": JSON}
    )
    assert legacy.status_code == 400 and legacy.headers["content-type"] == JSON


async def test_nothing_acceptable_is_406(client, world) -> None:
    for accept in ("text/csv", "application/json;q=0"):
        response = await client.post(
            "/graphql",
            json={"query": 'mutation { deletePerson(id: "tina") { deleted } }'},
            headers={"accept": accept},
        )
        assert response.status_code == 406
        assert GRAPHQL_RESPONSE in response.headers["accept"] and JSON in response.headers["accept"]
        [error] = response.json()["errors"]
        assert "Accept" in error["message"] or "accept" in error["message"]
    # nothing ran: the person is still there
    still = await post(client, None, {"query": '{ person(id: "tina") { localId } }'})
    assert still.json() == {"data": {"person": {"localId": "tina"}}}


async def test_a_browser_asking_for_html_gets_the_graphiql_answer_not_406(client) -> None:
    # GraphiQL is off in this app: the page's own answer (404, saying how to turn it on)
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "--graphiql" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("codes", "status"),
    [
        (["BAD_INPUT"], 400),
        (["BAD_INPUT", "TIMEOUT"], 504),  # parsing and validating took too long
        (["INTERNAL_SERVER_ERROR"], 500),
        (["STORE_UNAVAILABLE"], 503),
        ([None], 400),
    ],
)
def test_a_request_errors_status_follows_its_gravest_code(codes, status) -> None:
    from api.media import request_error_status

    body = {"errors": [{"message": "m", "extensions": {"code": c} if c else {}} for c in codes]}
    assert request_error_status(body) == status
