"""What past introduction requests say about the people asked: one :class:`AskOutcome` per
request, the input of the introduction-likelihood estimate (``rankBy: LIKELIHOOD``).

Kept apart from the requests' records and from the estimate so that the store (which
reads these in bulk), the estimate and its tests share one small, stable shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AskOutcome:
    """One introduction request as evidence.

    ``connector_accepted`` is True when the connector accepted, False when they declined or
    let the request expire, None while it waits for them (or it was withdrawn before they
    answered: no evidence either way). ``target_accepted`` is the same for the target's
    answer (double opt-in), None when never asked. ``target_company_id`` is where the target
    worked when the request was made (None if nowhere known).
    """

    request_id: str
    connector_id: str
    target_id: str
    target_company_id: str | None
    asked_at: datetime
    connector_accepted: bool | None
    target_accepted: bool | None
    answered_at: datetime | None = None


__all__ = ["AskOutcome"]
