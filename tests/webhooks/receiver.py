"""A real HTTP receiver on loopback for the webhook tests: a threaded ``http.server`` that
records every request (headers and raw body) and answers from a script of status codes."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """``url`` (a path under it names a separate script); ``answer(path, *codes)`` queues
    the answers for that path (200 once they run out); ``requests`` what came, in order.
    ``hold`` set: each request waits for :meth:`release` before answering."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._scripts: dict[str, deque[int]] = {}
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.hold = False
        self.released = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.requests.append(Received(self.path, dict(self.headers), body))
                    script = receiver._scripts.get(self.path)
                    code = script.popleft() if script else 200
                    receiver._arrived.notify_all()
                if receiver.hold:
                    receiver.released.wait(30)
                self.send_response(code)
                if 300 <= code <= 399:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet test output

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, codes: Iterable[int]) -> None:
        with self._lock:
            self._scripts[path] = deque(codes)

    def at(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until ``count`` requests came; False if ``timeout`` passed first."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def release(self) -> None:
        self.released.set()


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release()
        receiver.server.shutdown()
        receiver.server.server_close()
        thread.join(10)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (a port bound, then let go)."""
    with socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/down"
