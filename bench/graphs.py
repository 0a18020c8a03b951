"""The link graph as the peers see it: the same people and tie strengths warmgraph ranks.

Built from the store's own bulk projection, so every peer answers on exactly the graph
warmgraph answers on. Paths may not pass through doNotContact people (warmgraph's rule), so
the peers' path graphs drop every link that touches one, as a user would have to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.queries import LinkProjection


@dataclass(frozen=True)
class LinkGraph:
    """Undirected links ``u[i] < v[i]`` with ``strength[i]``; people ``0..n-1``."""

    ids: tuple[str, ...]
    u: npt.NDArray[np.int64]
    v: npt.NDArray[np.int64]
    strength: npt.NDArray[np.float64]
    blocked: npt.NDArray[np.bool_]  # doNotContact

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def position(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    @property
    def path_edges(self) -> npt.NDArray[np.bool_]:
        """Links a path may use: neither end is doNotContact (ends of a query never are)."""
        return ~(self.blocked[self.u] | self.blocked[self.v])


def link_graph(projection: LinkProjection, blocked_ids: set[str]) -> LinkGraph:
    owner = np.repeat(np.arange(len(projection.person_ids)), projection.length)
    rows = np.concatenate(
        [np.arange(s, s + n) for s, n in zip(projection.start, projection.length, strict=True)]
    )
    nbr = projection.nbr[rows].astype(np.int64)
    once = owner < nbr
    blocked = np.array([pid in blocked_ids for pid in projection.person_ids], dtype=bool)
    return LinkGraph(
        ids=projection.person_ids,
        u=owner[once],
        v=nbr[once],
        strength=projection.weight[rows][once].astype(np.float64),
        blocked=blocked,
    )


def path_strength(strengths: list[float]) -> float:
    """A path's strength exactly as warmgraph multiplies it: in path order from the source."""
    product = 1.0
    for s in strengths:
        product *= s
    return product
