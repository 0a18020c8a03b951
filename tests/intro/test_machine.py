"""The introduction state machine, exhaustively: every (status, action, role) against a
table written out here by hand from the issue, not derived from ``graph.intro.machine``."""

from __future__ import annotations

import itertools

import pytest

from graph.errors import BadInput, Forbidden
from graph.intro import TRANSITIONS, ActorRole, IntroAction, IntroStatus, next_status

# (status name, action name) -> (next status name, roles that may take it), from the issue:
# the connector answers for the connector; the requester or connector records the target's
# answer and marks introduced; the requester records the meeting, links the deal and
# withdraws (from any open status); expiry and the deal's close are the system's.
EXPECTED: dict[tuple[str, str], tuple[str, set[str]]] = {
    ("REQUESTED", "ACCEPT"): ("ACCEPTED", {"CONNECTOR"}),
    ("REQUESTED", "DECLINE"): ("DECLINED", {"CONNECTOR"}),
    ("REQUESTED", "EXPIRE"): ("EXPIRED", {"SYSTEM"}),
    ("REQUESTED", "WITHDRAW"): ("WITHDRAWN", {"REQUESTER"}),
    ("ACCEPTED", "TARGET_ACCEPT"): ("TARGET_ACCEPTED", {"REQUESTER", "CONNECTOR"}),
    ("ACCEPTED", "TARGET_DECLINE"): ("TARGET_DECLINED", {"REQUESTER", "CONNECTOR"}),
    ("ACCEPTED", "WITHDRAW"): ("WITHDRAWN", {"REQUESTER"}),
    ("TARGET_ACCEPTED", "INTRODUCE"): ("INTRODUCED", {"REQUESTER", "CONNECTOR"}),
    ("TARGET_ACCEPTED", "WITHDRAW"): ("WITHDRAWN", {"REQUESTER"}),
    ("INTRODUCED", "RECORD_MEETING"): ("MEETING_HELD", {"REQUESTER"}),
    ("INTRODUCED", "WITHDRAW"): ("WITHDRAWN", {"REQUESTER"}),
    ("MEETING_HELD", "LINK_DEAL"): ("MEETING_HELD", {"REQUESTER"}),
    ("MEETING_HELD", "CLOSE_WON"): ("WON", {"SYSTEM"}),
    ("MEETING_HELD", "CLOSE_LOST"): ("LOST", {"SYSTEM"}),
    ("MEETING_HELD", "WITHDRAW"): ("WITHDRAWN", {"REQUESTER"}),
}

FINAL = {"DECLINED", "EXPIRED", "TARGET_DECLINED", "WON", "LOST", "WITHDRAWN"}

EVERY = list(itertools.product(IntroStatus, IntroAction, ActorRole))


def test_the_enums_are_the_issues() -> None:
    assert [s.name for s in IntroStatus] == [
        "REQUESTED",
        "ACCEPTED",
        "DECLINED",
        "EXPIRED",
        "TARGET_ACCEPTED",
        "TARGET_DECLINED",
        "INTRODUCED",
        "MEETING_HELD",
        "WON",
        "LOST",
        "WITHDRAWN",
    ]
    assert len(EVERY) == 11 * 11 * 4


@pytest.mark.parametrize(("status", "action", "role"), EVERY, ids=lambda v: v.name)
def test_every_combination(status: IntroStatus, action: IntroAction, role: ActorRole) -> None:
    expected = EXPECTED.get((status.name, action.name))
    if expected is None:
        with pytest.raises(BadInput) as refused:
            next_status(status, action, role)
        assert refused.value.code == "BAD_INPUT"
        assert status.name in refused.value.message
    elif role.name not in expected[1]:
        with pytest.raises(Forbidden) as refused:
            next_status(status, action, role)
        assert refused.value.code == "FORBIDDEN"
    else:
        assert next_status(status, action, role).name == expected[0]


def test_final_statuses_allow_nothing_and_open_ones_allow_withdrawal() -> None:
    for status in IntroStatus:
        actions = {a for (s, a) in EXPECTED if s == status.name}
        assert (status.name in FINAL) == (not actions)
        assert (status.name not in FINAL) == ("WITHDRAW" in actions)


def test_the_rule_book_has_no_step_the_table_lacks() -> None:
    rows = {
        (s.source.name, s.action.name): (s.target.name, {r.name for r in s.roles})
        for s in TRANSITIONS
    }
    assert rows == EXPECTED


def test_no_step_goes_back() -> None:
    order = [
        "REQUESTED",
        "ACCEPTED",
        "TARGET_ACCEPTED",
        "INTRODUCED",
        "MEETING_HELD",
    ]
    for (source, _), (target, _) in EXPECTED.items():
        if target in order:
            assert order.index(target) >= order.index(source)
