"""Export tables equal what GraphQL answers over the same store, and obey the role rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from graph import export
from graph.access.model import Caller
from graph.service import WarmgraphService
from tests.api.conftest import clients_for

from .conftest import ANALYST, REP

pytestmark = pytest.mark.anyio

PATHS = """
query { introductionPaths(fromId: "rep-1", toId: "tina", maxHops: 3, limit: 20) {
  links { from { name } to { name } strength
          evidence { connected interactionCount lastInteractionAt } } } }"""

INFLUENCERS = """
query { topInfluencers(limit: 1000) {
  person { name } score rank pagerank degree advocacy } }"""

DEALS = "query { deals(first: 100) { totalCount edges { node { name amount } } } }"


def acting(service: WarmgraphService, email: str) -> WarmgraphService:
    user = service.store.get_user(email)
    assert user is not None
    return service.acting_as(Caller.of(user))


async def test_links_are_the_path_links_graphql_answers(service, planted, gql) -> None:
    people = export.people(service)
    by_name = dict(zip(people["name"], people["id"], strict=True))
    links = export.links(service).set_index(["a", "b"])
    seen = 0
    for path in (await gql.data(PATHS))["introductionPaths"]:
        for link in path["links"]:
            x, y = by_name[link["from"]["name"]], by_name[link["to"]["name"]]
            row = links.loc[(min(x, y), max(x, y))]
            assert math.isclose(row["strength"], link["strength"], rel_tol=1e-9)
            evidence = link["evidence"]
            assert bool(row["connected"]) == evidence["connected"]
            assert int(row["interactions"]) == evidence["interactionCount"]
            if evidence["lastInteractionAt"] is None:
                assert row["last_interaction"] != row["last_interaction"]  # NaT
            else:
                assert (
                    row["last_interaction"]
                    .isoformat()
                    .startswith(evidence["lastInteractionAt"][:19])
                )
            seen += 1
    assert seen == 7  # via ann, via bob, via cat and dan (never via dnc)


async def test_links_are_every_linked_pair_once_with_the_formula_strength(service, planted) -> None:
    world, _ = planted
    links = export.links(service)
    assert (links["a"] < links["b"]).all()
    assert not links.duplicated(["a", "b"]).any()
    pairs = set(world.connections) | {
        (min(t.actor, t.recipient), max(t.actor, t.recipient)) for t in world.touches
    }
    assert set(zip(links["a"], links["b"], strict=True)) == pairs
    for a, b, strength in zip(links["a"], links["b"], links["strength"], strict=True):
        assert math.isclose(strength, world.strength(a, b), rel_tol=1e-9)
    bob_tina = links.set_index(["a", "b"]).loc[("bob", "tina")]
    assert (bool(bob_tina["connected"]), int(bob_tina["interactions"])) == (True, 6)


async def test_people_and_influence_equal_graphql(service, planted, gql) -> None:
    people = export.people(service)
    influence = export.influence(service)
    answered = (await gql.data(INFLUENCERS))["topInfluencers"]
    assert len(people) == len(influence) == len(answered) == 9
    by_name = dict(zip(people["name"], people["id"], strict=True))
    table = influence.set_index("person_id")
    for score in answered:
        row = table.loc[by_name[score["person"]["name"]]]
        assert int(row["rank"]) == score["rank"]
        assert int(row["degree"]) == score["degree"]
        for column in ("score", "pagerank", "advocacy"):
            assert math.isclose(row[column], score[column], rel_tol=1e-9), column
    assert list(influence["rank"]) == list(range(1, 10))  # most influential first


async def test_each_role_exports_what_it_may_read(service, planted, app) -> None:
    _, tokens = planted
    rep, analyst = acting(service, REP), acting(service, ANALYST)
    # the operator and the analyst see every deal; the rep only their team's
    assert sorted(export.deals(service)["id"]) == ["d-1", "d-2"]
    assert sorted(export.deals(analyst)["id"]) == ["d-1", "d-2"]
    assert list(export.deals(rep)["id"]) == ["d-1"]
    async with clients_for(app, tokens) as make:
        for role, caller in (("rep", rep), ("analyst", analyst)):
            answered = (await make(role).data(DEALS))["deals"]
            exported = export.deals(caller)
            assert len(exported) == answered["totalCount"]
            assert sorted(exported["name"]) == sorted(e["node"]["name"] for e in answered["edges"])
    # do-not-contact people's contact details: only an admin's export has them
    for who, email in ((service, "dnc@example.com"), (rep, None), (analyst, None)):
        dnc = export.people(who).set_index("id").loc["dnc"]
        assert (None if pd.isna(dnc["email"]) else dnc["email"]) == email
        assert bool(dnc["do_not_contact"])
    # everybody else keeps theirs; links and influence are the same for every role
    assert export.people(rep).set_index("id").loc["ann", "email"] == "ann@example.com"
    assert export.links(rep).equals(export.links(analyst))
