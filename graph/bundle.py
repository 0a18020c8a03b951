"""A validated import bundle: what loaders hand to a store's ``import_bundle``.

Importers check every frame with the one bundle validator (:mod:`graph.validation.bundle`,
the same rules the service applies to single writes) and normalise the frames to the shapes
below, so a store only writes. Every frame is optional (``None`` = file absent).

**A missing value means "not given"**: a store's upsert keeps what it already holds for it
(and gives a new row its default, e.g. connection origin ``manual``); it never erases.
Required reference columns and ``interactions.kind`` may be pandas ``category`` (values
``str``, never missing), which keeps 20M-row frames small; optional enum columns (``kind``,
``origin``, ``level``, ``stage``) are ``category`` with NaN where not given; other text
columns hold ``str`` or ``None``; ``do_not_contact`` holds ``True``/``False``/``None``;
``tags`` a JSON array text or ``None``; dates are ISO ``YYYY-MM-DD`` strings or ``None``;
``interactions.at`` is float epoch seconds (UTC) — read it as ``frame["at"]``, since
``frame.at`` is pandas' own accessor.

========================  ===================================================================
frame                     columns
========================  ===================================================================
people                    id, name, email, title, location, linkedin, twitter,
                          do_not_contact (bool or None), tags (JSON array text or None)
companies                 id, name, domain, industry, employees (nullable Int64)
communities               id, name, kind
                          (a CommunityKind value), url
connections               a, b (a < b, one row per pair), since, origin
employment                person_id, company_id, title, start, end
memberships               person_id, community_id, role, since
advocates                 person_id, company_id, level, since
interactions              id, kind, at (float), actor_id, recipient_id, community_id
deals                     id, name, company_id, owner_id, stage, amount (float or NaN),
                          created_at, closed_at
========================  ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Protocol

import pandas as pd

FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": (
        "id",
        "name",
        "email",
        "title",
        "location",
        "linkedin",
        "twitter",
        "do_not_contact",
        "tags",
    ),
    "companies": ("id", "name", "domain", "industry", "employees"),
    "communities": ("id", "name", "kind", "url"),
    "connections": ("a", "b", "since", "origin"),
    "employment": ("person_id", "company_id", "title", "start", "end"),
    "memberships": ("person_id", "community_id", "role", "since"),
    "advocates": ("person_id", "company_id", "level", "since"),
    "interactions": ("id", "kind", "at", "actor_id", "recipient_id", "community_id"),
    "deals": (
        "id",
        "name",
        "company_id",
        "owner_id",
        "stage",
        "amount",
        "created_at",
        "closed_at",
    ),
}


@dataclass(slots=True)
class Bundle:
    people: pd.DataFrame | None = None
    companies: pd.DataFrame | None = None
    communities: pd.DataFrame | None = None
    connections: pd.DataFrame | None = None
    employment: pd.DataFrame | None = None
    memberships: pd.DataFrame | None = None
    advocates: pd.DataFrame | None = None
    interactions: pd.DataFrame | None = None
    deals: pd.DataFrame | None = None

    def frames(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """The present frames, in an order that satisfies references (nodes first)."""
        for f in fields(self):
            frame = getattr(self, f.name)
            if frame is not None:
                yield f.name, frame

    def row_count(self) -> int:
        return sum(len(frame) for _, frame in self.frames())


class Progress(Protocol):
    """Told how a long job goes: ``stage`` names the step, ``total`` may be unknown."""

    def __call__(self, stage: str, done: int, total: int | None = None) -> None: ...


def no_progress(stage: str, done: int, total: int | None = None) -> None:
    """A Progress that reports nothing."""
