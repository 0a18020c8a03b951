"""The domain's StrEnums, exposed to GraphQL under their own names, every value described.

GraphQL sees the member names (``CLOSED_WON``); resolvers receive and return the very
``graph.model`` members, so no conversion is needed anywhere else. The enums stay in
``graph.model`` (the domain knows nothing of GraphQL); their GraphQL descriptions live here,
one catalogue per enum, and :func:`describe_enum` attaches them. Enums defined elsewhere in
``schema`` (``Role``, ``DealOrder``, ``LikelihoodBand``) go through it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import has_enum_definition

from graph.influence import ADVOCACY_SHARE
from graph.model import (
    ADVOCACY_WEIGHTS,
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealOutcome,
    DealStage,
    InteractionKind,
    PathRanking,
)
from graph.strength import CHANNEL_WEIGHTS, CONNECTION_BASE, DEFAULT_HALF_LIFE_DAYS

E = TypeVar("E", bound=Enum)


def describe_enum(
    cls: type[E], description: str, values: Mapping[E, str], *, name: str | None = None
) -> type[E]:
    """Register ``cls`` as a GraphQL enum whose every value has its description from
    ``values``; a member without one (or a stray key) is an error at import, so a value added
    to the domain cannot reach the schema undescribed.

    >>> class Size(Enum):
    ...     S = "s"
    ...     L = "l"
    >>> _ = describe_enum(Size, "How big.", {Size.S: "Small.", Size.L: "Large."})
    >>> [v.description for v in Size.__strawberry_definition__.values]
    ['Small.', 'Large.']
    >>> describe_enum(Size, "How big.", {Size.S: "Small."})
    Traceback (most recent call last):
    ...
    TypeError: Size: no description for L
    """
    missing = [member.name for member in cls if not values.get(member, "").strip()]
    stray = [str(key) for key in values if key not in set(cls)]
    if missing or stray:
        problem = f"no description for {', '.join(missing)}" if missing else ""
        if stray:
            problem += ("; " if problem else "") + f"not members: {', '.join(stray)}"
        raise TypeError(f"{cls.__name__}: {problem}")
    registered = strawberry.enum(cls, name=name, description=description)
    if not has_enum_definition(registered):  # pragma: no cover - strawberry always sets it
        raise TypeError(f"{cls.__name__}: strawberry did not register it")
    # strawberry builds one EnumValue per member (the GraphQL name is the member's name);
    # a description on it is what the schema converter hands to graphql-core.
    for value in registered.__strawberry_definition__.values:
        value.description = values[cls[value.name]]
    return cls


def _weight(kind: InteractionKind) -> str:
    return f"Default channel weight {CHANNEL_WEIGHTS[kind]:g}."


def _influence(level: AdvocacyLevel) -> str:
    return f"Adds {ADVOCACY_WEIGHTS[level] * ADVOCACY_SHARE:.3g} to the person's influence score."


describe_enum(
    PathRanking,
    "How introduction paths are ordered: strongest first, fewest hops first, or most likely "
    "to lead to an introduction first.",
    {
        PathRanking.STRENGTH: "Strongest first (the product of the tie strengths along the "
        "path), then fewer hops, then the people's ids.",
        PathRanking.HOPS: "Fewest hops first, then strongest, then the people's ids.",
        PathRanking.LIKELIHOOD: "Most likely to lead to an introduction first: the path's "
        "strength times each intermediary's willingness relative to a person never asked "
        "(learnt from their past answers to introduction requests, with a prior and recency) "
        "times the target company's acceptance; then strongest, fewer hops, the people's ids. "
        "Without any history this is STRENGTH order. Each path's `likelihood` shows the parts.",
    },
)
describe_enum(
    InteractionKind,
    "A channel of interaction. Each interaction adds its channel's weight, halved every "
    f"half-life ({DEFAULT_HALF_LIFE_DAYS:g} days by default), to the pair's tie strength; the "
    "weights are settings (README, Tuning tie strength), the defaults are given per value.",
    {
        InteractionKind.EMAIL: f"An e-mail. {_weight(InteractionKind.EMAIL)}",
        InteractionKind.MEETING: f"A meeting. {_weight(InteractionKind.MEETING)}",
        InteractionKind.CALL: f"A call. {_weight(InteractionKind.CALL)}",
        InteractionKind.MESSAGE: f"A direct message. {_weight(InteractionKind.MESSAGE)}",
        InteractionKind.COMMENT: f"A comment on the other's post. "
        f"{_weight(InteractionKind.COMMENT)}",
        InteractionKind.LIKE: f"A like of the other's post. {_weight(InteractionKind.LIKE)}",
        InteractionKind.SHARE: f"A share of the other's post. {_weight(InteractionKind.SHARE)}",
        InteractionKind.REFERRAL: "The actor referred (vouched for) the recipient. "
        f"{_weight(InteractionKind.REFERRAL)}",
        InteractionKind.INTRODUCTION: "The actor introduced the recipient to someone. "
        f"{_weight(InteractionKind.INTRODUCTION)}",
    },
)
describe_enum(
    CommunityKind,
    "What sort of community.",
    {
        CommunityKind.GROUP: "A group (an online or in-person group of people).",
        CommunityKind.FORUM: "A discussion forum.",
        CommunityKind.EVENT: "An event (a conference, a meetup).",
        CommunityKind.CUSTOMER_COMMUNITY: "A community of a company's customers.",
        CommunityKind.OTHER: "Anything else; the kind a new community gets when none is given.",
    },
)
describe_enum(
    ConnectionOrigin,
    "Where an explicit connection was learnt from. Kept as evidence only: every explicit "
    "connection counts the same in tie strength (at least the connection base, "
    f"{CONNECTION_BASE:g} by default, whatever the origin).",
    {
        ConnectionOrigin.LINKEDIN: "A LinkedIn connection.",
        ConnectionOrigin.EMAIL: "Learnt from e-mail (an address book or correspondence).",
        ConnectionOrigin.CRM: "Recorded in the CRM.",
        ConnectionOrigin.MANUAL: "Entered by hand; the origin when none is given.",
    },
)
describe_enum(
    AdvocacyLevel,
    "How strongly an advocate speaks for a company, from PROMOTER (weakest) to CHAMPION.",
    {
        AdvocacyLevel.PROMOTER: "Speaks well of the company; the level when none is given. "
        f"{_influence(AdvocacyLevel.PROMOTER)}",
        AdvocacyLevel.REFERENCE: f"Will act as a reference. {_influence(AdvocacyLevel.REFERENCE)}",
        AdvocacyLevel.CHAMPION: "Champions the company; the strongest level (a champion who "
        f"changes jobs ranks first in jobChanges). {_influence(AdvocacyLevel.CHAMPION)}",
    },
)
describe_enum(
    DealStage,
    "Pipeline stage of a deal, in pipeline order; the two CLOSED_ stages end it.",
    {
        DealStage.PROSPECTING: "Open: the first stage; a new deal's stage when none is given.",
        DealStage.QUALIFICATION: "Open: being qualified.",
        DealStage.PROPOSAL: "Open: a proposal is out.",
        DealStage.NEGOTIATION: "Open: in negotiation, the last open stage.",
        DealStage.CLOSED_WON: "Closed and won (outcome WON).",
        DealStage.CLOSED_LOST: "Closed and lost (outcome LOST).",
    },
)
describe_enum(
    DealOutcome,
    "Open, won or lost (from the stage).",
    {
        DealOutcome.OPEN: "Any stage but CLOSED_WON and CLOSED_LOST.",
        DealOutcome.WON: "Stage CLOSED_WON.",
        DealOutcome.LOST: "Stage CLOSED_LOST.",
    },
)

__all__ = [
    "AdvocacyLevel",
    "CommunityKind",
    "ConnectionOrigin",
    "DealOutcome",
    "DealStage",
    "InteractionKind",
    "PathRanking",
    "describe_enum",
]
