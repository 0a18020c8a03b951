"""SQLiteRecords' bulk import beyond the port: atomicity, its fast paths, progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.bundle import no_progress
from graph.errors import BadInput, NotFound
from graph.model import Person
from graph.store.sqlite import SQLiteRecords, import_frames, importer, writer
from tests.store.bundles import small_bundle
from tests.store.sqlite.files import check_file, raw_dump
from tests.store.world import seed


def untimed(changes: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Stage-history rows without their time (each import stamps its own)."""
    return [row[:-1] for row in changes]


class TestImport:
    def test_import_derives_advocacy_weight(self, records: SQLiteRecords) -> None:
        records.import_bundle(small_bundle(), no_progress)
        assert records.advocacy_weight("000001") == 1.0

    def test_import_twice_is_idempotent(self, records: SQLiteRecords) -> None:
        bundle = small_bundle()
        first = records.import_bundle(bundle, no_progress)
        after_first = raw_dump(records.path)
        second = records.import_bundle(bundle, no_progress)
        assert first == second
        after_second = raw_dump(records.path)
        after_first.pop("meta")
        after_second.pop("meta")  # only data_version moved
        assert after_first == after_second

    @pytest.mark.parametrize("fresh", [False, True], ids=["upsert", "fresh"])
    def test_failure_mid_import_rolls_back_everything(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: bool
    ) -> None:
        path = tmp_path / "fail.db"
        store = SQLiteRecords(path)
        if fresh:  # take the empty-database path (indexes dropped and rebuilt)
            monkeypatch.setattr(importer, "REBUILD_INDEXES_MIN_ROWS", 0)
        else:
            seed(store)
        before = raw_dump(path)
        version = store.data_version()
        broken = small_bundle()
        assert broken.deals is not None
        # deals come last, after every other frame was written: a company no one has
        broken.deals.loc[1, "company_id"] = "ghost"
        with pytest.raises(NotFound):
            store.import_bundle(broken, no_progress)
        assert raw_dump(path) == before
        assert store.data_version() == version

        # a NOT NULL the loader let through
        broken = small_bundle()
        assert broken.interactions is not None
        broken.interactions.loc[len(broken.interactions) - 1, "id"] = None
        with pytest.raises(BadInput):
            store.import_bundle(broken, no_progress)
        assert raw_dump(path) == before

        # an interrupt from the progress callback, half-way through the interactions
        def progress(stage: str, done: int, total: int | None = None) -> None:
            if stage == "interactions":
                raise KeyboardInterrupt

        monkeypatch.setattr(writer, "CHUNK", 100)
        with pytest.raises(KeyboardInterrupt):
            store.import_bundle(small_bundle(), progress)
        assert raw_dump(path) == before
        assert store.data_version() == version
        store.close()
        check_file(path)

    def test_fresh_path_matches_upsert_path(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        bundle = small_bundle()
        with SQLiteRecords(tmp_path / "slow.db") as slow:
            slow.import_bundle(bundle, no_progress)
        monkeypatch.setattr(importer, "REBUILD_INDEXES_MIN_ROWS", 0)
        stages: list[str] = []
        with SQLiteRecords(tmp_path / "fast.db") as fast:
            fast.import_bundle(bundle, lambda stage, done, total=None: stages.append(stage))
            assert "indexes" in stages
            # the file keeps working as an ordinary store afterwards
            fast.import_bundle(bundle, no_progress)
            fast.create_node(Person("late", "Late"))
            fast.delete_node(Person, "000001")
            fast.delete_node(Person, "late")
        with SQLiteRecords(tmp_path / "slow.db") as slow:
            slow.delete_node(Person, "000001")
        slow_dump = raw_dump(tmp_path / "slow.db")
        fast_dump = raw_dump(tmp_path / "fast.db")
        for d in (slow_dump, fast_dump):
            d.pop("meta")
            d["person"] = [r[1:] for r in d["person"]]  # pks may differ
            d["interaction"] = sorted((r[1:] for r in d["interaction"]), key=repr)
            d["deal_stage_change"] = untimed(d["deal_stage_change"])
        assert slow_dump == fast_dump
        check_file(tmp_path / "fast.db")

    def test_id_mapping_fallback_gives_the_same_store(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        bundle = small_bundle()
        with SQLiteRecords(tmp_path / "fast.db") as fast:
            fast.import_bundle(bundle, no_progress)
        monkeypatch.setattr(import_frames, "_StringHashTable", None)
        with SQLiteRecords(tmp_path / "plain.db") as plain:
            plain.import_bundle(bundle, no_progress)
            broken = small_bundle()
            assert broken.interactions is not None
            broken.interactions.loc[3, "actor_id"] = "nobody"
            with pytest.raises(NotFound):
                plain.import_bundle(broken, no_progress)
        fast_dump, plain_dump = raw_dump(tmp_path / "fast.db"), raw_dump(tmp_path / "plain.db")
        for d in (fast_dump, plain_dump):
            d["deal_stage_change"] = untimed(d["deal_stage_change"])
        assert fast_dump == plain_dump

    def test_fresh_path_rejects_duplicate_interaction_ids(
        self, records: SQLiteRecords, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(importer, "REBUILD_INDEXES_MIN_ROWS", 0)
        bundle = small_bundle()
        assert bundle.interactions is not None
        bundle.interactions.loc[5, "id"] = bundle.interactions.loc[4, "id"]
        before = raw_dump(records.path)
        with pytest.raises(BadInput):
            records.import_bundle(bundle, no_progress)
        assert raw_dump(records.path) == before

    def test_progress_is_reported_per_chunk(
        self, records: SQLiteRecords, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(writer, "CHUNK", 500)
        calls: list[tuple[str, int, int | None]] = []
        bundle = small_bundle()
        records.import_bundle(bundle, lambda s, d, t=None: calls.append((s, d, t)))
        inter = [c for c in calls if c[0] == "interactions"]
        assert [d for _, d, _ in inter] == [500, 1000, 1500]
        assert all(t == 1500 for _, _, t in inter)
