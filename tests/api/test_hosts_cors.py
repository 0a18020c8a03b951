"""Trusted Host headers and CORS, through the real app."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from api.cli.serve import trusted_hosts_for
from api.hosts import host_name

from .conftest import bearer

pytestmark = pytest.mark.anyio

QUERY = {"query": "{ __typename }"}
APP_ORIGIN = "https://app.example.com"


@pytest.fixture
def store_kind() -> str:
    """An HTTP layer: one backend is enough."""
    return "embedded"


def client(token: str, app, base_url: str = "http://localhost:8000") -> httpx.AsyncClient:
    """An admin's client of ``app``."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=base_url, headers=bearer(token)
    )


# --- trusted hosts ---------------------------------------------------------------------

DEFAULT_HOSTS = trusted_hosts_for("127.0.0.1")


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST", "[::1]"],
)
async def test_default_hosts_are_answered(service, token, host) -> None:
    async with client(token, create_app(service, trusted_hosts=DEFAULT_HOSTS)) as c:
        response = await c.post("/graphql", json=QUERY, headers={"host": host})
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2", ""])
async def test_other_hosts_are_refused_everywhere(service, token, host) -> None:
    async with client(token, create_app(service, trusted_hosts=DEFAULT_HOSTS)) as c:
        for response in (
            await c.post("/graphql", json=QUERY, headers={"host": host}),
            await c.get("/healthz", headers={"host": host}),
        ):
            assert response.status_code == 400
            error = response.json()["errors"][0]
            assert error["extensions"] == {"code": "BAD_HOST"}
            assert "--trusted-host" in error["message"]
            assert not host or host not in error["message"]  # the input is not echoed


@pytest.mark.parametrize(
    ("trusted", "host", "answered"),
    [
        (["api.example.com"], "api.example.com:443", True),
        (["api.example.com"], "www.api.example.com", False),
        (["*.example.com"], "api.example.com", True),
        (["*.example.com"], "example.com", False),
        (["*"], "anything.at.all", True),
    ],
)
async def test_configured_hosts(service, token, trusted, host, answered) -> None:
    async with client(token, create_app(service, trusted_hosts=trusted)) as c:
        response = await c.get("/healthz", headers={"host": host})
    assert response.status_code == (200 if answered else 400)


async def test_no_host_check_unless_asked(service, token) -> None:
    async with client(token, create_app(service), "http://warmgraph.test") as c:
        assert (await c.post("/graphql", json=QUERY)).status_code == 200


def test_default_trusted_hosts() -> None:
    assert trusted_hosts_for("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert trusted_hosts_for("10.1.2.3") == ["10.1.2.3", "localhost", "127.0.0.1", "::1"]
    assert trusted_hosts_for("10.1.2.3", ["api.example.com"]) == ["api.example.com"]
    assert [host_name(h) for h in ("A.example:80", "[::1]:1", "::1", "[bad")] == [
        "a.example",
        "::1",
        "::1",
        "",
    ]


# --- CORS ------------------------------------------------------------------------------


def preflight(origin: str, method: str = "POST", headers: str = "authorization, content-type"):
    return {
        "origin": origin,
        "access-control-request-method": method,
        "access-control-request-headers": headers,
    }


async def test_preflight_from_an_allowed_origin(service, token) -> None:
    app = create_app(service, cors_origins=[APP_ORIGIN], trusted_hosts=DEFAULT_HOSTS)
    async with client(token, app) as c:
        response = await c.options("/graphql", headers=preflight(APP_ORIGIN))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    allowed = response.headers["access-control-allow-methods"]
    assert {m.strip() for m in allowed.split(",")} == {"GET", "POST", "OPTIONS"}
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize(
    ("origin", "method", "headers", "failure"),
    [
        ("https://evil.example", "POST", "content-type", "origin is not one the server allows"),
        (APP_ORIGIN, "DELETE", "content-type", "the method is not allowed (GET, POST)"),
        (APP_ORIGIN, "POST", "x-secret", "a requested header is not allowed"),
    ],
)
async def test_refused_preflights_are_graphql_errors(
    service, token, origin, method, headers, failure
):
    async with client(token, create_app(service, cors_origins=[APP_ORIGIN])) as c:
        response = await c.options("/graphql", headers=preflight(origin, method, headers))
    assert response.status_code == 400
    if origin != APP_ORIGIN:
        assert "access-control-allow-origin" not in response.headers
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_INPUT"}
    assert error["message"].startswith("cross-origin request refused: ")
    assert failure in error["message"]


async def test_cross_origin_answers_carry_the_origin(service, token) -> None:
    async with client(token, create_app(service, cors_origins=[APP_ORIGIN])) as c:
        allowed = await c.post("/graphql", json=QUERY, headers={"origin": APP_ORIGIN})
        other = await c.post("/graphql", json=QUERY, headers={"origin": "https://evil.example"})
        health = await c.get("/healthz", headers={"origin": APP_ORIGIN})
        health_preflight = await c.options("/healthz", headers=preflight(APP_ORIGIN, "GET"))
    assert allowed.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "access-control-allow-origin" not in other.headers
    assert health.headers["access-control-allow-origin"] == APP_ORIGIN
    assert health_preflight.status_code == 200
    assert health_preflight.headers["access-control-allow-origin"] == APP_ORIGIN


async def test_no_cors_unless_asked(service, token) -> None:
    async with client(token, create_app(service)) as c:
        response = await c.options("/graphql", headers=preflight(APP_ORIGIN))
        answer = await c.post("/graphql", json=QUERY, headers={"origin": APP_ORIGIN})
    # answered, but without Access-Control-Allow-Origin: the browser refuses to go on
    assert response.status_code == 204 and response.content == b""
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert not any(h.startswith("access-control-") for h in response.headers)
    assert not any(h.startswith("access-control-") for h in answer.headers)


@pytest.mark.parametrize("cors_origins", [[], [APP_ORIGIN]])
async def test_options_needs_no_token_but_requests_still_do(service, cors_origins) -> None:
    anonymous = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(service, cors_origins=cors_origins)),
        base_url="http://localhost:8000",
    )
    async with anonymous as c:
        allowed = await c.options("/graphql", headers=preflight(APP_ORIGIN))
        plain = await c.options("/graphql")
        post = await c.post("/graphql", json=QUERY, headers={"origin": APP_ORIGIN})
        get = await c.get("/graphql", params=QUERY, headers={"origin": APP_ORIGIN})
    assert allowed.status_code == (200 if cors_origins else 204)
    assert plain.status_code == 204 and "POST" in plain.headers["allow"]
    for refused in (post, get):
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_options_lists_each_paths_methods(service, token) -> None:
    async with client(token, create_app(service, graphiql=True)) as c:
        health = await c.options("/healthz")
        root = await c.options("/")
        asset = await c.options("/graphiql/static/graphiql.min.css")
        nowhere = await c.options("/nowhere")
        put = await c.put("/graphql", json=QUERY)
    assert health.headers["allow"] == root.headers["allow"] == "GET, HEAD, OPTIONS"
    assert asset.status_code == 204 and asset.headers["allow"] == "GET, HEAD, OPTIONS"
    assert nowhere.status_code == 404
    assert nowhere.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert put.status_code == 405  # OPTIONS answers; other methods are still refused
