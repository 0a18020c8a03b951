"""Deal likelihood against a planted world (tests/likelihood/planted.py)."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from graph.likelihood import DealLikelihoods
from graph.likelihood.features import FEATURES, describe
from graph.likelihood.model import MIN_PER_OUTCOME, PRIOR_BY_STAGE, DealModel, out_of_fold
from graph.likelihood.scoring import trainable
from graph.model import Deal, DealStage, Interaction, InteractionKind
from graph.store.embedded import EmbeddedStore
from graph.strength import StrengthModel
from tests.likelihood.planted import NOW, plant


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = EmbeddedStore(tmp_path_factory.mktemp("planted") / "w.db", StrengthModel(now=NOW))
    planted = plant(store, closed=400)
    yield store, planted
    store.close()


def test_ranks_close_to_the_planted_rule_and_is_calibrated(world: Any) -> None:
    store, planted = world
    model = DealLikelihoods(clock=lambda: NOW).model(store)
    assert not model.info.fallback and model.info.version.startswith("logistic")
    assert model.info.training_size == 400
    ids = sorted(planted.won)
    y = np.array([planted.won[i] for i in ids])
    rule_auc = roc_auc_score(y, [planted.logit[i] for i in ids])
    assert model.info.cv_auc is not None and model.info.cv_auc > 0.75
    assert model.info.cv_auc > rule_auc - 0.06, (model.info.cv_auc, rule_auc)
    # calibration in the large: out-of-fold predictions average the observed win rate
    closed = trainable(store.deals())
    table = describe(store, closed, NOW)
    outcome = {d.id: d.stage is DealStage.CLOSED_WON for d in closed}
    labels = np.array([outcome[i] for i in table.deal_ids], dtype=np.int64)
    predicted = out_of_fold(table.raw, labels)
    assert abs(predicted.mean() - labels.mean()) < 0.04
    assert model.info.brier is not None and model.info.brier < 0.25  # better than a coin


def test_the_graph_signals_are_what_it_learned(world: Any) -> None:
    store, _ = world
    coef = DealLikelihoods(clock=lambda: NOW).model(store).coefficients()
    assert coef["champion_inside"] > 0.3
    # touches show in several correlated features; together they carry the signal
    touch_family = ("owner_tie", "owner_path", "team_path", "engaged_contacts", "days_since_touch")
    assert sum(coef[f] for f in touch_family[:4]) - coef["days_since_touch"] > 0.5


def test_drivers_and_intercept_sum_to_the_log_odds(world: Any) -> None:
    store, planted = world
    deals = store.get_nodes(Deal, planted.open_ids)
    scored = DealLikelihoods(clock=lambda: NOW).score(store, list(deals.values()))
    assert set(scored) == set(planted.open_ids)
    for likelihood in scored.values():
        p = likelihood.probability
        assert 0 < p < 1 and likelihood.band in {"LOW", "MEDIUM", "HIGH"}
        assert {d.feature for d in likelihood.drivers} == set(FEATURES)
        assert math.isclose(likelihood.log_odds, math.log(p / (1 - p)), abs_tol=1e-9)
        assert all(d.explanation for d in likelihood.drivers)


def test_a_closed_deal_states_its_outcome(world: Any) -> None:
    store, planted = world
    ids = sorted(planted.won)[:6]
    scored = DealLikelihoods(clock=lambda: NOW).score(
        store, list(store.get_nodes(Deal, ids).values())
    )
    for deal_id in ids:
        assert scored[deal_id].band == "CLOSED" and scored[deal_id].drivers == ()
        assert scored[deal_id].probability == (1.0 if planted.won[deal_id] else 0.0)


def test_an_interaction_after_the_close_does_not_change_a_closed_deals_features(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(tmp_path / "p.db", StrengthModel(now=NOW))
    planted = plant(store, closed=12, open_=0, seed=3)
    deals = trainable(store.deals())
    before = describe(store, deals, NOW)
    victim = next(d for d in deals if not planted.won[d.id])
    assert victim.closed_at is not None and victim.owner_id is not None
    after_close = NOW.replace(
        year=victim.closed_at.year, month=victim.closed_at.month, day=victim.closed_at.day
    ) + timedelta(hours=1)
    contact = f"c{victim.company_id[1:]}-p1"
    for n in range(5):
        store.record_interaction(
            Interaction(f"late{n}", InteractionKind.MEETING, after_close, victim.owner_id, contact)
        )
    after = describe(store, deals, NOW)
    np.testing.assert_array_equal(before.raw, after.raw)
    # ...while the same meetings a day *before* the close do change them
    store.record_interaction(
        Interaction(
            "early",
            InteractionKind.MEETING,
            after_close - timedelta(days=1),
            victim.owner_id,
            contact,
        )
    )
    changed = describe(store, deals, NOW).row(victim.id)
    assert changed["owner_tie"] > before.row(victim.id)["owner_tie"]
    assert changed["engaged_contacts"] >= 1
    store.close()


def test_too_few_closed_deals_fall_back_to_the_documented_prior(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "f.db", StrengthModel(now=NOW))
    planted = plant(store, closed=2 * MIN_PER_OUTCOME - 10, open_=3, seed=5)
    likelihoods = DealLikelihoods(clock=lambda: NOW)
    model = likelihoods.model(store)
    assert model.info.fallback and model.info.version.startswith("prior")
    assert model.info.cv_auc is None
    scored = likelihoods.score(store, list(store.get_nodes(Deal, planted.open_ids).values()))
    for likelihood in scored.values():
        assert likelihood.probability == PRIOR_BY_STAGE[DealStage.PROPOSAL]
        assert likelihood.model.fallback
        assert "too few closed deals" in likelihood.drivers[0].explanation
    store.close()


def test_the_model_is_reproducible(world: Any) -> None:
    store, _ = world
    a = DealLikelihoods(clock=lambda: NOW).model(store)
    b = DealLikelihoods(clock=lambda: NOW).model(store)
    assert a.info.cv_auc == b.info.cv_auc and a.coefficients() == b.coefficients()
    assert isinstance(a, DealModel)
