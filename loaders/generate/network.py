"""Who knows whom: connections, communities and memberships, advocates.

(connections.csv, communities.csv, memberships.csv, advocates.csv)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from graph.bundle import Progress
from graph.model import AdvocacyLevel, CommunityKind, ConnectionOrigin

from .. import _words as words
from .._csvwrite import Bytes, as_bytes, blank, iso_dates, prefixed, write_csv
from ..csv import COLUMNS
from .outcomes import ALWAYS
from .sampling import (
    I64,
    Sampler,
    byte_table,
    days_ago,
    distinct,
    id_width,
    sorted_draws,
    weighted_choice,
    zipf_weights,
)
from .world import (
    ADVOCATE_SHARE,
    CONNECTIONS_PER_PERSON,
    MEMBERSHIPS_PER_PERSON,
    OUR_COMPANY_NAME,
    World,
)

# --------------------------------------------------------------------------------------------
# connections


def connection_pairs(rng: np.random.Generator, world: World) -> tuple[I64, I64]:
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
        u = order[sorted_draws(rng, w_sorted, k)]  # sorted by company: the colleague search below
        cu = company[u]  # then walks the cumulative weights almost in order (cache friendly)
        inside = (rng.random(k) < 0.72) & (cu >= 0)
        v = np.empty(k, dtype=np.int64)
        ci = cu[inside]
        r = before[ci] + rng.random(len(ci)) * span[ci]
        v[inside] = order[np.minimum(np.searchsorted(cum, r, side="right"), ends[ci] - 1)]
        outside = np.flatnonzero(~inside)
        v[outside] = order[rng.permutation(sorted_draws(rng, w_sorted, len(outside)))]
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        fresh = lo != hi
        keys = distinct(np.concatenate([keys, lo[fresh] * n + hi[fresh]]))
    if len(keys) > target:
        keys = keys[np.sort(rng.choice(len(keys), size=target, replace=False))]
    return keys // n, keys % n


def write_connections(
    root: Path, rng: np.random.Generator, world: World, lo: I64, hi: I64, progress: Progress
) -> int:
    m = len(lo)
    flip = rng.random(m) < 0.5
    src, dst = np.where(flip, hi, lo), np.where(flip, lo, hi)
    since = world.today - days_ago(rng, m, 12 * 365, 1.7)
    undated = rng.random(m) < 0.07
    since_col = blank(as_bytes(iso_dates(since)), undated)
    rep = lo < world.reps  # lo < hi: a rep's KNOWS has the rep at its low end
    ev = world.evidence
    ev.knows_rep, ev.knows_other = lo[rep], hi[rep]
    ev.knows_since = np.where(undated, ALWAYS, since)[rep]
    origin_w = {
        ConnectionOrigin.LINKEDIN: 55,
        ConnectionOrigin.EMAIL: 25,
        ConnectionOrigin.CRM: 12,
        ConnectionOrigin.MANUAL: 8,
    }
    origin = byte_table(list(origin_w))[weighted_choice(rng, m, list(origin_w.values()))]
    ids = world.person_ids

    def chunk(a: int, b: int) -> list[Bytes]:
        return [ids[src[a:b]], ids[dst[a:b]], since_col[a:b], origin[a:b]]

    return write_csv(root / "connections.csv", COLUMNS["connections.csv"], m, chunk, progress)


# --------------------------------------------------------------------------------------------
# communities and memberships


def community_kinds(rng: np.random.Generator, g: int) -> I64:
    """Kind per community, as indices into ``list(CommunityKind)``."""
    kinds = list(CommunityKind)
    weights = {
        CommunityKind.GROUP: 35,
        CommunityKind.FORUM: 22,
        CommunityKind.EVENT: 26,
        CommunityKind.OTHER: 12,
        CommunityKind.CUSTOMER_COMMUNITY: 0,
    }
    out = weighted_choice(rng, g, [weights[k] for k in kinds])
    customer = kinds.index(CommunityKind.CUSTOMER_COMMUNITY)
    out[rng.choice(g, size=max(1, g // 60), replace=False)] = customer
    return out


def write_communities(
    root: Path, rng: np.random.Generator, world: World, kinds: I64, progress: Progress
) -> int:
    g = len(kinds)
    enum = list(CommunityKind)
    topics = rng.integers(0, len(words.TOPICS), g)
    cities = rng.integers(0, len(words.CITIES), g)
    years = 2026 - rng.integers(0, 4, g)
    names: list[str] = []
    urls: list[str] = []
    ids = as_bytes(prefixed("g", np.arange(g), id_width(g, 3)))
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
    url_col = blank(byte_table(urls), rng.random(g) < 0.08)
    name_col, kind_col = byte_table(names), byte_table([k.value for k in enum])[kinds]

    def chunk(a: int, b: int) -> list[Bytes]:
        return [ids[a:b], name_col[a:b], kind_col[a:b], url_col[a:b]]

    return write_csv(root / "communities.csv", COLUMNS["communities.csv"], g, chunk, progress)


def membership_pairs(rng: np.random.Generator, world: World, kinds: I64) -> tuple[I64, I64]:
    """Distinct (person, community) pairs, sorted by community."""
    n, g = world.n, len(kinds)
    target = int(MEMBERSHIPS_PER_PERSON * n)
    customer_kind = list(CommunityKind).index(CommunityKind.CUSTOMER_COMMUNITY)
    customer_groups = np.flatnonzero(kinds == customer_kind)
    staff = np.flatnonzero(np.isin(world.company, world.customers))
    staff = staff[rng.random(len(staff)) < 0.3]
    k = int(target * 1.2)
    people = sorted_draws(rng, world.weight**0.6, k)
    groups = Sampler(zipf_weights(rng, g, 1.0)).draw(rng, k)
    people = np.concatenate([staff, people])
    groups = np.concatenate(
        [customer_groups[rng.integers(0, len(customer_groups), len(staff))], groups]
    )
    keys = distinct(groups * n + people)
    if len(keys) > target:
        keys = keys[np.sort(rng.choice(len(keys), size=target, replace=False))]
    return keys % n, keys // n


def write_memberships(
    root: Path,
    rng: np.random.Generator,
    world: World,
    people: I64,
    groups: I64,
    progress: Progress,
) -> int:
    m = len(people)
    gids = world.community_ids
    role = byte_table([r for r, _ in words.ROLES])[
        weighted_choice(rng, m, [w for _, w in words.ROLES])
    ]
    role = blank(role, rng.random(m) < 0.5)  # plain members often have no role recorded
    since = world.today - days_ago(rng, m, 6 * 365, 1.4)
    since_col = blank(as_bytes(iso_dates(since)), rng.random(m) < 0.1)
    order = rng.permutation(m)  # exports are not sorted by community

    def chunk(a: int, b: int) -> list[Bytes]:
        rows = order[a:b]
        return [world.person_ids[people[rows]], gids[groups[rows]], role[rows], since_col[rows]]

    return write_csv(root / "memberships.csv", COLUMNS["memberships.csv"], m, chunk, progress)


# --------------------------------------------------------------------------------------------
# advocates


def write_advocates(root: Path, rng: np.random.Generator, world: World, progress: Progress) -> int:
    target = max(1, round(ADVOCATE_SHARE * world.n))
    staff = np.flatnonzero(np.isin(world.company, world.customers))
    inside = min(len(staff), int(target * 0.85))
    chosen = np.sort(rng.choice(staff, size=inside, replace=False))
    outside = Sampler(world.weight).draw(rng, target - inside)
    person = np.concatenate([chosen, outside])
    elsewhere = world.customers[rng.integers(0, len(world.customers), len(outside))]
    company = np.concatenate([world.company[chosen], elsewhere])
    keep = person >= world.reps  # our own reps are not our advocates
    keys = distinct(person[keep] * world.companies + company[keep])
    person, company = keys // world.companies, keys % world.companies
    m = len(person)
    levels = {AdvocacyLevel.PROMOTER: 60, AdvocacyLevel.REFERENCE: 28, AdvocacyLevel.CHAMPION: 12}
    level = byte_table(list(levels))[weighted_choice(rng, m, list(levels.values()))]
    since = world.today - days_ago(rng, m, 3 * 365, 1.2)
    undated = rng.random(m) < 0.15
    since_col = blank(as_bytes(iso_dates(since)), undated)
    world.evidence.advocate_person = person
    world.evidence.advocate_since = np.where(undated, ALWAYS, since)

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            world.person_ids[person[a:b]],
            world.company_ids[company[a:b]],
            level[a:b],
            since_col[a:b],
        ]

    return write_csv(root / "advocates.csv", COLUMNS["advocates.csv"], m, chunk, progress)
