"""Hostile clients against a real ``warmgraph serve`` process: the server keeps answering."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from .test_process import Server, free_port

pytestmark = pytest.mark.slow


def start(tmp_path, servers, *extra: str) -> tuple[str, int]:
    port = free_port()
    db = tmp_path / "served.db"
    # loopback, and about limits rather than tokens: served without authentication
    args = ["serve", "--db", str(db), "--create", "--no-auth", "--port", str(port), *extra]
    server = Server(args, tmp_path)
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)
    return base, port


def test_a_document_slow_to_validate_does_not_hold_the_server(tmp_path, servers):
    # Limits raised so that graphql-core's overlapping-fields rule (quadratic in the
    # number of same-named fields) takes seconds on this document.
    base, _ = start(
        tmp_path,
        servers,
        *("--max-tokens", "1000000", "--max-fields", "1000000"),
        *("--validation-timeout", "1", "--rate-limit", "off"),
    )
    slow = "{" + ' searchPeople(query: "x") { totalCount }' * 2500 + "}"
    finished: list[str] = []
    answers: dict[str, httpx.Response] = {}

    def ask(name: str, query: str) -> None:
        answers[name] = httpx.post(f"{base}/graphql", json={"query": query}, timeout=120)
        finished.append(name)

    slow_client = threading.Thread(target=ask, args=("slow", slow))
    slow_client.start()
    time.sleep(0.3)  # sequencing only: let its validation start
    health = httpx.get(f"{base}/healthz", timeout=120)
    finished.append("healthz")
    ask("cheap", "{ __typename }")
    slow_client.join()

    assert health.json() == {"status": "ok"}
    assert answers["cheap"].json() == {"data": {"__typename": "Query"}}
    assert finished.index("healthz") < finished.index("slow")
    error = answers["slow"].json()["errors"][0]
    assert error == {
        "message": "the document took over 1 s to parse and validate",
        "extensions": {"code": "TIMEOUT"},
    }


def test_a_client_sending_headers_a_byte_a_second_does_not_hold_the_server(tmp_path, servers):
    base, port = start(tmp_path, servers, "--header-timeout", "3")
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"x" * 60 + b"\r\n\r\n"
    events: list[str] = []

    def slowloris() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
            for byte in head:
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    events.append("slow client cut off")
                    return
                if _closed(sock):
                    events.append("slow client cut off")
                    return
                time.sleep(1)
            events.append("slow client sent everything")

    thread = threading.Thread(target=slowloris)
    thread.start()
    time.sleep(1.5)  # sequencing only: the slow head is under way
    for _ in range(3):
        assert httpx.get(f"{base}/healthz", timeout=30).json() == {"status": "ok"}
        events.append("answered another")
    thread.join()
    assert events == ["answered another"] * 3 + ["slow client cut off"]


def _readable(sock: socket.socket) -> bool:
    import select

    return bool(select.select([sock], [], [], 0)[0])


def _closed(sock: socket.socket) -> bool:
    """Whether the server closed the connection (readable with nothing to read)."""
    if not _readable(sock):
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def test_hosts_cors_and_rate_limit_over_http(tmp_path, servers):
    origin = "https://app.example.com"
    base, _ = start(tmp_path, servers, "--cors-origin", origin, "--rate-limit", "2/minute")
    evil = httpx.get(f"{base}/healthz", headers={"host": "evil.example"}, timeout=30)
    assert (evil.status_code, evil.json()["errors"][0]["extensions"]["code"]) == (400, "BAD_HOST")
    preflight = httpx.options(
        f"{base}/graphql",
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,content-type",
        },
        timeout=30,
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    statuses = [
        httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, timeout=30)
        for _ in range(3)
    ]
    assert [s.status_code for s in statuses] == [200, 200, 429]
    assert int(statuses[-1].headers["retry-after"]) >= 1
