"""Deal likelihood's features: what a deal is described by, and why each one is there.

One catalogue with the one computation that reads it, kept in a single module on purpose
(hence longer than most): each feature's definition, its reason and its code sit together.

Every feature is read **at a point in time**, the deal's *cutoff*: a closed deal is described
by the graph as it stood before its close date (interactions with ``at`` before midnight UTC of
``closed_at``, KNOWS, jobs and advocacy that had begun by then), an open deal by the graph of
``now``. Training on closed deals with today's graph would leak the outcome into the inputs
(a won deal brings meetings after the signature), and the model would learn from a world the
open deals do not live in. A closed deal without a close date cannot be placed in time and is
not described (it is left out of training).

Tie strengths are ``graph.strength``'s formula (the same channel weights, half-life,
reciprocity and connection base) evaluated with the cutoff as "now", over the interactions
and KNOWS before the cutoff only. A KNOWS with no ``since`` is taken to have always existed
(we cannot tell), as are a job or an advocacy without a start.

========================  ======================================================================
feature                   what it is, and why it is there
========================  ======================================================================
owner_tie                 strongest direct tie between the owner and anyone at the account:
                          a rep who really knows someone inside sells more than one who does not
owner_path                strongest warm path (1 or 2 links, product of strengths) from the
                          owner into the account: the introduction they could ask for
team_path                 the same from anyone on the owner's team (their users' team; the
                          owner alone without one): a teammate's relationship counts too
engaged_contacts          distinct account people the owner's team interacted with in the last
                          ``ENGAGED_DAYS``: breadth of the buying group actually engaged
days_since_touch          days since the last interaction between the team and the account
                          (``RECENCY_CAP_DAYS`` if none): deals go cold
reciprocity               share of the team-account interactions of the last year that the
                          account started: a buyer who writes back is engaged, one who only
                          receives mail may not be
engaged_seniority         highest seniority (``seniority``: 0 none .. 4 C-level) among contacts
                          engaged in the last ``ENGAGED_DAYS``: deals need someone who can sign
advocates_inside          sum of advocacy weights (promoter 1/3, reference 2/3, champion 1) of
                          the account's people: our advocates working there
champion_inside           1 if a champion works at the account: the strongest single signal
                          CRM playbooks name
advocate_near             strongest tie from an advocate outside the account to someone inside,
                          times their advocacy weight (distance 1 with its strength, not a count:
                          at 2 hops the plain neighbourhood covers most of a small-world graph)
contact_reach             ties (distinct people) of the best-connected engaged contact: an
                          influential contact carries the decision further. Point-in-time degree
                          stands in for ``graph.influence``'s PageRank, which exists only for
                          today's graph and would leak the future into training
amount                    the deal's amount (log; 0 when unknown): big deals close less often
age_days                  days from creation to the cutoff (log; 0 when unknown): deals that
                          drag on die
========================  ======================================================================

Counts and days enter the model as ``log(1 + x)`` (``LOG_FEATURES``): the tenth contact
matters less than the first. Stage is **not** a learned feature: a closed deal keeps no record
of the stage it stood at while open (there is no stage history yet), so any stage of a closed
deal is its outcome. It is used by the prior (``graph.likelihood.model``) instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ..model import ADVOCACY_WEIGHTS, AdvocacyLevel, Deal, Employment, Person
from ..store.activity import Activity, date_epoch
from ..store.base import ActivityReads, NodeRecords, RelationshipReads
from ..strength import StrengthModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ENGAGED_DAYS = 90
RECIPROCITY_DAYS = 365
RECENCY_CAP_DAYS = 365
DAY = 86400.0

FEATURES: tuple[str, ...] = (
    "owner_tie",
    "owner_path",
    "team_path",
    "engaged_contacts",
    "days_since_touch",
    "reciprocity",
    "engaged_seniority",
    "advocates_inside",
    "champion_inside",
    "advocate_near",
    "contact_reach",
    "amount",
    "age_days",
)
LOG_FEATURES = frozenset(
    {
        "engaged_contacts",
        "days_since_touch",
        "advocates_inside",
        "contact_reach",
        "amount",
        "age_days",
    }
)

#: Seniority from a job title, first rule that matches (case-insensitive, whole words):
#: 4 C-level and founders, 3 VP and heads of, 2 directors, 1 managers and leads, else 0.
SENIORITY_RULES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (4, re.compile(r"\b(chief|c[etfoimr]o|founder|co-founder|president|owner)\b", re.I)),
    (3, re.compile(r"\b(vp|svp|evp|vice president|head of)\b", re.I)),
    (2, re.compile(r"\bdirector\b", re.I)),
    (1, re.compile(r"\b(manager|lead|principal)\b", re.I)),
)
SENIORITY_NAMES = ("no title", "manager", "director", "VP", "C-level")


def seniority(title: str | None) -> int:
    """>>> seniority("VP Sales"), seniority("Chief Executive Officer"), seniority(None)
    (3, 4, 0)"""
    for level, pattern in SENIORITY_RULES:
        if title and pattern.search(title):
            return level
    return 0


def transform(raw: FloatArray) -> FloatArray:
    """The model's inputs from raw feature values (columns in ``FEATURES`` order)."""
    out = raw.astype(np.float64, copy=True)
    for j, name in enumerate(FEATURES):
        if name in LOG_FEATURES:
            out[:, j] = np.log1p(np.maximum(out[:, j], 0.0))
    return out


