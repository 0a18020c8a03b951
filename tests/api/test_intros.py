"""Introduction requests through GraphQL over the real ASGI app, on every backend: the
whole way from a path to a won deal, every guard rail, who may move which step, lists,
``openRequests``, expiry, events, and two reps racing for one target."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.access.model import Caller, Role
from graph.errors import Conflict
from graph.events import Event
from graph.model import Company, Connection, Deal, DealStage, Employment, Person
from graph.service import WarmgraphService
from tests.api.conftest import GQL, clients_for

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

PEOPLE = ["rita", "sam", "carl", "tom", "dora", "nora", "mia", "ana", "otto", "ted"]
LINKS = [
    ("rita", "carl"),
    ("carl", "tom"),
    ("sam", "dora"),
    ("dora", "tom"),
    ("rita", "nora"),
    ("nora", "tom"),
    ("carl", "ted"),
    ("otto", "carl"),
]
USERS = {  # name: (role, team)
    "rita": ("rep", "east"),
    "sam": ("rep", "east"),
    "mia": ("manager", "east"),
    "carl": ("rep", "partners"),
    "ana": ("analyst", "east"),
    "otto": ("rep", "west"),
}

FIELDS = """id status note responseNote createdAt meetingAt
  requester { email } connector { localId } target { localId } path { localId }
  history { status at by } deal { localId }"""
REQUEST = f"""mutation($path: [ID!]!, $note: String) {{
  requestIntroduction(input: {{path: $path, note: $note}}) {{ {FIELDS} }} }}"""
RESPOND = f"""mutation($id: ID!, $accept: Boolean!, $note: String) {{
  respondToIntroduction(id: $id, accept: $accept, note: $note) {{ {FIELDS} }} }}"""
TARGET = f"""mutation($id: ID!, $accept: Boolean!) {{
  recordTargetResponse(id: $id, accept: $accept) {{ {FIELDS} }} }}"""
INTRODUCED = f"mutation($id: ID!) {{ markIntroduced(id: $id) {{ {FIELDS} }} }}"
MEETING = (
    f"""mutation($id: ID!, $at: DateTime) {{ recordMeeting(id: $id, at: $at) {{ {FIELDS} }} }}"""
)
LINK = f"""mutation($id: ID!, $deal: ID!) {{ linkDeal(id: $id, dealId: $deal) {{ {FIELDS} }} }}"""
WITHDRAW = f"mutation($id: ID!) {{ withdrawIntroduction(id: $id) {{ {FIELDS} }} }}"
ONE = f"query($id: ID!) {{ introRequest(id: $id) {{ {FIELDS} }} }}"
LIST = """query($status: IntroStatus, $role: IntroRole, $first: Int, $after: String) {
  introRequests(status: $status, role: $role, first: $first, after: $after) {
    edges { cursor node { id status target { localId } } } pageInfo { hasNextPage endCursor }
    totalCount } }"""
CAPACITY = "mutation($p: ID!, $c: Int) { setIntroCapacity(personId: $p, capacity: $c) }"


class World:
    def __init__(self, service: WarmgraphService) -> None:
        self.service = service
        self.now = T0
        self.events: list[Event] = []
        service.events.subscribe(self.events.append)
        service.intro_clock = lambda: self.now  # type: ignore[method-assign]
        for pid in PEOPLE:
            service.create(Person(pid, pid.title(), do_not_contact=pid == "nora"))
        service.create(Company("globex", "Globex"))
        service.set_employment(Employment("tom", "globex", "CTO"))
        for a, b in LINKS:
            service.connect(Connection(min(a, b), max(a, b)))
        service.create(Deal("d1", "Globex pilot", "globex", owner_id="rita"))
        self.tokens = {
            name: service.users.add(f"{name}@acme.example", role, name, team)[1]
            for name, (role, team) in USERS.items()
        }

    def statuses(self, request_id: str) -> list[str]:
        found = self.service.store.get_intro_requests([request_id])[request_id]
        return [e.status.name for e in found.history]


@pytest.fixture
def world(service: WarmgraphService) -> World:
    return World(service)


@pytest.fixture
async def as_user(app: Any, world: World) -> AsyncIterator[Callable[[str], GQL]]:
    async with clients_for(app, world.tokens) as make:
        yield make


async def ask(gql: GQL, path: list[str], note: str | None = None) -> dict[str, Any]:
    data = await gql.data(REQUEST, path=path, note=note)
    return dict(data["requestIntroduction"])


async def test_from_a_path_to_a_won_deal(world: World, as_user: Callable[[str], GQL]) -> None:
    rita, carl = as_user("rita"), as_user("carl")
    asked = await ask(rita, ["rita", "carl", "tom"], "we met at the summit")
    assert asked["status"] == "REQUESTED"
    assert asked["requester"] == {"email": "rita@acme.example"}
    assert asked["connector"] == {"localId": "carl"} and asked["target"] == {"localId": "tom"}
    assert [p["localId"] for p in asked["path"]] == ["rita", "carl", "tom"]
    assert asked["note"] == "we met at the summit" and asked["deal"] is None
    id = asked["id"]

    world.now = T0 + timedelta(hours=2)
    got = (await carl.data(RESPOND, id=id, accept=True, note="sure"))["respondToIntroduction"]
    assert got["status"] == "ACCEPTED" and got["responseNote"] == "sure"
    assert got["history"][-1] == {
        "status": "ACCEPTED",
        "at": "2026-11-02T11:00:00+00:00",
        "by": "carl@acme.example",
    }
    got = (await rita.data(TARGET, id=id, accept=True))["recordTargetResponse"]
    assert got["status"] == "TARGET_ACCEPTED"
    got = (await carl.data(INTRODUCED, id=id))["markIntroduced"]
    assert got["status"] == "INTRODUCED"
    met = "2026-11-05T15:30:00+00:00"
    got = (await rita.data(MEETING, id=id, at=met))["recordMeeting"]
    assert got["status"] == "MEETING_HELD" and got["meetingAt"] == met
    got = (await rita.data(LINK, id=id, deal="d1"))["linkDeal"]
    assert got["status"] == "MEETING_HELD" and got["deal"] == {"localId": "d1"}

    # the deal closes: the request follows it when next read
    world.service.update(Deal, "d1", {"stage": DealStage.CLOSED_WON})
    got = (await rita.data(ONE, id=id))["introRequest"]
    assert got["status"] == "WON"
    assert [(h["status"], h["by"]) for h in got["history"]] == [
        ("REQUESTED", "rita@acme.example"),
        ("ACCEPTED", "carl@acme.example"),
        ("TARGET_ACCEPTED", "rita@acme.example"),
        ("INTRODUCED", "carl@acme.example"),
        ("MEETING_HELD", "rita@acme.example"),
        ("WON", "system"),
    ]
    assert [e.type for e in world.events] == [
        "intro.requested",
        "intro.accepted",
        "intro.target_accepted",
        "intro.introduced",
        "intro.meeting_held",
        "intro.won",
    ]
    last = world.events[-1].payload
    assert last["id"] == id and last["status"] == "WON" and last["by"] == "system"
    assert last["path"] == ["rita", "carl", "tom"] and last["connector"] == "carl"
    outcomes = world.service.store.ask_outcomes()
    assert [(o.connector_id, o.connector_accepted, o.target_accepted) for o in outcomes] == [
        ("carl", True, True)
    ]
    assert outcomes[0].target_company_id == "globex"


async def test_who_may_move_which_step(world: World, as_user: Callable[[str], GQL]) -> None:
    rita, sam, carl, otto = as_user("rita"), as_user("sam"), as_user("carl"), as_user("otto")
    id = (await ask(rita, ["rita", "carl", "tom"]))["id"]
    refusals = [
        (rita, RESPOND, {"accept": True}, "FORBIDDEN"),  # only the connector answers
        (sam, RESPOND, {"accept": True}, "FORBIDDEN"),  # a teammate is not the connector
        (carl, WITHDRAW, {}, "FORBIDDEN"),  # only the requester withdraws
        (carl, MEETING, {}, "BAD_INPUT"),  # skipping steps
        (rita, INTRODUCED, {}, "BAD_INPUT"),
        (rita, TARGET, {"accept": True}, "BAD_INPUT"),
        (otto, RESPOND, {"accept": True}, "NOT_FOUND"),  # another team: not even seen
    ]
    for gql, doc, args, code in refusals:
        error = await gql.error(doc, id=id, **args)
        assert error["extensions"]["code"] == code, (doc, error)
        assert world.statuses(id) == ["REQUESTED"]
    await carl.data(RESPOND, id=id, accept=False)
    for gql, doc, args in [(carl, RESPOND, {"accept": True}), (rita, WITHDRAW, {})]:
        error = await gql.error(doc, id=id, **args)  # going back, or moving a final one
        assert error["extensions"]["code"] == "BAD_INPUT"
    assert world.statuses(id) == ["REQUESTED", "DECLINED"]
    assert [e.type for e in world.events] == ["intro.requested", "intro.declined"]
    error = await rita.error(LINK, id=id, deal="nope")
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_guard_rails_refuse_and_change_nothing(
    world: World, as_user: Callable[[str], GQL]
) -> None:
    rita, sam, mia = as_user("rita"), as_user("sam"), as_user("mia")
    refused = [
        (rita, ["rita", "nora", "tom"], "DO_NOT_CONTACT"),
        (rita, ["rita", "dora", "tom"], "BAD_INPUT"),  # rita and dora are not linked
        (rita, ["rita", "carl"], "BAD_INPUT"),  # nobody in the middle
        (rita, ["rita", "carl", "rita"], "BAD_INPUT"),
        (rita, ["carl", "tom", "dora"], "FORBIDDEN"),  # not her network
        (rita, ["rita", "carl", "ghost"], "NOT_FOUND"),
        (as_user("ana"), ["ana", "carl", "tom"], "FORBIDDEN"),  # analysts write nothing
    ]
    for gql, path, code in refused:
        error = await gql.error(REQUEST, path=path)
        assert error["extensions"]["code"] == code, (path, error)
    assert world.service.store.ask_outcomes() == []

    first = await ask(rita, ["rita", "carl", "tom"])
    error = await sam.error(REQUEST, path=["sam", "dora", "tom"])
    assert error["extensions"]["code"] == "CONFLICT" and first["id"] in error["message"]
    assert len(world.service.store.ask_outcomes()) == 1

    # the connector's capacity: set by a manager (not a rep), then respected
    assert (await rita.error(CAPACITY, p="carl", c=1))["extensions"]["code"] == "FORBIDDEN"
    assert (await mia.data(CAPACITY, p="carl", c=1))["setIntroCapacity"] == 1
    error = await rita.error(REQUEST, path=["rita", "carl", "ted"])
    assert error["extensions"]["code"] == "CONFLICT" and "capacity is 1" in error["message"]
    assert (await mia.data(CAPACITY, p="carl", c=None))["setIntroCapacity"] == 3
    await ask(rita, ["rita", "carl", "ted"])
    assert len(world.service.store.ask_outcomes()) == 2


async def test_lists_open_requests_and_expiry(world: World, as_user: Callable[[str], GQL]) -> None:
    rita, sam, carl = as_user("rita"), as_user("sam"), as_user("carl")
    first = await ask(rita, ["rita", "carl", "tom"])
    world.now += timedelta(minutes=1)
    second = await ask(rita, ["rita", "carl", "ted"])
    mine = (await rita.data(LIST, role="REQUESTER", first=1))["introRequests"]
    assert [e["node"]["id"] for e in mine["edges"]] == [second["id"]]
    assert mine["pageInfo"]["hasNextPage"]
    assert mine["totalCount"] == 2  # the whole list, not the page
    rest = await rita.data(LIST, role="REQUESTER", first=1, after=mine["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["introRequests"]["edges"]] == [first["id"]]
    waiting = (await carl.data(LIST, role="CONNECTOR"))["introRequests"]["edges"]
    assert {e["node"]["id"] for e in waiting} == {first["id"], second["id"]}
    assert (await sam.data(LIST, role="CONNECTOR"))["introRequests"]["edges"] == []
    team = (await sam.data(LIST))["introRequests"]["edges"]  # a teammate sees the team's
    assert len(team) == 2
    other_team = (await as_user("otto").data(LIST))["introRequests"]
    assert (other_team["edges"], other_team["totalCount"]) == ([], 0)
    bad = await rita.error(LIST, after="not-a-cursor")
    assert bad["extensions"]["code"] == "BAD_INPUT"

    paths = """{ introductionPaths(toId: "tom", fromTeam: true, maxHops: 3) {
      people { localId } openRequests { id requester { email } } } }"""
    found = (await sam.data(paths))["introductionPaths"]
    assert found and all([r["id"] for r in p["openRequests"]] == [first["id"]] for p in found)

    # 15 days later nobody answered: both read as EXPIRED, and the target is free again
    world.now = T0 + timedelta(days=15)
    got = await rita.data(LIST, role="REQUESTER", status="EXPIRED")
    assert len(got["introRequests"]["edges"]) == 2
    assert world.statuses(first["id"]) == ["REQUESTED", "EXPIRED"]
    assert [e.type for e in world.events].count("intro.expired") == 2
    assert (await sam.data(paths))["introductionPaths"][0]["openRequests"] == []
    await ask(sam, ["sam", "dora", "tom"])


async def test_two_reps_asking_for_the_same_target_at_once(world: World) -> None:
    reps = [
        world.service.acting_as(Caller(f"{n}@acme.example", Role.REP, n, "east"))
        for n in ("rita", "sam")
    ]
    paths = [["rita", "carl", "tom"], ["sam", "dora", "tom"]]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def ask_as(i: int) -> None:
        start.wait()
        try:
            outcomes.append(reps[i].request_introduction(paths[i]))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=ask_as, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    assert len(world.service.store.ask_outcomes()) == 1


FUNNEL = """query($team: String!, $period: LeaderboardPeriod) {
  introFunnel(teamId: $team, period: $period) {
    teamId start end steps { step count conversion medianHours } } }"""


async def test_the_funnel_after_a_scripted_run(world: World, as_user: Callable[[str], GQL]) -> None:
    rita, carl, otto = as_user("rita"), as_user("carl"), as_user("otto")
    world.now = datetime(2026, 10, 25, tzinfo=UTC)  # last month: not in November's funnel
    old = await ask(rita, ["rita", "carl", "ted"])
    await rita.data(WITHDRAW, id=old["id"])

    world.now = T0
    won = (await ask(rita, ["rita", "carl", "tom"]))["id"]
    declined = (await ask(rita, ["rita", "carl", "ted"]))["id"]
    await ask(otto, ["otto", "carl", "ted"])  # another team's
    script = [
        (2, carl, RESPOND, won, {"accept": True}),
        (1, carl, RESPOND, declined, {"accept": False}),
        (3, rita, TARGET, won, {"accept": True}),
        (4, carl, INTRODUCED, won, {}),
        (24 + 4, rita, MEETING, won, {}),
        (24 + 5, rita, LINK, won, {"deal": "d1"}),
    ]
    for hours, gql, doc, id, args in script:
        world.now = T0 + timedelta(hours=hours)
        await gql.data(doc, id=id, **args)
    world.service.update(Deal, "d1", {"stage": DealStage.CLOSED_WON})
    world.now = T0 + timedelta(days=3)

    got = (await rita.data(FUNNEL, team="east", period="MONTH"))["introFunnel"]
    assert got["start"] == "2026-11-01T00:00:00+00:00"
    assert got["end"] == "2026-12-01T00:00:00+00:00"
    assert got["steps"] == [
        {"step": "ASKED", "count": 2, "conversion": None, "medianHours": 0.0},
        {"step": "ACCEPTED", "count": 1, "conversion": 0.5, "medianHours": 2.0},
        {"step": "TARGET_ACCEPTED", "count": 1, "conversion": 1.0, "medianHours": 1.0},
        {"step": "INTRODUCED", "count": 1, "conversion": 1.0, "medianHours": 1.0},
        {"step": "MEETING_HELD", "count": 1, "conversion": 1.0, "medianHours": 24.0},
        # the deal closed at day 3; the funnel's read settles the request then
        {"step": "WON", "count": 1, "conversion": 1.0, "medianHours": 72.0 - 28.0},
    ]
    west = await otto.error(FUNNEL, team="east")
    assert west["extensions"]["code"] == "NOT_FOUND"
    seen = (await as_user("ana").data(FUNNEL, team="west"))["introFunnel"]["steps"]
    assert [s["count"] for s in seen] == [1, 0, 0, 0, 0, 0]
