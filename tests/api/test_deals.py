"""Deal queries over HTTP against the real app: cursor pages that walk every deal exactly
once in each order, visibility per role (reps and managers see their team's deals only,
analysts and admins all), BAD_INPUT for bad pages, contacts and stage history."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import pytest

from graph.deal_query import STORED_ORDERS, DealOrder, key_of, sort_key
from graph.model import Company, Connection, Deal, DealStage, Employment, Person
from graph.service import WarmgraphService

from .conftest import GQL, clients_for

pytestmark = pytest.mark.anyio

#: name -> (role, team, person)
USERS = {
    "admin": ("admin", None, None),
    "manager": ("manager", "east", "p-mgr"),
    "rep": ("rep", "east", "p-rep"),
    "mate": ("rep", "east", "p-mate"),
    "west": ("rep", "west", "p-west"),
    "analyst": ("analyst", None, None),
}
EAST = {"p-mgr", "p-rep", "p-mate"}
OWNERS = ["p-mgr", "p-rep", "p-mate", "p-west", None]


def planted_deals() -> list[Deal]:
    """60 deals with ties and missing values in every ordered field."""
    rng = random.Random(5)
    return [
        Deal(
            id=f"deal-{i:02d}",
            name=f"Deal {i}",
            company_id=rng.choice(["acme", "globex"]),
            owner_id=OWNERS[i % len(OWNERS)],
            stage=rng.choice(list(DealStage)),
            amount=rng.choice([None, 500.0, 1200.0, float(10 * i)]),
            created_at=rng.choice([None, date(2025, 3, 1) + timedelta(days=rng.randint(0, 4))]),
            closed_at=rng.choice([None, date(2026, 1, 31), date(2026, 2, 28)]),
        )
        for i in range(60)
    ]


def build(service: WarmgraphService) -> tuple[dict[str, str], list[Deal]]:
    for pid in ("p-mgr", "p-rep", "p-mate", "p-west", "buyer", "cto", "intern"):
        service.create(Person(pid, pid.title(), title="VP" if pid == "buyer" else None))
    service.create(Person("dnc", "Dana Private", do_not_contact=True))
    service.create(Company("acme", "Acme"))
    service.create(Company("globex", "Globex"))
    for pid in ("buyer", "cto", "intern", "dnc"):
        service.set_employment(Employment(pid, "acme", title=f"{pid} at acme"))
    service.set_employment(Employment("p-rep", "globex", end=date(2020, 1, 1)))
    for a, b in (("p-rep", "buyer"), ("p-mate", "cto"), ("p-west", "intern"), ("p-rep", "dnc")):
        service.connect(Connection(a, b))
    deals = planted_deals()
    for deal in deals:
        service.create(deal)
    tokens = {}
    for name, (role, team, person) in USERS.items():
        tokens[name] = service.users.add(f"{name}@deals.test", role, person, team)[1]
    return tokens, deals


@pytest.fixture
def planted(service: WarmgraphService) -> tuple[dict[str, str], list[Deal]]:
    return build(service)


@pytest.fixture
async def as_user(app: Any, planted: Any) -> AsyncIterator[Callable[[str], GQL]]:
    async with clients_for(app, planted[0]) as make:
        yield make


PAGE = """
query($first: Int, $after: String, $order: DealOrder, $owner: ID, $team: String,
      $company: ID, $open: Boolean) {
  deals(first: $first, after: $after, orderBy: $order, ownerId: $owner, teamId: $team,
        companyId: $company, open: $open) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { localId owner { localId } } }
  }
}
"""


async def walk(gql: GQL, order: str, size: int, **filters: Any) -> tuple[list[str], int]:
    """Every page, following endCursor; (ids in order, totalCount of the first page)."""
    ids: list[str] = []
    after = None
    total = -1
    for _ in range(200):
        page = (await gql.data(PAGE, first=size, after=after, order=order, **filters))["deals"]
        total = page["totalCount"] if total < 0 else total
        edges = page["edges"]
        assert len(edges) <= size
        ids += [e["node"]["localId"] for e in edges]
        if edges:
            assert page["pageInfo"]["endCursor"] == edges[-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return ids, total
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the pages never ended")


def expected(deals: list[Deal], order: DealOrder, keep: Callable[[Deal], bool]) -> list[str]:
    chosen = [d for d in deals if keep(d)]
    return [d.id for d in sorted(chosen, key=lambda d: sort_key(key_of(d, order), order))]


async def test_pages_walk_every_deal_once_in_each_order(as_user: Any, planted: Any) -> None:
    deals = planted[1]
    admin = as_user("admin")
    for order in STORED_ORDERS:
        ids, total = await walk(admin, order.name, 7)
        assert len(ids) == len(set(ids)) == total == len(deals)
        assert ids == expected(deals, order, lambda d: True), order
    # filters combine, and paging them walks the same set
    ids, total = await walk(admin, "AMOUNT_DESC", 4, company="acme", open=True)
    closed = (DealStage.CLOSED_WON, DealStage.CLOSED_LOST)
    want = expected(
        deals,
        DealOrder.AMOUNT_DESC,
        lambda d: d.company_id == "acme" and d.stage not in closed,
    )
    assert ids == want and total == len(want) > 0


PROBABILITIES = "{ deals(first: 500) { edges { node { localId likelihood { probability } } } } }"


@pytest.mark.parametrize("who", ["admin", "rep"])
async def test_pages_by_likelihood_most_and_least_likely_first(
    as_user: Any, planted: Any, who: str
) -> None:
    """A manager's question, "which open deals are most and least likely?": every deal the
    caller may see, once, ordered by its own `likelihood.probability` (ties by id)."""
    client = as_user(who)
    edges = (await client.data(PROBABILITIES))["deals"]["edges"]
    p = {e["node"]["localId"]: e["node"]["likelihood"]["probability"] for e in edges}
    assert len(set(p.values())) > 1  # the order has something to order
    most, total = await walk(client, "LIKELIHOOD_DESC", 7)
    least, _ = await walk(client, "LIKELIHOOD_ASC", 5)
    assert total == len(p) and len(most) == len(set(most)) == len(p)
    assert most == sorted(p, key=lambda i: (-p[i], i))
    assert least == sorted(p, key=lambda i: (p[i], i))
    opened, _ = await walk(client, "LIKELIHOOD_DESC", 3, open=True)
    closed = {d.id for d in planted[1] if d.stage in (DealStage.CLOSED_WON, DealStage.CLOSED_LOST)}
    assert opened == [i for i in most if i not in closed]


async def test_a_likelihood_cursor_is_not_an_amount_cursor(as_user: Any) -> None:
    page = (
        await as_user("admin").data(
            "{ deals(first: 1, orderBy: LIKELIHOOD_DESC) { pageInfo { endCursor } } }"
        )
    )["deals"]
    error = await as_user("admin").error(
        "query($a: String) { deals(first: 1, after: $a, orderBy: AMOUNT_DESC) { totalCount } }",
        a=page["pageInfo"]["endCursor"],
    )
    assert error["extensions"]["code"] == "BAD_INPUT"


async def test_default_page_is_fifty_newest_first(as_user: Any, planted: Any) -> None:
    page = (await as_user("admin").data("{ deals { totalCount edges { node { localId } } } }"))[
        "deals"
    ]
    assert page["totalCount"] == 60
    want = expected(planted[1], DealOrder.CREATED_DESC, lambda d: True)[:50]
    assert [e["node"]["localId"] for e in page["edges"]] == want


@pytest.mark.parametrize("name", ["rep", "manager"])
async def test_reps_and_managers_see_only_their_teams_deals(
    as_user: Any, planted: Any, name: str
) -> None:
    deals = planted[1]
    gql = as_user(name)
    ids, total = await walk(gql, "CREATED_ASC", 6)
    want = expected(deals, DealOrder.CREATED_ASC, lambda d: d.owner_id in EAST)
    assert ids == want and total == len(want)
    # another team's deals are not there, whichever way they are asked for
    for filters in ({"owner": "p-west"}, {"team": "west"}):
        assert await walk(gql, "CREATED_ASC", 10, **filters) == ([], 0)
    mine, _ = await walk(gql, "AMOUNT_ASC", 50, owner="p-mate")
    assert mine == expected(deals, DealOrder.AMOUNT_ASC, lambda d: d.owner_id == "p-mate")
    west_deal = next(d.id for d in deals if d.owner_id == "p-west")
    error = await gql.error(f'{{ deal(id: "{west_deal}") {{ localId }} }}')
    assert error["extensions"]["code"] == "NOT_FOUND"
    people = await gql.data(
        '{ west: person(id: "p-west") { deals { edges { node { localId } } } } '
        'mate: person(id: "p-mate") { deals { edges { node { localId } } } } '
        'company(id: "acme") { deals { edges { node { localId owner { localId } } } } } }'
    )
    assert people["west"]["deals"]["edges"] == []
    assert {e["node"]["localId"] for e in people["mate"]["deals"]["edges"]} == {
        d.id for d in deals if d.owner_id == "p-mate"
    }
    company_deals = [e["node"] for e in people["company"]["deals"]["edges"]]
    assert company_deals and all(d["owner"]["localId"] in EAST for d in company_deals)


@pytest.mark.parametrize("name", ["analyst", "admin"])
async def test_analysts_and_admins_see_every_team(as_user: Any, planted: Any, name: str) -> None:
    deals = planted[1]
    gql = as_user(name)
    west, total = await walk(gql, "CLOSE_DATE_ASC", 5, team="west")
    want = expected(deals, DealOrder.CLOSE_DATE_ASC, lambda d: d.owner_id == "p-west")
    assert west == want and total == len(want) > 0
    east, _ = await walk(gql, "CLOSE_DATE_ASC", 50, team="east")
    assert east == expected(deals, DealOrder.CLOSE_DATE_ASC, lambda d: d.owner_id in EAST)
    assert await walk(gql, "CLOSE_DATE_ASC", 5, team="nobody") == ([], 0)


@pytest.mark.parametrize(
    ("arguments", "needle"),
    [
        ("first: 0", "first"),
        ("first: 501", "first"),
        ('after: "not-a-cursor"', "cursor"),
        ('after: "bm90IGpzb24"', "cursor"),  # base64 of "not json"
        ('ownerId: ""', "owner"),
    ],
)
async def test_bad_pages_are_bad_input(as_user: Any, arguments: str, needle: str) -> None:
    error = await as_user("admin").error(f"{{ deals({arguments}) {{ totalCount }} }}")
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert needle in error["message"]


async def test_a_cursor_from_another_order_is_bad_input(as_user: Any) -> None:
    gql = as_user("admin")
    page = await gql.data("{ deals(first: 2, orderBy: AMOUNT_DESC) { pageInfo { endCursor } } }")
    cursor = page["deals"]["pageInfo"]["endCursor"]
    error = await gql.error(PAGE, first=2, after=cursor, order="CREATED_ASC")
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "ordering" in error["message"]


async def test_stage_history_follows_stage_changes(as_user: Any) -> None:
    manager = as_user("manager")
    await manager.data(
        'mutation { createDeal(input: {id: "new", name: "New", companyId: "acme", '
        'ownerId: "p-rep"}) { localId } }'
    )
    await manager.data('mutation { updateDeal(id: "new", input: {amount: 10}) { localId } }')
    await manager.data('mutation { updateDeal(id: "new", input: {stage: PROPOSAL}) { localId } }')
    history = (await as_user("rep").data('{ deal(id: "new") { stageHistory { from to at } } }'))[
        "deal"
    ]["stageHistory"]
    assert [(h["from"], h["to"]) for h in history] == [
        (None, "PROSPECTING"),
        ("PROSPECTING", "PROPOSAL"),
    ]
    assert history[0]["at"] <= history[1]["at"]
    # another team's rep cannot read it: the deal does not exist for them
    error = await as_user("west").error('{ deal(id: "new") { stageHistory { to } } }')
    assert error["extensions"]["code"] == "NOT_FOUND"


CONTACTS = """
query($id: ID!, $first: Int) {
  deal(id: $id) {
    contacts(first: $first) { person { localId } title strength teamStrength teammate { localId } }
  }
}
"""


async def test_contacts_warmest_first_with_the_teams_best_tie(
    as_user: Any, service: WarmgraphService
) -> None:
    service.create(Deal("acme-rep", "Acme for rep", "acme", owner_id="p-rep"))
    contacts = (await as_user("rep").data(CONTACTS, id="acme-rep"))["deal"]["contacts"]
    by_id = {c["person"]["localId"]: c for c in contacts}
    # do-not-contact people are never offered, however warm the tie
    assert [c["person"]["localId"] for c in contacts] == ["buyer", "cto", "intern"]
    buyer, cto, intern = (by_id[p] for p in ("buyer", "cto", "intern"))
    assert buyer["strength"] > 0 and buyer["teammate"]["localId"] == "p-rep"
    assert buyer["teamStrength"] == buyer["strength"]
    assert buyer["title"] == "buyer at acme"
    # the owner has no tie to the CTO, a teammate does
    assert (
        cto["strength"] == 0 and cto["teamStrength"] > 0 and cto["teammate"]["localId"] == "p-mate"
    )
    # the intern knows only someone on another team: no tie from this deal's side
    assert intern["strength"] == intern["teamStrength"] == 0 and intern["teammate"] is None
    first = (await as_user("rep").data(CONTACTS, id="acme-rep", first=1))["deal"]["contacts"]
    assert [c["person"]["localId"] for c in first] == ["buyer"]
    error = await as_user("rep").error(CONTACTS, id="acme-rep", first=0)
    assert error["extensions"]["code"] == "BAD_INPUT"
