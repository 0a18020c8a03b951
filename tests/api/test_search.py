"""The search connections over HTTP: pages walked to the end with ``first``/``after``, an empty
query listing everybody by name, ``totalCount``, and the access rules (a rep finds their team's
deals only, and never a do-not-contact person by an e-mail they may not see)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.model import Community, Company, Deal, Person
from tests.api.conftest import GQL, clients_for

pytestmark = pytest.mark.anyio

PEOPLE_PAGE = """query ($q: String!, $first: Int, $after: String) {
  searchPeople(query: $q, first: $first, after: $after) {
    totalCount edges { cursor node { id name email } } pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def tokens(service: Any) -> dict[str, str]:
    """A small world (25 people with names that tie, a do-not-contact person, companies,
    communities, deals of two owners) and an admin's and a rep's tokens."""
    for i in range(25):
        service.create(Person(f"p{i:02d}", f"Member {i % 7}", email=f"m{i}@corp.example"))
    service.create(Person("p-rep", "Rita Rep"))
    service.create(Person("p-west", "Walt West"))
    service.create(Person("dnc", "Dana Private", email="dana@hidden.example", do_not_contact=True))
    service.create(Company("acme", "Acme", domain="acme.example"))
    service.create(Company("glob", "Globex", domain="globex-acme.example"))
    service.create(Community("py", "Python Guild"))
    service.create(Community("rs", "Rust Guild"))
    service.create(Deal("d-east", "Acme renewal", "acme", "p-rep"))
    service.create(Deal("d-west", "Globex pilot", "glob", "p-west"))
    _, admin = service.users.add("boss@search.test", "admin", None, None, True)
    _, rep = service.users.add("rep@search.test", "rep", "p-rep", "east", True)
    return {"admin": admin, "rep": rep}


async def walk(gql: GQL, query: str, first: int) -> tuple[list[str], int]:
    """Every id a people search yields, page by page, and its totalCount."""
    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(PEOPLE_PAGE, q=query, first=first, after=after))["searchPeople"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return seen, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


async def test_an_empty_query_lists_everybody_by_name_then_id(app, service, tokens) -> None:
    ids = [f"p{i:02d}" for i in range(25)] + ["p-rep", "p-west", "dnc"]
    people = service.store.get_nodes(Person, ids).values()
    everybody = sorted(people, key=lambda p: (p.name, p.id))
    async with clients_for(app, tokens) as make:
        for query in ("", "   "):
            seen, total = await walk(make("admin"), query, 4)
            assert seen == [p.id for p in everybody]
            assert total == 28


async def test_pages_under_writes_yield_every_lasting_row_once(app, service, tokens) -> None:
    async with clients_for(app, tokens) as make:
        gql = make("admin")
        first = (await gql.data(PEOPLE_PAGE, q="member", first=10))["searchPeople"]
        assert first["totalCount"] == 25
        seen = [e["node"]["id"] for e in first["edges"]]
        # between pages: someone new sorts before the cursor, someone after; one unseen leaves
        service.create(Person("new-a", "Member 0"))
        service.create(Person("new-z", "Member 9"))
        unseen = "p06"  # "Member 6": last by name
        assert unseen not in seen
        service.delete(Person, unseen)
        after = first["pageInfo"]["endCursor"]
        while after is not None:
            page = (await gql.data(PEOPLE_PAGE, q="member", first=10, after=after))["searchPeople"]
            seen += [e["node"]["id"] for e in page["edges"]]
            after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    lasting = {f"p{i:02d}" for i in range(25)} - {unseen}
    assert len(seen) == len(set(seen))
    assert lasting <= set(seen) and unseen not in seen
    assert "new-z" in seen and "new-a" not in seen  # "new-a" sorts before the first cursor


async def test_a_rep_cannot_find_a_hidden_email(app, tokens) -> None:
    async with clients_for(app, tokens) as make:
        rep, admin = make("rep"), make("admin")
        hidden = (await rep.data(PEOPLE_PAGE, q="hidden.example"))["searchPeople"]
        assert hidden == {
            "totalCount": 0,
            "edges": [],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }
        by_name = (await rep.data(PEOPLE_PAGE, q="dana"))["searchPeople"]
        assert [e["node"] for e in by_name["edges"]] == [
            {"id": "dnc", "name": "Dana Private", "email": None}
        ]
        seen = (await admin.data(PEOPLE_PAGE, q="hidden.example"))["searchPeople"]
        assert [e["node"]["email"] for e in seen["edges"]] == ["dana@hidden.example"]
        assert seen["totalCount"] == 1


async def test_companies_communities_and_deals(app, tokens) -> None:
    query = """query ($q: String!) {
      searchCompanies(query: $q) { totalCount edges { node { id name } } }
      searchCommunities(query: "guild", first: 1) {
        totalCount edges { node { id } } pageInfo { hasNextPage }
      }
      searchDeals(query: $q) { totalCount edges { node { id name company { id } } } }
    }"""
    async with clients_for(app, tokens) as make:
        admin = await make("admin").data(query, q="acme")
        rep = await make("rep").data(query, q="ACME")
    assert [e["node"]["id"] for e in admin["searchCompanies"]["edges"]] == ["acme", "glob"]
    assert admin["searchCompanies"]["totalCount"] == 2
    assert admin["searchCommunities"] == {
        "totalCount": 2,
        "edges": [{"node": {"id": "py"}}],
        "pageInfo": {"hasNextPage": True},
    }
    # the deal named Acme first; Globex's deal matches by neither name
    assert [e["node"]["id"] for e in admin["searchDeals"]["edges"]] == ["d-east"]
    assert rep["searchDeals"]["totalCount"] == 1
    assert await deals_found_by_each(app, tokens) == {
        "admin": ["d-east", "d-west"],
        "rep": ["d-east"],
    }


async def deals_found_by_each(app: Any, tokens: dict[str, str]) -> dict[str, list[str]]:
    query = '{ searchDeals(query: "") { totalCount edges { node { id } } } }'
    found = {}
    async with clients_for(app, tokens) as make:
        for name in ("admin", "rep"):
            data = (await make(name).data(query))["searchDeals"]
            found[name] = [e["node"]["id"] for e in data["edges"]]
            assert data["totalCount"] == len(found[name])
    return found


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('query: "a", first: 0', "first"),
        ('query: "a", first: 101', "first"),
        ('query: "a", after: "bm90IGEgY3Vyc29y"', "cursor"),
    ],
)
async def test_bad_arguments_are_bad_input(app, tokens, arguments, message) -> None:
    async with clients_for(app, tokens) as make:
        for field in ("searchPeople", "searchCompanies", "searchCommunities", "searchDeals"):
            error = await make("admin").error(f"{{ {field}({arguments}) {{ totalCount }} }}")
            assert error["extensions"]["code"] == "BAD_INPUT"
            assert message in error["message"]


async def test_a_cursor_only_continues_its_own_search(app, tokens) -> None:
    async with clients_for(app, tokens) as make:
        gql = make("admin")
        page = (await gql.data(PEOPLE_PAGE, q="member", first=2))["searchPeople"]
        error = await gql.error(PEOPLE_PAGE, q="rita", after=page["pageInfo"]["endCursor"])
        assert error["extensions"]["code"] == "BAD_INPUT"
        assert "another search" in error["message"]
