from __future__ import annotations

from collections.abc import Iterator

import pytest

from .test_process import Server


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Processes a test started; each is stopped when the test ends."""
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()
