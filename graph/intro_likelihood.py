"""The chance an introduction happens, estimated from past requests (``rankBy: LIKELIHOOD``).

One module holds the whole estimate; :mod:`graph.intro_ranking` only uses it to order paths.

**Willingness of a person** (how often they make the introductions they are asked for).
Every past request (:class:`~graph.intro_outcomes.AskOutcome`) the person answered as the
connector is one trial: accepted (1) or declined or let expire (0); a request still waiting,
or withdrawn before an answer, is no evidence. Each trial counts with the weight
``0.5 ** (age_days / half_life_days)``, its age taken from when it was answered (when it
was asked if no answer time is known; never negative), so an answer a half-life old counts
half as much as today's. With ``A`` the weighted accepted trials and ``N`` all the weighted
trials, the estimate is the mean of the Beta posterior::

    willingness = (prior_mean * prior_strength + A) / (prior_strength + N)

``prior_mean`` is the population's weighted acceptance rate (every connector's trials
pooled, kept within [0.001, 0.999] so that every lift below stays finite and positive), or
:attr:`EstimateConfig.fallback_mean` while nobody has answered; a new connector therefore
gets exactly the population's rate, neither trusted nor distrusted.
``prior_strength`` is how many trials of the person's own it takes to weigh as much as the
population's rate (:data:`DEFAULT_PRIOR_STRENGTH`).

**Target acceptance of a company** is the same computation over the targets' answers
(double opt-in: ``target_accepted``) grouped by the company the target worked at when asked,
with its own population prior (every company's target answers pooled).

**A path's score**::

    score = strength * product(willingness_i / prior_mean for each intermediary i)
            * target_acceptance

``strength`` is the product of the tie strengths along the path. Each intermediary enters
as their *lift*, willingness relative to a person nobody has asked yet, rather than as the
raw willingness: tie strength already stands for how likely an average person is to help,
and a raw factor (below 1 for everybody) would penalise every extra hop by ``prior_mean``
even with no evidence at all. With lifts, a person without history multiplies by exactly
1.0, so without any history every path's score is its strength times one constant (the
target's acceptance: the same company prior for every path of a query) and LIKELIHOOD
order is STRENGTH order. A connector who declines often has a lift below 1 and sinks; one
who always helps rises above 1. The score is a ranking estimate on a chance-like scale, not
a calibrated probability (tie strength is not one either).

>>> from datetime import datetime, timezone
>>> from graph.intro_outcomes import AskOutcome
>>> now = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> def ask(n, who, yes):
...     return AskOutcome(f"r{n}", who, "t", "acme", now, yes, None)
>>> history = [ask(1, "ann", True), ask(2, "ann", True), ask(3, "bob", False), ask(4, "bob", False)]
>>> est = estimate(history, now)
>>> est.connector_prior  # half of the four answers were yes
0.5
>>> round(est.willingness("ann").estimate, 3), round(est.willingness("cy").estimate, 3)
(0.667, 0.5)
>>> round(est.lift("ann"), 3), est.lift("cy"), round(est.lift("bob"), 3)
(1.333, 1.0, 0.667)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .intro_outcomes import AskOutcome

#: How many of a person's own (weighted) answers weigh as much as the population's rate.
DEFAULT_PRIOR_STRENGTH = 4.0
#: Answers this many days old count half as much as today's.
DEFAULT_HALF_LIFE_DAYS = 180.0
#: The prior mean while nobody has answered at all (connectors, or targets).
DEFAULT_FALLBACK_MEAN = 0.5

#: Where the service reads the outcomes from (the store's ``ask_outcomes``).
OutcomeSource = Callable[[], list[AskOutcome]]


@dataclass(frozen=True, slots=True)
class EstimateConfig:
    """The estimate's knobs. ``prior_mean`` fixes both priors' means instead of the
    population's rates (None: learn them); ``fallback_mean`` is used while there are no
    answers to learn from."""

    prior_strength: float = DEFAULT_PRIOR_STRENGTH
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    prior_mean: float | None = None
    fallback_mean: float = DEFAULT_FALLBACK_MEAN

    def __post_init__(self) -> None:
        if not self.prior_strength > 0:
            raise ValueError("the prior strength must be positive")
        if not self.half_life_days > 0:
            raise ValueError("the half-life must be positive")
        for name, mean in (("prior mean", self.prior_mean), ("fallback", self.fallback_mean)):
            if mean is not None and not 0 < mean < 1:
                raise ValueError(f"the {name} must be strictly between 0 and 1")


@dataclass(frozen=True, slots=True)
class Rate:
    """One person's willingness or one company's target acceptance: the posterior mean
    ``estimate``, and the raw counts it learnt from (unweighted: what a person reads)."""

    estimate: float
    asked: int  # answered requests (accepted + declined or expired)
    accepted: int


@dataclass(frozen=True, slots=True)
class _Tally:
    """Weighted (accepted, answered) and raw (accepted, answered) trials."""

    weighted_yes: float = 0.0
    weighted_all: float = 0.0
    yes: int = 0
    all: int = 0


@dataclass(frozen=True, slots=True)
class Estimates:
    """Every connector's willingness and every company's target acceptance at one time.
    People and companies without answers get the prior mean (``Rate(prior, 0, 0)``)."""

    connector_prior: float
    target_prior: float
    connectors: dict[str, Rate] = field(default_factory=dict)
    companies: dict[str, Rate] = field(default_factory=dict)
    # a one-slot memo (the dataclass is frozen; the per-query bound reads it every time)
    _max_lift: list[float] = field(default_factory=lambda: [-1.0], repr=False, compare=False)

    def willingness(self, person_id: str) -> Rate:
        return self.connectors.get(person_id) or Rate(self.connector_prior, 0, 0)

    def lift(self, person_id: str) -> float:
        """Willingness relative to a person never asked: exactly 1.0 without history."""
        rate = self.connectors.get(person_id)
        return 1.0 if rate is None else rate.estimate / self.connector_prior

    def max_lift(self) -> float:
        """The largest lift anybody has, at least 1.0 (everyone else's); computed once."""
        if self._max_lift[0] < 0:
            lifts = [r.estimate / self.connector_prior for r in self.connectors.values()]
            self._max_lift[0] = max([1.0, *lifts])
        return self._max_lift[0]

    def target_acceptance(self, company_id: str | None) -> Rate:
        if company_id is None:
            return Rate(self.target_prior, 0, 0)
        return self.companies.get(company_id) or Rate(self.target_prior, 0, 0)


@dataclass(frozen=True, slots=True)
class PathEstimate:
    """A path's score and its parts (see the module docstring for the formula)."""

    score: float
    strength: float
    willingness: tuple[tuple[str, Rate, float], ...]  # (person id, rate, lift) per intermediary
    target_acceptance: Rate
    target_company_id: str | None


def decay(age_days: float, half_life_days: float) -> float:
    """The weight of an answer ``age_days`` old (a future date counts as today's).

    >>> decay(180, 180), decay(0, 180), decay(-5, 180)
    (0.5, 1.0, 1.0)
    """
    return float(0.5 ** (max(age_days, 0.0) / half_life_days))


def _tally(
    trials: Iterable[tuple[str, bool, datetime]], now: datetime, half_life: float
) -> tuple[dict[str, _Tally], _Tally]:
    per: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for key, yes, at in trials:
        weight = decay((now - at).total_seconds() / 86400.0, half_life)
        row = per[key]
        row[0] += weight if yes else 0.0
        row[1] += weight
        row[2] += 1 if yes else 0
        row[3] += 1
    tallies = {k: _Tally(r[0], r[1], int(r[2]), int(r[3])) for k, r in per.items()}
    total = _Tally(
        sum(t.weighted_yes for t in tallies.values()),
        sum(t.weighted_all for t in tallies.values()),
        sum(t.yes for t in tallies.values()),
        sum(t.all for t in tallies.values()),
    )
    return tallies, total


def _rates(
    tallies: dict[str, _Tally], total: _Tally, config: EstimateConfig
) -> tuple[float, dict[str, Rate]]:
    if config.prior_mean is not None:
        prior = config.prior_mean
    elif total.weighted_all > 0:
        # the pooled rate, kept off 0 and 1 so that every lift stays finite and positive
        prior = min(max(total.weighted_yes / total.weighted_all, 1e-3), 1 - 1e-3)
    else:
        prior = config.fallback_mean
    n = config.prior_strength
    rates = {
        key: Rate((prior * n + t.weighted_yes) / (n + t.weighted_all), t.all, t.yes)
        for key, t in tallies.items()
    }
    return prior, rates


def estimate(
    outcomes: Sequence[AskOutcome], now: datetime, config: EstimateConfig | None = None
) -> Estimates:
    """Every connector's willingness and every company's target acceptance as of ``now``."""
    config = config or EstimateConfig()

    def answered(o: AskOutcome) -> datetime:
        return o.answered_at or o.asked_at

    connector_trials = [
        (o.connector_id, o.connector_accepted, answered(o))
        for o in outcomes
        if o.connector_accepted is not None
    ]
    target_trials = [
        (o.target_company_id, o.target_accepted, answered(o))
        for o in outcomes
        if o.target_accepted is not None and o.target_company_id is not None
    ]
    c_tallies, c_total = _tally(connector_trials, now, config.half_life_days)
    t_tallies, t_total = _tally(target_trials, now, config.half_life_days)
    connector_prior, connectors = _rates(c_tallies, c_total, config)
    target_prior, companies = _rates(t_tallies, t_total, config)
    return Estimates(connector_prior, target_prior, connectors, companies)


def path_estimate(
    estimates: Estimates,
    people: Sequence[str],
    strengths: Sequence[float],
    target_company_id: str | None,
) -> PathEstimate:
    """The score of the path ``people`` (source first, target last) with its links'
    ``strengths``. Multiplied in path order, link then the next intermediary's lift, then
    the target's acceptance: the same floats for the same path wherever it is computed."""
    score = 1.0
    parts = []
    for i, link in enumerate(strengths):
        score *= link
        if i + 1 < len(people) - 1:
            pid = people[i + 1]
            lift = estimates.lift(pid)
            score *= lift
            parts.append((pid, estimates.willingness(pid), lift))
    strength = 1.0
    for link in strengths:
        strength *= link
    target = estimates.target_acceptance(target_company_id)
    return PathEstimate(score * target.estimate, strength, tuple(parts), target, target_company_id)


__all__ = [
    "DEFAULT_FALLBACK_MEAN",
    "DEFAULT_HALF_LIFE_DAYS",
    "DEFAULT_PRIOR_STRENGTH",
    "EstimateConfig",
    "Estimates",
    "OutcomeSource",
    "PathEstimate",
    "Rate",
    "decay",
    "estimate",
    "path_estimate",
]
