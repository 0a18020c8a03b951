"""GraphQL types of deal likelihood (``Deal.likelihood``): converted from
``graph.likelihood.model`` results, nothing computed here."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from graph.likelihood.features import FEATURES
from graph.likelihood.model import (
    BAND_HIGH,
    BAND_MEDIUM,
    FOLDS,
    MIN_PER_OUTCOME,
    PRIOR_VERSION,
    RETRAIN_AGE,
    RETRAIN_SHARE,
    VERSION,
    Driver,
    Likelihood,
    ModelInfo,
)

from .enums import describe_enum


class LikelihoodBand(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CLOSED = "CLOSED"


describe_enum(
    LikelihoodBand,
    f"LOW below {BAND_MEDIUM}, HIGH from {BAND_HIGH}, MEDIUM between; CLOSED for a "
    "closed deal (its probability is its outcome: 1 won, 0 lost).",
    {
        LikelihoodBand.LOW: f"An open deal with probability below {BAND_MEDIUM}.",
        LikelihoodBand.MEDIUM: f"An open deal with probability from {BAND_MEDIUM} up to "
        f"(not including) {BAND_HIGH}.",
        LikelihoodBand.HIGH: f"An open deal with probability {BAND_HIGH} or more.",
        LikelihoodBand.CLOSED: "A closed deal: probability 1 if won, 0 if lost.",
    },
)


@strawberry.type(description="One feature's share of a prediction, in a rep's words.")
class LikelihoodDriver:
    feature: str = strawberry.field(
        description=f"The feature's name: one of {', '.join(FEATURES)}; or `stage` for the "
        "prior's one driver."
    )
    value: float = strawberry.field(description="The feature's value (a strength, count, days).")
    contribution: float = strawberry.field(
        description="Its contribution to the log-odds; with the intercept they sum to it."
    )
    explanation: str = strawberry.field(
        description="What the value means for this deal, in a sentence a rep can read out."
    )

    @classmethod
    def of(cls, d: Driver) -> LikelihoodDriver:
        return cls(
            feature=d.feature, value=d.value, contribution=d.contribution, explanation=d.explanation
        )


@strawberry.type(description="What produced a likelihood: the trained model or the prior.")
class LikelihoodModel:
    version: str = strawberry.field(
        description=f"`{VERSION}` for the trained model, `{PRIOR_VERSION}` for the prior."
    )
    trained_at: datetime = strawberry.field(
        description="When it was trained. It is retrained on the first question after a "
        f"write once the number of closed deals has moved by {RETRAIN_SHARE:.0%} or more, or "
        f"the model is older than {RETRAIN_AGE.days} day(s)."
    )
    training_size: int = strawberry.field(description="Closed deals it was trained on.")
    cv_auc: float | None = strawberry.field(
        description=f"ROC AUC of {FOLDS}-fold cross-validated predictions on those deals; "
        "null for the prior."
    )
    brier: float | None = strawberry.field(
        description="Brier score of the same out-of-fold predictions (0 is perfect, lower is "
        "better); null for the prior."
    )
    fallback: bool = strawberry.field(
        description=f"True when fewer than {MIN_PER_OUTCOME} closed deals are won or fewer "
        f"than {MIN_PER_OUTCOME} lost: every open deal gets its stage's usual rate (the prior)."
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
    probability: float = strawberry.field(
        description="The chance the deal is won, 0..1 (a closed deal: 1 won, 0 lost)."
    )
    band: LikelihoodBand = strawberry.field(description="The probability's band.")
    drivers: list[LikelihoodDriver] = strawberry.field(
        description="Largest absolute contribution first; empty for a closed deal, one "
        "(`stage`) under the prior."
    )
    model: LikelihoodModel = strawberry.field(description="What produced the probability.")

    @classmethod
    def of(cls, x: Likelihood) -> DealLikelihood:
        return cls(
            probability=x.probability,
            band=LikelihoodBand(x.band),
            drivers=[LikelihoodDriver.of(d) for d in x.drivers],
            model=LikelihoodModel.of(x.model),
        )