def explain(feature: str, value: float) -> str:
    """A rep's reading of one raw feature value."""
    v = value
    match feature:
        case "owner_tie":
            return (
                "owner has no direct tie into the account"
                if v <= 0
                else (f"owner's strongest direct tie into the account is {v:.2f}")
            )
        case "owner_path":
            return (
                "no warm path from the owner into the account"
                if v <= 0
                else (f"owner's best warm path into the account has strength {v:.2f}")
            )
        case "team_path":
            return (
                "no warm path from the owner's team into the account"
                if v <= 0
                else (f"team's best warm path into the account has strength {v:.2f}")
            )
        case "engaged_contacts":
            n = int(v)
            return (
                f"no account contact engaged in {ENGAGED_DAYS} days"
                if n == 0
                else (f"{n} account contact{'s' if n != 1 else ''} engaged in {ENGAGED_DAYS} days")
            )
        case "days_since_touch":
            return (
                "no interaction with the account yet"
                if v >= RECENCY_CAP_DAYS
                else (f"last interaction with the account {int(v)} days ago")
            )
        case "reciprocity":
            return f"the account started {v:.0%} of the last year's interactions"
        case "engaged_seniority":
            level = int(v)
            return (
                f"no engaged contact at VP level in {ENGAGED_DAYS} days"
                if level < 3
                else (f"engaged a {SENIORITY_NAMES[level]} contact in {ENGAGED_DAYS} days")
            )
        case "advocates_inside":
            return (
                "no advocate works at the account"
                if v <= 0
                else (f"advocates work at the account (weight {v:.2f})")
            )
        case "champion_inside":
            return "a champion works at the account" if v > 0 else "no champion at the account"
        case "advocate_near":
            return (
                "no advocate close to the account"
                if v <= 0
                else (f"an advocate is one tie from the account (strength {v:.2f})")
            )
        case "contact_reach":
            return f"best-connected engaged contact knows {int(v)} people"
        case "amount":
            return "amount unknown" if v <= 0 else f"amount {v:,.0f}"
        case "age_days":
            return f"open for {int(v)} days"
    raise ValueError(f"unknown feature {feature!r}")


class FeatureReads(ActivityReads, NodeRecords, RelationshipReads, Protocol):
    """What the features read from a store."""


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """Raw feature values, one row per described deal (``deal_ids``), ``FEATURES`` columns."""

    deal_ids: tuple[str, ...]
    raw: FloatArray

    def row(self, deal_id: str) -> dict[str, float]:
        i = self.deal_ids.index(deal_id)
        return dict(zip(FEATURES, (float(x) for x in self.raw[i]), strict=True))


def cutoff(deal: Deal, now: datetime) -> float | None:
    """Epoch seconds the deal is described at; None for a closed deal with no close date."""
    if deal.outcome.value == "open":
        return now.timestamp()
    return None if deal.closed_at is None else date_epoch(deal.closed_at)


