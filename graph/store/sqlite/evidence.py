"""What the SQLite records say about pairs of people: batched link evidence, and one pair's
(or one person's) inputs to the in-memory index. Each function runs inside the caller's read
transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import ADVOCACY_WEIGHT_BY_RANK, ConnectionOrigin, InteractionKind, LinkEvidence
from ..linkinputs import PairInputs
from ..values import to_date, utc
from .lookups import IN_CHUNK, pk, pks_of
from .schema import ADVOCACY_RANK_SQL, KIND_BY_CODE

#: (position in the request, a's pk, b's pk, whether a's id sorts before b's)
_KnownPair = tuple[int, int, int, bool]
#: Pairs per statement: three parameters each, as many as an IN (...) chunk holds.
_EVIDENCE_CHUNK = IN_CHUNK // 3


@dataclass(slots=True)
class _EvidenceTally:
    """What the evidence statements found for one pair, as they found it."""

    connection: tuple[str | None, str] | None = None  # (since, origin)
    counts: dict[InteractionKind, int] = field(default_factory=dict)
    last: float | None = None
    a_to_b: int = 0
    b_to_a: int = 0

    def add(self, forward: bool, code: int, n: int, latest: float) -> None:
        kind = KIND_BY_CODE[code]
        self.counts[kind] = self.counts.get(kind, 0) + n
        if forward:
            self.a_to_b += n
        else:
            self.b_to_a += n
        self.last = latest if self.last is None else max(self.last, latest)

    def evidence(self, a: str, b: str) -> LinkEvidence:
        row = self.connection
        return LinkEvidence(
            a=a,
            b=b,
            connected=row is not None,
            connected_since=to_date(row[0]) if row else None,
            origin=ConnectionOrigin(row[1]) if row else None,
            counts={k: self.counts[k] for k in InteractionKind if k in self.counts},
            last_interaction_at=utc(self.last),
            a_to_b=self.a_to_b,
            b_to_a=self.b_to_a,
        )


def link_evidence(conn: sqlite3.Connection, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
    """Evidence for each pair as asked; unknown people or a == b give empty evidence.

    Two statements per chunk of pairs (connections, then interactions by direction and
    kind) rather than two per pair: a path answer asks for a dozen pairs or more."""
    pks = pks_of(conn, (p for pair in pairs for p in pair))
    known = [
        (i, pks[a], pks[b], a < b)
        for i, (a, b) in enumerate(pairs)
        if a in pks and b in pks and pks[a] != pks[b]
    ]
    tallies = {i: _EvidenceTally() for i, _, _, _ in known}
    for start in range(0, len(known), _EVIDENCE_CHUNK):
        chunk = known[start : start + _EVIDENCE_CHUNK]
        _tally_connections(conn, chunk, tallies)
        _tally_interactions(conn, chunk, tallies)
    empty = _EvidenceTally()
    return [tallies.get(i, empty).evidence(a, b) for i, (a, b) in enumerate(pairs)]


def _pair_values(chunk: Sequence[_KnownPair]) -> tuple[str, list[int]]:
    """A ``pair(i, a, b)`` table of the chunk for a WITH clause, and its parameters."""
    params: list[int] = []
    for i, a_pk, b_pk, _ in chunk:
        params += (i, a_pk, b_pk)
    return ",".join(["(?,?,?)"] * len(chunk)), params


def _tally_connections(
    conn: sqlite3.Connection, chunk: Sequence[_KnownPair], tallies: dict[int, _EvidenceTally]
) -> None:
    # A connection is stored once, (a_pk, b_pk) ordered by the people's ids.
    ordered = [(i, a, b) if a_first else (i, b, a) for i, a, b, a_first in chunk]
    values, params = _pair_values([(i, lo, hi, True) for i, lo, hi in ordered])
    for i, since, origin in conn.execute(
        f"WITH pair(i, lo, hi) AS (VALUES {values}) "
        "SELECT pair.i, c.since, c.origin FROM pair "
        "JOIN connection c ON c.a_pk = pair.lo AND c.b_pk = pair.hi",
        params,
    ):
        tallies[i].connection = (since, origin)


def _tally_interactions(
    conn: sqlite3.Connection, chunk: Sequence[_KnownPair], tallies: dict[int, _EvidenceTally]
) -> None:
    # One direction per branch, so each branch is a range scan of interaction_pair.
    values, params = _pair_values(chunk)
    rows = conn.execute(
        f"WITH pair(i, a, b) AS (VALUES {values}) "
        "SELECT pair.i, 1, x.kind, count(*), max(x.at) FROM pair "
        "JOIN interaction x ON x.actor_pk = pair.a AND x.recipient_pk = pair.b "
        "GROUP BY pair.i, x.kind "
        "UNION ALL "
        "SELECT pair.i, 0, x.kind, count(*), max(x.at) FROM pair "
        "JOIN interaction x ON x.actor_pk = pair.b AND x.recipient_pk = pair.a "
        "GROUP BY pair.i, x.kind",
        params,
    )
    for i, forward, code, n, latest in rows:
        tallies[i].add(bool(forward), code, n, latest)


def pair_inputs(conn: sqlite3.Connection, a_id: str, b_id: str) -> PairInputs:
    """One pair's raw tie-strength inputs, each direction in time order."""
    a_pk, b_pk = pk(conn, a_id), pk(conn, b_id)
    if a_pk is None or b_pk is None or a_pk == b_pk:
        return PairInputs(False, (), (), (), ())
    lo, hi = (a_pk, b_pk) if a_id < b_id else (b_pk, a_pk)
    connected = (
        conn.execute("SELECT 1 FROM connection WHERE a_pk = ? AND b_pk = ?", (lo, hi)).fetchone()
        is not None
    )
    sides = []
    for actor, recipient in ((a_pk, b_pk), (b_pk, a_pk)):
        rows = conn.execute(
            "SELECT kind, at FROM interaction WHERE actor_pk = ? AND recipient_pk = ? ORDER BY at",
            (actor, recipient),
        ).fetchall()
        sides.append((tuple(KIND_BY_CODE[k].value for k, _ in rows), tuple(t for _, t in rows)))
    (kinds_ab, at_ab), (kinds_ba, at_ba) = sides
    return PairInputs(connected, kinds_ab, at_ab, kinds_ba, at_ba)


def advocacy_weight(conn: sqlite3.Connection, person_id: str) -> float:
    """The person's strongest advocacy level as a weight (0 if none or unknown)."""
    row = conn.execute(
        f"SELECT max({ADVOCACY_RANK_SQL}) FROM advocacy a "
        "JOIN person p ON p.pk = a.person_pk WHERE p.id = ?",
        (person_id,),
    ).fetchone()
    return ADVOCACY_WEIGHT_BY_RANK[int(row[0] or 0)]
