"""The derived LINK graph: one ``(:Person)-[:LINK {strength}]->(:Person)`` per linked pair.

A pair is linked iff KNOWS or at least one interaction either way; its strength is
``model.pair_strength(connected, mass_ab, mass_ba)`` with each direction's mass the sum of
``model.decayed_mass`` over its interactions (the model pinned at its ``as_of`` once per
call, so one call measures every pair from one instant): the embedded store's ``_refresh_pair``,
vectorised over a batch of pairs. Everything runs inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from neo4j import ManagedTransaction

from ...model import ADVOCACY_RANK, ADVOCACY_WEIGHT_BY_RANK
from ...strength import StrengthModel
from . import cypher

#: Pairs per PAIR_INPUTS / SET_LINKS statement.
PAIR_BATCH = 5_000

#: REFRESH_ADVOCACY's ``$ranks`` (level value -> 1..3) and ``$weights`` (rank -> weight).
_RANKS = {level.value: rank for level, rank in ADVOCACY_RANK.items()}
_WEIGHTS = list(ADVOCACY_WEIGHT_BY_RANK)


def normalise(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Distinct ``(smaller id, larger id)`` pairs, sorted; self-pairs dropped."""
    return sorted({(a, b) if a < b else (b, a) for a, b in pairs if a != b})


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def strengths(
    model: StrengthModel,
    connected: Sequence[bool],
    ab: Sequence[Sequence[Sequence[Any]]],
    ba: Sequence[Sequence[Sequence[Any]]],
) -> tuple[np.ndarray, np.ndarray]:
    """``(linked, strength)`` per pair from its KNOWS flag and ``[kind, at]`` lists."""
    model = model.at(model.as_of())
    n = len(connected)
    masses = []
    counts = np.zeros(n, np.int64)
    for side in (ab, ba):
        sizes = np.fromiter((len(x) for x in side), np.int64, n)
        counts += sizes
        flat = [item for items in side for item in items]
        if flat:
            kinds = [k for k, _ in flat]
            ats = np.fromiter((t for _, t in flat), np.float64, len(flat))
            contrib = model.decayed_mass(kinds, ats)
            owner = np.repeat(np.arange(n), sizes)
            masses.append(np.bincount(owner, weights=contrib, minlength=n))
        else:
            masses.append(np.zeros(n, np.float64))
    conn = np.asarray(connected, dtype=bool)
    linked = conn | (counts > 0)
    strength = np.asarray(model.pair_strength(conn, masses[0], masses[1]), dtype=np.float64)
    return linked, strength


def refresh_links(
    tx: ManagedTransaction, model: StrengthModel, pairs: Iterable[tuple[str, str]]
) -> int:
    """Create, update or delete the LINK of each pair from its stored inputs; LINKs set."""
    model = model.at(model.as_of())
    written = 0
    for chunk in _batches(normalise(pairs), PAIR_BATCH):
        rows = tx.run(cypher.PAIR_INPUTS, pairs=[list(p) for p in chunk]).data()
        linked, strength = strengths(
            model,
            [r["connected"] for r in rows],
            [r["ab"] for r in rows],
            [r["ba"] for r in rows],
        )
        keep = [
            {"a": r["a"], "b": r["b"], "strength": float(s)}
            for r, ok, s in zip(rows, linked.tolist(), strength.tolist(), strict=True)
            if ok
        ]
        drop = [[r["a"], r["b"]] for r, ok in zip(rows, linked.tolist(), strict=True) if not ok]
        if drop:
            tx.run(cypher.DELETE_LINKS, pairs=drop).consume()
        if keep:
            tx.run(cypher.SET_LINKS, rows=keep).consume()
        written += len(keep)
    return written


def known_strength_without_interactions(model: StrengthModel) -> float:
    """The LINK strength of a pair that KNOWS each other and has no interactions."""
    return float(model.pair_strength(True, 0.0, 0.0))


def fresh_pairs(model: StrengthModel, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (interaction rows holding *every* interaction of their pairs) grouped by
    pair: ``{a, b, ab, ba, known, unknown}`` with ``ab`` / ``ba`` the ``[id, kind, at,
    community]`` of each direction and ``known`` / ``unknown`` the pair's LINK strength
    with / without KNOWS.

    Used by a fresh import, where a pair's stored interactions are exactly its rows in the
    batch, so its strength needs no read-back; whether the pair KNOWS each other is left to
    the statement that writes it. Same formula as ``strengths`` (and the embedded store).
    """
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        actor, recipient = r["actor"], r["recipient"]
        a, b = (actor, recipient) if actor < recipient else (recipient, actor)
        pair = grouped.get((a, b))
        if pair is None:
            pair = grouped[(a, b)] = {"a": a, "b": b, "ab": [], "ba": []}
        pair["ab" if actor == a else "ba"].append([r["id"], r["kind"], r["at"], r["community"]])
    pairs = list(grouped.values())
    model = model.at(model.as_of())
    n = len(pairs)
    ab = [[(kind, at) for _, kind, at, _ in p["ab"]] for p in pairs]
    ba = [[(kind, at) for _, kind, at, _ in p["ba"]] for p in pairs]
    _, known = strengths(model, [True] * n, ab, ba)
    _, unknown = strengths(model, [False] * n, ab, ba)
    for pair, kn, un in zip(pairs, known.tolist(), unknown.tolist(), strict=True):
        pair["known"], pair["unknown"] = kn, un
    return pairs


def refresh_advocacy(tx: ManagedTransaction, person_ids: Iterable[str]) -> None:
    """``Person.advocacy`` := weight of their strongest advocacy level (0 if none)."""
    ids = sorted(set(person_ids))
    for chunk in _batches(ids, PAIR_BATCH):
        tx.run(cypher.REFRESH_ADVOCACY, ids=list(chunk), ranks=_RANKS, weights=_WEIGHTS).consume()
