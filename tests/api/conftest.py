"""The real app over a real SQLite file, driven through httpx's ASGI transport.

Tests that ask for ``world`` start from a copy of one database the hand-built world
(``tests/api/world.py``) was written into through the GraphQL mutations, once per session.
Authentication is on, as in production: the ``client`` carries an admin's API token (made
through the service, as ``warmgraph users add`` does); tests of other roles and of refusals
make their own clients (tests/api/test_auth.py).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from api.app import create_app
from graph.config import Settings
from graph.service import WarmgraphService
from graph.store.base import Store
from graph.store.factory import open_store
from tests.conftest import NOW, backend_params, open_test_store


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db_path=str(tmp_path / "api.db"), now=NOW)


@pytest.fixture(params=backend_params(Store))
def store_kind(request) -> str:
    """Every API test runs against every backend that implements the whole port."""
    return str(request.param)


@pytest.fixture
def service(settings, request, store_kind) -> Iterator[WarmgraphService]:
    if store_kind != "neo4j" and "world" in request.fixturenames:
        # the SQLite-file stores start from a copy of the world written once a session
        template: Path = request.getfixturevalue("world_template")[0]
        for suffix in ("", "-wal"):
            if Path(f"{template}{suffix}").exists():
                shutil.copyfile(f"{template}{suffix}", f"{settings.db_path}{suffix}")
    store = open_test_store(store_kind, request, settings.db_path, settings.strength_model())
    yield WarmgraphService(store)
    store.close()


class GQL:
    """Posts GraphQL documents and checks the response shape every client relies on."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def raw(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        assert_no_internals(response.text)
        body: dict[str, Any] = response.json()
        for error in body.get("errors", ()):
            assert set(error) <= {"message", "locations", "path", "extensions"}, error
            assert set(error["extensions"]) == {"code"}, error
        return body

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.raw(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(self, query: str, **variables: Any) -> dict[str, Any]:
        """The one error the document produced (with ``data`` alongside, for checks)."""
        body = await self.raw(query, **variables)
        assert len(body.get("errors", ())) == 1, body
        error: dict[str, Any] = body["errors"][0]
        error["data"] = body.get("data")
        return error


def assert_no_internals(text: str) -> None:
    lowered = text.lower()
    for marker in ("traceback", 'file "', ".py", "exception", "stacktrace"):
        assert marker not in lowered, f"{marker!r} leaked in {text}"


ADMIN = "admin@warmgraph.test"


def admin_token(service: WarmgraphService, email: str = ADMIN) -> str:
    """A fresh API token for an admin (added, or rotated if the store has them)."""
    if service.store.get_user(email) is None:
        return service.users.add(email, "admin")[1]
    return service.users.rotate(email)[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def app(service):
    return create_app(service)


@pytest.fixture
def token(service) -> str:
    return admin_token(service)


@pytest.fixture
async def client(app, token) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://warmgraph.test", headers=bearer(token)
    ) as c:
        yield c


@pytest.fixture
def gql(client) -> GQL:
    return GQL(client)


@asynccontextmanager
async def clients_for(app: Any, tokens: Mapping[str, str]) -> AsyncIterator[Callable[[str], GQL]]:
    """``make(name)``: a GraphQL client carrying ``tokens[name]`` (one per role in a
    test's planted users); every client made is closed on the way out."""
    clients: list[httpx.AsyncClient] = []

    def make(name: str) -> GQL:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://warmgraph.test",
            headers=bearer(tokens[name]),
        )
        clients.append(client)
        return GQL(client)

    try:
        yield make
    finally:
        for client in clients:
            await client.aclose()


def dumps(value: Any) -> str:
    """A Python value as a GraphQL literal (JSON is close enough for strings and numbers)."""
    return json.dumps(value)


def write_world(service: WarmgraphService):  # type: ignore[no-untyped-def]
    """Write the hand-built world through the GraphQL mutations; returns its World."""
    from .world import build_world

    async def build():  # type: ignore[no-untyped-def]
        transport = httpx.ASGITransport(app=create_app(service))
        # its own admin: rotating the test's would invalidate the client's token
        headers = bearer(admin_token(service, "world-builder@warmgraph.test"))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as client:
            return await build_world(GQL(client))

    return anyio.run(build)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory):
    """(database file, World) of the hand-built world in SQLite, written once a session."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    store = open_store(Settings(db_path=str(path), now=NOW))
    try:
        world = write_world(WarmgraphService(store))
    finally:
        store.close()
    return path, world


@pytest.fixture
def world(request, store_kind, service):
    """The hand-built world in the test's store (a copy of the template for SQLite; written
    afresh into the emptied database for Neo4j)."""
    if store_kind == "neo4j":
        return write_world(service)
    return request.getfixturevalue("world_template")[1]
