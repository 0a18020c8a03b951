"""The GraphQL Foundation's GraphQL-over-HTTP audit (npm ``graphql-http``), and CORS, against
a real ``warmgraph serve`` process (uvicorn) over real HTTP.

``./scripts/test`` installs the audit's pinned packages (``npm ci`` in this folder) first;
``audit.mjs`` runs ``auditServer`` with the admin's token added to every request.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.test_process import Server, add_admin, free_port

pytestmark = pytest.mark.slow

AUDIT_DIR = Path(__file__).resolve().parent
APP_ORIGIN = "https://app.example.com"
GRAPHQL_RESPONSE = "application/graphql-response+json"

#: graphql-http 1.23.1 (package-lock.json) runs this many server audits.
AUDIT_COUNT = 61


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(base URL, an admin's token) of a server allowing ``APP_ORIGIN`` cross-origin."""
    tmp = tmp_path_factory.mktemp("http-audit")
    db = tmp / "audit.db"
    token = add_admin(db)
    port = free_port()
    server = Server(
        ["serve", "--db", str(db), "--port", str(port), "--cors-origin", APP_ORIGIN], tmp
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_healthy(base)
        yield base, token
    finally:
        server.stop()


def run_audit(url: str, token: str | None) -> dict:
    node = shutil.which("node")
    if node is None or not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        pytest.fail("the audit needs Node.js and its packages: run ./scripts/test (npm ci)")
    env = {**os.environ, "WARMGRAPH_TOKEN": token or ""}
    done = subprocess.run(
        [node, "audit.mjs", url],
        cwd=AUDIT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict = json.loads(done.stdout)
    return report


def test_every_graphql_over_http_audit_passes(served) -> None:
    base, token = served
    report = run_audit(f"{base}/graphql", token)
    failures = [
        f"{r['id']} {r['name']}: {r['reason']} -> {r['response']}"
        for r in report["results"]
        if r["status"] != "ok"
    ]
    assert not failures, "\n".join(failures)
    assert report["counts"] == {"ok": AUDIT_COUNT, "notice": 0, "warn": 0, "error": 0}


def test_the_audit_fails_without_a_token(served) -> None:
    """The audit passes because its requests authenticate, not because nothing is checked."""
    base, _ = served
    report = run_audit(f"{base}/graphql", None)
    assert report["counts"]["ok"] < AUDIT_COUNT
    refused = [r for r in report["results"] if r["status"] != "ok"]
    assert all(r["response"]["status"] == 401 for r in refused), refused


def test_cors_and_media_types_through_the_real_server(served) -> None:
    base, token = served
    preflight = {
        "origin": APP_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }
    # a preflight carries no token, and is answered
    allowed = httpx.options(f"{base}/graphql", headers=preflight)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == APP_ORIGIN
    refused = httpx.options(
        f"{base}/graphql", headers={**preflight, "origin": "https://evil.example"}
    )
    assert refused.status_code == 400
    assert "--cors-origin" in refused.json()["errors"][0]["message"]
    assert "access-control-allow-origin" not in refused.headers
    plain = httpx.options(f"{base}/healthz")
    assert plain.status_code == 204 and plain.headers["allow"] == "GET, HEAD, OPTIONS"

    # the request itself still needs its token
    query = {"query": "{ __typename }"}
    anonymous = httpx.post(f"{base}/graphql", json=query, headers={"origin": APP_ORIGIN})
    assert anonymous.status_code == 401
    answered = httpx.post(
        f"{base}/graphql",
        json=query,
        headers={"origin": APP_ORIGIN, "authorization": f"Bearer {token}"},
    )
    assert answered.json() == {"data": {"__typename": "Query"}}
    assert answered.headers["access-control-allow-origin"] == APP_ORIGIN

    # a document that does not parse: 400 without data in the new type, 200 in the legacy one
    broken = {"query": "{"}
    auth = {"authorization": f"Bearer {token}"}
    new = httpx.post(f"{base}/graphql", json=broken, headers={**auth, "accept": GRAPHQL_RESPONSE})
    assert new.status_code == 400
    assert new.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert set(new.json()) == {"errors"}
    legacy = httpx.post(f"{base}/graphql", json=broken, headers=auth)
    assert legacy.status_code == 200 and legacy.json()["data"] is None
