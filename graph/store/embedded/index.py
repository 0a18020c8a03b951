"""The embedded store's in-memory link graph: people by position, links in a mutable CSR.

Rows may live anywhere in ``nbr``/``weight`` and keep spare capacity, so that one write
(a new interaction, a new connection) updates the index in place in microseconds instead of
rebuilding it. The algorithms in ``graph.algorithms`` read the arrays directly.

>>> from graph.strength import StrengthModel
>>> index = LinkIndex.empty()
>>> a, b = index.add_person("ann", False, 0.0), index.add_person("bob", False, 0.0)
>>> index.set_link(a, b, 0.5)
>>> [index.ids[int(v)] for v in index.neighbours(a)]
['bob']
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ...queries import LinkProjection
from ...strength import StrengthModel
from ..linkinputs import LinkInputs

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Ranks keep gaps so a new id can slot in between two others without renumbering everyone.
_RANK_GAP = 1 << 20
_MIN_ROW_CAPACITY = 4


@dataclass(slots=True)
class LinkIndex:
    ids: list[str | None]
    position: dict[str, int]
    sorted_ids: list[str]
    rank: IntArray
    blocked: npt.NDArray[np.bool_]
    advocacy: FloatArray
    start: IntArray
    length: IntArray
    capacity: IntArray
    nbr: npt.NDArray[np.int32]
    weight: FloatArray
    used: int  # slots [0, used) of nbr/weight are allocated to rows
    # (positions of the people who exist, their ids): kept between projections so that
    # consumers can tell "same people" by identity and skip re-indexing them (influence)
    _people: tuple[IntArray, tuple[str, ...]] | None = None

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def empty(cls) -> LinkIndex:
        return cls(
            ids=[],
            position={},
            sorted_ids=[],
            rank=np.zeros(0, np.int64),
            blocked=np.zeros(0, np.bool_),
            advocacy=np.zeros(0, np.float64),
            start=np.zeros(0, np.int64),
            length=np.zeros(0, np.int64),
            capacity=np.zeros(0, np.int64),
            nbr=np.zeros(16, np.int32),
            weight=np.zeros(16, np.float64),
            used=0,
        )

    @classmethod
    def build(cls, inputs: LinkInputs, model: StrengthModel) -> LinkIndex:
        """Aggregate every connection and interaction into one strength per linked pair
        (``model`` should be pinned: its "now" is read for every interaction)."""
        n = len(inputs.person_pk)
        ids: list[str | None] = [str(i) for i in inputs.person_id]
        pos_of_pk = pd.Series(np.arange(n, dtype=np.int64), index=inputs.person_pk)
        conn_a = pos_of_pk.reindex(inputs.conn_a).to_numpy()
        conn_b = pos_of_pk.reindex(inputs.conn_b).to_numpy()
        actor = pos_of_pk.reindex(inputs.inter_actor).to_numpy()
        recipient = pos_of_pk.reindex(inputs.inter_recipient).to_numpy()
        mass = model.decayed_mass(inputs.inter_kind, inputs.inter_at)

        lo = np.concatenate([np.minimum(conn_a, conn_b), np.minimum(actor, recipient)])
        hi = np.concatenate([np.maximum(conn_a, conn_b), np.maximum(actor, recipient)])
        pair_keys, inverse = np.unique(lo * max(n, 1) + hi, return_inverse=True)
        n_conn = len(conn_a)
        inv_conn, inv_inter = inverse[:n_conn], inverse[n_conn:]
        upward = actor < recipient
        n_pairs = len(pair_keys)
        mass_up = np.bincount(inv_inter, weights=np.where(upward, mass, 0.0), minlength=n_pairs)
        mass_down = np.bincount(inv_inter, weights=np.where(upward, 0.0, mass), minlength=n_pairs)
        connected = np.bincount(inv_conn, minlength=n_pairs) > 0
        strength = model.pair_strength(connected, mass_up, mass_down)

        p_lo, p_hi = pair_keys // max(n, 1), pair_keys % max(n, 1)
        src = np.concatenate([p_lo, p_hi])
        dst = np.concatenate([p_hi, p_lo])
        order = np.argsort(src, kind="stable")
        length = np.bincount(src, minlength=n).astype(np.int64)
        start = np.zeros(n, np.int64)
        if n:
            start[1:] = np.cumsum(length)[:-1]
        nbr = dst[order].astype(np.int32)
        weight = np.concatenate([strength, strength])[order]
        sorted_ids = sorted(i for i in ids if i is not None)
        index = cls(
            ids=ids,
            position={pid: i for i, pid in enumerate(ids) if pid is not None},
            sorted_ids=sorted_ids,
            rank=np.zeros(n, np.int64),
            blocked=np.asarray(inputs.do_not_contact, dtype=np.bool_).copy(),
            advocacy=np.asarray(inputs.advocacy, dtype=np.float64).copy(),
            start=start,
            length=length,
            capacity=length.copy(),
            nbr=nbr if len(nbr) else np.zeros(16, np.int32),
            weight=weight if len(weight) else np.zeros(16, np.float64),
            used=len(nbr),
        )
        index._renumber_ranks()
        return index

    def _renumber_ranks(self) -> None:
        for i, pid in enumerate(self.sorted_ids):
            self.rank[self.position[pid]] = (i + 1) * _RANK_GAP

    # -- people ---------------------------------------------------------------------------
    @property
    def size(self) -> int:
        return len(self.ids)

    def add_person(self, id: str, do_not_contact: bool, advocacy: float) -> int:
        pos = len(self.ids)
        if pos == len(self.start):
            self._grow_people(max(16, 2 * pos))
        self.ids.append(id)
        self.position[id] = pos
        self._people = None
        self.blocked[pos] = do_not_contact
        self.advocacy[pos] = advocacy
        self.start[pos] = self.used
        self.length[pos] = 0
        self.capacity[pos] = 0
        at = bisect.bisect_left(self.sorted_ids, id)
        self.sorted_ids.insert(at, id)
        before = int(self.rank[self.position[self.sorted_ids[at - 1]]]) if at else 0
        after = (
            int(self.rank[self.position[self.sorted_ids[at + 1]]])
            if at + 1 < len(self.sorted_ids)
            else before + 2 * _RANK_GAP
        )
        if after - before > 1:
            self.rank[pos] = (before + after) // 2
        else:
            self._renumber_ranks()
        return pos

    def _grow_people(self, slots: int) -> None:
        """Room for more people; spare positions are isolated and never reached."""
        extra = slots - len(self.start)
        self.rank = np.concatenate([self.rank, np.full(extra, -1, np.int64)])
        self.blocked = np.concatenate([self.blocked, np.zeros(extra, np.bool_)])
        self.advocacy = np.concatenate([self.advocacy, np.zeros(extra, np.float64)])
        self.start = np.concatenate([self.start, np.zeros(extra, np.int64)])
        self.length = np.concatenate([self.length, np.zeros(extra, np.int64)])
        self.capacity = np.concatenate([self.capacity, np.zeros(extra, np.int64)])

    def remove_person(self, id: str) -> None:
        pos = self.position.pop(id)
        self._people = None
        for v in self.neighbours(pos).tolist():
            self._remove_slot(int(v), pos)
        self.length[pos] = 0
        self.ids[pos] = None
        del self.sorted_ids[bisect.bisect_left(self.sorted_ids, id)]

    def set_flags(self, pos: int, *, do_not_contact: bool, advocacy: float) -> None:
        self.blocked[pos] = do_not_contact
        self.advocacy[pos] = advocacy

    # -- links ----------------------------------------------------------------------------
    def neighbours(self, pos: int) -> npt.NDArray[np.int32]:
        s = int(self.start[pos])
        return self.nbr[s : s + int(self.length[pos])]

    def set_link(self, u: int, v: int, strength: float) -> None:
        """Set the pair's strength; 0 removes the link."""
        for a, b in ((u, v), (v, u)):
            slot = self._find(a, b)
            if strength <= 0.0:
                if slot >= 0:
                    self._remove_slot(a, b)
            elif slot >= 0:
                self.weight[slot] = strength
            else:
                self._append_slot(a, b, strength)

    def _find(self, u: int, v: int) -> int:
        s = int(self.start[u])
        hits = np.flatnonzero(self.nbr[s : s + int(self.length[u])] == v)
        return s + int(hits[0]) if len(hits) else -1

    def _remove_slot(self, u: int, v: int) -> None:
        slot = self._find(u, v)
        if slot < 0:
            return
        last = int(self.start[u] + self.length[u] - 1)
        self.nbr[slot], self.weight[slot] = self.nbr[last], self.weight[last]
        self.length[u] -= 1

    def _append_slot(self, u: int, v: int, strength: float) -> None:
        if self.length[u] == self.capacity[u]:
            self._relocate(u, max(_MIN_ROW_CAPACITY, 2 * int(self.capacity[u])))
        slot = int(self.start[u] + self.length[u])
        self.nbr[slot] = v
        self.weight[slot] = strength
        self.length[u] += 1

    def _relocate(self, u: int, new_capacity: int) -> None:
        """Move a full row to the end of the arrays with room to grow."""
        needed = self.used + new_capacity
        if needed > len(self.nbr):
            grown = max(needed, 2 * len(self.nbr))
            self.nbr = np.resize(self.nbr, grown)
            self.weight = np.resize(self.weight, grown)
        s, n = int(self.start[u]), int(self.length[u])
        self.nbr[self.used : self.used + n] = self.nbr[s : s + n]
        self.weight[self.used : self.used + n] = self.weight[s : s + n]
        self.start[u] = self.used
        self.capacity[u] = new_capacity
        self.used += new_capacity

    # -- export ---------------------------------------------------------------------------
    def projection(self) -> LinkProjection:
        """A compact copy holding only people who exist, renumbered densely."""
        keep, person_ids = self._existing_people()
        new_pos = np.full(len(self.start), -1, np.int64)
        new_pos[keep] = np.arange(len(keep))
        length = self.length[keep].copy()
        start = np.zeros(len(keep), np.int64)
        if len(keep):
            start[1:] = np.cumsum(length)[:-1]
        slots = _row_slots(self.start[keep], length)
        return LinkProjection(
            person_ids=person_ids,
            start=start,
            length=length,
            nbr=new_pos[self.nbr[slots]].astype(np.int32),
            weight=self.weight[slots].copy(),
            advocacy=self.advocacy[keep].copy(),
        )

    def _existing_people(self) -> tuple[IntArray, tuple[str, ...]]:
        if self._people is None:
            keep = np.flatnonzero([pid is not None for pid in self.ids]).astype(np.int64)
            self._people = (keep, tuple(str(self.ids[p]) for p in keep))
        return self._people


def _row_slots(starts: IntArray, lengths: IntArray) -> IntArray:
    """The array positions of every slot of the given rows, row after row."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    row_offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    slots: IntArray = np.arange(total, dtype=np.int64) + row_offsets
    return slots
