"""Run a slow peer's query with a time budget it cannot overrun.

networkx's and igraph's k-shortest-paths can run for minutes on one query and cannot be
interrupted from inside, so each query runs in a forked child (which shares the parent's
graphs copy-on-write) and is killed when its time is up.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_fork = mp.get_context("fork")


@dataclass(frozen=True)
class Outcome:
    """``ms`` is the query's own time when it finished; ``None`` answer means it timed out."""

    answer: Any
    ms: float
    finished: bool


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    started = time.perf_counter()
    answer = fn(*args)
    conn.send((answer, (time.perf_counter() - started) * 1000))
    conn.close()


def run_with_budget(fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Outcome:
    """``fn(*args)`` in a forked child; killed after ``seconds`` (then ``finished`` is False
    and ``ms`` is the budget)."""
    parent, child = _fork.Pipe(duplex=False)
    process = _fork.Process(target=_child, args=(child, fn, args), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(seconds):
            try:
                answer, ms = parent.recv()
            except EOFError:
                raise RuntimeError(f"{fn.__name__} failed in its child process") from None
            return Outcome(answer, ms, True)
        return Outcome(None, seconds * 1000, False)
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()
