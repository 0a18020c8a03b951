"""The introduction request's state machine: pure, no store, no clock.

:data:`TRANSITIONS` is the whole rule book, one row per allowed step: from which status,
by which action, to which status, and which roles may take it. Everything else is refused
by :func:`next_status`: a step the status does not allow (skipping one, going back, moving
a final request) is BadInput; an allowed step by the wrong person is Forbidden. The state
is checked first, so a refused step never says who could have taken it.

Roles are relative to the request (``graph.intro_service`` decides which one a caller has):
the REQUESTER (the user who asked), the CONNECTOR (a user whose person is ``path[1]``, or
whose person is ``path[0]`` when that is a teammate's: they hold the tie and relay), OTHER
(anyone else), and SYSTEM (expiry and a linked deal's close; never a caller).

Deals: ``linkDeal`` (LINK_DEAL) names the deal a meeting led to; it is allowed on
MEETING_HELD only and does not change the status. When that deal closes, the request
follows it to WON or LOST (CLOSE_WON / CLOSE_LOST, by SYSTEM): the service settles it when
the deal is linked already closed, and on every read afterwards.

>>> next_status(IntroStatus.REQUESTED, IntroAction.ACCEPT, ActorRole.CONNECTOR).name
'ACCEPTED'
>>> try:
...     next_status(IntroStatus.REQUESTED, IntroAction.INTRODUCE, ActorRole.CONNECTOR)
... except BadInput as refused:
...     print(refused.code, refused.message[:60])
BAD_INPUT an introduction request that is REQUESTED cannot be marked i
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..errors import BadInput, Forbidden
from .model import IntroStatus


class IntroAction(StrEnum):
    """A step someone takes on a request (the mutation that takes it in brackets)."""

    ACCEPT = "accept"  # respondToIntroduction(accept: true)
    DECLINE = "decline"  # respondToIntroduction(accept: false)
    EXPIRE = "expire"  # nobody answered in time (system)
    TARGET_ACCEPT = "target accept"  # recordTargetResponse(accept: true)
    TARGET_DECLINE = "target decline"  # recordTargetResponse(accept: false)
    INTRODUCE = "be marked introduced"  # markIntroduced
    RECORD_MEETING = "record a meeting"  # recordMeeting
    LINK_DEAL = "link a deal"  # linkDeal (no status change)
    CLOSE_WON = "close won"  # the linked deal was won (system)
    CLOSE_LOST = "close lost"  # the linked deal was lost (system)
    WITHDRAW = "withdraw"  # withdrawIntroduction


class ActorRole(StrEnum):
    """Who takes a step, relative to the request (see the module docstring)."""

    REQUESTER = "requester"
    CONNECTOR = "connector"
    OTHER = "other"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Step:
    """One allowed transition: ``action`` on ``source`` leads to ``target``, by ``roles``."""

    source: IntroStatus
    action: IntroAction
    target: IntroStatus
    roles: frozenset[ActorRole]


S, A, R = IntroStatus, IntroAction, ActorRole
_REQUESTER = frozenset({R.REQUESTER})
_CONNECTOR = frozenset({R.CONNECTOR})
_EITHER = frozenset({R.REQUESTER, R.CONNECTOR})
_SYSTEM = frozenset({R.SYSTEM})

#: Every allowed step. A withdrawal is allowed from every open status.
TRANSITIONS: tuple[Step, ...] = (
    Step(S.REQUESTED, A.ACCEPT, S.ACCEPTED, _CONNECTOR),
    Step(S.REQUESTED, A.DECLINE, S.DECLINED, _CONNECTOR),
    Step(S.REQUESTED, A.EXPIRE, S.EXPIRED, _SYSTEM),
    Step(S.REQUESTED, A.WITHDRAW, S.WITHDRAWN, _REQUESTER),
    Step(S.ACCEPTED, A.TARGET_ACCEPT, S.TARGET_ACCEPTED, _EITHER),
    Step(S.ACCEPTED, A.TARGET_DECLINE, S.TARGET_DECLINED, _EITHER),
    Step(S.ACCEPTED, A.WITHDRAW, S.WITHDRAWN, _REQUESTER),
    Step(S.TARGET_ACCEPTED, A.INTRODUCE, S.INTRODUCED, _EITHER),
    Step(S.TARGET_ACCEPTED, A.WITHDRAW, S.WITHDRAWN, _REQUESTER),
    Step(S.INTRODUCED, A.RECORD_MEETING, S.MEETING_HELD, _REQUESTER),
    Step(S.INTRODUCED, A.WITHDRAW, S.WITHDRAWN, _REQUESTER),
    Step(S.MEETING_HELD, A.LINK_DEAL, S.MEETING_HELD, _REQUESTER),
    Step(S.MEETING_HELD, A.CLOSE_WON, S.WON, _SYSTEM),
    Step(S.MEETING_HELD, A.CLOSE_LOST, S.LOST, _SYSTEM),
    Step(S.MEETING_HELD, A.WITHDRAW, S.WITHDRAWN, _REQUESTER),
)

_BY_KEY: dict[tuple[IntroStatus, IntroAction], Step] = {
    (step.source, step.action): step for step in TRANSITIONS
}


def next_status(status: IntroStatus, action: IntroAction, role: ActorRole) -> IntroStatus:
    """The status ``action`` by ``role`` leads to from ``status``; BadInput when the status
    does not allow the action, Forbidden when ``role`` may not take it."""
    step = _BY_KEY.get((status, action))
    if step is None:
        allowed = [s.action.value for s in TRANSITIONS if s.source is status]
        now = f"allowed now: {', '.join(allowed)}" if allowed else "it is final"
        raise BadInput(
            f"an introduction request that is {status.name} cannot {action.value} ({now})"
        )
    if role not in step.roles:
        who = " or ".join(sorted(r.value for r in step.roles))
        raise Forbidden(f"only the {who} may {action.value} on this introduction request")
    return step.target


__all__ = ["TRANSITIONS", "ActorRole", "IntroAction", "Step", "next_status"]
