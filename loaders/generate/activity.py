"""What happens over time: interactions and deals (interactions.csv, deals.csv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from graph.bundle import Progress
from graph.model import DealStage, InteractionKind

from .. import _words as words
from .._csvwrite import Bytes, as_bytes, blank, iso_dates, iso_datetimes, prefixed, write_csv
from ..csv import COLUMNS
from .outcomes import deal_signals, win_probability
from .sampling import (
    DAY,
    I64,
    Sampler,
    byte_table,
    days_ago,
    decimal_bytes,
    id_width,
    sorted_draws,
    str_array,
    str_concat,
    weighted_choice,
)
from .world import INTERACTIONS_PER_PERSON, World

I32 = npt.NDArray[np.int32]
_INTERACTION_KINDS = [k.value for k in InteractionKind]


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


def write_interactions(
    root: Path,
    rng: np.random.Generator,
    world: World,
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
    edge = sorted_draws(rng, activity, n_conn) if n_conn else np.empty(0, dtype=np.int64)
    flip = rng.random(n_conn) < 0.5
    actor = [np.where(flip, hi[edge], lo[edge])]
    recipient = [np.where(flip, lo[edge], hi[edge])]
    kind = [weighted_choice(rng, n_conn, _CONNECTED_KINDS)]
    community = [np.full(n_conn, -1, dtype=np.int64)]
    del edge, flip

    j = eligible[rng.integers(0, max(len(eligible), 1), n_comm)]
    step = 1 + rng.integers(0, np.maximum(size[j] - 1, 1))
    other = starts[j] + (j - starts[j] + step) % size[j]
    actor.append(people[j])
    recipient.append(people[other])
    kind.append(weighted_choice(rng, n_comm, _COMMUNITY_KINDS))
    community.append(groups[j])

    by_rep = rng.random(n_cold) < 0.5
    anyone = rng.permutation(sorted_draws(rng, world.weight, n_cold))
    cold_actor = np.where(by_rep, rng.integers(0, world.reps, n_cold), anyone)
    cold_recipient = sorted_draws(rng, world.weight, n_cold)
    clash = cold_recipient == cold_actor
    cold_recipient = np.where(clash, (cold_recipient + 1) % n, cold_recipient)
    actor.append(cold_actor)
    recipient.append(cold_recipient)
    kind.append(weighted_choice(rng, n_cold, _COLD_KINDS))
    community.append(np.full(n_cold, -1, dtype=np.int64))

    # when: the last two years, busier lately, mostly weekdays and working hours (UTC)
    day = today - 730 + np.floor(rng.random(total) ** 0.8 * 730).astype(np.int64)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    move = rng.random(total) < 0.75
    day = np.where(move & (weekday == 5), day - 1, np.where(move & (weekday == 6), day - 2, day))
    hour = np.clip(np.round(rng.normal(14.5, 3.2, total)), 0, 23).astype(np.int64)
    at = day * DAY + hour * 3600 + rng.integers(0, 3600, total)
    order = np.argsort(at, kind="stable")
    at = at[order]
    actor_all = np.concatenate(actor)[order].astype(np.int32)
    recipient_all = np.concatenate(recipient)[order].astype(np.int32)
    kind_all = np.concatenate(kind)[order].astype(np.int8)
    community_all = np.concatenate(community)[order].astype(np.int32)
    del actor, recipient, kind, community, order
    _record_rep_touches(world, actor_all, recipient_all, at // DAY)

    width = id_width(total + 1, 7)
    kinds = byte_table(_INTERACTION_KINDS)
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


def _record_rep_touches(world: World, actor: I32, recipient: I32, day: I64) -> None:
    """Keep the interactions with a rep at one end for the deal outcome rule, once per rep end."""
    by_rep, to_rep = actor < world.reps, recipient < world.reps
    ev = world.evidence
    ev.touch_rep = np.concatenate([actor[by_rep], recipient[to_rep]]).astype(np.int64)
    ev.touch_other = np.concatenate([recipient[by_rep], actor[to_rep]]).astype(np.int64)
    ev.touch_day = np.concatenate([day[by_rep], day[to_rep]]).astype(np.int64)


#: Deals per person: at 10,000 people, ~500 deals of which ~230 closed, enough of each outcome
#: for the likelihood model to learn (it needs 30 of each) and to be evaluated. Small worlds
#: get at least ``MIN_DEALS`` (at most one per 10 people): the 3,000-people ``warmgraph demo``
#: has ~90 closed deals, not ~70, which would leave an outcome near the model's threshold.
DEALS_PER_PERSON = 1 / 20
MIN_DEALS = 200
#: Share of deals that are closed; the rest are spread over the open stages by these weights.
CLOSED_SHARE = 0.46
_OPEN_STAGES = {
    DealStage.PROSPECTING: 20,
    DealStage.QUALIFICATION: 14,
    DealStage.PROPOSAL: 12,
    DealStage.NEGOTIATION: 8,
}


def write_deals(root: Path, rng: np.random.Generator, world: World, progress: Progress) -> int:
    """Deals with customers (40%) and prospects; a closed one is won or lost by the planted
    rule of :mod:`.outcomes` on the graph as it stood before its close date."""
    d = max(5, int(world.n * DEALS_PER_PERSON), min(MIN_DEALS, world.n // 10))
    today = world.today
    customers = world.customers
    with_customer = rng.random(d) < 0.4
    company = np.where(
        with_customer,
        customers[rng.integers(0, len(customers), d)],
        Sampler(world.size_weight).draw(rng, d),
    )
    created = today - days_ago(rng, d, 730)
    closed_at = np.minimum(
        created + 14 + np.floor(rng.lognormal(4.0, 0.6, d)).astype(np.int64), today - 1
    )
    owner = rng.integers(0, world.reps, d)
    owner = np.where(rng.random(d) < 0.06, -1, owner)  # an owner not recorded
    closed = rng.random(d) < CLOSED_SHARE
    signals = deal_signals(world.evidence, owner[closed], company[closed], closed_at[closed])
    won = rng.random(int(closed.sum())) < win_probability(signals)
    stages = list(DealStage)
    stage = np.array([stages.index(s) for s in _OPEN_STAGES])[
        weighted_choice(rng, d, list(_OPEN_STAGES.values()))
    ]
    stage[np.flatnonzero(closed)] = np.where(
        won, stages.index(DealStage.CLOSED_WON), stages.index(DealStage.CLOSED_LOST)
    )

    created_col = blank(as_bytes(iso_dates(created)), rng.random(d) < 0.03)
    closed_col = blank(as_bytes(iso_dates(closed_at)), ~closed)
    amount = np.maximum(1000, np.round(rng.lognormal(np.log(30_000), 0.9, d), -2)).astype(np.int64)
    amount_col = blank(np.char.add(decimal_bytes(amount), b".00"), rng.random(d) < 0.05)
    products = str_array(words.PRODUCTS)[rng.integers(0, len(words.PRODUCTS), d)]
    types = str_array(words.DEAL_TYPES)[rng.integers(0, len(words.DEAL_TYPES), d)]
    names = str_concat(world.company_names[company], " - ", products, " ", types)
    owner_col = blank(world.person_ids[np.maximum(owner, 0)], owner < 0)
    ids = as_bytes(prefixed("d", np.arange(1, d + 1), id_width(d + 1, 5)))
    stage_col = byte_table([s.value for s in stages])[stage]

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            ids[a:b],
            names[a:b],
            world.company_ids[company[a:b]],
            owner_col[a:b],
            stage_col[a:b],
            amount_col[a:b],
            created_col[a:b],
            closed_col[a:b],
        ]

    return write_csv(root / "deals.csv", COLUMNS["deals.csv"], d, chunk, progress)
