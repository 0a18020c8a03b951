"""Keeping erased people out of imports: rows that would bring one back are skipped and
counted, never written.

A person row is skipped when its id, e-mail address or a profile link matches an erasure
(``graph.access.erasure``); so is every row that names a skipped person or an erased id
(their connections, jobs, memberships, advocacy and interactions); a deal they owned is
kept without its owner, as when a person is deleted. A row naming an erased person who is
not in the bundle is skipped too, instead of failing as an unknown reference.

When the store has no erasures at all, nothing is hashed and the bundle passes untouched.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from graph.bundle import Bundle
from graph.model import Person
from graph.service import WarmgraphService

from .csv.normalise import ROWS_FROM_PEOPLE

#: The columns of each frame that name people.
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "connections": ("a", "b"),
    "employment": ("person_id",),
    "memberships": ("person_id",),
    "advocates": ("person_id",),
    "interactions": ("actor_id", "recipient_id"),
}

KnownIds = Callable[[str, set[str]], set[str]]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class SuppressedRows:
    """Finds and drops the rows an erasure covers, for one import."""

    def __init__(self, service: WarmgraphService) -> None:
        self.service = service
        self.active = service.store.suppression_count() > 0
        self.erased: set[str] = set()  # person ids to skip

    def known_ids(self, lookup: KnownIds) -> KnownIds:
        """``lookup`` that also answers erased person ids (so rows naming them are skipped
        later rather than rejected as dangling references now)."""
        if not self.active:
            return lookup

        def known(kind: str, ids: set[str]) -> set[str]:
            found = lookup(kind, ids)
            if kind != "person":
                return found
            missing = [Person(id=pid, name="") for pid in ids - found]
            erased = self.service.suppressed_people(missing)
            self.erased |= erased
            return found | erased

        return known

    def drop(self, bundle: Bundle) -> dict[str, int]:
        """Remove the covered rows from ``bundle`` in place; rows skipped per frame."""
        if not self.active:
            return {}
        skipped: dict[str, int] = {}
        people = bundle.people
        if people is not None and len(people):
            self.erased |= self.service.suppressed_people(_people(people))
            keep = ~people["id"].isin(self.erased)
            skipped["people"] = int((~keep).sum())
            bundle.people = people[keep]
        if not self.erased:
            return {k: v for k, v in skipped.items() if v}
        for name, columns in PERSON_COLUMNS.items():
            frame = getattr(bundle, name)
            if frame is None:
                continue
            hit = pd.Series(False, index=frame.index)
            for column in columns:
                hit |= frame[column].astype(object).isin(self.erased)
            skipped[name] = int(hit.sum())
            kept = frame[~hit]
            derived = int(frame.attrs.get(ROWS_FROM_PEOPLE, 0))
            if derived:  # the last rows came from people.csv: say how many of them remain
                kept.attrs[ROWS_FROM_PEOPLE] = derived - int(hit.iloc[len(frame) - derived :].sum())
            setattr(bundle, name, kept)
        deals = bundle.deals
        if deals is not None:
            owned = deals["owner_id"].astype(object).isin(self.erased)
            if owned.any():
                deals = deals.copy()
                deals.loc[owned, "owner_id"] = None
                bundle.deals = deals
                skipped["deal owners"] = int(owned.sum())
        return {k: v for k, v in skipped.items() if v}


def _people(frame: pd.DataFrame) -> list[Person]:
    """Just what suppression keys are made of, for every row."""
    columns = [frame[c].tolist() for c in ("id", "email", "linkedin", "twitter")]
    return [
        Person(id=pid, name="", email=_text(e), linkedin=_text(li), twitter=_text(tw))
        for pid, e, li, tw in zip(*columns, strict=True)
    ]
