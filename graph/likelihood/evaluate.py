"""Should a team trust the model on their data? Cross-validated figures and calibration.

Every figure comes from out-of-fold predictions (``model.out_of_fold``: each closed deal
predicted by a model that never saw it), so they estimate how the model does on new deals.
The calibration table cuts those predictions into deciles (fewer bins with few deals) and
sets the mean predicted probability beside the observed win rate of each.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from ..model import DealOutcome
from ..store.base import Store
from .features import describe
from .model import MIN_PER_OUTCOME, out_of_fold
from .scoring import owner_teams, trainable


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    lower: float
    upper: float
    deals: int
    predicted: float
    observed: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    closed_deals: int
    won: int
    lost: int
    cv_auc: float | None
    brier: float | None
    base_rate: float | None
    calibration: list[CalibrationBin] = field(default_factory=list)
    seconds_features: float = 0.0
    seconds_cross_validation: float = 0.0
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def evaluate(store: Store, now: datetime, bins: int = 10) -> Evaluation:
    closed = trainable(store.deals())
    started = time.perf_counter()
    table = describe(store, closed, now, owner_teams(store.list_users()), store.strength_model())
    featured = time.perf_counter() - started
    outcome = {d.id: d.outcome is DealOutcome.WON for d in closed}
    y = np.array([outcome[i] for i in table.deal_ids], dtype=np.int64)
    won, lost = int(y.sum()), int(len(y) - y.sum())
    if min(won, lost) < MIN_PER_OUTCOME:
        return Evaluation(
            len(y),
            won,
            lost,
            None,
            None,
            float(y.mean()) if len(y) else None,
            seconds_features=featured,
            note=f"fewer than {MIN_PER_OUTCOME} closed deals of an outcome: the model falls "
            "back to its per-stage prior, so there is nothing learned to evaluate",
        )
    started = time.perf_counter()
    predicted = out_of_fold(table.raw, y)
    crossed = time.perf_counter() - started
    edges = np.unique(np.quantile(predicted, np.linspace(0, 1, bins + 1)))
    which = np.clip(np.searchsorted(edges, predicted, side="right") - 1, 0, len(edges) - 2)
    table_rows = [
        CalibrationBin(
            float(edges[b]),
            float(edges[b + 1]),
            int((which == b).sum()),
            float(predicted[which == b].mean()),
            float(y[which == b].mean()),
        )
        for b in range(len(edges) - 1)
        if (which == b).any()
    ]
    from sklearn.metrics import brier_score_loss, roc_auc_score  # slow to import: only here

    return Evaluation(
        len(y),
        won,
        lost,
        float(roc_auc_score(y, predicted)),
        float(brier_score_loss(y, predicted)),
        float(y.mean()),
        table_rows,
        featured,
        crossed,
    )


def calibration_png(evaluation: Evaluation, path: str) -> None:
    """The calibration plot. matplotlib is imported here, not at module import: it takes
    about a second and only this command draws."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect")
    ax.plot(
        [b.predicted for b in evaluation.calibration],
        [b.observed for b in evaluation.calibration],
        marker="o",
        label=f"model (AUC {evaluation.cv_auc:.2f})",
    )
    ax.set_xlabel("predicted probability of winning")
    ax.set_ylabel("observed win rate")
    ax.set_title("Deal likelihood calibration (cross-validated)")
    ax.legend()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
