"""The whole way from a GraphQL write to a receiver: a rep asks for an introduction and the
connector accepts, over the real ASGI app (its lifespan runs the dispatcher) on a real
SQLite file, and a real HTTP receiver on loopback gets ``intro.requested`` then
``intro.accepted``, each signed with the webhook's secret and carrying the request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.access.model import Caller
from graph.model import Connection, Person
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.webhooks.directory import WebhookDirectory
from graph.webhooks.retry import RetryPolicy
from graph.webhooks.signing import verify

from .receiver import Receiver, running_receiver

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=5.0)

REQUEST = """mutation($path: [ID!]!) {
  requestIntroduction(input: {path: $path, note: "Tom runs data at Globex"}) { id status } }"""
RESPOND = """mutation($id: ID!) { respondToIntroduction(id: $id, accept: true) { status } }"""


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as r:
        yield r


def planted(path: Path) -> tuple[WarmgraphService, dict[str, str]]:
    """Rita (a rep) knows Carl (a rep on another team), who knows Tom."""
    service = WarmgraphService(EmbeddedStore(path))
    for pid in ("rita", "carl", "tom"):
        service.create(Person(pid, pid.title()))
    service.connect(Connection("carl", "rita"))
    service.connect(Connection("carl", "tom"))
    tokens = {
        "rita": service.users.add("rita@acme.example", "rep", "rita", "east")[1],
        "carl": service.users.add("carl@acme.example", "rep", "carl", "partners")[1],
    }
    return service, tokens


@pytest.mark.anyio
async def test_transitions_reach_the_receiver_signed(tmp_path: Path, receiver: Receiver) -> None:
    service, tokens = planted(tmp_path / "team.db")
    admin = Caller.operator()
    hook, secret = WebhookDirectory(service.store, admin).add(
        receiver.url + "/crm", "intro.requested,intro.accepted"
    )
    app = create_app(service, webhooks=FAST, rate_limit=None)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def gql(who: str, query: str, **variables: object) -> dict:
                answer = await client.post(
                    "/graphql",
                    json={"query": query, "variables": variables},
                    headers={"Authorization": f"Bearer {tokens[who]}"},
                )
                body = answer.json()
                assert "errors" not in body, body
                return dict(body["data"])

            asked = await gql("rita", REQUEST, path=["rita", "carl", "tom"])
            request_id = asked["requestIntroduction"]["id"]
            assert asked["requestIntroduction"]["status"] == "REQUESTED"
            answered = await gql("carl", RESPOND, id=request_id)
            assert answered["respondToIntroduction"]["status"] == "ACCEPTED"
        assert app.state.webhooks.wait_idle(30)
        # the delivery log has both, delivered at the first attempt (read before the app's
        # shutdown closes the store)
        log = WebhookDirectory(service.store, admin).deliveries(webhook_id=hook.id)
    assert sorted((d.event_type, d.outcome.value, d.attempt) for d in log) == [
        ("intro.accepted", "delivered", 1),
        ("intro.requested", "delivered", 1),
    ]

    got = receiver.requests
    assert [r.headers["X-Warmgraph-Event"] for r in got] == ["intro.requested", "intro.accepted"]
    for delivery in got:
        assert delivery.path == "/crm"
        assert verify(
            secret,
            delivery.body,
            delivery.headers["X-Warmgraph-Timestamp"],
            delivery.headers["X-Warmgraph-Signature"],
        )
    first, second = (json.loads(r.body) for r in got)
    assert first["data"]["id"] == second["data"]["id"] == request_id
    assert first["data"]["path"] == ["rita", "carl", "tom"]
    assert (first["data"]["status"], second["data"]["status"]) == ("REQUESTED", "ACCEPTED")
    assert second["data"]["by"] == "carl@acme.example"
