"""``records``: a fresh store of each backend implementing the test's protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import backend_params, open_test_store
from tests.store.sqlite.files import check_file
from tests.store.world import seed


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "records" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("protocol")
    if marker is None:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: mark each contract test with the protocol it "
            "checks: pytest.mark.protocol.with_args(P)"
        )
    metafunc.parametrize("records", backend_params(*marker.args), indirect=True)


@pytest.fixture
def records_path(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
def records(
    request: pytest.FixtureRequest, records_path: Path, strength_model: Any
) -> Iterator[Any]:
    store = open_test_store(request.param, request, records_path, strength_model)
    yield store
    store.close()


@pytest.fixture
def seeded(records: Any) -> Any:
    seed(records)
    return records


@pytest.fixture
def check_sound(records_path: Path) -> Callable[[], None]:
    """Checks what the backend can check of its own storage (a SQLite file's integrity)."""

    def check() -> None:
        if records_path.exists():
            check_file(records_path)

    return check
