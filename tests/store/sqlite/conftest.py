"""``records``: a SQLiteRecords on a fresh file (these tests check what only it promises)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.sqlite import SQLiteRecords
from tests.store.world import seed


@pytest.fixture
def records(tmp_path: Path) -> Iterator[SQLiteRecords]:
    store = SQLiteRecords(tmp_path / "records.db")
    yield store
    store.close()


@pytest.fixture
def seeded(records: SQLiteRecords) -> SQLiteRecords:
    seed(records)
    return records
