"""From the command line to a receiver: ``warmgraph webhooks add`` on a real database, the
real ASGI app started on it (its lifespan starts the dispatcher), an event published on the
service's bus the way an introduction transition does, and the receiver verifying the
signature with the secret the command printed. Plus the commands' refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api.app import create_app
from api.cli import main
from graph.access.model import Caller, Role
from graph.events import Event
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.webhooks.retry import RetryPolicy
from graph.webhooks.signing import verify

from .receiver import Receiver, running_receiver

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=5.0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path) -> Path:
    path = tmp_path / "hooks.db"
    made = runner.invoke(
        main, ["users", "add", "admin@acme.example", "--role", "admin", "--db", str(path)]
    )
    assert made.exit_code == 0, made.output
    return path


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as r:
        yield r


def cli(runner: CliRunner, db: Path, *args: str) -> list[str]:
    result = runner.invoke(main, ["webhooks", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def add(runner: CliRunner, db: Path, url: str, events: str) -> tuple[str, str]:
    lines = cli(runner, db, "add", url, "--events", events)
    assert lines[0].startswith("wh_") and lines[-1].startswith("whsec_")
    return lines[0], lines[-1]


@pytest.mark.anyio
async def test_an_event_on_a_running_app_reaches_the_receiver_signed(runner, db, receiver) -> None:
    hook_id, secret = add(runner, db, receiver.url + "/crm", "intro.*")
    service = WarmgraphService(EmbeddedStore(db))
    app = create_app(service, webhooks=FAST)
    async with app.router.lifespan_context(app):  # what uvicorn runs around serving
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/healthz")).json() == {"status": "ok"}
        # what a GraphQL write does: publish on its per-request copy of the service
        rep = Caller("rep@acme.example", Role.REP)
        service.acting_as(rep).events.publish(Event("intro.accepted", {"id": "ir_9"}))
        assert app.state.webhooks.wait_idle(30)
    [got] = receiver.requests
    assert got.path == "/crm"
    assert json.loads(got.body)["data"] == {"id": "ir_9"}
    assert verify(
        secret, got.body, got.headers["X-Warmgraph-Timestamp"], got.headers["X-Warmgraph-Signature"]
    )
    # the log, through the command line, on the same file
    [line] = cli(runner, db, "deliveries", "--json")
    record = json.loads(line)
    assert (record["webhook"], record["event"], record["outcome"], record["status"]) == (
        hook_id,
        "intro.accepted",
        "delivered",
        200,
    )
    assert record["delivery"] == json.loads(got.body)["id"]


@pytest.mark.anyio
async def test_after_shutdown_nothing_more_is_sent(runner, db, receiver) -> None:
    add(runner, db, receiver.url + "/crm", "intro.*")
    service = WarmgraphService(EmbeddedStore(db))
    app = create_app(service, webhooks=FAST)
    async with app.router.lifespan_context(app):
        pass
    service.events.publish(Event("intro.accepted", {"id": "ir_1"}))  # nobody listens now
    assert receiver.requests == []


def test_list_shows_no_secret_and_remove_forgets(runner, db, receiver) -> None:
    first, secret = add(runner, db, receiver.url + "/a", "intro.accepted,intro.won")
    second, _ = add(runner, db, receiver.url + "/b", "intro.*")
    listed = [json.loads(line) for line in cli(runner, db, "list", "--json")]
    assert [(w["id"], w["url"], w["events"]) for w in listed] == [
        (first, receiver.url + "/a", ["intro.accepted", "intro.won"]),
        (second, receiver.url + "/b", ["intro.*"]),
    ]
    assert secret not in "".join(cli(runner, db, "list"))
    assert cli(runner, db, "remove", first) == [f"removed webhook {first} -> {receiver.url}/a"]
    assert [json.loads(line)["id"] for line in cli(runner, db, "list", "--json")] == [second]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "ftp://hooks.example/", "--events", "intro.won"], "URL: a webhook URL must"),
        (["add", "hooks.example/x", "--events", "intro.won"], "URL: a webhook URL must"),
        (["add", "https://hooks.example/", "--events", "intro.wonn"], "--events: unknown event"),
        (["add", "https://hooks.example/", "--events", "deal.won"], "--events: unknown event"),
        (["add", "https://hooks.example/", "--events", " , "], "--events: events must name"),
        (["remove", "wh_missing"], "no webhook with id 'wh_missing'"),
        (["deliveries", "--limit", "0"], "--limit"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(runner, db, args, message) -> None:
    result = runner.invoke(main, ["webhooks", *args, "--db", str(db)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert cli(runner, db, "list", "--json") == []


def test_a_missing_database_is_refused_not_created(runner, tmp_path) -> None:
    missing = tmp_path / "nope.db"
    result = runner.invoke(
        main,
        ["webhooks", "add", "https://h.example/", "--events", "intro.won", "--db", str(missing)],
    )
    assert result.exit_code == 1 and "no such database" in result.output
    assert not missing.exists()
