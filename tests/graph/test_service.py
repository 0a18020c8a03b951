"""Scenarios a rep or an analyst would recognise, through the service layer and a real store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import networkx as nx
import pytest

from graph.errors import BadInput, DoNotContact, NotFound
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    Company,
    Connection,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    PathRanking,
    Person,
)
from tests.conftest import NOW


def people(service, *ids, dnc=()):
    for pid in ids:
        service.create(Person(id=pid, name=pid.title(), do_not_contact=pid in dnc))


def meetings(service, a, b, n, days_ago=5):
    for k in range(n):
        at = NOW - timedelta(days=days_ago + k)
        service.record_interaction(Interaction(f"{a}-{b}-{k}", InteractionKind.MEETING, at, a, b))
        service.record_interaction(Interaction(f"{b}-{a}-{k}", InteractionKind.CALL, at, b, a))


@pytest.fixture
def rep_world(service):
    """rep -> weak -> target (bare connections) and rep -> ann -> bob -> target (close)."""
    people(service, "rep", "weak", "ann", "bob", "target")
    service.connect(Connection("rep", "weak"))
    service.connect(Connection("weak", "target"))
    for a, b in (("rep", "ann"), ("ann", "bob"), ("bob", "target")):
        service.connect(Connection(a, b))
        meetings(service, a, b, 6)
    return service


def ids(path):
    return [p.id for p in path.people]


def test_strong_three_hop_path_beats_weak_two_hop_path_by_strength(rep_world):
    paths = rep_world.introduction_paths("rep", "target", max_hops=3, limit=5)
    assert [ids(p) for p in paths] == [["rep", "ann", "bob", "target"], ["rep", "weak", "target"]]
    assert paths[0].strength > paths[1].strength
    assert paths[1].strength == pytest.approx(0.3 * 0.3)
    assert paths[0].strength == pytest.approx(
        paths[0].links[0].strength * paths[0].links[1].strength * paths[0].links[2].strength
    )


def test_fewest_hops_first_when_ranking_by_hops(rep_world):
    paths = rep_world.introduction_paths(
        "rep", "target", max_hops=3, limit=5, rank_by=PathRanking.HOPS
    )
    assert [ids(p) for p in paths] == [["rep", "weak", "target"], ["rep", "ann", "bob", "target"]]
    assert [p.hops for p in paths] == [2, 3]


def test_max_hops_bounds_the_paths(rep_world):
    paths = rep_world.introduction_paths("rep", "target", max_hops=2)
    assert [ids(p) for p in paths] == [["rep", "weak", "target"]]


def test_each_link_carries_its_evidence(rep_world):
    first = rep_world.introduction_paths("rep", "target")[0]
    link = first.links[0]
    assert (link.source.id, link.target.id) == ("rep", "ann")
    ev = link.evidence
    assert ev.connected is True
    assert ev.counts == {InteractionKind.MEETING: 6, InteractionKind.CALL: 6}
    assert ev.interactions == 12
    assert ev.last_interaction_at == NOW - timedelta(days=5)


def test_do_not_contact_intermediary_is_routed_around(service):
    people(service, "rep", "dnc", "ok", "target", dnc={"dnc"})
    for a, b in (("rep", "dnc"), ("dnc", "target")):
        service.connect(Connection(a, b))
        meetings(service, a, b, 10)
    service.connect(Connection("rep", "ok"))
    service.connect(Connection("ok", "target"))
    paths = service.introduction_paths("rep", "target", max_hops=4, limit=10)
    assert [ids(p) for p in paths] == [["rep", "ok", "target"]]


def test_do_not_contact_target_is_a_clear_error(service):
    people(service, "rep", "target", dnc={"target"})
    service.connect(Connection("rep", "target"))
    with pytest.raises(DoNotContact, match="target"):
        service.introduction_paths("rep", "target")


def test_paths_to_a_company_reach_current_employees_only(service):
    people(service, "rep", "a", "b", "alumnus", "blocked", dnc={"blocked"})
    service.create(Company(id="acme", name="Acme"))
    service.set_employment(Employment("b", "acme"))
    service.set_employment(Employment("blocked", "acme"))
    service.set_employment(Employment("alumnus", "acme", end=date(2024, 1, 1)))
    for x, y in (("rep", "a"), ("a", "b"), ("rep", "alumnus"), ("rep", "blocked")):
        service.connect(Connection(x, y))
    paths = service.introduction_paths("rep", to_company_id="acme", max_hops=3)
    assert [ids(p) for p in paths] == [["rep", "a", "b"]]


def test_intermediary_advocates_are_flagged(rep_world):
    rep_world.create(Company(id="us", name="Us"))
    rep_world.set_advocacy(Advocacy("bob", "us", AdvocacyLevel.CHAMPION))
    first = rep_world.introduction_paths("rep", "target")[0]
    assert [p.id for p in first.advocates] == ["bob"]


def test_ties_are_broken_by_the_ids_along_the_path(service):
    people(service, "rep", "target", "m2", "m10", "m1")
    for mid in ("m2", "m10", "m1"):
        service.connect(Connection("rep", mid))
        service.connect(Connection(mid, "target"))
    paths = service.introduction_paths("rep", "target", limit=3)
    assert [ids(p)[1] for p in paths] == ["m1", "m10", "m2"]  # string order of ids


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"to_id": "b", "max_hops": 0}, BadInput),
        ({"to_id": "b", "max_hops": 7}, BadInput),
        ({"to_id": "b", "limit": 0}, BadInput),
        ({"to_id": "b", "limit": 1001}, BadInput),
        ({"to_id": "b", "to_company_id": "acme"}, BadInput),
        ({}, BadInput),
        ({"to_id": "a"}, BadInput),
        ({"to_id": "nobody"}, NotFound),
        ({"to_company_id": "b"}, NotFound),  # a person's id is not a company's
    ],
)
def test_bad_path_questions_get_clear_errors(service, kwargs, error):
    people(service, "a", "b")
    service.create(Company(id="acme", name="Acme"))
    with pytest.raises(error):
        service.introduction_paths("a", **kwargs)


def test_unknown_source_is_not_found(service):
    people(service, "b")
    with pytest.raises(NotFound, match="person"):
        service.introduction_paths("ghost", "b")


# -- influence -------------------------------------------------------------------------------


@pytest.fixture
def market(service):
    people(service, *[f"p{i}" for i in range(8)])
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (5, 6)]
    for a, b in pairs:
        service.connect(Connection(f"p{a}", f"p{b}"))
    meetings(service, "p0", "p1", 4)
    service.create(Community(id="g1", name="Guild"))
    for pid in ("p4", "p5", "p6"):
        service.set_membership(Membership(pid, "g1"))
    return service


def test_pagerank_is_networkx_pagerank_on_the_tie_strength_graph(market):
    """The same weighted graph (tie strengths as weights) through networkx and through us."""
    projection = market.store.link_projection()
    g = nx.Graph()
    g.add_nodes_from(projection.person_ids)
    for u, pid in enumerate(projection.person_ids):
        for k in range(int(projection.start[u]), int(projection.start[u] + projection.length[u])):
            other = projection.person_ids[int(projection.nbr[k])]
            g.add_edge(pid, other, weight=float(projection.weight[k]))
    expected = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000)
    scores = {f"p{i}": market.influence(f"p{i}") for i in range(8)}
    assert sum(s.pagerank for s in scores.values()) == pytest.approx(1.0)
    for pid, value in expected.items():
        assert scores[pid].pagerank == pytest.approx(value, rel=1e-8)
    assert scores["p7"].degree == 0 and scores["p0"].degree == 3
    ranks = sorted(s.rank for s in scores.values())
    assert ranks == list(range(1, 9))
    assert scores["p0"].rank == 1 and min(s.score for s in scores.values()) >= 0
    assert max(s.score for s in scores.values()) <= 1


def test_top_influencers_rank_within_a_community(market):
    top = market.top_influencers(limit=10, community_id="g1")
    assert {s.person.id for s in top} == {"p4", "p5", "p6"}
    assert [s.rank for s in top] == [1, 2, 3]
    assert [s.global_rank for s in top] == sorted(s.global_rank for s in top)


def test_a_write_makes_influence_fresh(market):
    before = market.influence("p7")
    for pid in ("p1", "p2", "p3"):
        market.connect(Connection("p7", pid))
    after = market.influence("p7")
    assert after.degree == 3 and after.pagerank > before.pagerank and after.rank < before.rank


def test_advocacy_adds_to_the_score(market):
    before = market.influence("p6").score
    market.create(Company(id="us", name="Us"))
    market.set_advocacy(Advocacy("p6", "us", AdvocacyLevel.CHAMPION))
    assert market.influence("p6").score == pytest.approx(before + 0.2)


# -- advocate density -------------------------------------------------------------------------


def test_advocate_density_around_a_company(service):
    people(service, "e1", "e2", "n1", "n2", "n3", "far", "z-adv")
    service.create(Company(id="acme", name="Acme"))
    service.create(Company(id="us", name="Us"))
    service.create(Company(id="them", name="Them"))
    for pid in ("e1", "e2"):
        service.set_employment(Employment(pid, "acme"))
    for a, b in (("e1", "n1"), ("e2", "n2"), ("n2", "n3"), ("n3", "far"), ("e1", "z-adv")):
        service.connect(Connection(a, b))
    service.set_advocacy(Advocacy("n3", "us"))
    service.set_advocacy(Advocacy("z-adv", "them"))
    service.set_advocacy(Advocacy("e1", "us"))  # a seed: not in its own neighbourhood
    d = service.advocate_density(company_id="acme", hops=2)
    assert (d.reachable, d.advocates) == (4, 2)  # n1, n2, n3, z-adv
    assert d.density == pytest.approx(0.5)
    assert [(r.advocate.id, r.distance, r.seed.id) for r in d.nearest] == [
        ("z-adv", 1, "e1"),
        ("n3", 2, "e2"),
    ]
    only_us = service.advocate_density(company_id="acme", hops=2, for_company_id="us")
    assert (only_us.advocates, [r.advocate.id for r in only_us.nearest]) == (1, ["n3"])


def test_density_is_zero_when_nobody_is_reachable(service):
    people(service, "alone")
    d = service.advocate_density(person_id="alone")
    assert (d.reachable, d.advocates, d.density, d.nearest) == (0, 0, 0.0, ())


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"person_id": "a", "company_id": "acme"},
        {"person_id": "a", "hops": 0},
        {"person_id": "a", "hops": 5},
    ],
)
def test_bad_density_questions_are_bad_input(service, kwargs):
    people(service, "a")
    service.create(Company(id="acme", name="Acme"))
    with pytest.raises(BadInput):
        service.advocate_density(**kwargs)


# -- values are checked before any store sees them (issue 8) ----------------------------------

HUGE = "x" * 200_000
BAD_IDS = [pytest.param(HUGE, id="200KB"), pytest.param("\ud800", id="lone-surrogate")]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_in_reads_are_bad_input(service, bad):
    people(service, "a")
    for call in (
        lambda: service.get(Person, bad),
        lambda: service.get_many(Person, [bad]),
        lambda: service.introduction_paths("a", bad),
        lambda: service.introduction_paths(bad, "a"),
        lambda: service.influence(bad),
        lambda: service.connections(bad),
        lambda: service.interactions(bad),
        lambda: service.employments(person_id=bad),
        lambda: service.delete(Person, bad),
        lambda: service.delete_interaction(bad),
        lambda: service.disconnect("a", bad),
    ):
        with pytest.raises(BadInput) as info:
            call()
        assert len(info.value.message) < 300  # never echoed whole


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_in_writes_store_nothing(service, bad):
    people(service, "a")
    with pytest.raises(BadInput):
        service.create(Person(id=bad, name="Bad"))
    with pytest.raises(BadInput):
        service.connect(Connection("a", bad))
    with pytest.raises(BadInput):
        service.record_interaction(Interaction(bad, InteractionKind.CALL, NOW, "a", "a2"))
    assert set(service.get_many(Person, ["a"])) == {"a"}
    assert service.connections("a") == []
    assert service.interactions("a") == []


@pytest.mark.parametrize(
    "at",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(2200, 1, 1, tzinfo=UTC),
    ],
)
def test_out_of_range_interaction_time_is_bad_input_and_not_stored(service, at):
    people(service, "a", "b")
    service.connect(Connection("a", "b"))
    with pytest.raises(BadInput, match="interaction time"):
        service.record_interaction(Interaction("i1", InteractionKind.MEETING, at, "a", "b"))
    assert service.interactions("a") == []
    assert [ids(p) for p in service.introduction_paths("a", "b")] == [["a", "b"]]
    with pytest.raises(NotFound):
        service.delete_interaction("i1")


def test_negative_deal_amount_is_bad_input_and_not_stored(service):
    service.create(Company(id="acme", name="Acme"))
    with pytest.raises(BadInput, match="deal amount"):
        service.create(Deal(id="d1", name="D", company_id="acme", amount=-1.0))
    assert service.get_many(Deal, ["d1"]) == {}
    service.create(Deal(id="d1", name="D", company_id="acme", amount=0.0))
    with pytest.raises(BadInput, match="deal amount"):
        service.update(Deal, "d1", {"amount": -5.0})
    assert service.get(Deal, "d1").amount == 0.0


def test_a_naive_interaction_time_is_utc(service):
    people(service, "a", "b")
    recorded = service.record_interaction(
        Interaction("i1", InteractionKind.CALL, datetime(2024, 1, 5, 10), "a", "b")
    )
    assert recorded.at == datetime(2024, 1, 5, 10, tzinfo=UTC)
    assert service.interactions("a")[0].at == datetime(2024, 1, 5, 10, tzinfo=UTC)
