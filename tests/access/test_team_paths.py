"""Me and my team: paths from the caller's own person by default, and ``fromTeam`` pooling the
networks of every teammate who shares theirs, ranked exactly as one source's paths are."""

from __future__ import annotations

import pytest

from graph.errors import BadInput, NotFound
from graph.model import Connection, PathRanking, Person
from graph.queries import PathQuery


def starts(paths):
    return [(p.teammate, p.people[0].id) for p in paths]


def test_without_a_source_paths_start_from_the_callers_person(team):
    paths = team["rep"].introduction_paths(to_id="buyer")
    assert [[p.id for p in path.people] for path in paths] == [["p-rep", "mid", "buyer"]]
    assert paths[0].teammate == "rep@team.example"


def test_a_caller_with_no_person_must_name_a_source(team):
    with pytest.raises(BadInput, match="linked to no person"):
        team["analyst"].introduction_paths(to_id="buyer")


def test_from_team_pools_teammates_who_share_and_leaves_out_who_opted_out(team):
    paths = team["rep"].introduction_paths(to_id="buyer", from_team=True, limit=10)
    assert set(starts(paths)) == {("rep@team.example", "p-rep"), ("mate@team.example", "p-mate")}
    # mate knows buyer directly: the strongest path is theirs
    assert starts(paths)[0] == ("mate@team.example", "p-mate")


def test_the_manager_pools_the_team_the_same_way(team):
    paths = team["mgr"].introduction_paths(to_id="buyer", from_team=True, limit=10)
    assert {e for e, _ in starts(paths)} == {"rep@team.example", "mate@team.example"}


@pytest.mark.parametrize("rank_by", list(PathRanking))
@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_pooled_ranking_is_the_merge_of_each_teammates_own_ranking(team, rank_by, limit):
    """Brute force: every pooled source's full answer from the store, merged by the
    documented ranking, cut at ``limit``."""
    operator = team["operator"]
    operator.connect(Connection("p-mate", "mid"))
    operator.create(Person("far", "Far"))
    operator.connect(Connection("far", "buyer"))
    operator.connect(Connection("p-rep", "far"))
    got = team["rep"].introduction_paths(
        to_id="buyer", from_team=True, limit=limit, rank_by=rank_by, max_hops=3
    )
    everything = []
    for email, pid in (("rep@team.example", "p-rep"), ("mate@team.example", "p-mate")):
        raw = operator.store.introduction_paths(PathQuery(pid, "buyer", None, 3, 1000, rank_by))
        everything += [(email, r) for r in raw]
    if rank_by is PathRanking.HOPS:
        everything.sort(key=lambda e: (e[1].hops, -e[1].strength, e[1].people))
    else:
        everything.sort(key=lambda e: (-e[1].strength, e[1].hops, e[1].people))
    expected = [(email, r.people) for email, r in everything[:limit]]
    assert [(p.teammate, tuple(x.id for x in p.people)) for p in got] == expected


def test_from_team_and_a_source_together_are_refused(team):
    with pytest.raises(BadInput, match="not both"):
        team["rep"].introduction_paths("p-rep", to_id="buyer", from_team=True)


def test_turning_team_link_off_takes_a_network_out_of_the_pool_at_once(team):
    team["mate"].users.set_team_link(False)
    rep = team["operator"].acting_as(team["rep"].caller)  # a fresh request
    paths = rep.introduction_paths(to_id="buyer", from_team=True, limit=10)
    assert {e for e, _ in starts(paths)} == {"rep@team.example"}
    with pytest.raises(NotFound):
        rep.introduction_paths("p-mate", to_id="buyer")


def test_a_teammate_who_is_the_target_is_skipped_not_an_error(team):
    paths = team["rep"].introduction_paths(to_id="p-mate", from_team=True, limit=10)
    assert all(p.people[0].id != "p-mate" for p in paths)
