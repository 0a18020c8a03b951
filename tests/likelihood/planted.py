"""A planted world: deals whose outcomes are drawn from known graph signals.

Each account has a few people; the owner (one of ``REPS``) touches some of them before the
close date, and some accounts have a champion. The outcome is drawn from

    logit P(won) = -1.6 + 0.7 * touches + 1.8 * champion

so a model reading the graph at the close date should rank deals about as well as the rule
itself. After the close every won deal gets a burst of meetings (what happens after a
signature): a model that read today's graph instead of the close date's would see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
REPS = ("rep0", "rep1", "rep2", "rep3")
TITLES = ("Engineer", "VP Engineering", "Director of Sales", "Analyst", "Chief Executive Officer")


@dataclass
class Planted:
    won: dict[str, bool]  # closed deals' outcomes
    logit: dict[str, float]  # the rule's log-odds per closed deal
    open_ids: list[str]


def plant(store: Any, closed: int, open_: int = 10, seed: int = 7) -> Planted:
    rng = np.random.default_rng(seed)
    for rep in REPS:
        store.create_node(Person(rep, f"Rep {rep}", title="Account Executive"))
    won: dict[str, bool] = {}
    logit: dict[str, float] = {}
    open_ids: list[str] = []
    n_inter = 0
    for k in range(closed + open_):
        company = f"c{k:04d}"
        store.create_node(Company(company, f"Company {k}"))
        staff = [f"{company}-p{j}" for j in range(4)]
        for j, pid in enumerate(staff):
            title = TITLES[int(rng.integers(0, len(TITLES)))]
            store.create_node(Person(pid, f"Person {k}.{j}", title=title))
            store.set_employment(Employment(pid, company, title, date(2020, 1, 1)))
        champion = rng.random() < 0.25
        if champion:
            store.set_advocacy(
                Advocacy(staff[0], company, AdvocacyLevel.CHAMPION, date(2021, 1, 1))
            )
        owner = REPS[k % len(REPS)]
        is_open = k >= closed
        close_day = NOW.date() - timedelta(days=int(rng.integers(20, 300)))
        cut = (
            NOW if is_open else datetime(close_day.year, close_day.month, close_day.day, tzinfo=UTC)
        )
        touches = int(rng.integers(0, 5))
        for _ in range(touches):
            n_inter += 1
            when = cut - timedelta(days=float(rng.uniform(1, 60)))
            other = staff[int(rng.integers(0, 4))]
            kind = InteractionKind.MEETING if rng.random() < 0.5 else InteractionKind.EMAIL
            a, b = (owner, other) if rng.random() < 0.6 else (other, owner)
            store.record_interaction(Interaction(f"i{n_inter}", kind, when, a, b))
        rule = -1.6 + 0.7 * touches + 1.8 * champion
        deal_id = f"d{k:04d}"
        created = cut.date() - timedelta(days=int(rng.integers(30, 200)))
        if is_open:
            open_ids.append(deal_id)
            store.create_node(
                Deal(deal_id, "open", company, owner, DealStage.PROPOSAL, 10_000.0, created)
            )
            continue
        outcome = bool(rng.random() < 1 / (1 + np.exp(-rule)))
        won[deal_id], logit[deal_id] = outcome, rule
        stage = DealStage.CLOSED_WON if outcome else DealStage.CLOSED_LOST
        store.create_node(
            Deal(deal_id, "closed", company, owner, stage, 10_000.0, created, close_day)
        )
        if outcome:  # after the signature: must not be seen by the model
            for j in range(3):
                n_inter += 1
                when = cut + timedelta(days=2 + j)
                store.record_interaction(
                    Interaction(f"i{n_inter}", InteractionKind.MEETING, when, owner, staff[j])
                )
    return Planted(won, logit, open_ids)
