"""The rules of merging one person into another: the same on every backend.

Pure functions over ``graph.model`` records. A backend reads both people and their
relationships inside its write transaction, asks :func:`plan` what the kept person's
records become, writes them, re-points what only needs a new reference (interactions, deal
owners, users, external ids) and deletes the merged person, all in that one transaction.

The rules (the kept person is ``keep``, the one merged into them ``merge``):

- ``keep``'s own values win; an empty one (None, ``""``, no tags) takes ``merge``'s.
  ``do_not_contact`` is true if either was: a merge never loses a privacy choice.
- ``merge``'s KNOWS move to ``keep``. Where ``keep`` already knows that person one KNOWS
  stays: the earliest known ``since``, ``keep``'s origin. A KNOWS between the two goes.
- A job, membership or advocacy at a company or community ``keep`` has none at moves; where
  ``keep`` has one, it stays and fills its empty fields from ``merge``'s. A job's ``end``
  is not an empty field: no end means "works there now", a fact of ``keep``'s record that an
  ended job of ``merge``'s must not overwrite.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model import Advocacy, Connection, Employment, Membership, Person
from ..queries import MergeCounts

#: A read limit that is no limit: a merge moves every connection of the person.
EVERY = 1 << 62

R = TypeVar("R", Employment, Membership, Advocacy)


@dataclass(frozen=True, slots=True)
class Relations:
    """The relationships of one person that a merge folds together."""

    connections: Sequence[Connection]
    employments: Sequence[Employment]
    memberships: Sequence[Membership]
    advocacies: Sequence[Advocacy]


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What to write for ``keep``: the person as they will be, and the relationships to
    upsert (each whole: a record ``keep`` already has comes back with its empty fields
    filled). ``counts`` holds the relationship counts; the backend adds what it re-points."""

    person: Person
    connections: tuple[Connection, ...]
    employments: tuple[Employment, ...]
    memberships: tuple[Membership, ...]
    advocacies: tuple[Advocacy, ...]
    counts: MergeCounts


def _empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def _filled(mine: R, theirs: R, fields: Sequence[str]) -> R:
    """``mine`` with each of ``fields`` that is empty taken from ``theirs``."""
    fills = {f: getattr(theirs, f) for f in fields if _empty(getattr(mine, f))}
    return dataclasses.replace(mine, **fills) if fills else mine


def merged_person(keep: Person, merge: Person) -> Person:
    """``keep`` with its empty fields filled from ``merge``; do-not-contact if either was."""
    fields = ("name", "title", "email", "location", "linkedin", "twitter", "tags")
    fills: dict[str, Any] = {f: getattr(merge, f) for f in fields if _empty(getattr(keep, f))}
    return dataclasses.replace(
        keep, **fills, do_not_contact=keep.do_not_contact or merge.do_not_contact
    )


def _other(connection: Connection, person_id: str) -> str:
    return connection.b if connection.a == person_id else connection.a


def _connections(
    keep_id: str, merge_id: str, keep: Sequence[Connection], merge: Sequence[Connection]
) -> tuple[list[Connection], int, int]:
    """(KNOWS to write for ``keep``, how many moved, how many dropped)."""
    known = {_other(c, keep_id): c for c in keep}
    out: list[Connection] = []
    moved = dropped = 0
    for theirs in merge:
        other = _other(theirs, merge_id)
        if other == keep_id:
            dropped += 1  # the two were connected: a person does not know themselves
            continue
        mine = known.get(other)
        if mine is None:
            out.append(Connection(keep_id, other, theirs.since, theirs.origin))
            moved += 1
            continue
        dropped += 1
        sinces = [s for s in (mine.since, theirs.since) if s is not None]
        since = min(sinces) if sinces else None
        if since != mine.since:
            out.append(dataclasses.replace(mine, since=since))
    return out, moved, dropped


def _attachments(
    keep_id: str, keep: Sequence[R], merge: Sequence[R], key: str, fields: Sequence[str]
) -> tuple[list[R], int, int]:
    """(records to write for ``keep``, how many moved, how many folded into ``keep``'s)."""
    mine = {getattr(r, key): r for r in keep}
    out: list[R] = []
    moved = dropped = 0
    for theirs in merge:
        current = mine.get(getattr(theirs, key))
        if current is None:
            out.append(dataclasses.replace(theirs, person_id=keep_id))
            moved += 1
            continue
        dropped += 1
        filled = _filled(current, theirs, fields)
        if filled != current:
            out.append(filled)
    return out, moved, dropped


def plan(keep: Person, merge: Person, keep_rel: Relations, merge_rel: Relations) -> MergePlan:
    """What ``keep``'s records become when ``merge`` is merged into them."""
    conns, conns_moved, conns_dropped = _connections(
        keep.id, merge.id, keep_rel.connections, merge_rel.connections
    )
    jobs, jobs_moved, jobs_dropped = _attachments(
        keep.id, keep_rel.employments, merge_rel.employments, "company_id", ("title", "start")
    )
    groups, groups_moved, groups_dropped = _attachments(
        keep.id, keep_rel.memberships, merge_rel.memberships, "community_id", ("role", "since")
    )
    advocacy, advocacy_moved, advocacy_dropped = _attachments(
        keep.id, keep_rel.advocacies, merge_rel.advocacies, "company_id", ("since",)
    )
    return MergePlan(
        person=merged_person(keep, merge),
        connections=tuple(conns),
        employments=tuple(jobs),
        memberships=tuple(groups),
        advocacies=tuple(advocacy),
        counts=MergeCounts(
            connections=conns_moved,
            employments=jobs_moved,
            memberships=groups_moved,
            advocacies=advocacy_moved,
            dropped=conns_dropped + jobs_dropped + groups_dropped + advocacy_dropped,
        ),
    )


def finish(
    counts: MergeCounts,
    *,
    interactions: int,
    shared_interactions: int,
    deals: int,
    users: int,
    external_ids: int,
) -> MergeCounts:
    """``counts`` with what the backend re-pointed; interactions between the two people
    (``shared_interactions``, deleted) count as dropped."""
    return dataclasses.replace(
        counts,
        interactions=interactions,
        deals=deals,
        users=users,
        external_ids=external_ids,
        dropped=counts.dropped + shared_interactions,
    )
