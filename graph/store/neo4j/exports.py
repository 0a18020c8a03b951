"""Whole tables for exports on Neo4j (``ExportReads``): ids listed in bulk then read in
batches like any node read; KNOWS and interacting pairs aggregated by the server and
streamed as parallel lists."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ...model import NodeT
from ...queries import PairActivity
from . import cypher
from .nodes import LABEL, NodeRecords
from .session import Session


class ExportRecords:
    """``ExportReads`` through ``session``."""

    def __init__(self, session: Session, nodes: NodeRecords) -> None:
        self._session = session
        self._nodes = nodes

    def all_nodes(self, kind: type[NodeT]) -> list[NodeT]:
        (row,) = self._session.query(cypher.ALL_IDS[LABEL[kind]])
        found = self._nodes.get_nodes(kind, row["ids"])
        return [found[i] for i in sorted(found)]

    def pair_activity(self) -> PairActivity:
        (knows,) = self._session.query(cypher.ALL_KNOWS_PAIRS)
        (inter,) = self._session.query(cypher.INTERACTING_PAIRS)
        return PairActivity(
            knows_a=_ids(knows["a"]),
            knows_b=_ids(knows["b"]),
            inter_a=_ids(inter["a"]),
            inter_b=_ids(inter["b"]),
            inter_count=np.asarray(inter["n"], np.int64),
            inter_last=np.asarray(inter["last"], np.float64),
        )


def _ids(values: list[Any]) -> npt.NDArray[np.object_]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
