"""Tie strength: how well two people know each other, in (0, 1].

This is the one place the formula lives (the README repeats it for users).

For a pair (a, b) every interaction contributes its *channel weight* decayed by age::

    mass(a->b) = sum over a's interactions with b of  weight(kind) * 0.5 ** (age_days / half_life)

Both directions count, and a reciprocated relationship counts more than a one-sided one::

    activity = mass(a->b) + mass(b->a) + RECIPROCITY * min(mass(a->b), mass(b->a))
    engaged  = 1 - exp(-activity / SATURATION)          # diminishing returns, in [0, 1)
    base     = CONNECTION_BASE if a KNOWS b else 0
    strength = base + (1 - base) * engaged              # an explicit tie and activity combine

so an explicit connection with no interactions is worth ``CONNECTION_BASE``, one fresh meeting
between strangers about 0.22, and a long, two-way, recent relationship approaches 1. Because the
pair is linked, the strength never drops below ``MIN_STRENGTH`` even for very old activity.

>>> round(float(pair_strength(True, 0.0, 0.0)), 2)
0.3
>>> bool(pair_strength(False, 1.0, 1.0) > pair_strength(False, 2.0, 0.0))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from .model import InteractionKind

#: meeting > call > message/email > comment/share > like; referrals and introductions are
#: someone vouching for someone, which we rate like a call.
CHANNEL_WEIGHTS: Mapping[InteractionKind, float] = {
    InteractionKind.MEETING: 1.0,
    InteractionKind.CALL: 0.8,
    InteractionKind.REFERRAL: 0.8,
    InteractionKind.INTRODUCTION: 0.8,
    InteractionKind.MESSAGE: 0.5,
    InteractionKind.EMAIL: 0.5,
    InteractionKind.COMMENT: 0.25,
    InteractionKind.SHARE: 0.25,
    InteractionKind.LIKE: 0.1,
}
CONNECTION_BASE = 0.3
RECIPROCITY = 1.0
SATURATION = 4.0
MIN_STRENGTH = 1e-9
DEFAULT_HALF_LIFE_DAYS = 90.0

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class StrengthModel:
    """The parameters a deployment may tune: the decay half-life and the clock it is read at.

    ``now`` is fixed for the life of a process so that answers are reproducible and the
    in-memory index stays consistent; restart (or set ``WARMGRAPH_NOW``) to move it.
    """

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.half_life_days > 0:
            raise ValueError("half_life_days must be positive")
        if self.now.tzinfo is None:
            object.__setattr__(self, "now", self.now.replace(tzinfo=UTC))

    @property
    def now_epoch_seconds(self) -> float:
        return self.now.timestamp()

    def decayed_mass(self, kinds: npt.ArrayLike, at_epoch_seconds: npt.ArrayLike) -> FloatArray:
        """Each interaction's contribution to its pair's mass (vectorised).

        ``kinds`` holds InteractionKind values (or their strings); activity dated after
        ``now`` counts as fresh rather than more than fresh.
        """
        weights = channel_weights(kinds)
        at = np.asarray(at_epoch_seconds, dtype=np.float64)
        age_days = np.maximum(self.now_epoch_seconds - at, 0.0) / 86400.0
        return weights * np.exp2(-age_days / self.half_life_days)


_WEIGHT_BY_NAME = {str(kind): w for kind, w in CHANNEL_WEIGHTS.items()}


def channel_weights(kinds: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(kinds, dtype=object)
    return np.fromiter((_WEIGHT_BY_NAME[str(k)] for k in arr.ravel()), np.float64, arr.size)


def pair_strength(
    connected: npt.ArrayLike, mass_ab: npt.ArrayLike, mass_ba: npt.ArrayLike
) -> FloatArray:
    """Tie strength for one pair or many (vectorised over numpy arrays)."""
    c = np.asarray(connected, dtype=bool)
    ab = np.asarray(mass_ab, dtype=np.float64)
    ba = np.asarray(mass_ba, dtype=np.float64)
    activity = ab + ba + RECIPROCITY * np.minimum(ab, ba)
    engaged = -np.expm1(-activity / SATURATION)
    base = np.where(c, CONNECTION_BASE, 0.0)
    strength = base + (1.0 - base) * engaged
    result: FloatArray = np.clip(strength, MIN_STRENGTH, 1.0)
    return result
