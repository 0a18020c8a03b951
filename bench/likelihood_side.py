"""Deal likelihood at scale: the time to train on the closed deals and to score every open
deal, and how good the model is (cross-validated AUC and Brier score; None for the prior).

Measured as a server meets them: the first question trains (the model is then cached), and
scoring every open deal comes after it on the same store (the embedded store keeps the
activity it read for training, so this is the scoring of a page of deals once warm). A
benchmark, not a test: the figures go into the report, nothing is asserted.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from graph.likelihood.scoring import DealLikelihoods, trainable
from graph.model import DealOutcome
from graph.service import WarmgraphService


def measure(service: WarmgraphService, now: datetime) -> dict[str, Any]:
    store = service.store
    deals = store.deals()
    open_deals = [d for d in deals if d.outcome is DealOutcome.OPEN]
    likelihoods = DealLikelihoods(clock=lambda: now)
    started = time.perf_counter()
    model = likelihoods.model(store)  # trains: nothing cached yet
    train_s = time.perf_counter() - started
    started = time.perf_counter()
    scored = likelihoods.score(store, open_deals)
    score_s = time.perf_counter() - started
    info = model.info
    return {
        "closed_deals": len(trainable(deals)),
        "open_deals": len(open_deals),
        "scored": len(scored),
        "won": info.won,
        "lost": info.lost,
        "model": info.version,
        "fallback": info.fallback,
        "train_s": train_s,
        "score_open_s": score_s,
        "cv_auc": info.cv_auc,
        "brier": info.brier,
    }
