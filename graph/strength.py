"""Tie strength: how well two people know each other, in (0, 1].

This is the one place the formula lives (the README repeats it for users).

For a pair (a, b) every interaction contributes its *channel weight* decayed by age::

    mass(a->b) = sum over a's interactions with b of  weight(kind) * 0.5 ** (age_days / half_life)

Both directions count, and a reciprocated relationship counts more than a one-sided one::

    activity = mass(a->b) + mass(b->a) + reciprocity * min(mass(a->b), mass(b->a))
    engaged  = 1 - exp(-activity / saturation)          # diminishing returns, in [0, 1)
    base     = connection_base if a KNOWS b else 0
    strength = base + (1 - base) * engaged              # an explicit tie and activity combine

so an explicit connection with no interactions is worth ``connection_base``, one fresh meeting
between strangers about 0.22 (with the defaults below), and a long, two-way, recent
relationship approaches 1. Because the pair is linked, the strength never drops below
``MIN_STRENGTH`` even for very old activity.

The channel weights, half-life, reciprocity, saturation and connection base are settings
(``graph.config``: a TOML file and the environment); the constants below are only their
defaults. Everything that computes a strength does so through a :class:`StrengthModel`.

>>> round(float(pair_strength(True, 0.0, 0.0)), 2)
0.3
>>> bool(pair_strength(False, 1.0, 1.0) > pair_strength(False, 2.0, 0.0))
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

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
#: Defaults of the other parameters (see the formula above).
CONNECTION_BASE = 0.3
RECIPROCITY = 1.0
SATURATION = 4.0
MIN_STRENGTH = 1e-9
DEFAULT_HALF_LIFE_DAYS = 90.0

FloatArray = npt.NDArray[np.float64]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC of ``moment``'s UTC day: the instant a moving clock is read at."""
    day = moment.astimezone(UTC)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StrengthModel:
    """Everything a deployment may tune (``graph.config`` reads them from a TOML file and
    the environment), and the clock they are read at.

    "Now" moves: with ``now`` None (the default) strengths are measured from midnight UTC of
    the clock's current day, so a long-running server's strengths decay day by day and every
    process (``serve --workers N``) agrees on the same instant. ``now`` given pins it (for
    reproducible answers: ``WARMGRAPH_NOW`` / ``--now``). Stores call :meth:`as_of` once per
    index build or write and compute with the pinned copy :meth:`at` returns, so one answer
    is never measured from two different instants.
    """

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    now: datetime | None = None
    channel_weights: Mapping[InteractionKind, float] = field(
        default_factory=lambda: dict(CHANNEL_WEIGHTS)
    )
    reciprocity: float = RECIPROCITY
    saturation: float = SATURATION
    connection_base: float = CONNECTION_BASE
    #: what a moving "now" reads (tests inject a fake one); unused when ``now`` is pinned
    clock: Callable[[], datetime] = field(default=_utc_now, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.half_life_days > 0:
            raise ValueError("half_life_days must be positive")
        if not self.saturation > 0:
            raise ValueError("saturation must be positive")
        if not 0 <= self.connection_base < 1:
            raise ValueError("connection_base must be in [0, 1)")
        if self.reciprocity < 0 or any(w < 0 for w in self.channel_weights.values()):
            raise ValueError("reciprocity and channel weights must not be negative")
        weights = {InteractionKind(k): float(w) for k, w in self.channel_weights.items()}
        # every kind has a weight: a partial mapping keeps the defaults for the rest
        object.__setattr__(self, "channel_weights", {**CHANNEL_WEIGHTS, **weights})
        if self.now is not None and self.now.tzinfo is None:
            object.__setattr__(self, "now", self.now.replace(tzinfo=UTC))

    # -- the clock --------------------------------------------------------------------------
    @property
    def pinned(self) -> bool:
        return self.now is not None

    def as_of(self) -> datetime:
        """The instant strengths are measured from right now: the pinned ``now``, or
        midnight UTC of the clock's day."""
        return self.now if self.now is not None else start_of_day(self.clock())

    def at(self, moment: datetime) -> StrengthModel:
        """This model pinned at ``moment``."""
        return replace(self, now=moment)

    @property
    def now_epoch_seconds(self) -> float:
        return self.as_of().timestamp()

    # -- the parameters ---------------------------------------------------------------------
    def parameters(self) -> dict[str, Any]:
        """The tunable parameters (not the clock), as plain values."""
        return {
            "half_life_days": self.half_life_days,
            "reciprocity": self.reciprocity,
            "saturation": self.saturation,
            "connection_base": self.connection_base,
            "channel_weights": {str(k): w for k, w in sorted(self.channel_weights.items())},
        }

    def fingerprint(self) -> str:
        """A short hash of :meth:`parameters`: equal iff strengths are computed alike."""
        text = json.dumps(self.parameters(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    # -- the formula ------------------------------------------------------------------------
    def decayed_mass(self, kinds: npt.ArrayLike, at_epoch_seconds: npt.ArrayLike) -> FloatArray:
        """Each interaction's contribution to its pair's mass (vectorised).

        ``kinds`` holds InteractionKind values (or their strings); activity dated after
        "now" counts as fresh rather than more than fresh.
        """
        weights = channel_weights(kinds, self.channel_weights)
        at = np.asarray(at_epoch_seconds, dtype=np.float64)
        age_days = np.maximum(self.now_epoch_seconds - at, 0.0) / 86400.0
        return weights * np.exp2(-age_days / self.half_life_days)

    def pair_strength(
        self, connected: npt.ArrayLike, mass_ab: npt.ArrayLike, mass_ba: npt.ArrayLike
    ) -> FloatArray:
        """Tie strength for one pair or many (vectorised), with this model's parameters."""
        c = np.asarray(connected, dtype=bool)
        ab = np.asarray(mass_ab, dtype=np.float64)
        ba = np.asarray(mass_ba, dtype=np.float64)
        activity = ab + ba + self.reciprocity * np.minimum(ab, ba)
        engaged = -np.expm1(-activity / self.saturation)
        base = np.where(c, self.connection_base, 0.0)
        strength = base + (1.0 - base) * engaged
        result: FloatArray = np.clip(strength, MIN_STRENGTH, 1.0)
        return result


def channel_weights(
    kinds: npt.ArrayLike, weights: Mapping[InteractionKind, float] = CHANNEL_WEIGHTS
) -> FloatArray:
    by_name = {str(kind): w for kind, w in weights.items()}
    arr = np.asarray(kinds, dtype=object)
    return np.fromiter((by_name[str(k)] for k in arr.ravel()), np.float64, arr.size)


_DEFAULT = StrengthModel(now=datetime(1970, 1, 1, tzinfo=UTC))


def pair_strength(
    connected: npt.ArrayLike, mass_ab: npt.ArrayLike, mass_ba: npt.ArrayLike
) -> FloatArray:
    """Tie strength with the default parameters (stores use their model's
    :meth:`StrengthModel.pair_strength`)."""
    return _DEFAULT.pair_strength(connected, mass_ab, mass_ba)
