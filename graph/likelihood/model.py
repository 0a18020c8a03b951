"""Deal likelihood's model: regularised logistic regression on standardised features.

Trained on the store's closed deals (won = 1, lost = 0), each described at its close date
(``graph.likelihood.features``). Logistic regression because it is additive in the log-odds:
every driver's contribution is ``coef * standardised value``, and the contributions plus the
intercept *are* the predicted log-odds, so what a rep reads is exactly why the number is what
it is. L2 regularisation (``C``) keeps correlated features (owner path and team path) from
trading huge opposite weights. ``random_state`` and the folds' seed are fixed: the same data
gives the same model and the same cross-validated figures.

**The prior.** With fewer than ``MIN_PER_OUTCOME`` closed deals of either outcome nothing is
learned: every open deal gets ``PRIOR_BY_STAGE`` of its stage, ``ModelInfo.fallback`` is true
and the version says ``prior`` (never silent). The table is the usual shape of a B2B funnel
(later stages close more often), deliberately modest.

**Bands.** ``LOW`` below ``BAND_MEDIUM`` (0.3), ``HIGH`` at ``BAND_HIGH`` (0.6) or above,
``MEDIUM`` between; a closed deal is ``CLOSED`` with probability 1 (won) or 0 (lost).

**Retraining** (``LikelihoodCache``): lazily, on the first question after the store's
``data_version`` moved *and* the closed deals changed enough: their number moved by
``RETRAIN_SHARE`` (10%) or more of the last training's, or the model is older than
``RETRAIN_AGE`` (a day). A fallback is re-checked on every change of the closed deals (cheap,
and the first one past the threshold must switch to learning).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    # imported where a model is trained, not here: importing scikit-learn takes about a
    # second, which every command and server start would otherwise pay
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

from ..model import Deal, DealOutcome, DealStage
from .features import FEATURES, FeatureTable, explain, transform

FloatArray = npt.NDArray[np.float64]

VERSION = "logistic-1"
PRIOR_VERSION = "prior-1"
MIN_PER_OUTCOME = 30
C = 1.0
SEED = 0
FOLDS = 5
BAND_MEDIUM = 0.3
BAND_HIGH = 0.6
RETRAIN_SHARE = 0.10
RETRAIN_AGE = timedelta(days=1)
PRIOR_BY_STAGE: dict[DealStage, float] = {
    DealStage.PROSPECTING: 0.10,
    DealStage.QUALIFICATION: 0.20,
    DealStage.PROPOSAL: 0.40,
    DealStage.NEGOTIATION: 0.60,
}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    version: str
    trained_at: datetime
    training_size: int  # closed deals described at their close date
    cv_auc: float | None  # None for the prior
    brier: float | None
    fallback: bool
    won: int = 0
    lost: int = 0


@dataclass(frozen=True, slots=True)
class Driver:
    feature: str
    value: float  # the raw value (a strength, a count, days)
    contribution: float  # to the log-odds
    explanation: str


@dataclass(frozen=True, slots=True)
class Likelihood:
    probability: float
    band: str
    drivers: tuple[Driver, ...]  # largest |contribution| first
    model: ModelInfo
    intercept: float = 0.0

    @property
    def log_odds(self) -> float:
        return self.intercept + sum(d.contribution for d in self.drivers)


def band(probability: float) -> str:
    if probability >= BAND_HIGH:
        return "HIGH"
    return "MEDIUM" if probability >= BAND_MEDIUM else "LOW"


def _fit(x: FloatArray, y: npt.NDArray[np.int64]) -> tuple[StandardScaler, LogisticRegression]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, random_state=SEED, max_iter=1000)
    model.fit(scaler.transform(x), y)
    return scaler, model


def out_of_fold(raw: FloatArray, y: npt.NDArray[np.int64]) -> FloatArray:
    """Each deal's probability from a model that never saw it (stratified folds, fixed seed)."""
    from sklearn.model_selection import StratifiedKFold

    x = transform(raw)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    predicted = np.zeros(len(y))
    for train, test in folds.split(x, y):
        scaler, model = _fit(x[train], y[train])
        predicted[test] = model.predict_proba(scaler.transform(x[test]))[:, 1]
    return predicted


