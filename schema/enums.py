"""The domain's StrEnums, exposed to GraphQL under their own names.

GraphQL sees the member names (``CLOSED_WON``); resolvers receive and return the very
``graph.model`` members, so no conversion is needed anywhere else.
"""

from __future__ import annotations

import strawberry

from graph.model import (
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealOutcome,
    DealStage,
    InteractionKind,
    PathRanking,
)

strawberry.enum(
    PathRanking,
    description="How introduction paths are ordered: strongest first, or fewest hops first.",
)
strawberry.enum(InteractionKind, description="A channel of interaction.")
strawberry.enum(CommunityKind, description="What sort of community.")
strawberry.enum(ConnectionOrigin, description="Where an explicit connection was learnt from.")
strawberry.enum(AdvocacyLevel, description="How strongly an advocate speaks for a company.")
strawberry.enum(DealStage, description="Pipeline stage of a deal.")
strawberry.enum(DealOutcome, description="Open, won or lost (from the stage).")

__all__ = [
    "AdvocacyLevel",
    "CommunityKind",
    "ConnectionOrigin",
    "DealOutcome",
    "DealStage",
    "InteractionKind",
    "PathRanking",
]
