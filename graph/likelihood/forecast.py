"""A flow-based forecast: open deals' expected close dates, expected amounts and a range.

Pure arithmetic over plain records (no store, no caller): :mod:`graph.forecast_service` reads
the deals the caller may see, their likelihoods and the stage history, and calls
:func:`build_forecast`.

**The horizon.** ``months`` calendar months: the one ``today`` falls in and the ``months - 1``
after it, so ``months=3`` on 2026-11-30 covers 2026-11-01 .. 2027-01-31. ``byMonth`` always
has one row per month, empty ones included.

**Expected close date** of an open deal (:func:`expected_close`), the first that applies:

1. ``deal`` -- the deal's own ``closed_at``. On an open deal that field is the rep's expected
   close date (validation lets an open deal carry one, and the stores keep it); the smallest
   honest reading, as in most CRMs. A date already past means the deal slipped: it is
   expected today (it is still open, so it cannot close earlier).
2. ``stage`` -- the flow: how long won deals took from entering the deal's current stage to
   closed-won, from the stage history. With at least :data:`MIN_FLOW_SAMPLES` such won deals,
   the deal is expected when the median of them would have closed *given how long it has
   already been in the stage*: ``entered + median(d for d in durations if d > elapsed)``.
   A deal still younger in the stage than every sample gets ``entered + median(durations)``;
   one older than every sample is overdue by the flow and is expected today.
   ``entered`` is when the deal's history last moved it into its current stage.
3. ``cycle`` -- with too little stage history (a new store, or deals imported already won,
   whose history starts at the import): the same rule over every won deal's whole cycle,
   ``closed_at - created_at``, counted from the deal's ``created_at``.
4. ``default`` -- nothing to learn from yet: :data:`DEFAULT_DAYS` after today.

**Expected amount**: the sum of amount x probability over open deals expected inside the horizon; a
deal without an amount counts as a deal and adds 0.

**Best and worst case**: :data:`DRAWS` simulated outcomes of the horizon. In each draw
every deal in the horizon is won independently with its probability (numpy ``Generator`` seeded with
:data:`SEED`, so the same deals give the same range); ``bestCase`` is the
:data:`BEST_PERCENTILE` th percentile of the simulated totals and ``worstCase`` the
:data:`WORST_PERCENTILE` th -- an 80% interval. Each is clamped to the expected amount
(``worst <= expected <= best``): with few deals the totals are lumpy (one deal at 5% has a
90th percentile of 0 while its expected amount is 5% of it). With every probability 0 or 1
the three coincide. The cost is ``DRAWS x deals`` random numbers, drawn in chunks of draws.

Example::

    >>> from datetime import date
    >>> from graph.model import DealStage
    >>> deals = [
    ...     OpenDeal("a", DealStage.NEGOTIATION, 1000.0, 0.5, date(2026, 12, 10), "deal"),
    ...     OpenDeal("b", DealStage.PROPOSAL, 400.0, 1.0, date(2026, 11, 30), "deal"),
    ...     OpenDeal("c", DealStage.PROPOSAL, 900.0, 0.5, date(2027, 6, 1), "deal"),
    ... ]
    >>> f = build_forecast(deals, date(2026, 11, 30), months=2)
    >>> f.expected_amount, f.deals, [m.expected_amount for m in f.by_month]
    (900.0, 2, [400.0, 500.0])
    >>> f.worst_case <= f.expected_amount <= f.best_case
    True
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from ..deal_query import StageChange
from ..model import Deal, DealOutcome, DealStage

FloatArray = npt.NDArray[np.float64]

#: Won deals a stage (or the whole cycle) needs before its median is trusted.
MIN_FLOW_SAMPLES = 5
#: Days to an expected close when there is nothing to learn from.
DEFAULT_DAYS = 90
MONTHS_MIN, MONTHS_MAX = 1, 24
DRAWS = 10_000
SEED = 0
BEST_PERCENTILE = 90.0
WORST_PERCENTILE = 10.0
#: Random numbers drawn at once (memory: 8 bytes each).
_CHUNK = 2_000_000
#: Open stages in funnel order (``byStage`` rows).
OPEN_STAGES: tuple[DealStage, ...] = (
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
)

Basis = Literal["deal", "stage", "cycle", "default"]


@dataclass(frozen=True, slots=True)
class OpenDeal:
    """An open deal as the forecast sees it."""

    id: str
    stage: DealStage
    amount: float  # 0 when the deal has none
    probability: float
    expected_close: date
    basis: Basis  # which rule gave expected_close (module docstring)


@dataclass(frozen=True, slots=True)
class Bucket:
    """A month (``key`` ``YYYY-MM``) or a stage (``key`` its value) of the forecast."""

    key: str
    expected_amount: float
    deals: int


@dataclass(frozen=True, slots=True)
class ForecastResult:
    start: date  # first day of the horizon
    end: date  # last day of the horizon
    expected_amount: float
    best_case: float
    worst_case: float
    deals: int  # open deals expected inside the horizon
    by_month: tuple[Bucket, ...]
    by_stage: tuple[Bucket, ...]
    included: tuple[OpenDeal, ...]


# -- the flow ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flow:
    """What the history says about how long winning takes.

    ``by_stage``: days from (the last) entry into a stage to closed-won, one per won deal
    that passed through it; ``cycle``: ``closed_at - created_at`` in days of won deals with
    both dates; ``entered``: each deal's last change (its current stage and when it began).
    """

    by_stage: dict[DealStage, FloatArray]
    cycle: FloatArray
    entered: dict[str, tuple[DealStage, datetime]]


def learn_flow(changes: Iterable[StageChange], deals: Iterable[Deal]) -> Flow:
    """The flow from stage changes (any order) and the store's deals (for the cycle)."""
    per_deal: dict[str, list[StageChange]] = defaultdict(list)
    for change in changes:
        per_deal[change.deal_id].append(change)
    durations: dict[DealStage, list[float]] = defaultdict(list)
    entered: dict[str, tuple[DealStage, datetime]] = {}
    for deal_id, history in per_deal.items():
        history.sort(key=lambda c: c.at)
        entered[deal_id] = (history[-1].stage_to, history[-1].at)
        won = [i for i, c in enumerate(history) if c.stage_to is DealStage.CLOSED_WON]
        if not won:
            continue
        won_at = history[won[-1]].at
        last_entry: dict[DealStage, datetime] = {}
        for c in history[: won[-1]]:
            if c.stage_to in OPEN_STAGES:
                last_entry[c.stage_to] = c.at
        for stage, at in last_entry.items():
            durations[stage].append((won_at - at).total_seconds() / 86400.0)
    cycle = [
        float((d.closed_at - d.created_at).days)
        for d in deals
        if d.outcome is DealOutcome.WON and d.created_at is not None and d.closed_at is not None
    ]
    return Flow(
        {s: np.sort(np.array(v, dtype=np.float64)) for s, v in durations.items()},
        np.sort(np.array(cycle, dtype=np.float64)),
        entered,
    )


