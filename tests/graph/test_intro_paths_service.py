"""rankBy LIKELIHOOD through the service and a real store: the planted declining connector,
strength order without history, the parts every path shows, and refusals unchanged.

Each test hands the store a planted history of outcomes by setting ``ask_outcomes`` on the
instance (random histories are quicker to state as outcomes than as requests walked through
the state machine; ``tests/graph/test_intro_learning.py`` learns from real requests).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph.errors import DoNotContact
from graph.intro import HistoryEntry, IntroRequest, IntroSettings, IntroStatus
from graph.intro_outcomes import AskOutcome
from graph.model import Company, Connection, Employment, PathRanking
from tests.conftest import NOW
from tests.graph.test_service import ids, people, rep_world  # noqa: F401  (fixture)

LIKELIHOOD, STRENGTH = PathRanking.LIKELIHOOD, PathRanking.STRENGTH


def history_of(service, outcomes):
    calls = []

    def ask_outcomes():
        calls.append(1)
        return list(outcomes)

    service.store.ask_outcomes = ask_outcomes
    return calls


def declines(connector, n, company=None):
    return [
        AskOutcome(
            f"{connector}-{i}", connector, "x", company, NOW - timedelta(days=i), False, None
        )
        for i in range(n)
    ]


def accepts(connector, n, company=None, target_accepted=None):
    return [
        AskOutcome(
            f"{connector}+{i}",
            connector,
            "x",
            company,
            NOW - timedelta(days=i),
            True,
            target_accepted,
        )
        for i in range(n)
    ]


def test_without_history_likelihood_order_is_strength_order(rep_world):  # noqa: F811
    history_of(rep_world, [])
    by_strength = rep_world.introduction_paths("rep", "target", limit=5, rank_by=STRENGTH)
    by_chance = rep_world.introduction_paths("rep", "target", limit=5, rank_by=LIKELIHOOD)
    assert [ids(p) for p in by_chance] == [ids(p) for p in by_strength]
    assert all(p.likelihood is None for p in by_strength)
    first = by_chance[0].likelihood
    assert first is not None and first.exact
    assert [(w.person.id, w.lift, w.asked) for w in first.willingness] == [
        ("ann", 1.0, 0),
        ("bob", 1.0, 0),
    ]
    assert first.strength == by_chance[0].strength
    assert first.score == pytest.approx(first.strength * 0.5)  # nobody answered: fallback 0.5


def test_a_connector_who_declines_often_sinks_in_likelihood_order_only(rep_world):  # noqa: F811
    history_of(rep_world, declines("ann", 40) + accepts("weak", 3) + accepts("carol", 3))
    by_strength = rep_world.introduction_paths("rep", "target", rank_by=STRENGTH)
    by_chance = rep_world.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
    assert [ids(p) for p in by_strength] == [
        ["rep", "ann", "bob", "target"],
        ["rep", "weak", "target"],
    ]
    assert [ids(p) for p in by_chance] == [
        ["rep", "weak", "target"],
        ["rep", "ann", "bob", "target"],
    ]
    ann = by_chance[1].likelihood.willingness[0]
    assert (ann.person.id, ann.asked, ann.accepted) == ("ann", 40, 0)
    assert ann.lift < 1 and ann.estimate < by_chance[0].likelihood.willingness[0].estimate


def test_the_target_company_acceptance_enters_and_is_named(service):
    people(service, "rep", "mid", "buyer")
    service.create(Company(id="acme", name="Acme"))
    service.set_employment(Employment("buyer", "acme"))
    service.connect(Connection("rep", "mid"))
    service.connect(Connection("mid", "buyer"))
    history_of(service, accepts("x1", 2, "acme", False) + accepts("x2", 2, "other", True))
    for kwargs in ({"to_id": "buyer"}, {"to_company_id": "acme"}):
        (path,) = service.introduction_paths("rep", rank_by=LIKELIHOOD, **kwargs)
        target = path.likelihood.target_acceptance
        assert target.company is not None and target.company.id == "acme"
        assert (target.asked, target.accepted) == (2, 0)
        assert target.estimate < 0.5  # acme's targets declined; the population is at half
        assert path.likelihood.score == pytest.approx(path.strength * target.estimate)


def test_estimates_are_read_again_only_when_requests_change(rep_world):  # noqa: F811
    calls = history_of(rep_world, declines("ann", 2))
    rep_world.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
    rep_world.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
    assert len(calls) == 1
    people(rep_world, "newcomer")  # a graph write: the requests, and so the estimates, stand
    rep_world.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
    assert len(calls) == 1
    asked = IntroRequest(
        "r1",
        "rep@acme.example",
        "rep",
        "east",
        ("rep", "ann", "target"),
        None,
        IntroStatus.REQUESTED,
        NOW,
        (HistoryEntry(IntroStatus.REQUESTED, NOW, "rep@acme.example"),),
    )
    rep_world.store.create_intro_request(asked, IntroSettings().rules(NOW))  # a real request
    rep_world.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
    assert len(calls) == 2


def test_refusals_are_the_same_as_for_strength(service):
    people(service, "rep", "target", dnc={"target"})
    service.connect(Connection("rep", "target"))
    history_of(service, [])
    with pytest.raises(DoNotContact, match="target"):
        service.introduction_paths("rep", "target", rank_by=LIKELIHOOD)
