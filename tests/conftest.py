"""Fixtures shared by the whole suite.

``store`` is the one fixture every storage-facing test uses; it is parametrised over each
store implementation so they all pass one contract suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.strength import StrengthModel

NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def strength_model() -> StrengthModel:
    return StrengthModel(now=NOW)


@pytest.fixture(params=["embedded"])
def store(request: pytest.FixtureRequest, tmp_path, strength_model) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path / "store.db", strength_model)
    yield s
    s.close()


@pytest.fixture
def service(store) -> WarmgraphService:
    return WarmgraphService(store)
