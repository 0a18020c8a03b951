"""What a rep or an analyst reads from the API, over a hand-built world written by mutations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.conftest import NOW

pytestmark = pytest.mark.anyio

PATHS = """
query ($from: ID!, $to: ID, $company: ID, $hops: Int, $limit: Int, $rank: PathRanking) {
  introductionPaths(fromId: $from, toId: $to, toCompanyId: $company, maxHops: $hops,
                    limit: $limit, rankBy: $rank) {
    hops strength
    people { id name }
    advocates { id }
    links {
      from { id } to { id } strength
      evidence {
        connected connectedSince origin interactionCount
        interactions { kind count }
        lastInteractionAt fromToCount toFromCount
      }
    }
  }
}"""


def chain(path) -> list[str]:
    return [p["id"] for p in path["people"]]


async def test_paths_come_strongest_first_with_their_evidence(gql, world):
    data = await gql.data(PATHS, **{"from": "rep-1", "to": "tina"})
    paths = data["introductionPaths"]
    assert [chain(p) for p in paths] == [
        ["rep-1", "cat", "dan", "tina"],
        ["rep-1", "bob", "tina"],
        ["rep-1", "ann", "tina"],
    ]  # dnc's strong links are never used: they asked not to be contacted
    for path in paths:
        assert path["hops"] == len(path["links"]) == len(path["people"]) - 1
        expected = 1.0
        hops = list(zip(chain(path), chain(path)[1:], strict=False))
        for link, (a, b) in zip(path["links"], hops, strict=True):
            assert (link["from"]["id"], link["to"]["id"]) == (a, b)
            assert link["strength"] == pytest.approx(world.strength(a, b), rel=1e-9)
            expected *= link["strength"]
        assert path["strength"] == pytest.approx(expected, rel=1e-12)
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)

    ann_path = paths[2]
    assert [a["id"] for a in ann_path["advocates"]] == ["ann"]
    assert [a["id"] for a in paths[1]["advocates"]] == ["bob"]
    assert paths[0]["advocates"] == []
    first, second = ann_path["links"]
    assert first["evidence"] == {
        "connected": True,
        "connectedSince": "2021-03-04",
        "origin": "LINKEDIN",
        "interactionCount": 3,
        "interactions": [{"kind": "MEETING", "count": 2}, {"kind": "EMAIL", "count": 1}],
        "lastInteractionAt": first["evidence"]["lastInteractionAt"],
        "fromToCount": 2,
        "toFromCount": 1,
    }
    assert datetime.fromisoformat(first["evidence"]["lastInteractionAt"]) == NOW - timedelta(days=1)
    assert second["strength"] == pytest.approx(0.3)
    assert second["evidence"]["interactionCount"] == 0
    assert second["evidence"]["interactions"] == []
    assert second["evidence"]["lastInteractionAt"] is None
    assert second["evidence"]["origin"] == "MANUAL"


async def test_evidence_counts_follow_the_direction_of_the_link(gql, world):
    paths = (await gql.data(PATHS, **{"from": "tina", "to": "rep-1"}))["introductionPaths"]
    via_ann = next(p for p in paths if chain(p) == ["tina", "ann", "rep-1"])
    last = via_ann["links"][1]["evidence"]  # ann -> rep-1: ann wrote once, rep-1 met twice
    assert (last["fromToCount"], last["toFromCount"]) == (1, 2)


async def test_ranking_by_hops_puts_short_paths_first(gql, world):
    data = await gql.data(PATHS, **{"from": "rep-1", "to": "tina", "rank": "HOPS"})
    assert [chain(p) for p in data["introductionPaths"]] == [
        ["rep-1", "bob", "tina"],
        ["rep-1", "ann", "tina"],
        ["rep-1", "cat", "dan", "tina"],
    ]
    limited = await gql.data(PATHS, **{"from": "rep-1", "to": "tina", "hops": 2, "limit": 1})
    assert [chain(p) for p in limited["introductionPaths"]] == [["rep-1", "bob", "tina"]]


async def test_paths_to_a_company_end_at_its_current_employees(gql, world):
    data = await gql.data(PATHS, **{"from": "rep-1", "company": "acme"})
    ends = {chain(p)[-1] for p in data["introductionPaths"]}
    assert ends == {"tina"}  # dan left acme in 2021


async def test_nodes_and_their_relationships(gql, world):
    data = await gql.data(
        """{
          person(id: "tina") {
            id name title email doNotContact tags isAdvocate
            currentCompany { id name }
            employments { company { id } title start end current }
            memberships { community { id name kind } role }
            connections { a { id } b { id } origin }
            interactions(limit: 2) { kind at actor { id } recipient { id } }
            influence { rank }
          }
          company(id: "acme") {
            name domain
            currentEmployees { id }
            advocates { person { id } level since }
            deals { id name stage outcome amount createdAt owner { id } company { id } }
          }
          community(id: "guild") { name kind members { person { id } } }
          deal(id: "d-1") { name outcome company { name } owner { name } }
        }"""
    )
    tina = data["person"]
    assert tina["name"] == "Tina Target" and tina["email"] == "tina@example.com"
    assert tina["isAdvocate"] is False and tina["doNotContact"] is False
    assert tina["currentCompany"] == {"id": "acme", "name": "Acme Corp"}
    assert tina["employments"] == [
        {
            "company": {"id": "acme"},
            "title": "Head of Data",
            "start": "2022-01-01",
            "end": None,
            "current": True,
        }
    ]
    assert tina["memberships"] == [
        {"community": {"id": "guild", "name": "Data Guild", "kind": "FORUM"}, "role": "member"}
    ]
    assert {(c["a"]["id"], c["b"]["id"]) for c in tina["connections"]} == {
        ("ann", "tina"),
        ("bob", "tina"),
        ("dan", "tina"),
        ("dnc", "tina"),
    }
    assert len(tina["interactions"]) == 2
    times = [datetime.fromisoformat(i["at"]) for i in tina["interactions"]]
    assert times == sorted(times, reverse=True)
    assert tina["influence"]["rank"] >= 1

    acme = data["company"]
    assert acme["currentEmployees"] == [{"id": "tina"}]
    assert acme["advocates"] == [
        {"person": {"id": "bob"}, "level": "PROMOTER", "since": "2024-02-02"}
    ]
    assert acme["deals"] == [
        {
            "id": "d-1",
            "name": "Acme platform",
            "stage": "PROPOSAL",
            "outcome": "OPEN",
            "amount": 120000.0,
            "createdAt": "2026-09-01",
            "owner": {"id": "rep-1"},
            "company": {"id": "acme"},
        }
    ]
    assert {m["person"]["id"] for m in data["community"]["members"]} == {"ann", "bob", "tina"}
    assert data["deal"] == {
        "name": "Acme platform",
        "outcome": "OPEN",
        "company": {"name": "Acme Corp"},
        "owner": {"name": "Rita Rep"},
    }


async def test_search_people(gql, world):
    data = await gql.data('{ searchPeople(query: "ti", first: 5) { edges { node { id } } } }')
    assert data["searchPeople"]["edges"][0]["node"]["id"] == "tina"
    rep = await gql.data('{ searchPeople(query: "REP-1") { edges { node { id name } } } }')
    assert rep["searchPeople"]["edges"][0]["node"] == {"id": "rep-1", "name": "Rita Rep"}


async def test_influence_ranks_are_consistent(gql, world):
    data = await gql.data(
        """{ topInfluencers(limit: 50) {
               rank globalRank score pagerank degree advocacy person { id } } }"""
    )
    top = data["topInfluencers"]
    assert len(top) == len(set(t["person"]["id"] for t in top)) == 9
    assert [t["rank"] for t in top] == list(range(1, 10))
    assert [t["globalRank"] for t in top] == list(range(1, 10))
    scores = [t["score"] for t in top]
    assert scores == sorted(scores, reverse=True)
    assert sum(t["pagerank"] for t in top) == pytest.approx(1.0)
    by_id = {t["person"]["id"]: t for t in top}
    assert by_id["rep-1"]["degree"] == 4 and by_id["tina"]["degree"] == 4
    assert by_id["007"]["degree"] == 1
    assert by_id["ann"]["advocacy"] == pytest.approx(1.0)
    assert by_id["bob"]["advocacy"] == pytest.approx(1 / 3)
    assert by_id["cat"]["advocacy"] == 0.0
    # the hub reps talk to most, and a well-connected target, lead the table
    assert {top[0]["person"]["id"], top[1]["person"]["id"]} == {"rep-1", "tina"}

    one = await gql.data('{ influence(personId: "ann") { rank globalRank score person { name } } }')
    assert one["influence"]["globalRank"] == by_id["ann"]["globalRank"]
    assert one["influence"]["rank"] == by_id["ann"]["rank"]
    assert one["influence"]["score"] == pytest.approx(by_id["ann"]["score"])

    guild = await gql.data(
        '{ topInfluencers(communityId: "guild") { rank globalRank person { id } } }'
    )
    members = guild["topInfluencers"]
    assert {m["person"]["id"] for m in members} == {"ann", "bob", "tina"}
    assert [m["rank"] for m in members] == [1, 2, 3]
    assert [m["globalRank"] for m in members] == sorted(
        by_id[m["person"]["id"]]["globalRank"] for m in members
    )
    acme = await gql.data('{ topInfluencers(companyId: "acme") { rank person { id } } }')
    assert acme["topInfluencers"] == [{"rank": 1, "person": {"id": "tina"}}]


async def test_advocate_density(gql, world):
    query = """
    query ($person: ID, $company: ID, $community: ID, $hops: Int, $for: ID) {
      advocateDensity(personId: $person, companyId: $company, communityId: $community,
                      hops: $hops, forCompanyId: $for) {
        reachable advocates density
        nearest { advocate { id } distance seed { id } }
      }
    }"""
    around_rep = (await gql.data(query, person="rep-1", hops=1))["advocateDensity"]
    # within one link of rep-1: ann, bob, cat, dnc; ann and bob advocate
    assert (around_rep["reachable"], around_rep["advocates"]) == (4, 2)
    assert around_rep["density"] == pytest.approx(0.5)
    assert [
        (n["advocate"]["id"], n["distance"], n["seed"]["id"]) for n in around_rep["nearest"]
    ] == [("ann", 1, "rep-1"), ("bob", 1, "rep-1")]

    for_us = (await gql.data(query, person="rep-1", hops=1, **{"for": "us"}))["advocateDensity"]
    assert (for_us["reachable"], for_us["advocates"]) == (4, 1)
    assert for_us["density"] == pytest.approx(0.25)

    acme = (await gql.data(query, company="acme", hops=2))["advocateDensity"]
    # tina's world: ann, bob, dan, dnc at 1; rep-1, cat at 2
    assert (acme["reachable"], acme["advocates"]) == (6, 2)
    assert [(n["advocate"]["id"], n["distance"]) for n in acme["nearest"]] == [
        ("ann", 1),
        ("bob", 1),
    ]
    lonely = (await gql.data(query, person="7", hops=2))["advocateDensity"]
    assert lonely == {"reachable": 1, "advocates": 0, "density": 0.0, "nearest": []}


async def test_leading_zeros_and_shared_ids_stay_distinct(gql, world):
    data = await gql.data(
        """{
          bond: person(id: "007") { id name currentCompany { id name } }
          seven: person(id: 7) { id name }
          exports: company(id: "007") { id name currentEmployees { id } }
          search: searchPeople(query: "007") { edges { node { id } } }
        }"""
    )
    assert data["bond"] == {
        "id": "007",
        "name": "James Bond",
        "currentCompany": {"id": "007", "name": "Universal Exports"},
    }
    assert data["seven"] == {"id": "7", "name": "Seven Of Nine"}
    assert data["exports"] == {
        "id": "007",
        "name": "Universal Exports",
        "currentEmployees": [{"id": "007"}],
    }
    assert data["search"]["edges"][0]["node"] == {"id": "007"}
    paths = await gql.data(PATHS, **{"from": "007", "to": "7"})
    assert [chain(p) for p in paths["introductionPaths"]] == [["007", "7"]]
    missing = await gql.error('{ person(id: "07") { id } }')
    assert missing["extensions"]["code"] == "NOT_FOUND"


async def test_mutations_return_what_they_wrote(gql, world):
    data = await gql.data(
        """mutation {
          updatePerson(id: "cat", input: {title: "Staff Engineer", tags: ["python", "ml"],
                                           email: null}) {
            id name title email tags
          }
          recordInteraction(input: {kind: LIKE, actorId: "cat", recipientId: "ann",
                                    at: "2026-10-30T12:00:00"}) {
            id kind at actor { id } recipient { id } community { id }
          }
          updateDeal(id: "d-1", input: {stage: CLOSED_WON, closedAt: "2026-10-15"}) {
            stage outcome closedAt amount
          }
        }"""
    )
    assert data["updatePerson"] == {
        "id": "cat",
        "name": "Cat Chen",
        "title": "Staff Engineer",
        "email": None,
        "tags": ["python", "ml"],
    }
    recorded = data["recordInteraction"]
    assert len(recorded["id"]) == 32 and int(recorded["id"], 16) >= 0  # a uuid4 hex
    assert datetime.fromisoformat(recorded["at"]) == datetime.fromisoformat(
        "2026-10-30T12:00:00+00:00"
    )
    assert recorded["community"] is None
    assert data["updateDeal"] == {
        "stage": "CLOSED_WON",
        "outcome": "WON",
        "closedAt": "2026-10-15",
        "amount": 120000.0,
    }

    again = await gql.data('{ person(id: "cat") { title email tags } }')
    assert again["person"] == {"title": "Staff Engineer", "email": None, "tags": ["python", "ml"]}

    removed = await gql.data(
        """mutation {
          removeAdvocacy(personId: "bob", companyId: "acme") { fromId toId removed }
          removeMembership(personId: "bob", communityId: "guild") { removed }
          removeEmployment(personId: "tina", companyId: "acme") { removed }
          disconnectPeople(a: "tina", b: "ann") { fromId toId removed }
        }"""
    )
    assert removed["removeAdvocacy"] == {"fromId": "bob", "toId": "acme", "removed": True}
    assert removed["disconnectPeople"] == {"fromId": "tina", "toId": "ann", "removed": True}
    after = await gql.data(
        """{ person(id: "bob") { isAdvocate memberships { role } }
             company(id: "acme") { currentEmployees { id } } }"""
    )
    assert after == {
        "person": {"isAdvocate": False, "memberships": []},
        "company": {"currentEmployees": []},
    }
    paths = await gql.data(PATHS, **{"from": "rep-1", "to": "tina"})
    assert ["rep-1", "ann", "tina"] not in [chain(p) for p in paths["introductionPaths"]]


async def test_delete_person_removes_them_from_paths(gql, world):
    deleted = await gql.data('mutation { deletePerson(id: "bob") { id deleted } }')
    assert deleted["deletePerson"] == {"id": "bob", "deleted": True}
    paths = (await gql.data(PATHS, **{"from": "rep-1", "to": "tina"}))["introductionPaths"]
    assert [chain(p) for p in paths] == [["rep-1", "cat", "dan", "tina"], ["rep-1", "ann", "tina"]]
    gone = await gql.error('{ person(id: "bob") { id } }')
    assert gone["extensions"]["code"] == "NOT_FOUND" and gone["data"] == {"person": None}
    acme = await gql.data('{ company(id: "acme") { advocates { person { id } } } }')
    assert acme["company"]["advocates"] == []
    guild = await gql.data('{ community(id: "guild") { members { person { id } } } }')
    assert {m["person"]["id"] for m in guild["community"]["members"]} == {"ann", "tina"}
    top = await gql.data("{ topInfluencers(limit: 50) { person { id } } }")
    assert "bob" not in {t["person"]["id"] for t in top["topInfluencers"]}


async def test_deleting_other_kinds(gql, world):
    data = await gql.data(
        """mutation {
          deleteDeal(id: "d-1") { id deleted }
          deleteCommunity(id: "guild") { id deleted }
          deleteCompany(id: "us") { id deleted }
        }"""
    )
    assert data == {
        "deleteDeal": {"id": "d-1", "deleted": True},
        "deleteCommunity": {"id": "guild", "deleted": True},
        "deleteCompany": {"id": "us", "deleted": True},
    }
    after = await gql.data(
        '{ person(id: "ann") { isAdvocate memberships { role } } '
        'p: person(id: "rep-1") { currentCompany { id } } }'
    )
    assert after == {
        "person": {"isAdvocate": False, "memberships": []},
        "p": {"currentCompany": None},
    }


async def test_connect_defaults_and_update_company(gql, world):
    data = await gql.data(
        """mutation {
          connectPeople(a: "dan", b: "ann", since: "2025-05-05") {
            a { id } b { id } since origin }
          updateCompany(id: "acme", input: {employees: 250, industry: "Software"}) {
            name domain industry employees }
          updateCommunity(id: "guild", input: {url: "https://guild.example"}) { kind url }
        }"""
    )
    assert data["connectPeople"] == {
        "a": {"id": "ann"},
        "b": {"id": "dan"},
        "since": "2025-05-05",
        "origin": "MANUAL",
    }
    assert data["updateCompany"] == {
        "name": "Acme Corp",
        "domain": "acme.example",
        "industry": "Software",
        "employees": 250,
    }
    assert data["updateCommunity"] == {"kind": "FORUM", "url": "https://guild.example"}
    assert date.fromisoformat(data["connectPeople"]["since"]) == date(2025, 5, 5)


async def test_nested_lists_are_batched_not_one_call_per_item(gql, world, service, monkeypatch):
    calls: list[tuple[str, int]] = []
    real_get_many = service.get_many

    def counting(kind, ids):
        calls.append((kind.__name__, len(ids)))
        return real_get_many(kind, ids)

    monkeypatch.setattr(service, "get_many", counting)
    data = await gql.data(
        """{ topInfluencers(limit: 50) {
               person { id currentCompany { name } advocacy { company { name } }
                        memberships { community { name } } } } }"""
    )
    assert len(data["topInfluencers"]) == 9
    by_kind: dict[str, list[int]] = {}
    for kind, n in calls:
        by_kind.setdefault(kind, []).append(n)
    # Batched, however many people are listed: one lookup per kind and nesting level (the
    # employers and the advocated companies may share a batch or take one each); one per
    # item would be five company lookups (tina, rep-1, 007, ann and bob have one).
    assert set(by_kind) == {"Company", "Community"}
    assert len(by_kind["Company"]) <= 2 and sum(by_kind["Company"]) == 3  # each id once
    assert by_kind["Community"] == [1]