class DealModel:
    """A trained model (or the prior) and what it was trained on."""

    def __init__(self, table: FeatureTable, deals: Sequence[Deal], now: datetime) -> None:
        by_id = {d.id: d for d in deals}
        y = np.array([by_id[i].outcome is DealOutcome.WON for i in table.deal_ids], dtype=np.int64)
        won, lost = int(y.sum()), int(len(y) - y.sum())
        self.fallback = min(won, lost) < MIN_PER_OUTCOME
        self._scaler: StandardScaler | None = None
        self._model: LogisticRegression | None = None
        auc = brier = None
        if not self.fallback:
            from sklearn.metrics import brier_score_loss, roc_auc_score

            predicted = out_of_fold(table.raw, y)
            auc = float(roc_auc_score(y, predicted))
            brier = float(brier_score_loss(y, predicted))
            self._scaler, self._model = _fit(transform(table.raw), y)
        self.info = ModelInfo(
            version=PRIOR_VERSION if self.fallback else VERSION,
            trained_at=now,
            training_size=len(y),
            cv_auc=auc,
            brier=brier,
            fallback=self.fallback,
            won=won,
            lost=lost,
        )

    def coefficients(self) -> dict[str, float]:
        if self._model is None:
            return {}
        return dict(zip(FEATURES, (float(c) for c in self._model.coef_[0]), strict=True))

    def score(self, deal: Deal, raw: dict[str, float] | None) -> Likelihood:
        """A closed deal's known outcome; an open deal's prediction (``raw``: its features)."""
        if deal.outcome is not DealOutcome.OPEN:
            won = deal.outcome is DealOutcome.WON
            return Likelihood(1.0 if won else 0.0, "CLOSED", (), self.info)
        if self._model is None or self._scaler is None or raw is None:
            p = PRIOR_BY_STAGE.get(deal.stage, 0.1)
            return Likelihood(p, band(p), self._prior_drivers(deal, p, raw), self.info, _logit(p))
        values = np.array([[raw[f] for f in FEATURES]], dtype=np.float64)
        z = self._scaler.transform(transform(values))[0]
        parts = self._model.coef_[0] * z
        intercept = float(self._model.intercept_[0])
        p = 1.0 / (1.0 + math.exp(-(intercept + float(parts.sum()))))
        drivers = sorted(
            (
                Driver(f, raw[f], float(c), explain(f, raw[f]))
                for f, c in zip(FEATURES, parts, strict=True)
            ),
            key=lambda d: -abs(d.contribution),
        )
        return Likelihood(p, band(p), tuple(drivers), self.info, intercept)

    @staticmethod
    def _prior_drivers(deal: Deal, p: float, raw: dict[str, float] | None) -> tuple[Driver, ...]:
        """The prior's one driver: the stage (its log-odds is the whole prediction)."""
        return (
            Driver(
                "stage",
                float(list(PRIOR_BY_STAGE).index(deal.stage))
                if deal.stage in PRIOR_BY_STAGE
                else 0,
                0.0,
                f"too few closed deals to learn from: the usual rate for {deal.stage.value} "
                f"({p:.0%})",
            ),
        )


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


class LikelihoodCache:
    """One model per store, retrained lazily by the rule in the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: DealModel | None = None
        self._version: int | None = None

    def get(
        self,
        version: int,
        now: datetime,
        closed_count: Callable[[], int],
        train: Callable[[], DealModel],
    ) -> DealModel:
        with self._lock:
            model = self._model
            if model is not None and self._version == version:
                return model
            if model is not None:
                closed = closed_count()
                was = model.info.won + model.info.lost
                moved = abs(closed - was) >= max(1.0, RETRAIN_SHARE * was)
                if model.fallback:
                    moved = closed != was
                if not moved and now - model.info.trained_at < RETRAIN_AGE:
                    self._version = version
                    return model
            self._model = train()
            self._version = version
            return self._model
