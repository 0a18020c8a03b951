"""Forecast arithmetic (graph/likelihood/forecast.py) against hand-computed answers, and the
flow against planted stage histories with known durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from graph.deal_query import StageChange
from graph.likelihood import forecast as f
from graph.likelihood.forecast import OpenDeal, build_forecast, expected_close, learn_flow
from graph.model import Deal, DealStage

P, Q, R, N, W, L = (
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
    DealStage.CLOSED_WON,
    DealStage.CLOSED_LOST,
)
TODAY = date(2026, 11, 15)


def open_deal(id: str, stage: DealStage, amount: float, p: float, close: date) -> OpenDeal:
    return OpenDeal(id, stage, amount, p, close, "deal")


HAND = [
    open_deal("a", R, 1000.0, 0.25, date(2026, 11, 20)),  # Nov: 250
    open_deal("b", N, 2000.0, 0.75, date(2026, 12, 31)),  # Dec: 1500
    open_deal("c", P, 400.0, 0.5, date(2027, 1, 31)),  # Jan (the horizon's last day): 200
    open_deal("d", Q, 0.0, 0.9, date(2026, 11, 15)),  # no amount: counted, adds 0
    open_deal("late", N, 99_999.0, 0.9, date(2027, 2, 1)),  # one day past the horizon
]


def independent_totals(deals: list[OpenDeal]) -> np.ndarray:
    """The documented simulation written out plainly: one array of every draw."""
    rng = np.random.default_rng(f.SEED)
    p = np.array([d.probability for d in deals])
    amounts = np.array([d.amount for d in deals])
    won: np.ndarray = rng.random((f.DRAWS, len(deals))) < p
    return won.astype(np.float64) @ amounts


def test_expected_amount_months_and_stages_by_hand() -> None:
    result = build_forecast(HAND, TODAY, months=3)
    assert (result.start, result.end) == (date(2026, 11, 1), date(2027, 1, 31))
    assert result.expected_amount == 250.0 + 1500.0 + 200.0
    assert result.deals == 4
    assert [d.id for d in result.included] == ["a", "b", "c", "d"]  # "late" is left out
    assert [(b.key, b.expected_amount, b.deals) for b in result.by_month] == [
        ("2026-11", 250.0, 2),
        ("2026-12", 1500.0, 1),
        ("2027-01", 200.0, 1),
    ]
    assert [(b.key, b.expected_amount, b.deals) for b in result.by_stage] == [
        ("prospecting", 200.0, 1),
        ("qualification", 0.0, 1),
        ("proposal", 250.0, 1),
        ("negotiation", 1500.0, 1),
    ]
    assert sum(b.expected_amount for b in result.by_month) == result.expected_amount
    assert sum(b.expected_amount for b in result.by_stage) == result.expected_amount
    assert sum(b.deals for b in result.by_month) == result.deals


def test_a_longer_horizon_takes_the_late_deal_and_empty_months_are_listed() -> None:
    result = build_forecast(HAND, TODAY, months=4)
    assert result.deals == 5 and result.end == date(2027, 2, 28)
    assert result.expected_amount == pytest.approx(1950.0 + 0.9 * 99_999.0)
    assert [b.key for b in result.by_month][-1] == "2027-02"
    one = build_forecast([], TODAY, months=12)
    assert len(one.by_month) == 12 and one.by_month[-1].key == "2027-10"
    assert (one.expected_amount, one.best_case, one.worst_case, one.deals) == (0.0, 0.0, 0.0, 0)
    assert all(b.deals == 0 for b in one.by_month + one.by_stage)


def test_the_range_is_the_seeded_simulation_clamped_to_the_expectation() -> None:
    result = build_forecast(HAND, TODAY, months=3)
    totals = independent_totals(list(result.included))
    assert result.best_case == max(result.expected_amount, float(np.percentile(totals, 90)))
    assert result.worst_case == min(result.expected_amount, float(np.percentile(totals, 10)))
    assert result.worst_case <= result.expected_amount <= result.best_case
    assert result.worst_case < result.best_case  # a real range, not a point
    assert result.worst_case >= 0.0 and result.best_case <= 3400.0  # within every outcome
    again = build_forecast(HAND, TODAY, months=3)
    assert (again.best_case, again.worst_case) == (result.best_case, result.worst_case)


def test_chunked_draws_are_the_same_numbers_as_one_array(monkeypatch: pytest.MonkeyPatch) -> None:
    deals = [open_deal(f"x{i}", R, 100.0 + i, 0.3 + i / 100, TODAY) for i in range(40)]
    amounts = np.array([d.amount for d in deals])
    probabilities = np.array([d.probability for d in deals])
    whole = f.simulate(amounts, probabilities)
    monkeypatch.setattr(f, "_CHUNK", 7 * 40)  # 7 draws at a time
    chunked = f.simulate(amounts, probabilities)
    assert np.array_equal(whole, chunked)
    assert np.array_equal(whole, independent_totals(deals))


def test_certain_outcomes_give_exact_bounds() -> None:
    deals = [
        open_deal("won", N, 700.0, 1.0, TODAY),
        open_deal("lost", N, 500.0, 0.0, TODAY),
    ]
    result = build_forecast(deals, TODAY, months=1)
    assert result.expected_amount == result.best_case == result.worst_case == 700.0


def test_one_unlikely_deal_keeps_the_expectation_inside_the_range() -> None:
    # 90th percentile of a 5% deal is 0; the clamp keeps best >= expected
    result = build_forecast([open_deal("long", P, 1000.0, 0.05, TODAY)], TODAY, months=1)
    assert result.expected_amount == pytest.approx(50.0)
    assert result.worst_case == 0.0 and result.best_case == pytest.approx(50.0)


@pytest.mark.parametrize("months", [0, 25, -1])
def test_months_outside_the_range_are_refused(months: int) -> None:
    with pytest.raises(ValueError, match="months"):
        build_forecast(HAND, TODAY, months)


# -- the flow ---------------------------------------------------------------------------------


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def won_history(deal_id: str, entered: date, days: int) -> list[StageChange]:
    """Created in proposal 10 days before negotiation, won ``days`` after entering it."""
    return [
        StageChange(deal_id, None, R, at(entered - timedelta(days=10))),
        StageChange(deal_id, R, N, at(entered)),
        StageChange(deal_id, N, W, at(entered + timedelta(days=days))),
    ]


def planted_flow(extra: list[StageChange] = ()) -> f.Flow:  # type: ignore[assignment]
    changes = [c for k in range(6) for c in won_history(f"won{k}", date(2026, 3, 1 + k), 30)]
    # a lost deal's time in negotiation says nothing about how long winning takes
    changes += [
        StageChange("lost", None, N, at(date(2026, 1, 1))),
        StageChange("lost", N, L, at(date(2026, 8, 1))),
    ]
    return learn_flow([*changes, *extra], [])


def test_won_deals_took_30_days_from_negotiation_so_an_open_one_is_due_30_days_after_entry() -> (
    None
):
    entered = date(2026, 11, 5)
    flow = planted_flow([StageChange("open", None, N, at(entered))])
    assert flow.by_stage[N].tolist() == [30.0] * 6
    assert flow.by_stage[R].tolist() == [40.0] * 6  # proposal: 10 days, then 30
    deal = Deal("open", "Open", "acme", stage=N, amount=10.0)
    assert expected_close(deal, TODAY, flow) == (entered + timedelta(days=30), "stage")


def test_the_median_is_taken_over_won_deals_still_slower_than_the_deal() -> None:
    changes = [
        c
        for k, days in enumerate([10, 20, 30, 60, 90, 120])
        for c in won_history(f"w{k}", date(2026, 1, 1), days)
    ]
    entered = TODAY - timedelta(days=40)  # already slower than 10, 20 and 30
    flow = learn_flow([*changes, StageChange("o", R, N, at(entered))], [])
    deal = Deal("o", "O", "acme", stage=N)
    assert expected_close(deal, TODAY, flow) == (entered + timedelta(days=90), "stage")
    stalled = TODAY - timedelta(days=200)  # slower than every won deal: due now
    flow = learn_flow([*changes, StageChange("o", R, N, at(stalled))], [])
    assert expected_close(deal, TODAY, flow) == (TODAY, "stage")


def test_the_deals_own_date_wins_and_a_past_one_is_today() -> None:
    flow = planted_flow([StageChange("open", None, N, at(date(2026, 11, 5)))])
    own = Deal("open", "Open", "acme", stage=N, closed_at=date(2027, 1, 2))
    assert expected_close(own, TODAY, flow) == (date(2027, 1, 2), "deal")
    slipped = Deal("open", "Open", "acme", stage=N, closed_at=date(2026, 9, 1))
    assert expected_close(slipped, TODAY, flow) == (TODAY, "deal")


def test_fallbacks_cycle_then_default() -> None:
    # too few won deals through qualification (none): the whole won cycle counts
    won = [
        Deal(f"c{k}", "C", "acme", stage=W, created_at=date(2026, 1, 1), closed_at=date(2026, 3, 2))
        for k in range(f.MIN_FLOW_SAMPLES)
    ]  # 60 days each
    flow = learn_flow([StageChange("q", None, Q, at(date(2026, 11, 1)))], won)
    deal = Deal("q", "Q", "acme", stage=Q, created_at=date(2026, 10, 1))
    assert expected_close(deal, TODAY, flow) == (date(2026, 11, 30), "cycle")
    # a stage with history but a deal whose history is missing (imported before it existed)
    flow = planted_flow()
    deal = Deal("imported", "I", "acme", stage=N, created_at=None)
    assert expected_close(deal, TODAY, flow) == (TODAY + timedelta(days=f.DEFAULT_DAYS), "default")
    # four won deals are not enough to trust a median
    few = learn_flow([], won[:-1])
    assert expected_close(Deal("x", "X", "acme", created_at=TODAY), TODAY, few)[1] == "default"


def test_the_module_example_runs() -> None:
    import doctest

    assert doctest.testmod(f).failed == 0
