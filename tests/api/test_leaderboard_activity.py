"""``leaderboard`` and ``activity`` over HTTP, on every store: the planted world's exact
counts as a front end reads them, team refusals, pages walked to the end, clear codes for
bad arguments, and a description on every element these add to the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.service import WarmgraphService
from graph.strength import StrengthModel
from tests.conftest import open_test_store
from tests.graph.test_activity import plant_activity
from tests.graph.test_leaderboard import AT, plant

from .conftest import GQL, bearer

pytestmark = pytest.mark.anyio

METRIC = "{ value previous change }"
LEADERBOARD = f"""
query ($period: LeaderboardPeriod, $team: ID) {{
  leaderboard(period: $period, teamId: $team) {{
    period start end previousStart asOf teamId
    entries {{ rank score previousScore team person {{ localId }}
      newConnections {METRIC} newStrongTies {METRIC} advocatesReached {METRIC}
      introductionsMade {METRIC} interactions {METRIC} }}
  }}
}}
"""
ACTIVITY = """
query ($person: ID, $company: ID, $community: ID, $since: DateTime, $first: Int,
       $after: String) {
  activity(personId: $person, companyId: $company, communityId: $community, since: $since,
           first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind at summary interactionKind stageFrom stageTo title
      person { localId } other { localId } company { localId } deal { localId } } }
  }
}
"""


@pytest.fixture
def service(settings: Any, request: pytest.FixtureRequest, store_kind: str) -> Iterator[Any]:
    """The planted world, with "now" at AT (the leaderboard's current week: 13-20 July)."""
    store = open_test_store(store_kind, request, settings.db_path, settings.strength_model())
    service = WarmgraphService(store)
    service.strength_model = StrengthModel(now=AT)
    plant_activity(plant(service))
    yield service
    store.close()


def client_as(service: WarmgraphService, email: str) -> GQL:
    token = service.users.rotate(email)[1]
    transport = httpx.ASGITransport(app=create_app(service))
    return GQL(httpx.AsyncClient(transport=transport, base_url="http://t", headers=bearer(token)))


async def test_the_week_s_leaderboard_with_changes(gql: GQL) -> None:
    board = (await gql.data(LEADERBOARD))["leaderboard"]
    assert board["period"] == "WEEK"
    assert (board["start"], board["end"], board["previousStart"]) == (
        "2026-07-13T00:00:00+00:00",
        "2026-07-20T00:00:00+00:00",
        "2026-07-06T00:00:00+00:00",
    )
    entries = board["entries"]
    assert [(e["person"]["localId"], e["rank"], e["score"]) for e in entries] == [
        ("ann", 1, 30),
        ("bob", 2, 6),
        ("cat", 3, 1),
        ("dee", 3, 1),
    ]
    ann = entries[0]
    assert ann["previousScore"] == 5 + 2 + 9
    assert ann["newConnections"] == {"value": 2, "previous": 1, "change": 1}
    assert ann["newStrongTies"] == {"value": 2, "previous": 1, "change": 1}
    assert ann["advocatesReached"] == {"value": 1, "previous": 0, "change": 1}
    assert ann["introductionsMade"] == {"value": 1, "previous": 0, "change": 1}
    assert ann["interactions"] == {"value": 10, "previous": 9, "change": 1}
    red = (await gql.data(LEADERBOARD, team="red", period="QUARTER"))["leaderboard"]
    assert [e["person"]["localId"] for e in red["entries"]] == ["cat", "dee"]
    assert red["start"] == "2026-07-01T00:00:00+00:00"


async def test_a_rep_gets_their_team_and_not_another(service: WarmgraphService) -> None:
    async with client_as(service, "ann@t.example").client as client:
        rep = GQL(client)
        board = (await rep.data(LEADERBOARD))["leaderboard"]
        assert [e["person"]["localId"] for e in board["entries"]] == ["ann", "bob"]
        error = await rep.error(LEADERBOARD, team="red")
        assert error["extensions"]["code"] == "NOT_FOUND" and error["data"] is None
        # and a rep's activity stream shows no other team's deal
        data = await rep.data(ACTIVITY, company="acme", first=100)
        deals = {
            e["node"]["deal"]["localId"] for e in data["activity"]["edges"] if e["node"]["deal"]
        }
        assert deals == {"d-blue"}


async def test_activity_pages_walk_the_stream_once(gql: GQL) -> None:
    whole = (await gql.data(ACTIVITY, company="acme", first=100))["activity"]
    kinds = {e["node"]["kind"] for e in whole["edges"]}
    assert kinds == {"INTERACTION", "NEW_CONNECTION", "JOB_STARTED", "JOB_ENDED",
                     "DEAL_STAGE_CHANGED"}  # fmt: skip
    cursors: list[str] = []
    after = None
    while True:
        page = (await gql.data(ACTIVITY, company="acme", first=3, after=after))["activity"]
        assert page["totalCount"] == whole["totalCount"]
        cursors += [e["cursor"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert cursors == [e["cursor"] for e in whole["edges"]]
    started = next(e["node"] for e in whole["edges"] if e["node"]["kind"] == "JOB_STARTED")
    assert started == {
        "kind": "JOB_STARTED", "at": "2026-07-14T00:00:00+00:00",
        "summary": "X1 started at Acme as CTO", "interactionKind": None, "stageFrom": None,
        "stageTo": None, "title": "CTO", "person": {"localId": "x1"}, "other": None,
        "company": {"localId": "acme"}, "deal": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({}, "BAD_INPUT"),
        ({"person": "ann", "company": "acme"}, "BAD_INPUT"),
        ({"person": "ann", "first": 0}, "BAD_INPUT"),
        ({"person": "ann", "first": 101}, "BAD_INPUT"),
        ({"person": "ann", "after": "garbage"}, "BAD_INPUT"),
        ({"person": "nobody"}, "NOT_FOUND"),
    ],
)
async def test_bad_activity_arguments_are_refused(
    gql: GQL, variables: dict[str, Any], code: str
) -> None:
    error = await gql.error(ACTIVITY, **variables)
    assert error["extensions"]["code"] == code and error["data"] is None


DESCRIBED = """
{ __schema { types { name description
  fields { name description args { name description } }
  enumValues { name description } } } }
"""
OURS = {
    "Leaderboard", "LeaderboardEntry", "LeaderboardMetric", "LeaderboardPeriod",
    "ActivityConnection", "ActivityEdge", "ActivityEvent", "ActivityKind",
}  # fmt: skip


async def test_every_element_added_has_a_description(gql: GQL) -> None:
    # posted directly: other descriptions name source files, which the leak check refuses
    response = await gql.client.post("/graphql", json={"query": DESCRIBED})
    types = {t["name"]: t for t in response.json()["data"]["__schema"]["types"]}
    for name in OURS:
        t = types[name]
        assert t["description"], name
        for element in (t["fields"] or []) + (t["enumValues"] or []):
            assert element["description"], f"{name}.{element['name']}"
    query = {f["name"]: f for f in types["Query"]["fields"]}
    for field in ("leaderboard", "activity"):
        assert query[field]["description"]
        assert all(a["description"] for a in query[field]["args"]), field
