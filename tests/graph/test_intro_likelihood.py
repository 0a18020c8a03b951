"""The introduction-likelihood estimate: the Beta prior, recency, target acceptance and a
path's score, each checked against numbers worked out by hand."""

from __future__ import annotations

import doctest
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from graph import intro_likelihood
from graph.intro_likelihood import EstimateConfig, estimate, path_estimate
from graph.intro_outcomes import AskOutcome

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def ask(
    connector: str,
    accepted: bool | None,
    days_ago: float = 0.0,
    company: str | None = "acme",
    target_accepted: bool | None = None,
) -> AskOutcome:
    at = NOW - timedelta(days=days_ago)
    return AskOutcome(f"r{next(_ids)}", connector, "t", company, at, accepted, target_accepted, at)


_ids = itertools.count()


def test_docstring_examples_run() -> None:
    assert doctest.testmod(intro_likelihood).failed == 0


def test_a_new_connector_gets_the_population_rate_neither_trusted_nor_distrusted() -> None:
    history = [ask("ann", True), ask("ann", True), ask("ann", True), ask("bob", False)]
    est = estimate(history, NOW)
    assert est.connector_prior == pytest.approx(0.75)
    assert est.willingness("newcomer").estimate == pytest.approx(0.75)
    assert est.willingness("newcomer").asked == 0
    assert est.lift("newcomer") == 1.0


def test_without_any_history_the_fallback_mean_and_lift_one() -> None:
    est = estimate([], NOW, EstimateConfig(fallback_mean=0.3))
    assert est.connector_prior == 0.3
    assert est.target_prior == 0.3
    assert est.lift("anyone") == 1.0
    assert est.max_lift() == 1.0


def test_the_posterior_mean_follows_the_formula() -> None:
    # population: 1 yes of 4 answers -> prior 0.25; bob 0 of 3 with strength 4:
    # (0.25 * 4 + 0) / (4 + 3) = 1/7
    history = [ask("ann", True)] + [ask("bob", False) for _ in range(3)]
    est = estimate(history, NOW, EstimateConfig(prior_strength=4))
    assert est.willingness("bob").estimate == pytest.approx(1 / 7)
    assert (est.willingness("bob").asked, est.willingness("bob").accepted) == (3, 0)
    assert est.lift("bob") == pytest.approx((1 / 7) / 0.25)


def test_a_fixed_prior_mean_overrides_the_population() -> None:
    history = [ask("ann", True)] * 3
    est = estimate(history, NOW, EstimateConfig(prior_mean=0.2, prior_strength=2))
    assert est.connector_prior == 0.2
    assert est.willingness("ann").estimate == pytest.approx((0.2 * 2 + 3) / 5)


def test_an_old_decline_matters_less_than_a_recent_one() -> None:
    helpers = [ask("ann", True) for _ in range(4)]
    old = estimate([*helpers, ask("bob", False, days_ago=720)], NOW)
    recent = estimate([*helpers, ask("bob", False, days_ago=1)], NOW)
    assert old.willingness("bob").estimate > recent.willingness("bob").estimate
    # both still below a newcomer: a decline is a decline
    assert recent.lift("bob") < old.lift("bob") < 1.0


def test_an_answer_one_half_life_old_counts_half() -> None:
    config = EstimateConfig(prior_mean=0.5, prior_strength=1, half_life_days=100)
    est = estimate([ask("bob", False, days_ago=100)], NOW, config)
    assert est.willingness("bob").estimate == pytest.approx(0.5 / 1.5)


def test_waiting_and_withdrawn_requests_are_no_evidence() -> None:
    est = estimate([ask("ann", None), ask("ann", None)], NOW, EstimateConfig(fallback_mean=0.4))
    assert est.connector_prior == 0.4
    assert est.willingness("ann").asked == 0
    assert est.lift("ann") == 1.0


def test_target_acceptance_is_learnt_per_company() -> None:
    history = [
        ask("ann", True, company="acme", target_accepted=True),
        ask("ann", True, company="acme", target_accepted=True),
        ask("ann", True, company="globex", target_accepted=False),
        ask("ann", True, company="globex", target_accepted=False),
        ask("ann", False, company="globex"),  # the target was never asked
    ]
    est = estimate(history, NOW, EstimateConfig(prior_strength=2))
    assert est.target_prior == pytest.approx(0.5)
    assert est.target_acceptance("acme").estimate == pytest.approx((0.5 * 2 + 2) / 4)
    assert est.target_acceptance("globex").estimate == pytest.approx((0.5 * 2 + 0) / 4)
    assert est.target_acceptance("globex").asked == 2
    assert est.target_acceptance("initech").estimate == pytest.approx(0.5)
    assert est.target_acceptance(None).estimate == pytest.approx(0.5)


def test_a_path_score_is_strength_times_lifts_times_target_acceptance() -> None:
    history = [ask("ann", True), ask("bob", False), ask("bob", True), ask("cy", True)]
    est = estimate(history, NOW)
    got = path_estimate(est, ["me", "ann", "bob", "t"], [0.9, 0.5, 0.4], "acme")
    assert got.strength == pytest.approx(0.9 * 0.5 * 0.4)
    want = 0.9 * 0.5 * 0.4 * est.lift("ann") * est.lift("bob") * est.target_prior
    assert got.score == pytest.approx(want)
    assert [pid for pid, _, _ in got.willingness] == ["ann", "bob"]
    # a direct link has no intermediary: strength times the target's acceptance
    direct = path_estimate(est, ["me", "t"], [0.7], "acme")
    assert direct.willingness == ()
    assert direct.score == pytest.approx(0.7 * est.target_prior)


@pytest.mark.parametrize(
    "config",
    [
        {"prior_strength": 0},
        {"half_life_days": -1},
        {"prior_mean": 1.0},
        {"fallback_mean": 0.0},
    ],
)
def test_nonsense_settings_are_refused(config: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        EstimateConfig(**config)
