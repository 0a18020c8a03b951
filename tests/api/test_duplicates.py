"""``possibleDuplicates`` through the real app: two reps' LinkedIn exports imported, the
pairs the rules did not merge listed with their reasons, paged, and refused when asked badly."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph.model import Person
from loaders.importing import import_batch
from loaders.sources.linkedin import parse_linkedin

from .conftest import GQL, bearer

pytestmark = pytest.mark.anyio

PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    ' are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
)

# Rita's connections: Renée at Acme (with an e-mail), a Renee at Globex without one, Kim.
RITA = [
    "Renée,Dubois,https://www.linkedin.com/in/renee-dubois,renee@acme.com,"
    '"Acme, Inc.",CTO,05 Mar 2019',
    "Renee,Dubois,,,Globex,VP Sales,01 Jan 2020",
    "Kim,Park,,kim@initech.com,Initech,Engineer,12 Feb 2021",
]
# Sam's: Kim again by another-cased e-mail (merged: same e-mail), and a RENEE DUBOIS at
# ACME with another e-mail (kept apart: the name-and-company rule wants no other e-mail).
SAM = [
    'Kim,Park,,KIM@Initech.com,"Initech, Ltd",Staff Engineer,03 Mar 2022',
    "RENEE,DUBOIS,,rdubois@acme.com,ACME,Director,04 Apr 2023",
]

QUERY = """
query ($first: Int, $after: String) {
  possibleDuplicates(first: $first, after: $after) {
    a { localId name email } b { localId name email } reason cursor
  }
}"""


def export(tmp_path: Path, owner: str, rows: list[str]) -> Path:
    path = tmp_path / owner / "Connections.csv"
    path.parent.mkdir()
    path.write_bytes((PREAMBLE + "".join(f"{row}\r\n" for row in rows)).encode())
    return path


@pytest.fixture
def imported(service, tmp_path) -> dict[str, str]:
    """Both exports imported; the person ids by e-mail (or name, for the one without)."""
    service.create(Person("rita", "Rita Rep", email="rita@seller.io"))
    service.create(Person("sam", "Sam Seller", email="sam@seller.io"))
    for owner, rows in (("rita", RITA), ("sam", SAM)):
        import_batch(service, parse_linkedin(export(tmp_path, owner, rows)), owner)
    people = {p.id: p for p in service.store.get_nodes(Person, all_ids(service)).values()}
    return {(p.email or p.name): pid for pid, p in people.items()}


def all_ids(service) -> list[str]:
    return [p.id for p in service.store.person_identities()]


def pairs(found):
    return [(d["a"]["localId"], d["b"]["localId"], d["reason"]) for d in found]


async def test_pairs_the_rules_did_not_merge_with_reasons(gql, service, imported):
    acme, acme_too, globex = (
        imported["renee@acme.com"],
        imported["rdubois@acme.com"],
        imported["Renee Dubois"],
    )
    assert acme < globex < acme_too  # the ids the importer gave, as the pairs order them
    found = (await gql.data(QUERY))["possibleDuplicates"]
    assert pairs(found) == [
        (acme, acme_too, "same name and company (Acme, Inc.); different e-mails"),
        (acme, globex, "same name; different companies (Acme, Inc. / Globex)"),
        (globex, acme_too, "same name; different companies (Globex / Acme, Inc.)"),
    ]
    assert [d["a"]["name"] for d in found] == ["Renée Dubois", "Renée Dubois", "Renee Dubois"]
    # Kim Park arrived twice with one e-mail and was merged at import: one person, no pair
    kim = imported["kim@initech.com"]
    assert [p.id for p in service.store.person_identities() if p.name == "Kim Park"] == [kim]
    assert kim not in {pid for d in found for pid in (d["a"]["localId"], d["b"]["localId"])}


async def test_pages_follow_the_cursor(gql, imported):
    whole = (await gql.data(QUERY, first=50))["possibleDuplicates"]
    assert len(whole) == 3
    first = (await gql.data(QUERY, first=1))["possibleDuplicates"]
    assert first == whole[:1]
    rest = (await gql.data(QUERY, first=2, after=first[0]["cursor"]))["possibleDuplicates"]
    assert rest == whole[1:]
    assert (await gql.data(QUERY, after=whole[-1]["cursor"]))["possibleDuplicates"] == []


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 0}, "between 1 and 500"),
        ({"first": 501}, "between 1 and 500"),
        ({"after": "not-a-cursor"}, "not a cursor"),
        ({"after": ""}, "not a cursor"),
    ],
)
async def test_bad_arguments_are_bad_input(gql, imported, variables, message):
    error = await gql.error(QUERY, **variables)
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert message in error["message"]
    assert error["data"] is None


async def test_every_role_may_read_and_sees_do_not_contact_people_as_allowed(
    app, service, imported
):
    service.update(Person, imported["rdubois@acme.com"], {"do_not_contact": True})
    token = service.users.add("ana@warmgraph.test", "analyst")[1]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://warmgraph.test", headers=bearer(token)
    ) as client:
        found = (await GQL(client).data(QUERY))["possibleDuplicates"]
    hidden = imported["rdubois@acme.com"]
    shown = [p for d in found for p in (d["a"], d["b"]) if p["localId"] == hidden]
    assert len(shown) == 2 and all(p["email"] is None for p in shown)
    assert found[0]["reason"] == "same name and company (Acme, Inc.); different e-mails"
