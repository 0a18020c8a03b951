"""``GraphQueries``: the LINK graph a store derives, and the two questions asked over it."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pytest

from graph.model import Company, PathRanking, Person
from graph.queries import DensityQuery, PathQuery
from graph.store.base import GraphQueries
from tests.store.world import PEOPLE, seed_links

pytestmark = pytest.mark.protocol.with_args(GraphQueries)

HOPS = PathRanking.HOPS


def projected_links(records: Any) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The projection's links (each pair once, smaller id first) and advocacy weights."""
    proj = records.link_projection()
    ids = proj.person_ids
    links: dict[tuple[str, str], float] = {}
    for i, pid in enumerate(ids):
        s, n = int(proj.start[i]), int(proj.length[i])
        for j, w in zip(proj.nbr[s : s + n].tolist(), proj.weight[s : s + n].tolist(), strict=True):
            pair = (pid, ids[j]) if pid < ids[j] else (ids[j], pid)
            assert links.setdefault(pair, float(w)) == float(w)  # both directions agree
    return links, dict(zip(ids, proj.advocacy.tolist(), strict=True))


class TestGraphQueries:
    def test_seed_links_match_the_formula(self, seeded: Any) -> None:
        links, advocacy = projected_links(seeded)
        expected = seed_links()
        assert set(links) == set(expected)
        for pair, strength in expected.items():
            assert links[pair] == pytest.approx(strength, rel=1e-12), pair
        assert sorted(advocacy) == sorted(PEOPLE)
        # champion beats promoter; a reference is 2/3
        assert advocacy == pytest.approx(
            {p: {"alice": 1.0, "dave": 2 / 3}.get(p, 0.0) for p in PEOPLE}
        )

    def test_writes_move_the_projection(self, seeded: Any) -> None:
        seeded.disconnect("bob", "dave")  # no interactions left: the link goes
        seeded.delete_node(Company, "acme")  # alice stays a promoter of globex, dave is none
        links, advocacy = projected_links(seeded)
        assert ("bob", "dave") not in links
        assert advocacy["alice"] == pytest.approx(1 / 3) and advocacy["dave"] == 0.0
        seeded.delete_node(Person, "alice")
        links, _ = projected_links(seeded)
        assert set(links) == {("007", "7"), ("bob", "erin")}

    def test_paths_over_the_seed_world(self, seeded: Any) -> None:
        links = seed_links()

        def strengths(people: tuple[str, ...]) -> tuple[float, ...]:
            return tuple(links[min(a, b), max(a, b)] for a, b in pairwise(people))

        query = PathQuery("erin", "dave", None, 3, 5, PathRanking.STRENGTH)
        paths = seeded.introduction_paths(query)
        assert [p.people for p in paths] == [
            ("erin", "bob", "dave"),
            ("erin", "bob", "alice", "dave"),
        ]
        for path in paths:
            assert path.strengths == pytest.approx(strengths(path.people), rel=1e-12)
            assert path.strength == pytest.approx(float(np.prod(path.strengths)), rel=1e-12)
        # the current employees of acme: alice (bob left in 2018)
        to_acme = PathQuery("bob", None, "acme", 2, 5, HOPS)
        assert [p.people for p in seeded.introduction_paths(to_acme)] == [
            ("bob", "alice"),
            ("bob", "dave", "alice"),
        ]

    def test_density_over_the_seed_world(self, seeded: Any) -> None:
        around_erin = seeded.advocate_density(DensityQuery("erin", None, None, 2, None, 10))
        assert (around_erin.reachable, around_erin.advocates) == (3, 2)
        assert [(r.advocate, r.distance, r.seed) for r in around_erin.nearest] == [
            ("alice", 2, "erin"),
            ("dave", 2, "erin"),
        ]
        around_globex = seeded.advocate_density(DensityQuery(None, "globex", None, 2, None, 10))
        assert (around_globex.reachable, around_globex.advocates) == (4, 2)
        assert [(r.advocate, r.distance, r.seed) for r in around_globex.nearest] == [
            ("alice", 1, "bob"),
            ("dave", 1, "bob"),
        ]
