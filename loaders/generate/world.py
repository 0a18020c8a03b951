"""The generated world's scale and skeleton: who works where, who is well connected, titles.

:func:`build_world` draws the people-to-company assignment, connection propensities, our
customers and job titles that every file of the bundle is then built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import _words as words
from .._csvwrite import Bytes, as_bytes, prefixed
from .outcomes import Evidence
from .sampling import F64, I64, Str, clamp, id_width, sorted_draws, weighted_choice, zipf_weights

CONNECTIONS_PER_PERSON = 10
INTERACTIONS_PER_PERSON = 20
MEMBERSHIPS_PER_PERSON = 2.5
ADVOCATE_SHARE = 0.03
OUR_COMPANY_NAME = "Warmline"
OUR_DOMAIN = "warmline.io"
# (the public ones are re-exported by the package: ``from loaders.generate import ...``)


@dataclass(slots=True)
class World:
    """What every file's writer draws on: per-person and per-company arrays and ids."""

    n: int
    reps: int
    today: int  # days since the epoch
    company: I64  # per person, -1 = none; 0 = ours
    weight: F64  # per person connection propensity
    size_weight: F64  # per company (0 for ours)
    customers: I64
    person_ids: Bytes
    company_ids: Bytes
    community_ids: Bytes
    company_names: Str
    company_domains: Bytes
    company_city: I64
    title: I64  # per person, index into ``TITLE_TABLE``
    # what the writers drew that the deal outcome rule reads (``outcomes``)
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def companies(self) -> int:
        return len(self.company_ids)


# --------------------------------------------------------------------------------------------
# titles

_REGULAR = words.TITLES[: -words.SENIOR_TITLES]
_SENIOR = words.TITLES[-words.SENIOR_TITLES :]
_LOOSE_TITLES = ("Independent Consultant", "Advisor", "Founder", "Freelance Designer")
TITLE_TABLE: tuple[str, ...] = (*(t for t, _ in words.TITLES), *words.REP_TITLES, *_LOOSE_TITLES)


def title_codes(rng: np.random.Generator, n: int) -> I64:
    """Everyday titles (index into ``TITLE_TABLE``), by frequency."""
    return weighted_choice(rng, n, [w for _, w in _REGULAR])


def build_world(rng: np.random.Generator, n: int, today: int) -> World:
    reps = clamp(n // 1000, 3, 500)
    others = max(4, n // 20)
    companies = others + 1
    size_w = np.concatenate([[0.0], zipf_weights(rng, others, 0.95)])
    company = np.full(n, -1, dtype=np.int64)
    company[:reps] = 0
    employed = np.flatnonzero(rng.random(n - reps) >= 0.04) + reps
    company[employed] = rng.permutation(sorted_draws(rng, size_w, len(employed)))
    weight = rng.pareto(2.1, n) + 1.0
    weight[:reps] *= 3.0  # reps network for a living
    weight = np.minimum(weight, max(3.0, n / 20))
    sizes = np.bincount(company[company > 0], minlength=companies).astype(np.float64)
    k = min(clamp(others // 100, 3, 200), int((sizes > 0).sum()))
    customers = np.sort(rng.choice(companies, size=k, replace=False, p=sizes / sizes.sum()))

    person_ids = as_bytes(prefixed("p", np.arange(n), id_width(n, 6)))
    rep_ids = as_bytes(prefixed("rep-", np.arange(1, reps + 1), id_width(reps + 1, 4)))
    person_ids = person_ids.astype(f"S{max(person_ids.itemsize, rep_ids.itemsize)}")
    person_ids[:reps] = rep_ids
    company_ids = as_bytes(prefixed("c", np.arange(companies), id_width(companies, 4)))
    city_w = np.linspace(3.0, 1.0, len(words.CITIES))

    # titles: senior ones for the best connected, rep titles for reps
    title = title_codes(rng, n)
    rank = np.argsort(np.argsort(weight, kind="stable"), kind="stable")
    top = np.flatnonzero(rank >= int(n * 0.96))
    title[top] = len(_REGULAR) + rng.integers(0, len(_SENIOR), len(top))
    title[:reps] = len(words.TITLES) + rng.integers(0, len(words.REP_TITLES), reps)
    loose = np.flatnonzero(company < 0)
    title[loose] = (
        len(TITLE_TABLE) - len(_LOOSE_TITLES) + rng.integers(0, len(_LOOSE_TITLES), len(loose))
    )
    return World(
        n=n,
        reps=reps,
        today=today,
        company=company,
        weight=weight.astype(np.float64),
        size_weight=size_w,
        customers=customers.astype(np.int64),
        person_ids=person_ids,
        company_ids=company_ids,
        community_ids=np.empty(0, dtype="S1"),
        company_names=np.empty(0, dtype=str),
        company_domains=np.empty(0, dtype="S1"),
        company_city=weighted_choice(rng, companies, list(city_w)),
        title=title,
    )
