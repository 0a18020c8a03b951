"""A store file written by an older build opens, is brought up to date in place, and keeps
everything it held (``store_v1.sql`` and ``store_v2.sql`` are real files of those versions,
dumped): version 1 takes every step (access tables, external ids, the deals' stage history),
version 2 the last two, version 3 the last."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.access.model import AuditEntry, Role, User
from graph.access.tokens import hash_token, new_token
from graph.errors import StoreUnavailable
from graph.model import Deal, DealStage
from graph.store.embedded import EmbeddedStore
from graph.store.sqlite import SQLiteRecords
from graph.store.sqlite.schema import SCHEMA_VERSION
from tests.store.sqlite.files import check_file
from tests.store.world import PEOPLE, dump, seed

V1_DUMP = Path(__file__).with_name("store_v1.sql")
V2_DUMP = Path(__file__).with_name("store_v2.sql")
V3_DUMP = Path(__file__).with_name("store_v3.sql")
AT = datetime(2026, 11, 1, tzinfo=UTC)


def load_dump(dump_file: Path, path: Path) -> Path:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(dump_file.read_text(encoding="utf-8"))
    finally:
        conn.close()
    return path


def v1_file(path: Path) -> Path:
    return load_dump(V1_DUMP, path)


def v2_file(path: Path) -> Path:
    return load_dump(V2_DUMP, path)


def v3_file(path: Path) -> Path:
    return load_dump(V3_DUMP, path)


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def meta(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


class TestVersionOneFile:
    def test_fixture_is_a_version_one_file(self, tmp_path: Path) -> None:
        assert meta(v1_file(tmp_path / "v1.db"))["schema_version"] == 1

    def test_opens_with_its_data_intact(self, tmp_path: Path) -> None:
        old = v1_file(tmp_path / "v1.db")
        with SQLiteRecords(tmp_path / "fresh.db") as fresh:
            seed(fresh)
            expected = dump(fresh)
        with SQLiteRecords(old) as migrated:
            assert dump(migrated) == expected
        assert meta(old) == {"schema_version": SCHEMA_VERSION, "data_version": 36}
        check_file(old)

    def test_migrated_file_keeps_users_suppressions_and_audit(self, tmp_path: Path) -> None:
        path = v1_file(tmp_path / "v1.db")
        token_hash = hash_token(new_token())
        admin = User("admin@acme.example", Role.ADMIN, person_id="alice", created_at=AT)
        with SQLiteRecords(path) as store:
            version = store.data_version()
            store.add_user(admin, token_hash)
            store.add_suppressions(["k1"], AT)
            store.append_audit(AuditEntry(AT, admin.email, "users.add", "user:x"))
            secret = store.suppression_secret()
            assert store.data_version() == version
        with SQLiteRecords(path) as again:  # a second open finds nothing left to migrate
            assert again.user_by_token(token_hash) == admin
            assert again.suppressed(["k1", "k2"]) == {"k1"}
            assert [e.action for e in again.audit_entries()] == ["users.add"]
            assert again.suppression_secret() == secret
        check_file(path)

    def test_migrated_file_records_external_ids(self, tmp_path: Path) -> None:
        # both steps ran: the access tables (v2) and then the external ids (v3)
        path = v1_file(tmp_path / "v1.db")
        with SQLiteRecords(path) as store:
            store.record_external_ids("linkedin", "person", {"in/alice": "alice"})
            assert store.data_version() == 36
        with SQLiteRecords(path) as again:
            assert again.external_ids("linkedin", "person", ["in/alice"]) == {"in/alice": "alice"}
        assert {"app_user", "external_id"} <= tables(path)
        check_file(path)

    def test_embedded_store_answers_queries_on_a_migrated_file(self, tmp_path: Path) -> None:
        path = v1_file(tmp_path / "v1.db")
        with EmbeddedStore(path) as store:
            projection = store.link_projection()
            assert sorted(projection.person_ids) == sorted(PEOPLE)
            assert projection.length.sum() > 0  # the seed's links are there
            assert store.list_users() == []

    def test_stores_opening_it_at_once_all_work(self, tmp_path: Path) -> None:
        # two servers started together on an old file: one migrates, the other waits for it
        path = v1_file(tmp_path / "v1.db")
        start = threading.Barrier(4)
        opened: list[SQLiteRecords] = []
        failures: list[BaseException] = []

        def open_it() -> None:
            start.wait()
            try:
                opened.append(SQLiteRecords(path))
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            assert failures == []
            for store in opened:
                assert store.list_users() == []
        finally:
            for store in opened:
                store.close()
        assert meta(path)["schema_version"] == SCHEMA_VERSION

    def test_a_newer_version_is_refused(self, tmp_path: Path) -> None:
        path = v1_file(tmp_path / "v1.db")
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'")
        conn.commit()
        conn.close()
        with pytest.raises(StoreUnavailable, match="schema version 99"):
            SQLiteRecords(path)


class TestVersionTwoFile:
    def test_fixture_is_a_version_two_file_without_external_ids(self, tmp_path: Path) -> None:
        path = v2_file(tmp_path / "v2.db")
        assert meta(path)["schema_version"] == 2
        assert "external_id" not in tables(path)

    def test_opens_with_its_data_and_access_records_intact(self, tmp_path: Path) -> None:
        old = v2_file(tmp_path / "v2.db")
        with SQLiteRecords(tmp_path / "fresh.db") as fresh:
            seed(fresh)
            expected = dump(fresh)
        with SQLiteRecords(old) as migrated:
            assert dump(migrated) == expected
            assert [u.email for u in migrated.list_users()] == ["admin@acme.example"]
            assert migrated.user_by_token("0" * 64) is not None
            assert migrated.suppressed(["k1", "k2"]) == {"k1"}
            assert [e.action for e in migrated.audit_entries()] == ["users.add"]
        # the migration is not a data change: caches keyed on the version stay valid
        assert meta(old) == {"schema_version": SCHEMA_VERSION, "data_version": 36}
        check_file(old)

    def test_migrated_file_records_external_ids_and_reads_identities(self, tmp_path: Path) -> None:
        path = v2_file(tmp_path / "v2.db")
        with SQLiteRecords(path) as store:
            store.record_external_ids("salesforce", "company", {"001A": "acme"})
            assert {p.id for p in store.person_identities()} == set(PEOPLE)
        with SQLiteRecords(path) as again:  # a second open finds nothing left to migrate
            assert again.external_ids("salesforce", "company", ["001A"]) == {"001A": "acme"}
        assert meta(path) == {"schema_version": SCHEMA_VERSION, "data_version": 36}
        check_file(path)

    def test_a_failed_migration_leaves_the_file_at_version_two(self, tmp_path: Path) -> None:
        # a table already named external_id (a hand edit, a half-copied file): the step fails,
        # and the file is left exactly as it was, not half-migrated
        path = v2_file(tmp_path / "v2.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE external_id (x)")
        conn.commit()
        conn.close()
        with pytest.raises(StoreUnavailable):
            SQLiteRecords(path)
        assert meta(path)["schema_version"] == 2
        check_file(path)


class TestVersionThreeFile:
    def test_fixture_is_a_version_three_file_without_stage_history(self, tmp_path: Path) -> None:
        path = v3_file(tmp_path / "v3.db")
        assert meta(path)["schema_version"] == 3
        assert "deal_stage_change" not in tables(path)

    def test_opens_with_everything_intact_and_no_invented_history(self, tmp_path: Path) -> None:
        old = v3_file(tmp_path / "v3.db")
        with SQLiteRecords(tmp_path / "fresh.db") as fresh:
            seed(fresh)
            expected = dump(fresh)
        with SQLiteRecords(old) as migrated:
            assert dump(migrated) == expected
            assert migrated.external_ids("salesforce", "deal", ["006A"]) == {"006A": "d1"}
            assert [u.email for u in migrated.list_users()] == ["admin@acme.example"]
            # nobody saw the stored deals move: tracking starts with the migration
            assert migrated.stage_changes("d1") == []
            assert migrated.stage_changes_since(datetime(2000, 1, 1, tzinfo=UTC), 10) == []
        # the migration is not a data change: caches keyed on the version stay valid
        assert meta(old) == {"schema_version": SCHEMA_VERSION, "data_version": 36}
        check_file(old)

    def test_migrated_file_records_stage_changes(self, tmp_path: Path) -> None:
        path = v3_file(tmp_path / "v3.db")
        with SQLiteRecords(path) as store:
            d1 = store.get_nodes(Deal, ["d1"])["d1"]
            store.update_node(dataclasses.replace(d1, stage=DealStage.CLOSED_WON))
        with SQLiteRecords(path) as again:  # a second open finds nothing left to migrate
            changes = again.stage_changes("d1")
            assert [(c.stage_from, c.stage_to) for c in changes] == [
                (DealStage.PROPOSAL, DealStage.CLOSED_WON)
            ]
            again.delete_node(Deal, "d1")
            assert again.stage_changes("d1") == []
        check_file(path)

    def test_a_failed_migration_leaves_the_file_at_version_three(self, tmp_path: Path) -> None:
        path = v3_file(tmp_path / "v3.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE deal_stage_change (x)")
        conn.commit()
        conn.close()
        with pytest.raises(StoreUnavailable):
            SQLiteRecords(path)
        assert meta(path)["schema_version"] == 3
        check_file(path)