def describe(
    store: FeatureReads,
    deals: Sequence[Deal],
    now: datetime,
    teams: Mapping[str, frozenset[str]] | None = None,
    strength: StrengthModel | None = None,
) -> FeatureTable:
    """Features of ``deals`` (those that can be placed in time), in a few bulk reads: every
    job at their companies (one small indexed read per company for a page of deals,
    ``JOBS_BY_COMPANY_MAX``), every advocacy, the activity of everyone involved (one
    ``activity_among``, however many deals), and the titles of untitled jobs' people.
    Ties are weighed with ``strength``'s settings (the store's: ``store.strength_model()``;
    its clock is not used — each deal has its own cutoff), the defaults when None."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    placed = [(d, t) for d in deals if (t := cutoff(d, now)) is not None]
    teams = teams or {}
    companies = {d.company_id for d, _ in placed}
    jobs = _jobs_at(store, companies)
    owners = {d.owner_id for d, _ in placed if d.owner_id is not None}
    team_people = set().union(*(teams.get(o, frozenset({o})) for o in owners)) | owners
    account_people = {e.person_id for e in jobs}
    world = _World.read(store, account_people | team_people, jobs, strength or StrengthModel())
    rows = [world.features(d, t, teams.get(d.owner_id or "", frozenset())) for d, t in placed]
    raw = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    return FeatureTable(tuple(d.id for d, _ in placed), raw)


#: Up to this many companies, their jobs are read company by company (indexed, a page of
#: deals reads a few dozen rows); more, and every job is read at once and filtered.
JOBS_BY_COMPANY_MAX = 64


def _jobs_at(store: FeatureReads, companies: set[str]) -> list[Employment]:
    """Every job (past ones too: features are point in time) at ``companies``."""
    if len(companies) <= JOBS_BY_COMPANY_MAX:
        return [e for c in sorted(companies) for e in store.employments(company_id=c)]
    return [e for e in store.employments() if e.company_id in companies]


class _World:
    """Everything read once, indexed by integer person positions (ids in sorted order)."""

    def __init__(
        self,
        activity: Activity,
        jobs: Sequence[tuple[str, str, float, float, int]],
        advocacy: Sequence[tuple[str, float, float, bool]],
        strength: StrengthModel,
    ) -> None:
        others = sorted({j[0] for j in jobs} | {a[0] for a in advocacy})
        ids = np.union1d(activity.people, np.array(others, dtype=object))
        self.ids = ids
        self.pos = {str(pid): i for i, pid in enumerate(ids.tolist())}
        self.n = len(ids)
        # the activity's positions, moved into this world's (a superset, same order)
        remap = np.searchsorted(ids, activity.people) if len(activity.people) else _EMPTY
        self.actor = remap[activity.actor_pos] if len(activity.actor_pos) else _EMPTY
        self.recipient = remap[activity.recipient_pos] if len(activity.recipient_pos) else _EMPTY
        by_name = {str(k): w for k, w in strength.channel_weights.items()}
        kind_weight = np.array([by_name.get(k, 0.0) for k in activity.kind_names] or [0.0])
        self.weight = kind_weight[activity.kind_code]
        self.at = activity.at
        self.conn_a = remap[activity.conn_lo] if len(activity.conn_lo) else _EMPTY
        self.conn_b = remap[activity.conn_hi] if len(activity.conn_hi) else _EMPTY
        self.conn_since = np.nan_to_num(activity.conn_since, nan=-np.inf)
        self.inter_rows = _Incidence(self.actor, self.recipient, self.n)
        self.conn_rows = _Incidence(self.conn_a, self.conn_b, self.n)
        self.strength = strength
        self.half_life = strength.half_life_days
        # weight * 2^(-(t - at) / half-life) = base * 2^((t0 - t) / half-life): the per-row
        # part is computed once, each cutoff only scales it (t0: the latest interaction)
        self.t0 = float(self.at.max()) if len(self.at) else 0.0
        self.base = self.weight * np.exp2((self.at - self.t0) / DAY / self.half_life)
        # jobs by company: (position, start, end, seniority)
        by_company: dict[str, list[tuple[int, float, float, int]]] = {}
        for pid, company, start, end, level in jobs:
            by_company.setdefault(company, []).append((self.pos[pid], start, end, level))
        # as columns (position, start, end, seniority), in the order read
        self.jobs: dict[str, tuple[IntArray, FloatArray, FloatArray, IntArray]] = {
            company: (
                np.array([r[0] for r in rows], dtype=np.int64),
                np.array([r[1] for r in rows], dtype=np.float64),
                np.array([r[2] for r in rows], dtype=np.float64),
                np.array([r[3] for r in rows], dtype=np.int64),
            )
            for company, rows in by_company.items()
        }
        # advocacy as columns: person position, since, weight, champion
        self.adv_pos = np.array([self.pos[a[0]] for a in advocacy], dtype=np.int64)
        self.adv_since = np.array([a[1] for a in advocacy], dtype=np.float64)
        self.adv_weight = np.array([a[2] for a in advocacy], dtype=np.float64)
        self.adv_champion = np.array([a[3] for a in advocacy], dtype=np.bool_)
        self._adv_cache: tuple[float, FloatArray, npt.NDArray[np.bool_]] | None = None

    @classmethod
    def read(
        cls,
        store: FeatureReads,
        people: set[str],
        jobs: Sequence[object],
        strength: StrengthModel,
    ) -> _World:
        employment = [j for j in jobs if isinstance(j, Employment)]
        untitled = {e.person_id for e in employment if not e.title}  # fall back to theirs
        persons: dict[str, Person] = store.get_nodes(Person, untitled) if untitled else {}
        job_rows = [
            (
                e.person_id,
                e.company_id,
                -math.inf if e.start is None else date_epoch(e.start),
                math.inf if e.end is None else date_epoch(e.end),
                seniority(e.title or (p.title if (p := persons.get(e.person_id)) else None)),
            )
            for e in employment
        ]
        adv_rows = [
            (
                a.person_id,
                -math.inf if a.since is None else date_epoch(a.since),
                ADVOCACY_WEIGHTS[a.level],
                a.level is AdvocacyLevel.CHAMPION,
            )
            for a in store.advocacies()
        ]
        return cls(store.activity_among(people), job_rows, adv_rows, strength)

    def features(self, deal: Deal, t: float, team: frozenset[str]) -> list[float]:
        """One deal's raw features at cutoff ``t`` (epoch seconds)."""
        staff_pos, staff_level = self._staff(deal.company_id, t)
        inside = np.unique(staff_pos)
        owner = self.pos.get(deal.owner_id) if deal.owner_id is not None else None
        members = {self.pos[m] for m in team if m in self.pos}
        if owner is not None:
            members.add(owner)
        team_arr = np.array(sorted(members), dtype=np.int64)
        in_a = np.zeros(self.n, np.bool_)
        in_a[inside] = True
        in_t = np.zeros(self.n, np.bool_)
        in_t[team_arr] = True
        u, v, s = self._ties(in_a | in_t, np.union1d(inside, team_arr), t)

        # ties with exactly one end inside: (outside person, inside person, strength)
        cross = in_a[u] != in_a[v]
        out_end = np.where(in_a[u], v, u)[cross]
        cross_s = s[cross]
        best_into = np.zeros(self.n)
        np.maximum.at(best_into, out_end, cross_s)

        def path(m: int) -> tuple[float, float]:
            direct = float(best_into[m])
            mine = (u == m) | (v == m)
            other = np.where(u == m, v, u)[mine]
            via = other[~in_a[other]]
            two = float((s[mine][~in_a[other]] * best_into[via]).max()) if len(via) else 0.0
            return direct, max(direct, two)

        owner_tie, owner_path = path(owner) if owner is not None else (0.0, 0.0)
        team_path = max([path(m)[1] for m in members], default=0.0)

        # interactions between the team and the account, before the cutoff
        rows = self.inter_rows.touching(in_t, team_arr)
        rows = rows[self.at[rows] < t]
        a, r = self.actor[rows], self.recipient[rows]
        touch = (in_t[a] & in_a[r]) | (in_a[a] & in_t[r])
        rows, a, r = rows[touch], a[touch], r[touch]
        contact = np.where(in_a[a], a, r)
        age = (t - self.at[rows]) / DAY
        engaged = np.unique(contact[age <= ENGAGED_DAYS])
        last = float(age.min()) if len(age) else math.inf
        year = age <= RECIPROCITY_DAYS
        reciprocity = float(in_a[a][year].mean()) if year.any() else 0.0
        top_level = _top_level(staff_pos, staff_level, engaged)

        degree = np.bincount(np.concatenate([u, v]), minlength=self.n) if len(u) else None
        reach = float(degree[engaged].max()) if degree is not None and len(engaged) else 0.0

        weight, champion_at = self._advocacy(t)
        advocates_inside = float(weight[inside].sum())
        champion = bool(champion_at[inside].any())
        near = float((weight[out_end] * cross_s).max()) if len(out_end) else 0.0
        created = None if deal.created_at is None else date_epoch(deal.created_at)
        return [
            owner_tie,
            owner_path,
            team_path,
            float(len(engaged)),
            min(last, float(RECENCY_CAP_DAYS)),
            reciprocity,
            float(top_level),
            advocates_inside,
            1.0 if champion else 0.0,
            near,
            reach,
            float(deal.amount or 0.0),
            0.0 if created is None else max((t - created) / DAY, 0.0),
        ]

    def _decayed(self, rows: IntArray, t: float) -> FloatArray:
        """Each row's channel weight decayed from its time to ``t`` (rows before ``t``)."""
        with np.errstate(over="ignore"):
            scale = float(np.exp2((self.t0 - t) / DAY / self.half_life))
        if math.isfinite(scale) and scale > 0.0:
            return self.base[rows] * scale
        # a cutoff ages away from the data (1,000 half-lives): compute it directly
        return self.weight[rows] * np.exp2(-(t - self.at[rows]) / DAY / self.half_life)

    def _staff(self, company: str, t: float) -> tuple[IntArray, IntArray]:
        """Positions and seniority of the company's jobs held at ``t``, in the order read."""
        if company not in self.jobs:
            return _EMPTY, _EMPTY
        pos, start, end, level = self.jobs[company]
        held = (start < t) & (end >= t)
        return pos[held], level[held]

    def _advocacy(self, t: float) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Everyone's strongest advocacy weight, and whether a champion, as held before
        ``t`` (the last cutoff's answer is kept: open deals share one cutoff)."""
        if self._adv_cache is not None and self._adv_cache[0] == t:
            return self._adv_cache[1], self._adv_cache[2]
        held = self.adv_since < t
        weight = np.zeros(self.n)
        np.maximum.at(weight, self.adv_pos[held], self.adv_weight[held])
        champion = np.zeros(self.n, np.bool_)
        champion[self.adv_pos[held & self.adv_champion]] = True
        self._adv_cache = (t, weight, champion)
        return weight, champion

    def _ties(
        self, chosen: npt.NDArray[np.bool_], people: IntArray, t: float
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Every tie touching ``people`` (``chosen`` marks them) as it stood at ``t``:
        (lo, hi, strength)."""
        rows = self.inter_rows.touching(chosen, people)
        rows = rows[self.at[rows] < t]
        a, b = self.actor[rows], self.recipient[rows]
        mass = self._decayed(rows, t)
        crows = self.conn_rows.touching(chosen, people)
        crows = crows[self.conn_since[crows] < t]
        ca, cb = self.conn_a[crows], self.conn_b[crows]
        lo = np.concatenate([np.minimum(a, b), np.minimum(ca, cb)])
        hi = np.concatenate([np.maximum(a, b), np.maximum(ca, cb)])
        if not len(lo):
            return _EMPTY, _EMPTY, np.zeros(0)
        keys, inverse = np.unique(lo * self.n + hi, return_inverse=True)
        k = len(a)
        up = a < b
        inv_i = inverse[:k]
        mass_up = np.bincount(inv_i, weights=np.where(up, mass, 0.0), minlength=len(keys))
        mass_down = np.bincount(inv_i, weights=np.where(up, 0.0, mass), minlength=len(keys))
        connected = np.bincount(inverse[k:], minlength=len(keys)) > 0
        strength = self.strength.pair_strength(connected, mass_up, mass_down)
        return keys // self.n, keys % self.n, strength


_EMPTY = np.zeros(0, np.int64)


def _top_level(staff_pos: IntArray, staff_level: IntArray, engaged: IntArray) -> int:
    """Highest seniority among the engaged contacts, each at the level of their last job
    read at the company (someone holding two jobs there counts with the later one)."""
    if not len(engaged) or not len(staff_pos):
        return 0
    people, last = np.unique(staff_pos[::-1], return_index=True)
    levels = staff_level[::-1][last]
    chosen = levels[np.isin(people, engaged)]
    return int(chosen.max()) if len(chosen) else 0


class _Incidence:
    """Rows (interactions or KNOWS) by either end, CSR-style, so the rows touching a set of
    people are gathered without sorting: every row through its first end, and through its
    second end only when the first is not in the set (so each row comes once)."""

    def __init__(self, a: IntArray, b: IntArray, n: int) -> None:
        self.a = a
        self.by_a = _csr(a, n)
        self.by_b = _csr(b, n)

    def touching(self, chosen: npt.NDArray[np.bool_], people: IntArray) -> IntArray:
        start_a, rows_a = self.by_a
        start_b, rows_b = self.by_b
        via_b = rows_b[_gather(start_b, people)]
        return np.concatenate([rows_a[_gather(start_a, people)], via_b[~chosen[self.a[via_b]]]])


def _gather(start: IntArray, people: IntArray) -> IntArray:
    """The CSR slots ``start[p]:start[p+1]`` of every ``p`` in ``people``, concatenated
    (without a Python loop: a company can employ thousands)."""
    first, stop = start[people], start[people + 1]
    lengths = stop - first
    total = int(lengths.sum())
    if not total:
        return _EMPTY
    # each slot is its run's first slot plus its offset inside the run
    run_start = np.cumsum(lengths) - lengths
    return np.repeat(first - run_start, lengths) + np.arange(total)


def _csr(ends: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """For each person, the rows they are this end of: ``rows[start[p]:start[p+1]]``."""
    order = np.argsort(ends, kind="stable")
    start = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=start[1:])
    return start, order.astype(np.int64)
