"""``warmgraph serve`` and ``warmgraph demo`` as real processes, spoken to over real HTTP."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api.cli import main

from .test_cli import GOOD, write_bundle

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A ``python -m api ...`` child whose output is collected as it arrives."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        root = str(Path(__file__).resolve().parents[2])  # importable even if not installed
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, self.stdout)),
            threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr)),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _drain(stream, sink: list[str]) -> None:
        for line in stream:
            sink.append(line)

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def wait_healthy(self, base: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        pytest.fail(f"server did not become healthy:\n{self.output()}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        return self.proc.returncode


def add_admin(db: Path, email: str = "lead@example.com") -> str:
    """A new admin of ``db`` and their token, as ``warmgraph users add`` prints it."""
    added = CliRunner().invoke(main, ["users", "add", email, "--role", "admin", "--db", str(db)])
    assert added.exit_code == 0, added.output
    return added.stdout.strip().splitlines()[-1]


def gql(base: str, query: str, *, auth: str | None = None, **variables) -> dict:
    headers = {"Authorization": f"Bearer {auth}"} if auth else {}
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_serve_a_loaded_database(tmp_path, servers):
    db = tmp_path / "served.db"
    loaded = CliRunner().invoke(
        main, ["load", str(write_bundle(tmp_path / "b", GOOD)), "--db", str(db)]
    )
    assert loaded.exit_code == 0, loaded.output
    token = add_admin(db)
    port = free_port()
    server = Server(
        ["serve", "--db", str(db), "--port", str(port), "--now", "2026-11-01"], tmp_path
    )
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)

    data = gql(
        base,
        """query ($from: ID!, $to: ID!) {
             introductionPaths(fromId: $from, toId: $to) {
               hops people { localId } links { evidence { connected interactionCount } } }
             person(id: "007") { name currentCompany { name } } }""",
        auth=token,
        **{"from": "rep-1", "to": "007"},
    )
    assert [[p["localId"] for p in path["people"]] for path in data["introductionPaths"]] == [
        ["rep-1", "ann", "007"]
    ]
    assert data["introductionPaths"][0]["links"][0]["evidence"] == {
        "connected": True,
        "interactionCount": 2,
    }
    assert data["person"] == {"name": "James Bond", "currentCompany": {"name": "Acme Corp"}}

    assert server.stop() == 0
    assert "Traceback" not in server.output()


def test_demo_answers_the_three_questions(tmp_path, servers):
    port = free_port()
    db = tmp_path / "demo.db"
    db.write_bytes(b"an old demo database that must be replaced")
    server = Server(["demo", "--people", "300", "--port", str(port), "--db", str(db)], tmp_path)
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)

    printed = "".join(server.stdout)
    token_match = re.search(r"Bearer (wg_[A-Za-z0-9_-]+)", printed)
    assert token_match, printed
    token = token_match.group(1)
    assert f"{base}/graphql#token={token}" in printed  # GraphiQL with the header filled in
    assert httpx.post(f"{base}/graphql", json={"query": "{ me { email } }"}).status_code == 401
    match = re.search(r'introductionPaths\(fromId: "(rep-[^"]+)", toId: "([^"]+)"', printed)
    assert match, printed
    rep, target = match.groups()
    me = gql(base, "{ me { role person { localId } } }", auth=token)["me"]
    assert me == {"role": "ADMIN", "person": {"localId": rep}}
    from_me = gql(
        base,
        "query ($t: ID!) { introductionPaths(toId: $t, limit: 1) { teammate people { localId } } }",
        auth=token,
        t=target,
    )["introductionPaths"]
    assert from_me and from_me[0]["people"][0]["localId"] == rep

    paths = gql(
        base,
        "query ($r: ID!, $t: ID!) { introductionPaths(fromId: $r, toId: $t) "
        "{ hops strength people { localId } } }",
        auth=token,
        r=rep,
        t=target,
    )["introductionPaths"]
    assert paths and all(p["people"][0]["localId"] == rep for p in paths)
    assert all(p["people"][-1]["localId"] == target for p in paths)

    top = gql(base, "{ topInfluencers(limit: 5) { rank score person { localId } } }", auth=token)
    assert [t["rank"] for t in top["topInfluencers"]] == [1, 2, 3, 4, 5]

    density = gql(
        base,
        "query ($r: ID!) { advocateDensity(personId: $r) { "
        "reachableCount advocateCount density } }",
        auth=token,
        r=rep,
    )["advocateDensity"]
    assert density["reachableCount"] > 0 and 0 <= density["density"] <= 1

    assert server.stop() == 0
    assert "Traceback" not in server.output()


def test_workers_share_the_port_and_see_each_others_writes(tmp_path, servers):
    db = tmp_path / "served.db"
    loaded = CliRunner().invoke(
        main, ["load", str(write_bundle(tmp_path / "b", GOOD)), "--db", str(db)]
    )
    assert loaded.exit_code == 0, loaded.output
    token = add_admin(db)
    port = free_port()
    server = Server(["serve", "--db", str(db), "--port", str(port), "--workers", "2"], tmp_path)
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)
    paths = """query { introductionPaths(fromId: "rep-1", toId: "007") {
                 strength people { localId } } }"""

    def chains() -> list[list[str]]:
        found = gql(base, paths, auth=token)["introductionPaths"]
        return [[p["localId"] for p in path["people"]] for path in found]

    assert chains() == [["rep-1", "ann", "007"]]
    gql(base, 'mutation { connectPeople(a: "rep-1", b: "007") { since } }', auth=token)
    # Each request opens a new connection, which either worker may accept; every one must
    # see the write, with the same strengths (both workers measure from the same "now").
    answers = [gql(base, paths, auth=token) for _ in range(20)]
    assert all(answer == answers[0] for answer in answers)
    assert chains() == [["rep-1", "007"], ["rep-1", "ann", "007"]]

    assert server.stop() == 0
    workers = set(re.findall(r"worker (\d+) serving", server.output()))
    assert len(workers) == 2, server.output()
    assert "Traceback" not in server.output()


def _post_until_answered(base_port: int, head: bytes, chunk: bytes, most: int) -> tuple[bytes, int]:
    """Send ``head`` then ``chunk`` after ``chunk`` (up to ``most`` bytes) until the server
    answers; (the answer's first bytes, body bytes sent)."""
    import select

    sent = 0
    with socket.create_connection(("127.0.0.1", base_port), timeout=30) as sock:
        sock.sendall(head)
        while sent < most:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except OSError:  # the server closed the connection after answering
                break
            sent += len(chunk)
        return _read_answer(sock), sent


def _read_answer(sock: socket.socket) -> bytes:
    """One whole HTTP answer (its head and body may arrive in separate segments)."""
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < int(
        (re.search(rb"content-length: *(\d+)", answer, re.I) or [0, b"0"])[1]
    ):
        more = sock.recv(65536)
        if not more:
            break
        answer += more
    return answer


def test_serve_refuses_a_50_megabyte_body_without_reading_it(tmp_path, servers):
    db = tmp_path / "served.db"
    loaded = CliRunner().invoke(
        main, ["load", str(write_bundle(tmp_path / "b", GOOD)), "--db", str(db)]
    )
    assert loaded.exit_code == 0, loaded.output
    token = add_admin(db)
    auth = f"Authorization: Bearer {token}\r\n"
    port = free_port()
    args = ["serve", "--db", str(db), "--port", str(port), "--max-body-bytes", "100000"]
    server = Server(args, tmp_path)
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)
    fifty_mb = 50 * 1024 * 1024

    declared = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: {fifty_mb}\r\n\r\n"
    ).encode()
    answer, sent = _post_until_answered(port, declared, b" " * 65536, fifty_mb)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"PAYLOAD_TOO_LARGE" in answer
    assert sent < 10 * 1024 * 1024

    chunked = (
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + auth.encode()
        + b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
    answer, sent = _post_until_answered(port, chunked, chunk, fifty_mb)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 10 * 1024 * 1024

    assert gql(base, "{ __typename }", auth=token) == {"__typename": "Query"}  # still answering
    assert server.stop() == 0
    assert "Traceback" not in server.output()
