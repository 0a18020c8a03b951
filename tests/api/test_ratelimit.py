"""The per-caller rate limit, through the real app (and the middleware around a caller)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from starlette.types import Receive, Scope, Send

from api.app import create_app
from api.cli import main
from api.ratelimit import RateLimitMiddleware
from graph.errors import BadInput

from .conftest import bearer

pytestmark = pytest.mark.anyio

QUERY = {"query": "{ __typename }"}


@pytest.fixture
def store_kind() -> str:
    """An HTTP layer: one backend is enough."""
    return "embedded"


def client_for(app: Any, address: str = "10.0.0.1", token: str | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    headers = bearer(token) if token else {}
    return httpx.AsyncClient(transport=transport, base_url="http://warmgraph.test", headers=headers)


@pytest.mark.parametrize(("requests", "refused"), [(2, 0), (3, 0), (4, 1)])
async def test_limit_at_under_and_over(service, token, requests, refused) -> None:
    async with client_for(create_app(service, rate_limit="3/minute"), token=token) as client:
        answers = [await client.post("/graphql", json=QUERY) for _ in range(requests)]
    assert [a.status_code for a in answers].count(429) == refused
    assert all(a.json() == {"data": {"__typename": "Query"}} for a in answers[:3])
    if refused:
        over = answers[-1]
        assert over.json() == {
            "errors": [
                {
                    "message": over.json()["errors"][0]["message"],
                    "extensions": {"code": "RATE_LIMITED"},
                }
            ]
        }
        assert "3 per 1 minute" in over.json()["errors"][0]["message"]
        retry_after = over.headers["retry-after"]
        assert retry_after.isdigit() and 1 <= int(retry_after) <= 60


async def test_each_user_has_their_own_allowance_wherever_they_call_from(service, token) -> None:
    _, other = service.users.add("other@warmgraph.test", "analyst")
    app = create_app(service, rate_limit="1/minute")
    async with (
        client_for(app, "10.0.0.1", token) as one,
        client_for(app, "10.0.0.2", token) as same_user_elsewhere,
        client_for(app, "10.0.0.1", other) as two,
    ):
        assert (await one.post("/graphql", json=QUERY)).status_code == 200
        assert (await one.post("/graphql", json=QUERY)).status_code == 429
        assert (await same_user_elsewhere.post("/graphql", json=QUERY)).status_code == 429
        assert (await two.post("/graphql", json=QUERY)).status_code == 200


async def test_health_checks_are_never_limited(service, token) -> None:
    async with client_for(create_app(service, rate_limit="1/minute"), token=token) as client:
        assert (await client.post("/graphql", json=QUERY)).status_code == 200
        health = [(await client.get("/healthz")).json() for _ in range(5)]
        assert health == [{"status": "ok"}] * 5
        assert (await client.post("/graphql", json=QUERY)).status_code == 429


async def test_no_rate_limit_when_turned_off(service, token) -> None:
    async with client_for(create_app(service, rate_limit=None), token=token) as client:
        answers = [await client.post("/graphql", json=QUERY) for _ in range(20)]
    assert {a.status_code for a in answers} == {200}


async def test_authenticated_callers_are_counted_by_email_not_address() -> None:
    """What the auth layer will do: put a caller in the scope's state before the limit."""

    async def ok(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = RateLimitMiddleware(ok, "1/minute")

    async def as_caller(scope: Scope, receive: Receive, send: Send) -> None:
        email = dict(scope["headers"]).get(b"x-test-caller", b"").decode()
        scope.setdefault("state", {})["caller"] = SimpleNamespace(email=email) if email else None
        await limited(scope, receive, send)

    async with client_for(as_caller) as client:

        async def status(caller: str) -> int:
            headers = {"x-test-caller": caller} if caller else {}
            return (await client.get("/graphql", headers=headers)).status_code

        assert [await status("ann@x.com"), await status("ann@x.com")] == [200, 429]
        assert await status("bob@x.com") == 200  # same address, another user
        assert await status("") == 200  # anonymous: counted by address, a third allowance
        assert await status("") == 429


def test_a_bad_rate_limit_is_refused_when_the_app_is_built(service) -> None:
    with pytest.raises(BadInput, match="not a rate limit"):
        create_app(service, rate_limit="lots/minute")


def test_serve_refuses_a_bad_rate_limit_at_start(tmp_path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--db", str(tmp_path / "x.db"), "--create", "--rate-limit", "lots/minute"]
    )
    assert result.exit_code == 2
    assert "--rate-limit" in result.output and "not a rate limit" in result.output
    assert "1000/minute" in result.output  # the example says what to write
