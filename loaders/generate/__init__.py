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
* **Deals** (``d00001``...; one per 20 people, so 10,000 people give ~230 closed deals, enough
  of each outcome for the likelihood model to learn and be evaluated; at least 200, at most one
  per 10 people, in small worlds like the demo's) with customers (40%) and
  prospects, owned by reps, lognormal amounts; 46% closed, with a close date. A closed deal is
  won or lost by a **planted rule** on the graph as it stood before its close date
  (:mod:`.outcomes`): ``logit P(won) = -1.6 + 0.6 * log1p(owner's interactions with the
  account's people) + 0.8 * [owner KNOWS someone there] + 1.6 * [an advocate works there]``.
  Nothing else moves it, so ``warmgraph deals evaluate`` on a generated bundle measures
  something true (cross-validated AUC ~0.72 at 10,000 people; the rule itself scores ~0.79).

The modules, by concept: :mod:`.sampling` (vectorised numpy helpers), :mod:`.world` (scale,
who works where, titles), :mod:`.organisations` (companies, people, employment),
:mod:`.network` (connections, communities, memberships, advocates), :mod:`.activity`
(interactions, deals) and :mod:`.outcomes` (the rule that wins or loses deals). Deals are
written last and the rule draws its coin flips after everything else, so changing it changes
``deals.csv`` only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from graph.bundle import Progress, no_progress

from ..csv import COLUMNS
from .activity import write_deals, write_interactions
from .network import (
    community_kinds,
    connection_pairs,
    membership_pairs,
    write_advocates,
    write_communities,
    write_connections,
    write_memberships,
)
from .organisations import write_companies, write_employment, write_people
from .sampling import DAY
from .world import (
    CONNECTIONS_PER_PERSON,
    INTERACTIONS_PER_PERSON,
    OUR_COMPANY_NAME,
    build_world,
)

__all__ = [
    "CONNECTIONS_PER_PERSON",
    "DEFAULT_NOW",
    "INTERACTIONS_PER_PERSON",
    "MIN_PEOPLE",
    "OUR_COMPANY_NAME",
    "generate_bundle",
]

DEFAULT_NOW = datetime(2026, 11, 1, tzinfo=UTC)
MIN_PEOPLE = 10


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
    world = build_world(rng, people, int(when.timestamp()) // DAY)
    counts["companies.csv"] = write_companies(root, rng, world, progress)
    counts["people.csv"] = write_people(root, rng, world, progress)
    counts["employment.csv"] = write_employment(root, rng, world, progress)
    progress("generating connections", 0, people * CONNECTIONS_PER_PERSON)
    lo, hi = connection_pairs(rng, world)
    counts["connections.csv"] = write_connections(root, rng, world, lo, hi, progress)
    progress("generating communities", 0, people)
    kinds = community_kinds(rng, max(3, people // 400))
    counts["communities.csv"] = write_communities(root, rng, world, kinds, progress)
    members, groups = membership_pairs(rng, world, kinds)
    counts["memberships.csv"] = write_memberships(root, rng, world, members, groups, progress)
    counts["advocates.csv"] = write_advocates(root, rng, world, progress)
    progress("generating interactions", 0, people * INTERACTIONS_PER_PERSON)
    counts["interactions.csv"] = write_interactions(
        root, rng, world, (lo, hi), (members, groups), progress
    )
    counts["deals.csv"] = write_deals(root, rng, world, progress)
    return {name: counts[name] for name in COLUMNS}
