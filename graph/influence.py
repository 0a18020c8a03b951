"""Influence: weighted PageRank over the link graph, plus a documented nudge for advocacy.

    score = PAGERANK_SHARE * pagerank / max(pagerank) + ADVOCACY_SHARE * advocacy

where ``advocacy`` is the person's strongest advocacy level (promoter 1/3, reference 2/3,
champion 1, otherwise 0). Scores lie in [0, 1]; rank 1 is the highest score (ties: higher
pagerank, then smaller id). PageRank is weighted by tie strength with damping 0.85 and sums
to 1 over all people.

The table is computed lazily and cached against the store's ``data_version`` and the instant
its strengths are measured from (``strengths_as_of``): any write, from this process or
another, and a new day (strengths decay) make the next read recompute it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .algorithms.pagerank import pagerank
from .queries import LinkProjection

PAGERANK_SHARE = 0.8
ADVOCACY_SHARE = 0.2
DAMPING = 0.85


@dataclass(frozen=True, slots=True)
class InfluenceTable:
    person_ids: tuple[str, ...]
    position: dict[str, int]
    pagerank: npt.NDArray[np.float64]
    degree: npt.NDArray[np.int64]
    advocacy: npt.NDArray[np.float64]
    score: npt.NDArray[np.float64]
    order: npt.NDArray[np.int64]  # positions, most influential first
    rank: npt.NDArray[np.int64]  # rank[position], 1-based
    id_rank: npt.NDArray[np.int64]  # id_rank[position]: place in id order (tie-break)


def compute_influence(
    projection: LinkProjection, previous: InfluenceTable | None = None
) -> InfluenceTable:
    """The table for ``projection``. ``previous`` is an earlier table: when it was made for
    the very same people (the store hands out the same ``person_ids`` tuple until someone
    is added or removed) their position map and id order are reused instead of rebuilt."""
    ids = projection.person_ids
    n = len(ids)
    if n == 0:
        empty_f = np.zeros(0, dtype=np.float64)
        empty_i = np.zeros(0, dtype=np.int64)
        return InfluenceTable((), {}, empty_f, empty_i, empty_f, empty_f, empty_i, empty_i, empty_i)
    pr = pagerank(
        projection.start, projection.length, projection.nbr, projection.weight, alpha=DAMPING
    )
    top = float(pr.max())
    score = PAGERANK_SHARE * (pr / top if top > 0 else pr) + ADVOCACY_SHARE * projection.advocacy
    score = np.clip(score, 0.0, 1.0)
    if previous is not None and previous.person_ids is ids:
        position, id_rank = previous.position, previous.id_rank
    else:
        position, id_rank = {pid: i for i, pid in enumerate(ids)}, _id_ranks(ids)
    # lexsort: last key is primary
    order = np.lexsort((id_rank, -pr, -score)).astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    return InfluenceTable(
        person_ids=ids,
        position=position,
        pagerank=pr,
        degree=projection.length.astype(np.int64),
        advocacy=projection.advocacy,
        score=score,
        order=order,
        rank=rank,
        id_rank=id_rank,
    )


def _id_ranks(ids: tuple[str, ...]) -> npt.NDArray[np.int64]:
    id_order = np.argsort(np.asarray(ids, dtype=object), kind="stable")
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[id_order] = np.arange(len(ids))
    return id_rank


@dataclass(frozen=True, slots=True)
class RankedProjection:
    """The link projection with each person's ``position`` in it and place in id order
    (``id_rank[position]``, the deterministic tie-break the algorithms take as ``rank``)."""

    projection: LinkProjection
    position: dict[str, int]
    id_rank: npt.NDArray[np.int64]


class InfluenceCache:
    """The link projection and the influence table, each made at most once per data version
    and only when someone asks (the ego network reads the projection alone, so it never waits
    for PageRank)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: object = None
        self._table: InfluenceTable | None = None
        self._projected_version: object = None
        self._projected: RankedProjection | None = None

    def get(self, version: object, project: Callable[[], LinkProjection]) -> InfluenceTable:
        """The table for ``version`` (any value compared by equality: the data version and
        the strengths' instant), computed from ``project()`` when it moved."""
        with self._lock:
            if self._table is None or self._version != version:
                projected = self._projection(version, project)
                self._table = compute_influence(projected.projection, self._table)
                self._version = version
            return self._table

    def projection(
        self, version: object, project: Callable[[], LinkProjection]
    ) -> RankedProjection:
        """The projection for ``version``, read with ``project()`` when it moved."""
        with self._lock:
            return self._projection(version, project)

    def _projection(
        self, version: object, project: Callable[[], LinkProjection]
    ) -> RankedProjection:
        previous = self._projected
        if previous is None or self._projected_version != version:
            fresh = project()
            # the store hands out the same ids tuple until someone is added or removed
            if previous is not None and previous.projection.person_ids is fresh.person_ids:
                position, id_rank = previous.position, previous.id_rank
            else:
                ids = fresh.person_ids
                position, id_rank = {pid: i for i, pid in enumerate(ids)}, _id_ranks(ids)
            previous = self._projected = RankedProjection(fresh, position, id_rank)
            self._projected_version = version
        return previous
