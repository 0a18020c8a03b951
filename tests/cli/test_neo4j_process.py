"""`warmgraph serve --neo4j` as a real process through a real Neo4j outage."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from api.cli import main

from .test_cli import GOOD, write_bundle
from .test_process import Server, free_port, gql

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

QUERY = '{ person(id: "007") { name } }'


@pytest.fixture
def own_neo4j(monkeypatch):
    """A server of this test's own: the test takes it down and brings it back."""
    from tests.neo4j_server import DisposableNeo4j

    with DisposableNeo4j() as server:
        monkeypatch.setenv("NEO4J_USER", server.user)
        monkeypatch.setenv("NEO4J_PASSWORD", server.password)
        monkeypatch.delenv("NEO4J_URI", raising=False)
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
        yield server


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.3)


def healthz(base: str) -> int:
    try:
        return httpx.get(f"{base}/healthz", timeout=10).status_code
    except httpx.HTTPError:
        return -1


def test_outage_is_reported_then_recovered_without_a_restart(tmp_path, own_neo4j, servers):
    bundle = write_bundle(tmp_path / "b", GOOD)
    loaded = CliRunner().invoke(main, ["load", str(bundle), "--neo4j", own_neo4j.uri])
    assert loaded.exit_code == 0, loaded.output
    added = CliRunner().invoke(
        main, ["users", "add", "ops@example.com", "--role", "analyst", "--neo4j", own_neo4j.uri]
    )
    assert added.exit_code == 0, added.output
    token = added.stdout.strip().splitlines()[-1]
    port = free_port()
    server = Server(["serve", "--neo4j", own_neo4j.uri, "--port", str(port)], tmp_path)
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)
    assert gql(base, QUERY, auth=token) == {"person": {"name": "James Bond"}}

    own_neo4j.halt()
    wait_for(lambda: healthz(base) == 503)
    body = httpx.post(
        f"{base}/graphql",
        json={"query": QUERY},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    ).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["STORE_UNAVAILABLE"]
    assert "Traceback" not in str(body) and own_neo4j.password not in str(body)

    own_neo4j.resume()
    wait_for(lambda: healthz(base) == 200)
    assert gql(base, QUERY, auth=token) == {"person": {"name": "James Bond"}}
    assert own_neo4j.password not in server.output()


def test_unreachable_neo4j_at_start_is_a_clear_error(tmp_path):
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "api", "serve", "--neo4j", uri, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert uri in result.stderr and "Traceback" not in result.stderr