def remaining_days(durations: FloatArray, elapsed: float) -> float:
    """Median further days among the samples that took longer than ``elapsed``; 0 when none
    did (the deal is overdue by the flow)."""
    later = durations[durations > elapsed]
    return float(np.median(later)) - elapsed if len(later) else 0.0


def expected_close(deal: Deal, today: date, flow: Flow) -> tuple[date, Basis]:
    """When an open deal is expected to close, and by which rule (module docstring)."""
    if deal.closed_at is not None:
        return max(deal.closed_at, today), "deal"
    samples = flow.by_stage.get(deal.stage)
    entry = flow.entered.get(deal.id)
    if samples is not None and len(samples) >= MIN_FLOW_SAMPLES and entry is not None:
        stage, at = entry
        if stage is deal.stage:
            return _from(at.date(), samples, today), "stage"
    if len(flow.cycle) >= MIN_FLOW_SAMPLES and deal.created_at is not None:
        return _from(deal.created_at, flow.cycle, today), "cycle"
    return today + timedelta(days=DEFAULT_DAYS), "default"


def _from(anchor: date, samples: FloatArray, today: date) -> date:
    elapsed = max(0, (today - anchor).days)
    return max(today, anchor + timedelta(days=round(elapsed + remaining_days(samples, elapsed))))


# -- the forecast -----------------------------------------------------------------------------


def horizon(today: date, months: int) -> tuple[date, date, list[str]]:
    """First and last day of the ``months`` calendar months from today's, and their keys."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last_year, last_month = (year - 1, 12) if month == 1 else (year, month - 1)
    end = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return today.replace(day=1), end, keys


def simulate(amounts: FloatArray, probabilities: FloatArray, draws: int = DRAWS) -> FloatArray:
    """``draws`` simulated totals: each deal won independently with its probability.

    Draw ``k``'s wins are ``rng.random((draws, n))[k] < probabilities`` for
    ``rng = np.random.default_rng(SEED)``; generated a chunk of draws at a time, which gives
    the very same numbers (the generator fills rows in order) in bounded memory.
    """
    rng = np.random.default_rng(SEED)
    n = len(amounts)
    totals = np.zeros(draws, dtype=np.float64)
    if n == 0:
        return totals
    step = max(1, _CHUNK // n)
    for start in range(0, draws, step):
        rows = min(step, draws - start)
        won = rng.random((rows, n)) < probabilities
        totals[start : start + rows] = won @ amounts
    return totals


def build_forecast(deals: Sequence[OpenDeal], today: date, months: int) -> ForecastResult:
    """The forecast over the open deals expected inside the horizon (module docstring)."""
    if not MONTHS_MIN <= months <= MONTHS_MAX:
        raise ValueError(f"months must be {MONTHS_MIN}..{MONTHS_MAX}")
    start, end, keys = horizon(today, months)
    inside = tuple(d for d in deals if d.expected_close <= end)
    amounts = np.array([d.amount for d in inside], dtype=np.float64)
    probabilities = np.array([d.probability for d in inside], dtype=np.float64)
    expected = float(amounts @ probabilities) if len(inside) else 0.0
    totals = simulate(amounts, probabilities)
    best = max(expected, float(np.percentile(totals, BEST_PERCENTILE)))
    worst = min(expected, float(np.percentile(totals, WORST_PERCENTILE)))
    by_month = _buckets(inside, keys, lambda d: f"{max(d.expected_close, today):%Y-%m}")
    by_stage = _buckets(inside, [s.value for s in OPEN_STAGES], lambda d: d.stage.value)
    return ForecastResult(
        start, end, expected, best, worst, len(inside), by_month, by_stage, inside
    )


def _buckets(
    deals: Sequence[OpenDeal], keys: list[str], key_of: Callable[[OpenDeal], str]
) -> tuple[Bucket, ...]:
    amount: dict[str, float] = dict.fromkeys(keys, 0.0)
    count: dict[str, int] = dict.fromkeys(keys, 0)
    for d in deals:
        key = key_of(d)
        amount[key] += d.amount * d.probability
        count[key] += 1
    return tuple(Bucket(k, amount[k], count[k]) for k in keys)
