"""The embedded store keeps its in-memory index equal to what SQLite says, write after write."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from graph.errors import WarmgraphError
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    Interaction,
    InteractionKind,
    PathRanking,
    Person,
)
from graph.queries import PathQuery
from graph.store.embedded import EmbeddedStore

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def snapshot(store: EmbeddedStore) -> tuple[dict, dict]:
    p = store.link_projection()
    links = {}
    for u, pid in enumerate(p.person_ids):
        for k in range(int(p.start[u]), int(p.start[u] + p.length[u])):
            links[(pid, p.person_ids[int(p.nbr[k])])] = float(p.weight[k])
    flags = dict(zip(p.person_ids, p.advocacy.tolist(), strict=True))
    return links, flags


def random_writes(store: EmbeddedStore, rng: random.Random, steps: int) -> None:
    people = [f"{i:03d}" for i in range(12)]
    store.create_node(Company(id="acme", name="Acme"))
    for pid in people[:8]:
        store.create_node(Person(id=pid, name=f"P{pid}"))
    for step in range(steps):
        store.link_projection()  # keeps the index alive, so the next write patches it
        a, b = rng.sample(people, 2)
        op = rng.randrange(8)
        try:
            if op == 0:
                store.connect(Connection(a, b))
            elif op == 1:
                store.disconnect(a, b)
            elif op in (2, 3):
                at = NOW - timedelta(days=rng.randrange(400))
                kind = rng.choice(list(InteractionKind))
                store.record_interaction(Interaction(f"i{step}", kind, at, a, b))
            elif op == 4:
                store.delete_interaction(f"i{rng.randrange(step + 1)}")
            elif op == 5:
                store.create_node(Person(id=a, name=f"P{a}", do_not_contact=rng.random() < 0.3))
            elif op == 6:
                store.set_advocacy(Advocacy(a, "acme", rng.choice(list(AdvocacyLevel))))
            elif rng.random() < 0.3:
                store.delete_node(Person, a)
        except WarmgraphError:
            pass  # unknown people, duplicate ids...: refused writes change nothing


@pytest.mark.parametrize("seed", range(6))
def test_index_patched_in_place_equals_a_rebuild(tmp_path, strength_model, seed):
    store = EmbeddedStore(tmp_path / "s.db", strength_model)
    random_writes(store, random.Random(seed), steps=150)
    patched = snapshot(store)
    store.close()
    reopened = EmbeddedStore(tmp_path / "s.db", strength_model)
    rebuilt = snapshot(reopened)
    reopened.close()
    assert patched[1] == rebuilt[1]
    assert patched[0].keys() == rebuilt[0].keys()
    for key, value in rebuilt[0].items():
        assert patched[0][key] == pytest.approx(value, rel=1e-12)


def test_a_write_from_another_process_is_seen_by_the_next_query(tmp_path, strength_model):
    server = EmbeddedStore(tmp_path / "s.db", strength_model)
    for pid in ("a", "b"):
        server.create_node(Person(id=pid, name=pid))
    query = PathQuery("a", "b", None, 2, 5, PathRanking.STRENGTH)
    assert server.introduction_paths(query) == []
    other = EmbeddedStore(tmp_path / "s.db", strength_model)  # e.g. `warmgraph load`
    other.connect(Connection("a", "b"))
    other.close()
    paths = server.introduction_paths(query)
    assert [p.people for p in paths] == [("a", "b")]
    assert paths[0].strength == pytest.approx(0.3)
    server.close()


def test_projection_lists_only_people_who_exist(store):
    for pid in ("x", "y", "z"):
        store.create_node(Person(id=pid, name=pid))
    store.connect(Connection("x", "y"))
    store.link_projection()
    store.delete_node(Person, "y")
    p = store.link_projection()
    assert sorted(p.person_ids) == ["x", "z"]
    assert int(np.sum(p.length)) == 0
