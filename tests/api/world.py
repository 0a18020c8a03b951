"""A small, hand-built sales world, written through the GraphQL mutations themselves.

    rep-1 ──(LinkedIn, meetings/email)── ann* ──(manual)── tina @ acme
    rep-1 ──(bare)── bob* ──(calls both ways)── tina
    rep-1 ── cat ── dan ── tina            (meetings on every link)
    rep-1 ── dnc ── tina                   (dnc asked not to be contacted; many meetings)
    007 @ company 007 ── 7                 (ids with leading zeros; a person and a company
                                            sharing an id)

``*`` advocates: ann is a CHAMPION for us, bob a PROMOTER for acme. ann, bob and tina are
in the community ``guild``. ``NOW`` (tests.conftest) is the clock the server reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from graph.model import InteractionKind
from graph.strength import StrengthModel, pair_strength
from tests.conftest import NOW

from .conftest import GQL

PEOPLE = {
    "rep-1": ("Rita Rep", "Account Executive", False),
    "ann": ("Ann Able", "VP Engineering", False),
    "bob": ("Bob Bright", "CTO", False),
    "cat": ("Cat Chen", "Engineer", False),
    "dan": ("Dan Diaz", "Engineer", False),
    "dnc": ("Don Nocontact", "Advisor", True),
    "tina": ("Tina Target", "Head of Data", False),
    "007": ("James Bond", "Agent", False),
    "7": ("Seven Of Nine", "Drone", False),
}


@dataclass
class Touch:
    actor: str
    recipient: str
    kind: InteractionKind
    days_ago: float

    @property
    def at(self) -> datetime:
        return NOW - timedelta(days=self.days_ago)


@dataclass
class World:
    connections: dict[tuple[str, str], tuple[str, date | None]] = field(default_factory=dict)
    touches: list[Touch] = field(default_factory=list)

    def strength(self, a: str, b: str) -> float:
        """The documented tie-strength formula for the pair, from what was written."""
        model = StrengthModel(now=NOW)

        def mass(x: str, y: str) -> float:
            mine = [t for t in self.touches if (t.actor, t.recipient) == (x, y)]
            if not mine:
                return 0.0
            kinds = [t.kind for t in mine]
            at = [t.at.timestamp() for t in mine]
            return float(np.sum(model.decayed_mass(kinds, at)))

        connected = (min(a, b), max(a, b)) in self.connections
        return float(pair_strength(connected, mass(a, b), mass(b, a)))


CONNECT = """
mutation ($a: ID!, $b: ID!, $since: Date, $origin: ConnectionOrigin) {
  connectPeople(a: $a, b: $b, since: $since, origin: $origin) { a { id } b { id } origin }
}"""

RECORD = """
mutation ($input: InteractionInput!) { recordInteraction(input: $input) { id } }"""


async def build_world(gql: GQL) -> World:
    world = World()
    for pid, (name, title, dnc) in PEOPLE.items():
        await gql.data(
            "mutation ($input: PersonInput!) { createPerson(input: $input) { id } }",
            input={
                "id": pid,
                "name": name,
                "title": title,
                "doNotContact": dnc,
                "email": f"{pid}@example.com",
            },
        )
    for cid, name in (("acme", "Acme Corp"), ("us", "Us Inc"), ("007", "Universal Exports")):
        await gql.data(
            "mutation ($input: CompanyInput!) { createCompany(input: $input) { id } }",
            input={"id": cid, "name": name, "domain": f"{cid}.example"},
        )
    await gql.data(
        """mutation { createCommunity(input: {id: "guild", name: "Data Guild", kind: FORUM}) {
             id } }"""
    )

    async def connect(a: str, b: str, origin: str = "MANUAL", since: str | None = None):
        await gql.data(CONNECT, a=a, b=b, origin=origin, since=since)
        world.connections[(min(a, b), max(a, b))] = (origin, since and date.fromisoformat(since))

    async def touch(actor: str, recipient: str, kind: InteractionKind, days_ago: float):
        t = Touch(actor, recipient, kind, days_ago)
        await gql.data(
            RECORD,
            input={
                "kind": kind.name,
                "actorId": actor,
                "recipientId": recipient,
                "at": t.at.isoformat(),
            },
        )
        world.touches.append(t)

    await connect("rep-1", "ann", "LINKEDIN", "2021-03-04")
    await touch("rep-1", "ann", InteractionKind.MEETING, 3)
    await touch("rep-1", "ann", InteractionKind.MEETING, 10)
    await touch("ann", "rep-1", InteractionKind.EMAIL, 1)
    await connect("ann", "tina")
    await connect("rep-1", "bob", "CRM")
    await connect("bob", "tina", "EMAIL")
    for k in range(3):
        await touch("bob", "tina", InteractionKind.CALL, 5 + k)
        await touch("tina", "bob", InteractionKind.CALL, 6 + k)
    for a, b in (("rep-1", "cat"), ("cat", "dan"), ("dan", "tina")):
        await connect(a, b)
        for k in range(4):
            await touch(a, b, InteractionKind.MEETING, 2 + k)
            await touch(b, a, InteractionKind.MEETING, 2 + k)
    for a, b in (("rep-1", "dnc"), ("dnc", "tina")):
        await connect(a, b)
        for k in range(8):
            await touch(a, b, InteractionKind.MEETING, 1 + k)
    await connect("007", "7")

    jobs = [
        {"personId": "tina", "companyId": "acme", "title": "Head of Data", "start": "2022-01-01"},
        {"personId": "dan", "companyId": "acme", "start": "2019-05-01", "end": "2021-06-30"},
        {"personId": "rep-1", "companyId": "us", "title": "AE"},
        {"personId": "007", "companyId": "007", "title": "Agent", "start": "1962-10-05"},
    ]
    for job in jobs:
        await gql.data(
            "mutation ($input: EmploymentInput!) { setEmployment(input: $input) { current } }",
            input=job,
        )
    for person, company, level in (("ann", "us", "CHAMPION"), ("bob", "acme", "PROMOTER")):
        await gql.data(
            "mutation ($input: AdvocacyInput!) { setAdvocacy(input: $input) { level } }",
            input={"personId": person, "companyId": company, "level": level, "since": "2024-02-02"},
        )
    for person in ("ann", "bob", "tina"):
        await gql.data(
            "mutation ($input: MembershipInput!) { setMembership(input: $input) { role } }",
            input={"personId": person, "communityId": "guild", "role": "member"},
        )
    await gql.data(
        """mutation { createDeal(input: {id: "d-1", name: "Acme platform", companyId: "acme",
             ownerId: "rep-1", stage: PROPOSAL, amount: 120000, createdAt: "2026-09-01"}) {
             id } }"""
    )
    return world
