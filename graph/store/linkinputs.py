"""The raw inputs of tie strength, as stores hand them over: everyone, every KNOWS and every
interaction in bulk (``LinkInputs``, what the embedded index is built from), or one pair's
(``PairInputs``, what the embedded store patches its index with; Neo4j answers it too)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LinkInputs:
    """Everyone, every KNOWS and every interaction, keyed by the person's integer ``pk``.

    ``inter_kind`` holds InteractionKind values as strings; ``inter_at`` epoch seconds (UTC).
    ``advocacy`` is each person's strongest advocacy level as a weight in 0..1 (0 = not an
    advocate; promoter 1/3, reference 2/3, champion 1).
    """

    person_pk: IntArray
    person_id: npt.NDArray[np.object_]
    do_not_contact: npt.NDArray[np.bool_]
    advocacy: FloatArray
    conn_a: IntArray
    conn_b: IntArray
    inter_actor: IntArray
    inter_recipient: IntArray
    inter_kind: npt.NDArray[np.object_]
    inter_at: FloatArray


@dataclass(frozen=True, slots=True)
class PairInputs:
    """One pair's raw inputs to the tie-strength formula (a -> b and b -> a)."""

    connected: bool
    kinds_ab: tuple[str, ...]
    at_ab: tuple[float, ...]
    kinds_ba: tuple[str, ...]
    at_ba: tuple[float, ...]
