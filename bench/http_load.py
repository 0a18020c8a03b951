"""warmgraph over HTTP: a real ``warmgraph serve`` process and 8 concurrent clients.

Each client is a thread with its own keep-alive connection that sends its next request as
soon as the previous answer is in (a closed loop), so the figures include queueing in the
server, as a page would see it.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cases import PathCase
from .stats import summarise

PATHS_QUERY = """
query Intro($from: ID!, $to: ID!, $maxHops: Int!, $limit: Int!, $rankBy: PathRanking!) {
  introductionPaths(fromId: $from, toId: $to, maxHops: $maxHops, limit: $limit, rankBy: $rankBy) {
    hops
    strength
    people { id name title }
    advocates { id name }
    links {
      strength
      from { id }
      to { id }
      evidence { connected origin interactionCount lastInteractionAt interactions { kind count } }
    }
  }
}
"""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    ready_s: float  # spawn to the first answered query

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the serving process and its children (VmHWM)."""
        return sum(_peak_rss_kb(pid) for pid in _process_tree(self.process.pid)) / 1024


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids.extend(_process_tree(int(child)))
    return pids


def _peak_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: A cheap lookup: what one request costs apart from the query work, for the overhead of
#: authentication and the request limits.
LOOKUP_QUERY = "query One($id: ID!) { person(id: $id) { id name } }"


def add_admin(warmgraph: Path, db: Path, env: dict[str, str]) -> str:
    """An API token for the benchmark's admin user in ``db`` (added, or rotated when the
    database already has them)."""
    email = "bench@warmgraph.local"
    for command in ("add", "rotate"):
        args = [str(warmgraph), "users", command, email, "--db", str(db)]
        if command == "add":
            args += ["--role", "admin"]
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.strip().splitlines()[-1]
    raise RuntimeError(f"could not make a benchmark user: {done.stderr}")


def post(
    conn: http.client.HTTPConnection, query: str, variables: dict[str, Any], token: str = ""
) -> Any:
    body = json.dumps({"query": query, "variables": variables})
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request("POST", "/graphql", body, headers)
    response = conn.getresponse()
    answer = json.loads(response.read())
    if response.status != 200 or answer.get("errors"):
        raise RuntimeError(f"GraphQL request failed ({response.status}): {answer}")
    return answer["data"]


@contextmanager
def serve(
    warmgraph: Path,
    args: Sequence[str],
    probe: dict[str, Any],
    env: dict[str, str],
    token: str = "",
) -> Iterator[Server]:
    """``warmgraph serve ARGS`` on a free loopback port, ready once ``probe`` is answered."""
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(warmgraph), "serve", *args, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_ready(process, port, probe, token)
        yield Server(process, port, time.perf_counter() - started)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(
    process: subprocess.Popen[bytes], port: int, probe: dict[str, Any], token: str
) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"warmgraph serve exited with {process.returncode}: {error}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            post(conn, probe["query"], probe["variables"], token)
            conn.close()
            return
        except (ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError("warmgraph serve did not answer within 10 minutes")


def path_variables(pair: tuple[str, str], case: PathCase) -> dict[str, Any]:
    return {
        "from": pair[0],
        "to": pair[1],
        "maxHops": case.max_hops,
        "limit": case.limit,
        "rankBy": case.rank_by.name,
    }


def closed_loop(
    port: int,
    query: str,
    variables: Sequence[dict[str, Any]],
    clients: int = 8,
    token: str = "",
) -> dict[str, Any]:
    """Every request once, spread over ``clients`` threads; latency percentiles and req/s."""
    queue = list(reversed(variables))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[BaseException] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                with lock:
                    if not queue or failures:
                        return
                    item = queue.pop()
                started = time.perf_counter()
                post(conn, query, item, token)
                ms = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(ms)
        except BaseException as exc:  # reported by the caller, with the request that failed
            with lock:
                failures.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"HTTP load failed: {failures[0]}") from failures[0]
    return {**summarise(latencies).as_dict(), "req_per_s": len(latencies) / elapsed}
