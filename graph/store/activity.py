"""Activity around some people, in bulk: what deal likelihood computes its features from.

One read hands over every interaction and every KNOWS that touches any of the given people,
as arrays, so that scoring every open deal costs one read of the store rather than one per
deal (or per person). Times are raw (epoch seconds, dates as epoch seconds of midnight UTC)
so the caller can cut them at any point in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

ObjectArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]


def date_epoch(value: date | None) -> float:
    """A date as epoch seconds of its midnight UTC; NaN when unknown."""
    if value is None:
        return float("nan")
    return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()


@dataclass(frozen=True, slots=True)
class Activity:
    """Interactions (``actor -> recipient``, kind as its string value, ``at`` epoch seconds)
    and KNOWS (``a < b``, ``since`` epoch seconds or NaN when unknown), each listed once."""

    actor: ObjectArray
    recipient: ObjectArray
    kind: ObjectArray
    at: FloatArray
    conn_a: ObjectArray
    conn_b: ObjectArray
    conn_since: FloatArray

    @classmethod
    def from_rows(
        cls,
        interactions: list[tuple[str, str, str, float]],
        connections: list[tuple[str, str, date | None]],
    ) -> Activity:
        def column(rows: list[tuple[object, ...]], i: int) -> ObjectArray:
            out = np.empty(len(rows), dtype=object)
            out[:] = [r[i] for r in rows]
            return out

        inter: list[tuple[object, ...]] = list(interactions)
        conn: list[tuple[object, ...]] = list(connections)
        return cls(
            actor=column(inter, 0),
            recipient=column(inter, 1),
            kind=column(inter, 2),
            at=np.fromiter((float(r[3]) for r in interactions), np.float64, len(interactions)),
            conn_a=column(conn, 0),
            conn_b=column(conn, 1),
            conn_since=np.fromiter(
                (date_epoch(r[2]) for r in connections), np.float64, len(connections)
            ),
        )
