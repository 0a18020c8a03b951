"""Realistic synthetic CSV bundles at any scale (deterministic per seed).

``generate_bundle(directory, people, seed)`` writes all nine files that
:func:`loaders.csv.read_bundle` reads, built with vectorised numpy (no per-row Python at
scale) and written in chunks, so 1,000,000 people (~10M connections, ~20M interactions) take a
few minutes. The same ``seed`` and ``now`` give byte-identical files.

The world it draws:

* **Companies** (``c0001``...; one per 20 people) with Zipf-like sizes: a few giants, a long
  tail of small firms. ``c0000`` is *our* company (:data:`OUR_COMPANY_NAME`), staffed by the
  sales reps (``rep-0001``...; one per 1,000 people, 3 to 500). A handful of companies (one in
  100, 3 to 200, picked by size) are *our customers*.
* **People** (``p000123``) with names, emails at their company's domain, titles (senior ones
  for the best connected), locations (mostly their company's city), LinkedIn and Twitter
  handles, tags; ~1% ``do_not_contact``; ~4% have no current company.
* **Connections**: ``10 * people`` pairs (mean degree 20), no self-loops, no duplicate pairs.
  Each person has a Pareto-distributed propensity (a few super-connectors with hundreds or
  thousands of links); ~60% of the links are drawn inside one company (Chung-Lu within the
  company), the rest across companies (Chung-Lu over everyone).
* **Communities** (``g001``...; one per 400 people) of kinds group/forum/event/other plus a few
  customer communities, Zipf-sized; ~2.5 memberships per person (customers' staff join the
  customer communities).
* **Interactions** (``i0000001``...; ``20 * people``, ids in time order) over the two years
  before ``now``: ~80% between connected people (heavy-tailed tie activity: a few strong ties
  carry much of it), ~12% inside communities (comments, likes, shares), ~8% cold outreach
  (half of it by reps). Emails, messages and likes are far more common than meetings,
  referrals and introductions; mostly on weekdays, in working hours.
* **Employment**: current jobs (most with a start date) and earlier jobs with start and end.
* **Advocates**: ~3% of people, mostly staff of our customers advocating for their employer
  (promoter 60%, reference 28%, champion 12%).
* **Deals** (``d00001``...; one per 100 people) with customers and prospects, owned by reps,
  in every stage, lognormal amounts, close dates for closed deals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from graph.bundle import Progress, no_progress
from graph.model import (
    AdvocacyLevel,
    CommunityKind,
    ConnectionOrigin,
    DealStage,
    InteractionKind,
)

from . import _words as words
from ._csvwrite import (
    Bytes,
    as_bytes,
    blank,
    cat,
    iso_dates,
    iso_datetimes,
    prefixed,
    write_csv,
)
from .csv import COLUMNS

__all__ = [
    "CONNECTIONS_PER_PERSON",
    "DEFAULT_NOW",
    "INTERACTIONS_PER_PERSON",
    "MIN_PEOPLE",
    "OUR_COMPANY_NAME",
    "generate_bundle",
]

DEFAULT_NOW = datetime(2026, 11, 1, tzinfo=UTC)
CONNECTIONS_PER_PERSON = 10
INTERACTIONS_PER_PERSON = 20
MEMBERSHIPS_PER_PERSON = 2.5
ADVOCATE_SHARE = 0.03
OUR_COMPANY_NAME = "Warmline"
OUR_DOMAIN = "warmline.io"
MIN_PEOPLE = 10

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Str = npt.NDArray[np.str_]

_DAY = 86_400
_INTERACTION_KINDS = [k.value for k in InteractionKind]


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _width(count: int, minimum: int) -> int:
    """Digits needed for ids ``0 .. count - 1`` (at least ``minimum``)."""
    return max(minimum, len(str(max(count - 1, 0))))


def _table(values: Sequence[str]) -> Bytes:
    """A bytes lookup table: ``_table(names)[codes]`` is a column."""
    return np.array([v.encode() for v in values], dtype="S")


def _choice(rng: np.random.Generator, n: int, weights: Sequence[float]) -> I64:
    """``n`` indices drawn with the given relative weights."""
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    idx = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
    return np.asarray(np.minimum(idx, len(cdf) - 1), dtype=np.int64)


class _Sampler:
    """Draw indices in proportion to weights (inverse CDF, cheap for repeated draws)."""

    def __init__(self, weights: F64) -> None:
        self.cdf = np.cumsum(weights, dtype=np.float64)

    def draw(self, rng: np.random.Generator, n: int) -> I64:
        idx = np.searchsorted(self.cdf, rng.random(n) * self.cdf[-1], side="right")
        return np.asarray(np.minimum(idx, len(self.cdf) - 1), dtype=np.int64)


def _draws(rng: np.random.Generator, weights: F64, k: int) -> I64:
    """``k`` draws of indices in proportion to ``weights``, **sorted** (multinomial counts).

    Much faster than inverse-CDF sampling for big weight arrays (no cache-missing binary
    searches); shuffle the result (or pair it with independent draws) when order matters.
    """
    p = np.asarray(weights, dtype=np.float64)
    p = p / p.sum()
    counts = rng.multinomial(k, p)
    return np.repeat(np.arange(len(p), dtype=np.int64), counts)


def _zipf(rng: np.random.Generator, n: int, exponent: float) -> F64:
    """Zipf-like weights ``rank ** -exponent``, ranks shuffled over the ``n`` items."""
    w = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    return np.asarray(rng.permutation(w), dtype=np.float64)


def _distinct(values: I64) -> I64:
    """Sorted distinct values (``np.unique`` is ~15x slower on large int arrays in numpy 2.4)."""
    out = np.sort(values)
    if len(out) > 1:
        out = out[np.concatenate([[True], out[1:] != out[:-1]])]
    return out


def _cumcount(*keys: npt.NDArray[Any]) -> I64:
    """0 for the first row of each distinct key, 1 for the second, ..."""
    frame = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)})
    counts = frame.groupby(list(frame.columns), sort=False).cumcount()
    return np.asarray(counts.to_numpy(), dtype=np.int64)


def _hex(values: I64, width: int) -> Bytes:
    """Zero-padded lowercase hex as an ``S{width}`` array."""
    table = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    out = np.empty((len(values), width), dtype=np.uint8)
    v = values.copy()
    for k in range(width - 1, -1, -1):
        out[:, k] = table[v % 16]
        v //= 16
    return as_bytes(out)


def _u(values: Iterable[str]) -> Str:
    return np.array(list(values), dtype=str)


def _add(*parts: npt.NDArray[Any] | str) -> Str:
    out: Any = parts[0]
    for part in parts[1:]:
        out = np.char.add(out, part)
    return np.asarray(out)


def _ago(rng: np.random.Generator, n: int, span: int, skew: float = 1.0) -> I64:
    """Days ago in ``[1, span]``, skewed towards recent days when ``skew > 1``."""
    return np.asarray(1 + np.floor(rng.random(n) ** skew * span), dtype=np.int64)


def _num(values: I64) -> Bytes:
    return np.asarray(values, dtype=np.int64).astype("S")


@dataclass(slots=True)
class _World:
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

    @property
    def companies(self) -> int:
        return len(self.company_ids)


def generate_bundle(
    directory: str | Path,
    people: int,
    seed: int = 0,
    progress: Progress = no_progress,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write a synthetic bundle of ``people`` people into ``directory``.

    Returns the data rows written per file name (``"people.csv"``...). ``now`` (default
    :data:`DEFAULT_NOW`, naive = UTC) ends the two-year interaction timeline.
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"people must be at least {MIN_PEOPLE}, got {people}")
    when = now or DEFAULT_NOW
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    counts: dict[str, int] = {}

    progress("generating people", 0, people)
    world = _world(rng, people, int(when.timestamp()) // _DAY)
    counts["companies.csv"] = _companies(root, rng, world, progress)
    counts["people.csv"] = _people(root, rng, world, progress)
    counts["employment.csv"] = _employment(root, rng, world, progress)
    progress("generating connections", 0, people * CONNECTIONS_PER_PERSON)
    lo, hi = _pairs(rng, world)
    counts["connections.csv"] = _connections(root, rng, world, lo, hi, progress)
    progress("generating communities", 0, people)
    kinds = _community_kinds(rng, max(3, people // 400))
    counts["communities.csv"] = _communities(root, rng, world, kinds, progress)
    members, groups = _member_pairs(rng, world, kinds)
    counts["memberships.csv"] = _memberships(root, rng, world, members, groups, progress)
    counts["advocates.csv"] = _advocates(root, rng, world, progress)
    progress("generating interactions", 0, people * INTERACTIONS_PER_PERSON)
    counts["interactions.csv"] = _interactions(
        root, rng, world, (lo, hi), (members, groups), progress
    )
    counts["deals.csv"] = _deals(root, rng, world, progress)
    return {name: counts[name] for name in COLUMNS}


# --------------------------------------------------------------------------------------------
# people and companies

_REGULAR = words.TITLES[: -words.SENIOR_TITLES]
_SENIOR = words.TITLES[-words.SENIOR_TITLES :]
_LOOSE_TITLES = ("Independent Consultant", "Advisor", "Founder", "Freelance Designer")
TITLE_TABLE: tuple[str, ...] = (*(t for t, _ in words.TITLES), *words.REP_TITLES, *_LOOSE_TITLES)


def _title_codes(rng: np.random.Generator, n: int) -> I64:
    """Everyday titles (index into ``TITLE_TABLE``), by frequency."""
    return _choice(rng, n, [w for _, w in _REGULAR])


def _world(rng: np.random.Generator, n: int, today: int) -> _World:
    reps = _clamp(n // 1000, 3, 500)
    others = max(4, n // 20)
    companies = others + 1
    size_w = np.concatenate([[0.0], _zipf(rng, others, 0.95)])
    company = np.full(n, -1, dtype=np.int64)
    company[:reps] = 0
    employed = np.flatnonzero(rng.random(n - reps) >= 0.04) + reps
    company[employed] = rng.permutation(_draws(rng, size_w, len(employed)))
    weight = rng.pareto(2.1, n) + 1.0
    weight[:reps] *= 3.0  # reps network for a living
    weight = np.minimum(weight, max(3.0, n / 20))
    sizes = np.bincount(company[company > 0], minlength=companies).astype(np.float64)
    k = min(_clamp(others // 100, 3, 200), int((sizes > 0).sum()))
    customers = np.sort(rng.choice(companies, size=k, replace=False, p=sizes / sizes.sum()))

    person_ids = as_bytes(prefixed("p", np.arange(n), _width(n, 6)))
    rep_ids = as_bytes(prefixed("rep-", np.arange(1, reps + 1), _width(reps + 1, 4)))
    person_ids = person_ids.astype(f"S{max(person_ids.itemsize, rep_ids.itemsize)}")
    person_ids[:reps] = rep_ids
    company_ids = as_bytes(prefixed("c", np.arange(companies), _width(companies, 4)))
    city_w = np.linspace(3.0, 1.0, len(words.CITIES))

    # titles: senior ones for the best connected, rep titles for reps
    title = _title_codes(rng, n)
    rank = np.argsort(np.argsort(weight, kind="stable"), kind="stable")
    top = np.flatnonzero(rank >= int(n * 0.96))
    title[top] = len(_REGULAR) + rng.integers(0, len(_SENIOR), len(top))
    title[:reps] = len(words.TITLES) + rng.integers(0, len(words.REP_TITLES), reps)
    loose = np.flatnonzero(company < 0)
    title[loose] = (
        len(TITLE_TABLE) - len(_LOOSE_TITLES) + rng.integers(0, len(_LOOSE_TITLES), len(loose))
    )
    return _World(
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
        company_city=_choice(rng, companies, list(city_w)),
        title=title,
    )


def _companies(root: Path, rng: np.random.Generator, world: _World, progress: Progress) -> int:
    c = world.companies
    stems = list(dict.fromkeys(words.COMPANY_WORDS))
    stem = rng.integers(0, len(stems), c)
    kind = rng.integers(0, len(words.COMPANY_KINDS), c)
    base = _add(_u(stems)[stem], " ", _u(k for k, _ in words.COMPANY_KINDS)[kind])
    nth = _cumcount(stem, kind)
    quals = _u(
        (
            "Group",
            "Holdings",
            "International",
            "Global",
            "Europe",
            "Americas",
            "Asia Pacific",
            "Ventures",
            "Technologies",
            "Solutions",
        )
    )
    qual = np.where(nth > 0, _add(" ", quals[(nth - 1) % len(quals)]), "")
    again = np.where(nth > len(quals), _add(" ", (nth // len(quals) + 1).astype(str)), "")
    names = _add(base, qual, again)
    slug = np.char.lower(np.char.replace(base, " ", ""))
    tld = _u(words.TLDS)[rng.integers(0, len(words.TLDS), c)]
    domains = _add(slug, np.where(nth > 0, nth.astype(str), ""), ".", tld)
    industry = _u(i for _, i in words.COMPANY_KINDS)[kind]
    names = names.astype(f"U{max(names.itemsize // 4, len(OUR_COMPANY_NAME))}")
    domains = domains.astype(f"U{max(domains.itemsize // 4, len(OUR_DOMAIN))}")
    names[0], domains[0], industry[0] = OUR_COMPANY_NAME, OUR_DOMAIN, "Software"
    world.company_names, world.company_domains = names, domains.astype("S")

    seen = np.bincount(world.company[world.company >= 0], minlength=c)
    employees = np.maximum(np.round(seen * rng.lognormal(2.0, 0.8, c)), np.maximum(seen, 1))
    employees[0] = max(50, world.reps * 8)
    emp = blank(_num(employees.astype(np.int64)), rng.random(c) < 0.06)
    emp[0] = str(int(employees[0])).encode()

    def chunk(a: int, b: int) -> list[Bytes]:
        return [world.company_ids[a:b], names[a:b], domains[a:b], industry[a:b], emp[a:b]]

    return write_csv(root / "companies.csv", COLUMNS["companies.csv"], c, chunk, progress)


def _people(root: Path, rng: np.random.Generator, world: _World, progress: Progress) -> int:
    n, reps = world.n, world.reps
    company = world.company
    first = rng.integers(0, len(words.FIRST_NAMES), n)
    last = rng.integers(0, len(words.LAST_NAMES), n)
    first_t, last_t = _table(words.FIRST_NAMES), _table(words.LAST_NAMES)
    low_first = _table([f.lower() for f in words.FIRST_NAMES])
    low_last = _table([x.lower() for x in words.LAST_NAMES])
    short_last = _table([x.lower()[:6] for x in words.LAST_NAMES])
    loose = company < 0

    # emails: first.last@company-domain, numbered when taken; personal domains otherwise
    personal = rng.integers(0, len(words.PERSONAL_DOMAINS), n)
    domains = np.concatenate([world.company_domains, _table(words.PERSONAL_DOMAINS)])
    domain = np.where(loose, world.companies + personal, company)
    nth = _cumcount(first, last, domain)
    again = np.where(nth > 0, nth + 1, 0).astype(np.int64)
    again_col = blank(_num(again), again == 0)
    no_email = rng.random(n) < 0.06

    home = world.company_city[np.maximum(company, 0)]
    city = np.where(
        ~loose & (rng.random(n) < 0.78), home, _choice(rng, n, [1.0] * len(words.CITIES))
    )
    no_city = rng.random(n) < 0.05
    handle = _hex(rng.integers(0, 16**6, n), 6)
    no_linkedin = rng.random(n) < 0.18
    twitter_n = _num(rng.integers(1, 100, n))
    no_twitter = rng.random(n) >= 0.22
    dnc = rng.random(n) < 0.01
    dnc[:reps] = False

    combos = [";".join(c) for k in (1, 2, 3) for c in combinations(words.TAGS, k)]
    combo_w = [{1: 40.0, 2: 4.0, 3: 0.3}[c.count(";") + 1] for c in combos]
    tags = _choice(rng, n, combo_w)
    no_tags = rng.random(n) >= 0.12
    cities, titles, tag_t = _table(words.CITIES), _table(TITLE_TABLE), _table(combos)
    bools = np.array([b"false", b"true"])

    def chunk(a: int, b: int) -> list[Bytes]:
        k = b - a
        fi, li = first[a:b], last[a:b]
        email = cat(
            k, low_first[fi], b".", low_last[li], again_col[a:b], b"@", domains[domain[a:b]]
        )
        link = cat(
            k, b"https://www.linkedin.com/in/", low_first[fi], b"-", low_last[li], b"-", handle[a:b]
        )
        return [
            world.person_ids[a:b],
            cat(k, first_t[fi], b" ", last_t[li]),
            blank(email, no_email[a:b]),
            titles[world.title[a:b]],
            blank(world.company_ids[np.maximum(company[a:b], 0)], loose[a:b]),
            blank(cities[city[a:b]], no_city[a:b]),
            blank(link, no_linkedin[a:b]),
            blank(cat(k, b"@", low_first[fi], short_last[li], twitter_n[a:b]), no_twitter[a:b]),
            bools[dnc[a:b].astype(np.int64)],
            blank(tag_t[tags[a:b]], no_tags[a:b]),
        ]

    return write_csv(root / "people.csv", COLUMNS["people.csv"], n, chunk, progress)


def _employment(root: Path, rng: np.random.Generator, world: _World, progress: Progress) -> int:
    n, today = world.n, world.today
    company = world.company
    # current jobs: two thirds carry a start date (the rest come from people.company_id alone)
    cur = np.flatnonzero((company >= 0) & (rng.random(n) < 0.66))
    cur_start = np.full(n, -1, dtype=np.int64)
    cur_start[cur] = today - 30 - _ago(rng, len(cur), 3650, 1.6)
    # the job before: ends before the current one starts
    sampler = _Sampler(world.size_weight)
    prev1 = np.flatnonzero(rng.random(n) < 0.45)
    c1 = sampler.draw(rng, len(prev1))
    c1 = np.where(c1 == company[prev1], (c1 % (world.companies - 1)) + 1, c1)
    unknown = today - 30 - _ago(rng, len(prev1), 900)
    anchor = np.where(cur_start[prev1] >= 0, cur_start[prev1], unknown)
    end1 = anchor - _ago(rng, len(prev1), 120)
    start1 = end1 - 120 - _ago(rng, len(prev1), 2400)
    # and the one before that
    pick2 = rng.random(len(prev1)) < 0.35
    prev2 = prev1[pick2]
    c2 = sampler.draw(rng, len(prev2))
    for _ in range(3):  # step off the current and the previous company
        clash = (c2 == company[prev2]) | (c2 == c1[pick2])
        c2 = np.where(clash, (c2 % (world.companies - 1)) + 1, c2)
    clash = (c2 == company[prev2]) | (c2 == c1[pick2])
    prev2, c2 = prev2[~clash], c2[~clash]
    end2 = start1[pick2][~clash] - _ago(rng, len(prev2), 200)
    start2 = end2 - 120 - _ago(rng, len(prev2), 2400)

    person = np.concatenate([cur, prev1, prev2])
    comp = np.concatenate([company[cur], c1, c2])
    start = np.concatenate([cur_start[cur], start1, start2])
    end = np.concatenate([np.full(len(cur), -1), end1, end2])
    order = np.lexsort((-start, person))  # per person, latest job first
    person, comp, start, end = person[order], comp[order], start[order], end[order]
    past_titles = _title_codes(rng, len(person))
    title = _table(TITLE_TABLE)[np.where(end < 0, world.title[person], past_titles)]
    start_col = blank(as_bytes(iso_dates(start)), start < 0)
    end_col = blank(as_bytes(iso_dates(end)), end < 0)

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            world.person_ids[person[a:b]],
            world.company_ids[comp[a:b]],
            title[a:b],
            start_col[a:b],
            end_col[a:b],
        ]

    return write_csv(
        root / "employment.csv", COLUMNS["employment.csv"], len(person), chunk, progress
    )


# --------------------------------------------------------------------------------------------
# connections


def _pairs(rng: np.random.Generator, world: _World) -> tuple[I64, I64]:
    """Distinct pairs ``lo < hi`` (person indices), ~60% inside one company."""
    n = world.n
    target = min(CONNECTIONS_PER_PERSON * n, n * (n - 1) // 8)
    company = world.company
    # people grouped by company, with cumulative weights, to draw a colleague by weight
    order = np.argsort(company, kind="stable")
    w_sorted = world.weight[order]
    cum = np.cumsum(w_sorted)
    sorted_company = company[order]
    every = np.arange(world.companies)
    starts = np.searchsorted(sorted_company, every, side="left")
    ends = np.searchsorted(sorted_company, every, side="right")
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    span = np.where(ends > starts, cum[np.maximum(ends - 1, 0)] - before, 0.0)
    keys = np.empty(0, dtype=np.int64)
    for _ in range(12):
        need = target - len(keys)
        if need <= 0:
            break
        k = int(need * 1.25) + 64
        u = order[_draws(rng, w_sorted, k)]  # sorted by company: the colleague search below
        cu = company[u]  # then walks the cumulative weights almost in order (cache friendly)
        inside = (rng.random(k) < 0.72) & (cu >= 0)
        v = np.empty(k, dtype=np.int64)
        ci = cu[inside]
        r = before[ci] + rng.random(len(ci)) * span[ci]
        v[inside] = order[np.minimum(np.searchsorted(cum, r, side="right"), ends[ci] - 1)]
        outside = np.flatnonzero(~inside)
        v[outside] = order[rng.permutation(_draws(rng, w_sorted, len(outside)))]
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        fresh = lo != hi
        keys = _distinct(np.concatenate([keys, lo[fresh] * n + hi[fresh]]))
    if len(keys) > target:
        keys = keys[np.sort(rng.choice(len(keys), size=target, replace=False))]
    return keys // n, keys % n


def _connections(
    root: Path, rng: np.random.Generator, world: _World, lo: I64, hi: I64, progress: Progress
) -> int:
    m = len(lo)
    flip = rng.random(m) < 0.5
    src, dst = np.where(flip, hi, lo), np.where(flip, lo, hi)
    since = world.today - _ago(rng, m, 12 * 365, 1.7)
    since_col = blank(as_bytes(iso_dates(since)), rng.random(m) < 0.07)
    origin_w = {
        ConnectionOrigin.LINKEDIN: 55,
        ConnectionOrigin.EMAIL: 25,
        ConnectionOrigin.CRM: 12,
        ConnectionOrigin.MANUAL: 8,
    }
    origin = _table(list(origin_w))[_choice(rng, m, list(origin_w.values()))]
    ids = world.person_ids

    def chunk(a: int, b: int) -> list[Bytes]:
        return [ids[src[a:b]], ids[dst[a:b]], since_col[a:b], origin[a:b]]

    return write_csv(root / "connections.csv", COLUMNS["connections.csv"], m, chunk, progress)


# --------------------------------------------------------------------------------------------
# communities and memberships


def _community_kinds(rng: np.random.Generator, g: int) -> I64:
    """Kind per community, as indices into ``list(CommunityKind)``."""
    kinds = list(CommunityKind)
    weights = {
        CommunityKind.GROUP: 35,
        CommunityKind.FORUM: 22,
        CommunityKind.EVENT: 26,
        CommunityKind.OTHER: 12,
        CommunityKind.CUSTOMER_COMMUNITY: 0,
    }
    out = _choice(rng, g, [weights[k] for k in kinds])
    customer = kinds.index(CommunityKind.CUSTOMER_COMMUNITY)
    out[rng.choice(g, size=max(1, g // 60), replace=False)] = customer
    return out


def _communities(
    root: Path, rng: np.random.Generator, world: _World, kinds: I64, progress: Progress
) -> int:
    g = len(kinds)
    enum = list(CommunityKind)
    topics = rng.integers(0, len(words.TOPICS), g)
    cities = rng.integers(0, len(words.CITIES), g)
    years = 2026 - rng.integers(0, 4, g)
    names: list[str] = []
    urls: list[str] = []
    ids = as_bytes(prefixed("g", np.arange(g), _width(g, 3)))
    world.community_ids = ids
    our_slug = OUR_COMPANY_NAME.lower()
    for i in range(g):  # one per 400 people: small enough for plain Python
        topic = words.TOPICS[topics[i]]
        slug = topic.lower().replace(" ", "-")
        name_fmt, host_fmt = words.COMMUNITY_FORMATS[enum[kinds[i]].value]
        name = name_fmt.format(
            city=words.CITIES[cities[i]], topic=topic, year=years[i], our=OUR_COMPANY_NAME
        )
        host = host_fmt.format(slug=slug.replace("-", ""), our_slug=our_slug)
        names.append(name)
        urls.append(f"https://{host}/{name.lower().replace(' ', '-')}-{ids[i].decode()}")
    url_col = blank(_table(urls), rng.random(g) < 0.08)
    name_col, kind_col = _table(names), _table([k.value for k in enum])[kinds]

    def chunk(a: int, b: int) -> list[Bytes]:
        return [ids[a:b], name_col[a:b], kind_col[a:b], url_col[a:b]]

    return write_csv(root / "communities.csv", COLUMNS["communities.csv"], g, chunk, progress)


def _member_pairs(rng: np.random.Generator, world: _World, kinds: I64) -> tuple[I64, I64]:
    """Distinct (person, community) pairs, sorted by community."""
    n, g = world.n, len(kinds)
    target = int(MEMBERSHIPS_PER_PERSON * n)
    customer_kind = list(CommunityKind).index(CommunityKind.CUSTOMER_COMMUNITY)
    customer_groups = np.flatnonzero(kinds == customer_kind)
    staff = np.flatnonzero(np.isin(world.company, world.customers))
    staff = staff[rng.random(len(staff)) < 0.3]
    k = int(target * 1.2)
    people = _draws(rng, world.weight**0.6, k)
    groups = _Sampler(_zipf(rng, g, 1.0)).draw(rng, k)
    people = np.concatenate([staff, people])
    groups = np.concatenate(
        [customer_groups[rng.integers(0, len(customer_groups), len(staff))], groups]
    )
    keys = _distinct(groups * n + people)
    if len(keys) > target:
        keys = keys[np.sort(rng.choice(len(keys), size=target, replace=False))]
    return keys % n, keys // n


def _memberships(
    root: Path,
    rng: np.random.Generator,
    world: _World,
    people: I64,
    groups: I64,
    progress: Progress,
) -> int:
    m = len(people)
    gids = world.community_ids
    role = _table([r for r, _ in words.ROLES])[_choice(rng, m, [w for _, w in words.ROLES])]
    role = blank(role, rng.random(m) < 0.5)  # plain members often have no role recorded
    since = world.today - _ago(rng, m, 6 * 365, 1.4)
    since_col = blank(as_bytes(iso_dates(since)), rng.random(m) < 0.1)
    order = rng.permutation(m)  # exports are not sorted by community

    def chunk(a: int, b: int) -> list[Bytes]:
        rows = order[a:b]
        return [world.person_ids[people[rows]], gids[groups[rows]], role[rows], since_col[rows]]

    return write_csv(root / "memberships.csv", COLUMNS["memberships.csv"], m, chunk, progress)


# --------------------------------------------------------------------------------------------
# advocates, interactions, deals


def _advocates(root: Path, rng: np.random.Generator, world: _World, progress: Progress) -> int:
    target = max(1, round(ADVOCATE_SHARE * world.n))
    staff = np.flatnonzero(np.isin(world.company, world.customers))
    inside = min(len(staff), int(target * 0.85))
    chosen = np.sort(rng.choice(staff, size=inside, replace=False))
    outside = _Sampler(world.weight).draw(rng, target - inside)
    person = np.concatenate([chosen, outside])
    elsewhere = world.customers[rng.integers(0, len(world.customers), len(outside))]
    company = np.concatenate([world.company[chosen], elsewhere])
    keep = person >= world.reps  # our own reps are not our advocates
    keys = _distinct(person[keep] * world.companies + company[keep])
    person, company = keys // world.companies, keys % world.companies
    m = len(person)
    levels = {AdvocacyLevel.PROMOTER: 60, AdvocacyLevel.REFERENCE: 28, AdvocacyLevel.CHAMPION: 12}
    level = _table(list(levels))[_choice(rng, m, list(levels.values()))]
    since = world.today - _ago(rng, m, 3 * 365, 1.2)
    since_col = blank(as_bytes(iso_dates(since)), rng.random(m) < 0.15)

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            world.person_ids[person[a:b]],
            world.company_ids[company[a:b]],
            level[a:b],
            since_col[a:b],
        ]

    return write_csv(root / "advocates.csv", COLUMNS["advocates.csv"], m, chunk, progress)


def _kind_weights(weights: dict[InteractionKind, float]) -> list[float]:
    return [weights.get(k, 0.0) for k in InteractionKind]


_CONNECTED_KINDS = _kind_weights(
    {
        InteractionKind.EMAIL: 28,
        InteractionKind.MESSAGE: 20,
        InteractionKind.LIKE: 18,
        InteractionKind.MEETING: 9,
        InteractionKind.CALL: 8,
        InteractionKind.COMMENT: 8,
        InteractionKind.SHARE: 4,
        InteractionKind.REFERRAL: 2.5,
        InteractionKind.INTRODUCTION: 2.5,
    }
)
_COMMUNITY_KINDS = _kind_weights(
    {InteractionKind.COMMENT: 45, InteractionKind.LIKE: 40, InteractionKind.SHARE: 15}
)
_COLD_KINDS = _kind_weights(
    {InteractionKind.EMAIL: 60, InteractionKind.MESSAGE: 25, InteractionKind.CALL: 15}
)


def _interactions(
    root: Path,
    rng: np.random.Generator,
    world: _World,
    pairs: tuple[I64, I64],
    members: tuple[I64, I64],
    progress: Progress,
) -> int:
    n, today = world.n, world.today
    lo, hi = pairs
    people, groups = members  # sorted by community
    total = INTERACTIONS_PER_PERSON * n
    # community threads need communities with two members or more
    starts = np.searchsorted(groups, groups, side="left")
    size = np.searchsorted(groups, groups, side="right") - starts
    eligible = np.flatnonzero(size >= 2)
    n_comm = int(total * 0.12) if len(eligible) else 0
    n_cold = int(total * 0.08)
    n_conn = total - n_comm - n_cold if len(lo) else 0
    n_cold = total - n_comm - n_conn

    company = world.company
    same = (company[lo] == company[hi]) & (company[lo] >= 0)
    activity = rng.lognormal(0.0, 1.1, len(lo)) * np.where(same, 1.8, 1.0)
    edge = _draws(rng, activity, n_conn) if n_conn else np.empty(0, dtype=np.int64)
    flip = rng.random(n_conn) < 0.5
    actor = [np.where(flip, hi[edge], lo[edge])]
    recipient = [np.where(flip, lo[edge], hi[edge])]
    kind = [_choice(rng, n_conn, _CONNECTED_KINDS)]
    community = [np.full(n_conn, -1, dtype=np.int64)]
    del edge, flip

    j = eligible[rng.integers(0, max(len(eligible), 1), n_comm)]
    step = 1 + rng.integers(0, np.maximum(size[j] - 1, 1))
    other = starts[j] + (j - starts[j] + step) % size[j]
    actor.append(people[j])
    recipient.append(people[other])
    kind.append(_choice(rng, n_comm, _COMMUNITY_KINDS))
    community.append(groups[j])

    by_rep = rng.random(n_cold) < 0.5
    anyone = rng.permutation(_draws(rng, world.weight, n_cold))
    cold_actor = np.where(by_rep, rng.integers(0, world.reps, n_cold), anyone)
    cold_recipient = _draws(rng, world.weight, n_cold)
    clash = cold_recipient == cold_actor
    cold_recipient = np.where(clash, (cold_recipient + 1) % n, cold_recipient)
    actor.append(cold_actor)
    recipient.append(cold_recipient)
    kind.append(_choice(rng, n_cold, _COLD_KINDS))
    community.append(np.full(n_cold, -1, dtype=np.int64))

    # when: the last two years, busier lately, mostly weekdays and working hours (UTC)
    day = today - 730 + np.floor(rng.random(total) ** 0.8 * 730).astype(np.int64)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    move = rng.random(total) < 0.75
    day = np.where(move & (weekday == 5), day - 1, np.where(move & (weekday == 6), day - 2, day))
    hour = np.clip(np.round(rng.normal(14.5, 3.2, total)), 0, 23).astype(np.int64)
    at = day * _DAY + hour * 3600 + rng.integers(0, 3600, total)
    order = np.argsort(at, kind="stable")
    at = at[order]
    actor_all = np.concatenate(actor)[order].astype(np.int32)
    recipient_all = np.concatenate(recipient)[order].astype(np.int32)
    kind_all = np.concatenate(kind)[order].astype(np.int8)
    community_all = np.concatenate(community)[order].astype(np.int32)
    del actor, recipient, kind, community, order

    width = _width(total + 1, 7)
    kinds = _table(_INTERACTION_KINDS)
    gids = np.concatenate([world.community_ids, np.array([b""], dtype="S1")])  # -1 -> empty
    ids = world.person_ids

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            prefixed("i", np.arange(a + 1, b + 1), width),
            kinds[kind_all[a:b]],
            iso_datetimes(at[a:b]),
            ids[actor_all[a:b]],
            ids[recipient_all[a:b]],
            gids[community_all[a:b]],
        ]

    return write_csv(root / "interactions.csv", COLUMNS["interactions.csv"], total, chunk, progress)


def _deals(root: Path, rng: np.random.Generator, world: _World, progress: Progress) -> int:
    d, today = max(5, world.n // 100), world.today
    customers = world.customers
    with_customer = rng.random(d) < 0.4
    company = np.where(
        with_customer,
        customers[rng.integers(0, len(customers), d)],
        _Sampler(world.size_weight).draw(rng, d),
    )
    stages = list(DealStage)
    base = {
        "prospecting": 20,
        "qualification": 14,
        "proposal": 12,
        "negotiation": 8,
        "closed_won": 24,
        "closed_lost": 22,
    }
    loyal = dict(base, closed_won=45, closed_lost=12)
    stage = np.where(
        with_customer,
        _choice(rng, d, [loyal[s.value] for s in stages]),
        _choice(rng, d, [base[s.value] for s in stages]),
    )
    done = [stages.index(DealStage.CLOSED_WON), stages.index(DealStage.CLOSED_LOST)]
    closed = np.isin(stage, done)
    created = today - _ago(rng, d, 730)
    closed_at = np.minimum(
        created + 14 + np.floor(rng.lognormal(4.0, 0.6, d)).astype(np.int64), today - 1
    )
    created_col = blank(as_bytes(iso_dates(created)), rng.random(d) < 0.03)
    closed_col = blank(as_bytes(iso_dates(closed_at)), ~closed)
    amount = np.maximum(1000, np.round(rng.lognormal(np.log(30_000), 0.9, d), -2)).astype(np.int64)
    amount_col = blank(np.char.add(_num(amount), b".00"), rng.random(d) < 0.05)
    products = _u(words.PRODUCTS)[rng.integers(0, len(words.PRODUCTS), d)]
    types = _u(words.DEAL_TYPES)[rng.integers(0, len(words.DEAL_TYPES), d)]
    names = _add(world.company_names[company], " - ", products, " ", types)
    owner = world.person_ids[rng.integers(0, world.reps, d)]
    owner = blank(owner, rng.random(d) < 0.06)
    ids = as_bytes(prefixed("d", np.arange(1, d + 1), _width(d + 1, 5)))
    stage_col = _table([s.value for s in stages])[stage]

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            ids[a:b],
            names[a:b],
            world.company_ids[company[a:b]],
            owner[a:b],
            stage_col[a:b],
            amount_col[a:b],
            created_col[a:b],
            closed_col[a:b],
        ]

    return write_csv(root / "deals.csv", COLUMNS["deals.csv"], d, chunk, progress)
