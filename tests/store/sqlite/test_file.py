"""SQLiteRecords beyond the port: its file, locking, data_version and link-input reads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from graph.bundle import Bundle, no_progress
from graph.errors import StoreUnavailable, WarmgraphError
from graph.model import (
    Connection,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.sqlite import SQLiteRecords
from tests.store.bundles import people_frame
from tests.store.sqlite.files import check_file, raw_dump
from tests.store.world import PEOPLE, at, dump, search_people, seed


class TestSQLiteFile:
    def test_file_settings(self, records: SQLiteRecords) -> None:
        conn = sqlite3.connect(records.path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
        with records._db.read() as c:
            assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL

    def test_reopen_keeps_data(self, tmp_path: Path) -> None:
        path = tmp_path / "again.db"
        with SQLiteRecords(path) as first:
            seed(first)
            expected = dump(first)
        with SQLiteRecords(path) as second:
            assert dump(second) == expected
        check_file(path)

    def test_failed_writes_change_nothing_on_disk(self, seeded: SQLiteRecords) -> None:
        before = raw_dump(seeded.path)
        version = seeded.data_version()
        failing = [
            lambda: seeded.create_node(Person("alice", "dup")),
            lambda: seeded.create_node(Deal("d9", "X", "acme", owner_id="zed")),
            lambda: seeded.update_node(Person("zed", "Z")),
            lambda: seeded.delete_node(Person, "zed"),
            lambda: seeded.connect(Connection("alice", "zed")),
            lambda: seeded.disconnect("alice", "dave"),
            lambda: seeded.record_interaction(
                Interaction("i1", InteractionKind.CALL, at(9), "bob", "carol")
            ),
            lambda: seeded.record_interaction(
                Interaction("n", InteractionKind.CALL, at(9), "bob", "alice", "nope")
            ),
            lambda: seeded.set_employment(Employment("alice", "nope")),
            lambda: seeded.remove_advocacy("bob", "acme"),
        ]
        for call in failing:
            with pytest.raises(WarmgraphError):
                call()
        assert raw_dump(seeded.path) == before
        assert seeded.data_version() == version

    def test_data_version_moves_on_every_write(self, records: SQLiteRecords) -> None:
        versions = [records.data_version()]
        records.create_node(Person("a", "A"))
        versions.append(records.data_version())
        records.create_node(Person("b", "B"))
        versions.append(records.data_version())
        records.connect(Connection("a", "b"))
        versions.append(records.data_version())
        records.import_bundle(Bundle(people=people_frame(["c"])), no_progress)
        versions.append(records.data_version())
        records.delete_node(Person, "a")
        versions.append(records.data_version())
        assert versions == sorted(set(versions))  # strictly increasing
        assert versions[-1] == versions[0] + 5

    def test_not_a_database_is_unavailable(self, tmp_path: Path) -> None:
        path = tmp_path / "junk.db"
        path.write_bytes(b"this is not a database" * 100)
        with pytest.raises(StoreUnavailable):
            SQLiteRecords(path)
        with pytest.raises(StoreUnavailable):
            SQLiteRecords(tmp_path / "missing-dir" / "x.db")

    def test_locked_file_is_unavailable(self, tmp_path: Path) -> None:
        path = tmp_path / "locked.db"
        store = SQLiteRecords(path, busy_timeout=0.1)
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            before = store.data_version()
            with pytest.raises(StoreUnavailable):
                store.create_node(Person("a", "A"))
            # reads go on while another process holds the write lock
            assert store.get_nodes(Person, ["a"]) == {}
            assert store.data_version() == before
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        store.create_node(Person("a", "A"))
        store.close()

    def test_writes_wait_for_a_running_import_then_give_up(self, tmp_path: Path) -> None:
        store = SQLiteRecords(tmp_path / "busy.db", busy_timeout=0.2)
        store.create_node(Person("a", "A"))
        started, release = threading.Event(), threading.Event()
        failures: list[BaseException] = []

        def slow_progress(stage: str, done: int, total: int | None = None) -> None:
            started.set()
            release.wait(30)

        def run_import() -> None:
            try:
                store.import_bundle(Bundle(people=people_frame(["b"])), slow_progress)
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        importer = threading.Thread(target=run_import)
        importer.start()
        try:
            assert started.wait(30)
            with pytest.raises(StoreUnavailable):
                store.create_node(Person("c", "C"))
            # readers are not blocked, and do not see the import before it commits
            assert store.existing_ids(Person, ["a", "b", "c"]) == {"a"}
        finally:
            release.set()
            importer.join(30)
        assert not failures
        assert store.existing_ids(Person, ["a", "b", "c"]) == {"a", "b"}
        store.close()

    def test_pair_inputs_and_advocacy_weight(self, seeded: SQLiteRecords) -> None:
        pair = seeded.pair_inputs("alice", "bob")
        assert pair.connected
        assert pair.kinds_ab == ("email", "email")
        assert pair.at_ab == (at(0).timestamp(), at(2).timestamp())
        assert pair.kinds_ba == ("meeting",)
        assert pair.at_ba == (at(1).timestamp(),)
        flipped = seeded.pair_inputs("bob", "alice")
        assert (flipped.kinds_ab, flipped.kinds_ba) == (pair.kinds_ba, pair.kinds_ab)
        assert seeded.pair_inputs("alice", "erin") == type(pair)(False, (), (), (), ())
        assert seeded.pair_inputs("alice", "zed").connected is False
        assert seeded.advocacy_weight("alice") == 1.0  # champion beats promoter
        assert seeded.advocacy_weight("dave") == pytest.approx(2 / 3)
        assert seeded.advocacy_weight("bob") == 0.0
        assert seeded.advocacy_weight("zed") == 0.0

    def test_read_link_inputs(self, seeded: SQLiteRecords) -> None:
        version, li = seeded.snapshot_link_inputs()
        assert version == seeded.data_version()
        ids = list(li.person_id)
        assert sorted(ids) == sorted(PEOPLE)
        assert li.person_pk.dtype == np.int64 and (np.diff(li.person_pk) > 0).all()
        with seeded._db.read() as conn:
            pks = dict(conn.execute("SELECT id, pk FROM person"))
        assert dict(zip(ids, li.person_pk.tolist(), strict=True)) == pks
        by_pk = dict(zip(li.person_pk.tolist(), ids, strict=True))
        flags = dict(zip(ids, li.do_not_contact.tolist(), strict=True))
        assert flags["carol"] and not flags["alice"]
        weights = dict(zip(ids, li.advocacy.tolist(), strict=True))
        assert weights == pytest.approx(
            {p: {"alice": 1.0, "dave": 2 / 3}.get(p, 0.0) for p in PEOPLE}
        )
        pairs = {(by_pk[a], by_pk[b]) for a, b in zip(li.conn_a, li.conn_b, strict=True)}
        assert pairs == {("alice", "bob"), ("alice", "carol"), ("007", "7"), ("bob", "dave")}
        got = sorted(
            (by_pk[a], by_pk[r], k, t)
            for a, r, k, t in zip(
                li.inter_actor, li.inter_recipient, li.inter_kind, li.inter_at, strict=True
            )
        )
        assert got[0] == ("007", "7", "call", at(6).timestamp())
        assert len(got) == 7
        assert {k for _, _, k, _ in got} == {"email", "meeting", "call", "like", "comment"}
        assert li.inter_at.dtype == np.float64 and li.inter_actor.dtype == np.int64

    def test_read_link_inputs_empty(self, records: SQLiteRecords) -> None:
        li = records.snapshot_link_inputs()[1]
        assert len(li.person_pk) == len(li.conn_a) == len(li.inter_kind) == 0

    def test_concurrent_reads_during_writes(self, records: SQLiteRecords) -> None:
        """Readers in threads never fail and never see half a write."""
        for p in ("hub", "x"):
            records.create_node(Person(p, p))
        stop = threading.Event()
        errors: list[BaseException] = []
        seen: list[int] = []

        def writer() -> None:
            try:
                for i in range(150):
                    # one write = a person and nothing else; then a connection to them
                    records.create_node(Person(f"w{i:04d}", f"Writer {i}"))
                    records.connect(Connection("hub", f"w{i:04d}"))
                    records.record_interaction(
                        Interaction(f"e{i}", InteractionKind.EMAIL, at(i), "hub", f"w{i:04d}")
                    )
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                stop.set()

        def reader() -> None:
            try:
                while not stop.is_set():
                    li = records.snapshot_link_inputs()[1]
                    ids = set(li.person_id.tolist())
                    by_pk = dict(zip(li.person_pk.tolist(), li.person_id.tolist(), strict=True))
                    # every connection and interaction refers to people in the same snapshot
                    assert all(
                        a in by_pk and b in by_pk
                        for a, b in zip(li.conn_a.tolist(), li.conn_b.tolist(), strict=True)
                    )
                    assert all(a in by_pk for a in li.inter_actor.tolist())
                    assert len(li.inter_at) <= len(li.conn_a) <= len(ids)
                    hub = records.connections("hub", 1000)
                    assert len(hub) == len({c.b for c in hub})
                    search_people(records, "writer", 5)
                    records.link_evidence([("hub", "w0000")])
                    seen.append(len(ids))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer)] + [
            threading.Thread(target=reader) for _ in range(3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        assert seen and max(seen) <= 152
        assert len(records.connections("hub", 1000)) == 150
