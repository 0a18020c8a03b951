from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from graph.model import InteractionKind
from graph.strength import (
    CHANNEL_WEIGHTS,
    CONNECTION_BASE,
    MIN_STRENGTH,
    StrengthModel,
    pair_strength,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def one(kind: str, days_ago: float, half_life: float = 90.0) -> float:
    model = StrengthModel(half_life_days=half_life, now=NOW)
    at = (NOW - timedelta(days=days_ago)).timestamp()
    return float(model.decayed_mass([kind], [at])[0])


def test_channel_weights_follow_the_documented_order():
    w = CHANNEL_WEIGHTS
    K = InteractionKind
    assert w[K.MEETING] > w[K.CALL] > w[K.MESSAGE] == w[K.EMAIL] > w[K.COMMENT] == w[K.SHARE]
    assert w[K.SHARE] > w[K.LIKE] > 0
    assert set(w) == set(InteractionKind)


def test_a_bare_connection_is_worth_the_connection_base():
    assert float(pair_strength(True, 0.0, 0.0)) == pytest.approx(CONNECTION_BASE)


def test_recency_halves_an_interaction_every_half_life():
    assert one("meeting", 0) == pytest.approx(1.0)
    assert one("meeting", 90) == pytest.approx(0.5)
    assert one("meeting", 30, half_life=30) == pytest.approx(0.5)
    assert one("meeting", -10) == pytest.approx(1.0)  # future-dated counts as fresh


def test_reciprocity_beats_the_same_activity_one_way():
    assert pair_strength(False, 1.0, 1.0) > pair_strength(False, 2.0, 0.0)


def test_strength_grows_with_activity_and_stays_in_range():
    masses = np.linspace(0, 50, 200)
    for connected in (False, True):
        s = pair_strength(np.full(200, connected), masses, masses / 3)
        assert np.all(np.diff(s) >= 0)
        assert np.all((s > 0) & (s <= 1))


def test_ancient_activity_still_leaves_a_positive_strength():
    assert float(pair_strength(False, one("like", 100_000, half_life=1), 0.0)) == MIN_STRENGTH


def test_model_rejects_a_non_positive_half_life():
    with pytest.raises(ValueError):
        StrengthModel(half_life_days=0)
