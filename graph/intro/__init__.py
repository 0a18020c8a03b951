"""Introduction requests (issue 13): a rep asks the person after the first on a path to
introduce them to the path's target, and follows the ask to a meeting and a deal.

:mod:`.model` holds the records, :mod:`.machine` the pure state machine (which step may
follow which, and who may take it), :mod:`.rules` the guard rails' settings.
"""

from .machine import TRANSITIONS, ActorRole, IntroAction, Step, next_status
from .model import (
    BLOCKING_STATUSES,
    CAPACITY_STATUSES,
    OPEN_STATUSES,
    SYSTEM,
    AskRules,
    DuplicateAsk,
    HistoryEntry,
    IntroFilter,
    IntroRequest,
    IntroSettings,
    IntroStatus,
    OverCapacity,
    StaleStatus,
    outcome_of,
)

__all__ = [
    "BLOCKING_STATUSES",
    "CAPACITY_STATUSES",
    "OPEN_STATUSES",
    "SYSTEM",
    "TRANSITIONS",
    "ActorRole",
    "AskRules",
    "DuplicateAsk",
    "HistoryEntry",
    "IntroAction",
    "IntroFilter",
    "IntroRequest",
    "IntroSettings",
    "IntroStatus",
    "OverCapacity",
    "StaleStatus",
    "Step",
    "next_status",
    "outcome_of",
]
