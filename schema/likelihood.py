"""GraphQL types of deal likelihood (``Deal.likelihood``): converted from
``graph.likelihood.model`` results, nothing computed here."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from graph.likelihood.model import BAND_HIGH, BAND_MEDIUM, Driver, Likelihood, ModelInfo


@strawberry.enum(
    description=f"LOW below {BAND_MEDIUM}, HIGH from {BAND_HIGH}, MEDIUM between; CLOSED for a "
    "closed deal (its probability is its outcome: 1 won, 0 lost)."
)
class LikelihoodBand(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CLOSED = "CLOSED"


@strawberry.type(description="One feature's share of a prediction, in a rep's words.")
class LikelihoodDriver:
    feature: str
    value: float = strawberry.field(description="The feature's value (a strength, count, days).")
    contribution: float = strawberry.field(
        description="Its contribution to the log-odds; with the intercept they sum to it."
    )
    explanation: str

    @classmethod
    def of(cls, d: Driver) -> LikelihoodDriver:
        return cls(
            feature=d.feature, value=d.value, contribution=d.contribution, explanation=d.explanation
        )


@strawberry.type(description="What produced a likelihood: the trained model or the prior.")
class LikelihoodModel:
    version: str
    trained_at: datetime
    training_size: int = strawberry.field(description="Closed deals it was trained on.")
    cv_auc: float | None = strawberry.field(
        description="Cross-validated ROC AUC on those deals; null for the prior."
    )
    brier: float | None
    fallback: bool = strawberry.field(
        description="True when too few closed deals of either outcome: a per-stage prior."
    )

    @classmethod
    def of(cls, i: ModelInfo) -> LikelihoodModel:
        return cls(
            version=i.version,
            trained_at=i.trained_at,
            training_size=i.training_size,
            cv_auc=i.cv_auc,
            brier=i.brier,
            fallback=i.fallback,
        )


@strawberry.type(description="How likely a deal is to be won, and why.")
class DealLikelihood:
    probability: float
    band: LikelihoodBand
    drivers: list[LikelihoodDriver] = strawberry.field(
        description="Largest contribution first; empty for a closed deal."
    )
    model: LikelihoodModel

    @classmethod
    def of(cls, x: Likelihood) -> DealLikelihood:
        return cls(
            probability=x.probability,
            band=LikelihoodBand(x.band),
            drivers=[LikelihoodDriver.of(d) for d in x.drivers],
            model=LikelihoodModel.of(x.model),
        )
