"""Deal likelihood learned from the relationship graph: features (``features``), the model
(``model``), and ``DealLikelihoods``, what the service asks."""

from .scoring import DealLikelihoods

__all__ = ["DealLikelihoods"]
