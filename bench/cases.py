"""The introduction-path questions the suite asks, and how their answers compare."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from graph.model import PathRanking

REL_TOL = 1e-9


@dataclass(frozen=True)
class PathCase:
    max_hops: int
    rank_by: PathRanking
    limit: int

    @property
    def label(self) -> str:
        return f"maxHops {self.max_hops}, {self.rank_by.name}, limit {self.limit}"

    @property
    def key(self) -> str:
        return f"h{self.max_hops}-{self.rank_by.name.lower()}-{self.limit}"


#: the issue's grid: maxHops 3 and 4, limit 5, both rankings
PATH_CASES = tuple(
    PathCase(hops, rank, 5) for hops in (3, 4) for rank in (PathRanking.STRENGTH, PathRanking.HOPS)
)
#: a single shortest path, against the peers' BFS
SHORTEST_CASES = tuple(PathCase(hops, PathRanking.HOPS, 1) for hops in (3, 4))
#: the top five by strength within four hops, against the peers' k-shortest paths (Yen)
STRONGEST_CASE = PathCase(4, PathRanking.STRENGTH, 5)


def same_strengths(ours: Sequence[float], theirs: Sequence[float]) -> bool:
    return len(ours) == len(theirs) and all(
        math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0) for a, b in zip(ours, theirs, strict=True)
    )


def same_top_paths(
    ours: Sequence[tuple[tuple[str, ...], float]], theirs: Sequence[tuple[tuple[str, ...], float]]
) -> bool:
    """Equal top-k lists: the same strengths rank by rank, and the same paths, except that
    paths tied (within 1e-9) with the last one may differ, since tie-breaking is each tool's
    own."""
    if not same_strengths([s for _, s in ours], [s for _, s in theirs]):
        return False
    if not ours:
        return True
    cut = ours[-1][1] * (1 + REL_TOL)
    return {p for p, s in ours if s > cut} == {p for p, s in theirs if s > cut}
