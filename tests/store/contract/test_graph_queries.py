"""``GraphQueries``: the LINK graph a store derives, and the two questions asked over it."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pytest

from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    Employment,
    PathRanking,
    Person,
)
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


# -- do-not-contact people in answers ---------------------------------------------------------


def plant(records: Any, people: dict[str, bool], links: list[tuple[str, str]]) -> None:
    """People (id -> do-not-contact) and plain connections between them: every link has
    the same strength, so only the rules decide which paths and advocates come back."""
    for pid, dnc in people.items():
        records.create_node(Person(pid, pid.title(), do_not_contact=dnc))
    for a, b in links:
        records.connect(Connection(a, b))


def reaches(result: Any) -> list[tuple[str, int, str]]:
    return [(r.advocate, r.distance, r.seed) for r in result.nearest]


class TestDoNotContactInDensity:
    """A do-not-contact advocate counts towards density but is never named as nearest."""

    @pytest.fixture
    def town(self, records: Any) -> Any:
        #   champ (DNC) - rep - mid - ally - quiet (DNC)      champ and ally: champions of us
        plant(
            records,
            {"rep": False, "champ": True, "mid": False, "ally": False, "quiet": True},
            [("rep", "champ"), ("rep", "mid"), ("mid", "ally"), ("ally", "quiet")],
        )
        records.create_node(Company("us", "Us"))
        records.create_node(Company("prospect", "Prospect"))
        records.set_employment(Employment("rep", "prospect", "Buyer"))
        for pid in ("champ", "ally"):
            records.set_advocacy(Advocacy(pid, "us", AdvocacyLevel.CHAMPION))
        return records

    def test_the_closer_do_not_contact_champion_is_counted_not_listed(self, town: Any) -> None:
        around_rep = town.advocate_density(DensityQuery("rep", None, None, 2, None, 10))
        assert (around_rep.reachable, around_rep.advocates) == (3, 2)  # champ, mid, ally
        assert reaches(around_rep) == [("ally", 2, "rep")]

    def test_the_list_is_filled_from_allowed_advocates(self, town: Any) -> None:
        # champ would take the only slot by distance; ally gets it instead
        one = town.advocate_density(DensityQuery("rep", None, None, 2, None, 1))
        assert reaches(one) == [("ally", 2, "rep")]
        for_us = town.advocate_density(DensityQuery(None, "prospect", None, 2, "us", 1))
        assert (for_us.advocates, reaches(for_us)) == (2, [("ally", 2, "rep")])

    def test_a_do_not_contact_seed_is_still_named_as_the_seed(self, town: Any) -> None:
        around_quiet = town.advocate_density(DensityQuery("quiet", None, None, 1, None, 10))
        assert reaches(around_quiet) == [("ally", 1, "quiet")]


class TestDoNotContactInPaths:
    """Paths never pass through, nor end at, a do-not-contact person."""

    @pytest.fixture
    def town(self, records: Any) -> Any:
        #   src - hub (DNC) - target          the short way, through a DNC intermediary
        #   src - a - b - target              the long way around
        #   src - shy (DNC), a - shy          shy: a DNC employee of prospect, next to src
        plant(
            records,
            {"src": False, "hub": True, "a": False, "b": False, "target": False, "shy": True},
            [
                ("src", "hub"),
                ("hub", "target"),
                ("src", "a"),
                ("a", "b"),
                ("b", "target"),
                ("src", "shy"),
                ("a", "shy"),
            ],
        )
        records.create_node(Company("prospect", "Prospect"))
        records.set_employment(Employment("target", "prospect", "Buyer"))
        records.set_employment(Employment("shy", "prospect", "Buyer"))
        return records

    @pytest.mark.parametrize(
        ("rank_by", "limit"), [(PathRanking.STRENGTH, 5), (HOPS, 5), (HOPS, 1)]
    )
    def test_the_way_around_a_do_not_contact_intermediary(
        self, town: Any, rank_by: PathRanking, limit: int
    ) -> None:
        # (HOPS, 1) is the single-shortest-path case Neo4j answers with its own search
        query = PathQuery("src", "target", None, 3, limit, rank_by)
        assert [p.people for p in town.introduction_paths(query)] == [("src", "a", "b", "target")]
        too_short = PathQuery("src", "target", None, 2, limit, rank_by)
        assert town.introduction_paths(too_short) == []

    @pytest.mark.parametrize("max_hops", [1, 2, 3])
    @pytest.mark.parametrize(
        ("rank_by", "limit"), [(PathRanking.STRENGTH, 5), (HOPS, 5), (HOPS, 1)]
    )
    def test_no_path_to_a_do_not_contact_target(
        self, town: Any, max_hops: int, rank_by: PathRanking, limit: int
    ) -> None:
        # shy is one link from src and two through a: still no path at all
        query = PathQuery("src", "shy", None, max_hops, limit, rank_by)
        assert town.introduction_paths(query) == []

    @pytest.mark.parametrize("rank_by", list(PathRanking))
    def test_do_not_contact_employees_are_not_company_targets(
        self, town: Any, rank_by: PathRanking
    ) -> None:
        to_prospect = PathQuery("src", None, "prospect", 3, 5, rank_by)
        assert [p.people for p in town.introduction_paths(to_prospect)] == [
            ("src", "a", "b", "target")
        ]
