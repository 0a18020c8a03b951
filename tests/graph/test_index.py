"""The in-memory index: bulk build and in-place patches must agree, ranks follow ids."""

import random
from datetime import UTC, datetime

import numpy as np
import pytest

from graph.store.embedded.index import LinkIndex
from graph.store.linkinputs import LinkInputs
from graph.strength import StrengthModel, pair_strength

MODEL = StrengthModel(now=datetime(2026, 1, 1, tzinfo=UTC))
KINDS = ["email", "meeting", "call", "like", "comment", "referral"]


def random_inputs(rng: random.Random, n: int, n_conn: int, n_inter: int) -> LinkInputs:
    pks = rng.sample(range(1, 10 * n), n)
    ids = [f"{rng.randint(0, 999):03d}-{i}" for i in range(n)]
    conns = {tuple(sorted(rng.sample(pks, 2))) for _ in range(n_conn)}
    inter = [rng.sample(pks, 2) for _ in range(n_inter)]
    return LinkInputs(
        person_pk=np.array(pks, np.int64),
        person_id=np.array(ids, dtype=object),
        do_not_contact=np.array([rng.random() < 0.1 for _ in pks]),
        advocacy=np.array([rng.choice([0, 0, 1 / 3, 1]) for _ in pks], np.float64),
        conn_a=np.array([a for a, _ in conns], np.int64),
        conn_b=np.array([b for _, b in conns], np.int64),
        inter_actor=np.array([a for a, _ in inter], np.int64),
        inter_recipient=np.array([b for _, b in inter], np.int64),
        inter_kind=np.array([rng.choice(KINDS) for _ in inter], dtype=object),
        inter_at=np.array([1.7e9 - rng.random() * 6e7 for _ in inter], np.float64),
    )


def expected_links(inputs: LinkInputs) -> dict[tuple[str, str], float]:
    """Straight from the definition, one pair at a time."""
    id_of = dict(zip(inputs.person_pk.tolist(), inputs.person_id.tolist(), strict=True))
    mass: dict[tuple[str, str], float] = {}
    connected: set[frozenset[str]] = set()
    for a, b in zip(inputs.conn_a.tolist(), inputs.conn_b.tolist(), strict=True):
        connected.add(frozenset((id_of[a], id_of[b])))
    for a, b, kind, at in zip(
        inputs.inter_actor.tolist(),
        inputs.inter_recipient.tolist(),
        inputs.inter_kind.tolist(),
        inputs.inter_at.tolist(),
        strict=True,
    ):
        key = (id_of[a], id_of[b])
        mass[key] = mass.get(key, 0.0) + float(MODEL.decayed_mass([kind], [at])[0])
    pairs = {frozenset(k) for k in mass} | connected
    result = {}
    for pair in pairs:
        a, b = sorted(pair)
        s = float(pair_strength(pair in connected, mass.get((a, b), 0.0), mass.get((b, a), 0.0)))
        result[(a, b)] = result[(b, a)] = s
    return result


def links_of(index: LinkIndex) -> dict[tuple[str, str], float]:
    out = {}
    for u, pid in enumerate(index.ids):
        if pid is None:
            continue
        s, n = int(index.start[u]), int(index.length[u])
        row = zip(index.nbr[s : s + n].tolist(), index.weight[s : s + n].tolist(), strict=True)
        for v, w in row:
            out[(pid, index.ids[v])] = w
    return out


@pytest.mark.parametrize("seed", range(25))
def test_bulk_build_matches_the_definition(seed):
    inputs = random_inputs(random.Random(seed), n=30, n_conn=40, n_inter=120)
    index = LinkIndex.build(inputs, MODEL)
    got, want = links_of(index), expected_links(inputs)
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("seed", range(25))
def test_patches_in_place_reach_the_same_index_as_a_rebuild(seed):
    rng = random.Random(seed)
    inputs = random_inputs(rng, n=25, n_conn=60, n_inter=0)
    index = LinkIndex.build(inputs, MODEL)
    model_links = dict(links_of(index))
    ids = [str(i) for i in inputs.person_id]
    for _ in range(300):
        a, b = rng.sample(ids, 2)
        strength = rng.choice([0.0, 0.0, rng.random()])
        index.set_link(index.position[a], index.position[b], strength)
        model_links.pop((a, b), None)
        model_links.pop((b, a), None)
        if strength > 0:
            model_links[(a, b)] = model_links[(b, a)] = strength
    assert links_of(index) == model_links
    for u in range(index.size):  # rows never overlap
        s, n = int(index.start[u]), int(index.length[u])
        assert n <= index.capacity[u] and s + n <= index.used


def test_removing_a_person_drops_every_link_they_had():
    inputs = random_inputs(random.Random(7), n=20, n_conn=80, n_inter=50)
    index = LinkIndex.build(inputs, MODEL)
    gone = str(inputs.person_id[3])
    index.remove_person(gone)
    assert gone not in index.position
    assert all(gone not in pair for pair in links_of(index))
    projection = index.projection()
    assert gone not in projection.person_ids and len(projection.person_ids) == 19
    assert projection.length.sum() == len(projection.nbr)


def test_ranks_follow_id_order_through_inserts_and_removals():
    index = LinkIndex.empty()
    rng = random.Random(3)
    names = ["m", "a", "z"] + ["m" + "a" * k for k in range(1, 30)]  # exhausts rank gaps
    names += [f"{rng.randint(0, 10**6):07d}" for _ in range(200)]
    for name in dict.fromkeys(names):
        index.add_person(name, False, 0.0)
    for name in rng.sample(sorted(index.position), 50):
        index.remove_person(name)
    alive = sorted(index.position)
    ranks = [int(index.rank[index.position[pid]]) for pid in alive]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


def test_projection_keeps_links_symmetric_and_renumbered():
    inputs = random_inputs(random.Random(11), n=40, n_conn=100, n_inter=100)
    index = LinkIndex.build(inputs, MODEL)
    for pid in list(index.position)[:5]:
        index.remove_person(pid)
    p = index.projection()
    pairs = {}
    for u in range(len(p.person_ids)):
        for k in range(p.start[u], p.start[u] + p.length[u]):
            pairs[(p.person_ids[u], p.person_ids[p.nbr[k]])] = p.weight[k]
    assert pairs == links_of(index)
