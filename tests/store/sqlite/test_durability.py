"""Crash safety of the SQLite store with real processes killed by SIGKILL.

A write the store acknowledged (its method returned) survives the kill; a transaction the
kill interrupted (a record, or a whole bundle import) leaves no trace.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.bundle import no_progress
from graph.model import Connection, Interaction, InteractionKind, Person
from graph.store.sqlite import SQLiteRecords
from tests.store.sqlite.files import check_file, raw_dump
from tests.store.world import search_people, seed

from ._writer import big_bundle

WRITER = Path(__file__).with_name("_writer.py")
ROOT = Path(__file__).resolve().parents[3]
LATE = datetime(2026, 2, 2, tzinfo=UTC)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


class Writer:
    """A ``_writer.py`` process whose stdout lines arrive on a queue."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-u", str(WRITER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = 60.0) -> str:
        line = self.lines.get(timeout=timeout)
        if line is None:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"writer exited early ({self.proc.poll()}):\n{err}")
        self.seen.append(line)
        return line

    def wait_for(self, predicate: object, timeout: float = 120.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self.next_line(max(0.1, deadline - time.monotonic()))
            if callable(predicate) and predicate(line):
                return line

    def kill(self) -> list[str]:
        """SIGKILL, then every line it printed before dying (all of them acknowledged)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL
        while (line := self.lines.get(timeout=30)) is not None:
            self.seen.append(line)
        if self.proc.stderr:
            self.proc.stderr.close()
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.seen


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "stream.db"
    writer = Writer("stream", str(path))
    assert writer.wait_for(lambda line: line == "ready")
    writer.wait_for(lambda line: line.startswith("interaction x000300"))
    lines = writer.kill()

    check_file(path)
    people = [ln.split()[1] for ln in lines if ln.startswith("person ")]
    pairs = [tuple(ln.split()[1:]) for ln in lines if ln.startswith("connection ")]
    interactions = [ln.split()[1] for ln in lines if ln.startswith("interaction ")]
    assert len(people) > 300 and len(interactions) >= 300

    with SQLiteRecords(path) as store:
        assert store.existing_ids(Person, people) == set(people)
        stored = store.get_nodes(Person, people)
        assert all(p.tags == ("stream",) for p in stored.values())
        evidence = store.link_evidence(pairs)
        assert all(e.connected for e in evidence)
        for iid in interactions:
            assert store.get_interaction(iid) is not None, iid
        # at most the one write in flight is beyond what was acknowledged
        everyone = search_people(store, "streamed", 100_000)
        assert len(everyone) - len(people) in (0, 1)
        # every acknowledged write is still counted, and the store takes new writes
        version = store.data_version()
        assert version >= len(people) + len(pairs) + len(interactions)
        store.create_node(Person("after", "After the crash"))
        store.connect(Connection("after", people[0]))
        assert store.data_version() == version + 2
    check_file(path)


@pytest.mark.parametrize(
    ("populated", "kill_at"),
    [
        (True, "people"),
        (True, "interactions"),
        (False, "connections"),
        (False, "indexes"),
    ],
    ids=["upsert-people", "upsert-interactions", "fresh-connections", "fresh-indexes"],
)
def test_import_killed_midway_leaves_store_as_before(
    tmp_path: Path, populated: bool, kill_at: str
) -> None:
    path = tmp_path / "import.db"
    with SQLiteRecords(path) as store:
        if populated:
            seed(store)
            # the killed import would overwrite these people and add to their links
            store.import_bundle(big_bundle(2_000, name="Before"), no_progress)
            store.record_interaction(
                Interaction("late", InteractionKind.CALL, LATE, "alice", "0000001")
            )
        version = store.data_version()
    before = raw_dump(path)

    # 20k people, ~100k connections, 200k interactions: a few seconds of importing
    writer = Writer("import", str(path), "20000")
    writer.wait_for(lambda line: line == "ready")
    writer.wait_for(lambda line: line.startswith(f"progress {kill_at} "))
    lines = writer.kill()
    assert "done" not in lines

    check_file(path)
    assert raw_dump(path) == before
    with SQLiteRecords(path) as store:
        assert store.data_version() == version
        if populated:
            assert store.get_nodes(Person, ["0000001"])["0000001"].name == "Before 1"
        else:
            assert store.get_nodes(Person, ["0000001"]) == {}
        # the interrupted import can simply be run again
        counts = store.import_bundle(big_bundle(2_000), no_progress)
        assert counts["people"] == 2_000
        assert store.get_nodes(Person, ["0000001"])["0000001"].name == "After 1"
    check_file(path)
