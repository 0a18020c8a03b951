"""Erasure: removing a person everywhere and remembering, without their data, not to let
them back in.

``erase`` records the person's suppression keys (``graph.access.suppression``) *before*
deleting them: if the delete fails the keys stay, which errs on the side of the person (an
erasure asked again finishes the job). Every later create, update or import that names one
of those identifiers is refused (single writes) or skipped and counted (imports).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol

from ..errors import NotFound, Suppressed
from ..model import Person
from ..store.base import NodeRecords, Suppressions
from .suppression import suppression_keys


class _Store(Suppressions, NodeRecords, Protocol):
    """What erasure needs from a store."""


class Suppressor:
    """Tests people against the store's suppression keys."""

    def __init__(self, store: _Store) -> None:
        self.store = store
        self._secret: bytes | None = None

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = self.store.suppression_secret()
        return self._secret

    def keys(self, person: Person) -> list[str]:
        return suppression_keys(person, self.secret)

    def is_suppressed(self, person: Person) -> bool:
        return bool(self.store.suppressed(self.keys(person)))

    def check(self, person: Person) -> None:
        """Suppressed if the person was erased (by id, e-mail or profile)."""
        if self.is_suppressed(person):
            raise Suppressed(
                "this person was erased and may not be added again "
                "(their id, e-mail address or a profile link matches an erasure)"
            )

    def suppressed_people(self, people: Iterable[Person]) -> set[str]:
        """Ids of those among ``people`` an erasure covers (one store query)."""
        keyed = {p.id: self.keys(p) for p in people}
        hits = self.store.suppressed({k for keys in keyed.values() for k in keys})
        return {pid for pid, keys in keyed.items() if hits.intersection(keys)}


def erase(store: _Store, suppressor: Suppressor, person_id: str) -> None:
    """Suppress, then delete, the person; NotFound if there is no such person."""
    found = store.get_nodes(Person, [person_id])
    if person_id not in found:
        raise NotFound("person", person_id)
    store.add_suppressions(suppressor.keys(found[person_id]), datetime.now(UTC))
    store.delete_node(Person, person_id)
