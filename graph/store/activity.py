"""Activity around some people, in bulk: what deal likelihood computes its features from.

One read hands over every interaction and every KNOWS that touches any of the given people,
as arrays, so that scoring every open deal costs one read of the store rather than one per
deal (or per person). Times are raw (epoch seconds, dates as epoch seconds of midnight UTC)
so the caller can cut them at any point in time.

People are integer positions into ``people`` (their ids, sorted), and kinds small integer
codes into ``kind_names``: a store reads its rows as integers (no id per row, no string per
row), which is what makes the read fast at 100,000 people and millions of interactions.
The ``actor``/``recipient``/``kind``/``conn_a``/``conn_b`` properties give ids and kind
names for readers that want them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

ObjectArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def date_epoch(value: date | None) -> float:
    """A date as epoch seconds of its midnight UTC; NaN when unknown."""
    if value is None:
        return float("nan")
    return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()


def _objects(values: Sequence[object]) -> ObjectArray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _ints(values: npt.ArrayLike) -> IntArray:
    return np.asarray(values, dtype=np.int64).reshape(-1)


@dataclass(frozen=True, slots=True)
class Activity:
    """Interactions (``actor -> recipient``, ``at`` epoch seconds) and KNOWS (``conn_lo`` <
    ``conn_hi``, ``since`` epoch seconds or NaN when unknown), each listed once; people as
    positions into ``people`` (ids, sorted, so position order is id order)."""

    people: ObjectArray
    actor_pos: IntArray
    recipient_pos: IntArray
    kind_code: IntArray
    kind_names: tuple[str, ...]
    at: FloatArray
    conn_lo: IntArray
    conn_hi: IntArray
    conn_since: FloatArray

    # -- ids and names, for readers that want them ----------------------------------------
    @property
    def actor(self) -> ObjectArray:
        return self.people[self.actor_pos]

    @property
    def recipient(self) -> ObjectArray:
        return self.people[self.recipient_pos]

    @property
    def kind(self) -> ObjectArray:
        return _objects(self.kind_names)[self.kind_code] if len(self.kind_code) else _objects([])

    @property
    def conn_a(self) -> ObjectArray:
        return self.people[self.conn_lo]

    @property
    def conn_b(self) -> ObjectArray:
        return self.people[self.conn_hi]

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> Activity:
        none = np.zeros(0, np.int64)
        return cls(_objects([]), none, none, none, (), np.zeros(0), none, none, np.zeros(0))

    @classmethod
    def from_keys(
        cls,
        keys: IntArray,
        key_ids: Sequence[str],
        inter: tuple[IntArray, IntArray, IntArray, FloatArray],
        kind_names: tuple[str, ...],
        conn: tuple[IntArray, IntArray, FloatArray],
    ) -> Activity:
        """From rows whose people are integer keys (a store's row keys): ``keys`` and
        ``key_ids`` name every key the rows use (any order); ``inter`` is (actor, recipient,
        kind code, at) and ``conn`` (a, b, since)."""
        ids = _objects(list(key_ids))
        by_id = np.argsort(ids, kind="stable") if len(ids) else np.zeros(0, np.int64)
        people = ids[by_id]
        key_order = np.argsort(keys, kind="stable")
        sorted_keys = _ints(keys)[key_order]
        rank = np.empty(len(by_id), np.int64)
        rank[by_id] = np.arange(len(by_id))
        rank_by_sorted_key = rank[key_order]

        def position(k: IntArray) -> IntArray:
            return rank_by_sorted_key[np.searchsorted(sorted_keys, _ints(k))]

        actor, recipient, kind, at = inter
        a, b, since = conn
        pa, pb = position(a), position(b)
        return cls(
            people=people,
            actor_pos=position(actor),
            recipient_pos=position(recipient),
            kind_code=_ints(kind),
            kind_names=kind_names,
            at=np.asarray(at, dtype=np.float64),
            conn_lo=np.minimum(pa, pb),
            conn_hi=np.maximum(pa, pb),
            conn_since=np.asarray(since, dtype=np.float64),
        )

    @classmethod
    def from_rows(
        cls,
        interactions: list[tuple[str, str, str, float]],
        connections: list[tuple[str, str, date | None]],
    ) -> Activity:
        """From rows that name people by id (a store that reads ids, such as Neo4j)."""
        every = sorted(
            {r[0] for r in interactions}
            | {r[1] for r in interactions}
            | {r[0] for r in connections}
            | {r[1] for r in connections}
        )
        key = {pid: k for k, pid in enumerate(every)}
        names = tuple(sorted({r[2] for r in interactions}))
        code = {name: k for k, name in enumerate(names)}

        def keys(rows: Sequence[tuple[object, ...]], i: int) -> IntArray:
            return np.fromiter((key[str(r[i])] for r in rows), np.int64, len(rows))

        return cls.from_keys(
            np.arange(len(every), dtype=np.int64),
            every,
            (
                keys(interactions, 0),
                keys(interactions, 1),
                np.fromiter((code[r[2]] for r in interactions), np.int64, len(interactions)),
                np.fromiter((float(r[3]) for r in interactions), np.float64, len(interactions)),
            ),
            names,
            (
                keys(connections, 0),
                keys(connections, 1),
                np.fromiter((date_epoch(r[2]) for r in connections), np.float64, len(connections)),
            ),
        )

    # -- narrowing -------------------------------------------------------------------------
    def among(self, person_ids: Collection[str]) -> Activity:
        """The rows with at least one end among ``person_ids`` (unknown ids ignored): what
        ``activity_among`` answers, cut from a read of everything (``people`` is kept)."""
        known = self._known(person_ids)
        if known is None:
            return Activity.empty()
        inter = known[self.actor_pos] | known[self.recipient_pos]
        conn = known[self.conn_lo] | known[self.conn_hi]
        return Activity(
            people=self.people,
            actor_pos=self.actor_pos[inter],
            recipient_pos=self.recipient_pos[inter],
            kind_code=self.kind_code[inter],
            kind_names=self.kind_names,
            at=self.at[inter],
            conn_lo=self.conn_lo[conn],
            conn_hi=self.conn_hi[conn],
            conn_since=self.conn_since[conn],
        )

    def touching_counts(
        self, person_ids: Collection[str], since: float | None, since_day: float | None
    ) -> tuple[int, int]:
        """How many interactions at or after ``since`` and dated KNOWS whose day is at or
        after ``since_day`` (epoch seconds; None: any) touch ``person_ids``: what the
        activity stream's total counts, without cutting arrays."""
        known = self._known(person_ids)
        if known is None:
            return 0, 0
        inter = known[self.actor_pos] | known[self.recipient_pos]
        if since is not None:
            inter &= self.at >= since
        conn = (known[self.conn_lo] | known[self.conn_hi]) & ~np.isnan(self.conn_since)
        if since_day is not None:
            conn &= self.conn_since >= since_day
        return int(inter.sum()), int(conn.sum())

    def _known(self, person_ids: Collection[str]) -> npt.NDArray[np.bool_] | None:
        """A flag per position: is that person among ``person_ids``; None if nobody is."""
        asked = _objects(sorted({i for i in person_ids if isinstance(i, str)}))
        if not len(self.people) or not len(asked):
            return None
        at = np.minimum(np.searchsorted(self.people, asked), len(self.people) - 1)
        known = np.zeros(len(self.people), np.bool_)
        known[at[self.people[at] == asked]] = True
        return known
