"""Bad values are refused above the port: the service raises BadInput and stores nothing.

These moved here from the store contract (tests/store/contract/): values are checked once,
before any store sees them (``graph.validation``), so a store test no longer asserts that a
store refuses a bad value. Each case runs over both stores through the ``service`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.errors import BadInput
from graph.model import Company, Connection, Interaction, InteractionKind, Person
from graph.service import WarmgraphService
from tests.store.world import at, dump, seed

Write = Callable[[WarmgraphService], object]

CASES: list[Any] = [
    pytest.param(lambda s: s.connect(Connection("alice", "alice")), id="self-connection"),
    pytest.param(
        lambda s: s.record_interaction(Interaction("n", InteractionKind.CALL, at(9), "bob", "bob")),
        id="self-interaction",
    ),
    pytest.param(
        lambda s: s.record_interaction(Interaction("x", "shout", at(1), "bob", "alice")),
        id="unknown-interaction-kind",
    ),
    pytest.param(
        lambda s: s.create(Company("big", "Big", employees=10**30)),
        id="employees-beyond-int64",
    ),
    pytest.param(lambda s: s.create(Person(12, "Numeric id")), id="id-not-text"),
]


@pytest.mark.parametrize("write", CASES)
def test_bad_value_is_refused_and_nothing_is_stored(
    store: Any, service: WarmgraphService, write: Write
) -> None:
    seed(store)
    before = dump(store)
    version = store.data_version()
    with pytest.raises(BadInput):
        write(service)
    assert dump(store) == before
    assert store.data_version() == version
