"""``NameSearch``: people, companies, communities and deals found by a piece of their name, in
keyset pages. Planted names with the exact order expected, and a larger world checked against
the keys ``graph.search_query`` computes in Python over every row (the brute-force reference);
pages are walked to the end while rows are added and removed between them."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from graph.model import Community, Company, Deal, Node, NodeType, Person
from graph.search_query import NameQuery, SearchKey, name_key, person_key
from graph.store.base import NameSearch

pytestmark = pytest.mark.protocol.with_args(NameSearch)

Page = list[tuple[SearchKey, Any]]

PEOPLE = [
    Person("ann", "Zed Zimmer"),  # tier 0: the id is the text
    Person("p2", "Anna Bell"),  # tier 1: the name starts with it (ties by id: p1 first)
    Person("p1", "Anna Bell"),
    Person("p3", "anne"),  # tier 1 ("Anna Bell" < "anne": names order as stored)
    Person("p4", "Joanna"),  # tier 2: inside the name (tier 2 by name: Bob, Carl, Dana, Jo...)
    Person("p5", "Bob", email="bob@hANNover.example"),  # tier 2: the e-mail
    Person("p6", "Carl", title="Planner"),  # tier 2: the title
    Person("p7", "Dora", email="dora@example.com", location="Annecy"),  # location: no
    Person("p8", "Dana Private", email="dana@hannah.example", do_not_contact=True),
]


def search(records: Any, kind: NodeType) -> Callable[[NameQuery, SearchKey | None, int], Page]:
    reads: dict[NodeType, Callable[[NameQuery, SearchKey | None, int], Page]] = {
        Person: records.search_people,
        Company: records.search_companies,
        Community: records.search_communities,
        Deal: records.search_deals,
    }
    return reads[kind]


def walk(records: Any, kind: NodeType, query: NameQuery, size: int) -> list[str]:
    """Every id the search yields, page by page of ``size``."""
    ids: list[str] = []
    after = None
    while True:
        page = search(records, kind)(query, after, size)
        ids += [node.id for _, node in page]
        if len(page) < size:
            return ids
        after = page[-1][0]


def ids(page: Page) -> list[str]:
    return [node.id for _, node in page]


@pytest.fixture
def people(records: Any) -> Any:
    for person in PEOPLE:
        records.create_node(person)
    return records


class TestPeople:
    def test_best_first_then_by_name_then_id(self, people: Any) -> None:
        found = people.search_people(NameQuery("ann"), None, 50)
        assert ids(found) == ["ann", "p1", "p2", "p3", "p5", "p6", "p8", "p4"]
        assert [key.tier for key, _ in found] == [0, 1, 1, 1, 2, 2, 2, 2]
        assert found[0] == (SearchKey(0, "Zed Zimmer", "ann"), PEOPLE[0])
        assert people.search_count(Person, NameQuery("ann")) == 8

    def test_pages_continue_strictly_after_the_key(self, people: Any) -> None:
        first = people.search_people(NameQuery("ann"), None, 3)
        assert ids(first) == ["ann", "p1", "p2"]
        rest = people.search_people(NameQuery("ann"), first[-1][0], 3)
        assert ids(rest) == ["p3", "p5", "p6"]
        assert walk(people, Person, NameQuery("ann"), 3) == [
            "ann", "p1", "p2", "p3", "p5", "p6", "p8", "p4",
        ]  # fmt: skip

    def test_an_empty_text_lists_everybody_by_name_then_id(self, people: Any) -> None:
        expected = [p.id for p in sorted(PEOPLE, key=lambda p: (p.name, p.id))]
        assert walk(people, Person, NameQuery(""), 2) == expected
        assert walk(people, Person, NameQuery(""), 100) == expected
        assert people.search_count(Person, NameQuery("")) == len(PEOPLE)

    def test_a_hidden_email_finds_nobody(self, people: Any) -> None:
        hidden = NameQuery("hannah", hide_private_emails=True)
        assert people.search_people(hidden, None, 10) == []
        assert people.search_count(Person, hidden) == 0
        assert ids(people.search_people(NameQuery("hannah"), None, 10)) == ["p8"]
        # the name still finds them, and so does everyone else's e-mail
        assert ids(people.search_people(NameQuery("dana", hide_private_emails=True), None, 9)) == [
            "p8"
        ]
        assert "p5" in ids(
            people.search_people(NameQuery("hannover", hide_private_emails=True), None, 9)
        )
        everybody = NameQuery("", hide_private_emails=True)
        assert people.search_count(Person, everybody) == len(PEOPLE)

    def test_texts_are_plain_and_case_folded(self, records: Any) -> None:
        for person in [
            Person("pct", "100% l_n"),
            Person("e", "Émile Ångström"),
            Person("x", "Xavier", title="quote's"),
        ]:
            records.create_node(person)
        assert ids(records.search_people(NameQuery("%"), None, 10)) == ["pct"]
        assert ids(records.search_people(NameQuery("l_n"), None, 10)) == ["pct"]
        assert records.search_people(NameQuery("_x"), None, 10) == []
        assert ids(records.search_people(NameQuery("émile"), None, 10)) == ["e"]
        assert ids(records.search_people(NameQuery("ångström"), None, 10)) == ["e"]
        assert ids(records.search_people(NameQuery("quote's"), None, 10)) == ["x"]
        assert records.search_people(NameQuery("'; drop table person; --"), None, 10) == []
        # the key's field separator would match across fields: it matches nobody
        assert records.search_people(NameQuery("n\x1fx"), None, 10) == []
        assert records.search_count(Person, NameQuery("\x1f")) == 0
        assert records.search_people(NameQuery("e"), None, 0) == []


class TestOtherKinds:
    @pytest.fixture
    def world(self, records: Any) -> Any:
        records.create_node(Person("o1", "Owner One"))
        records.create_node(Person("o2", "Owner Two"))
        for company in [
            Company("c1", "Acme", domain="acme.example"),
            Company("c2", "Bacme Holdings", domain="bh.example"),
            Company("c3", "Zeta", domain="zacme.example"),
            Company("c4", "acme lower"),
            Company("c5", "Ölwerke", domain="oel.example"),
        ]:
            records.create_node(company)
        for community in [
            Community("k1", "Python Users"),
            Community("k2", "pythonistas"),
            Community("k3", "Monty Python Fans"),
            Community("k4", "Rustaceans"),
        ]:
            records.create_node(community)
        for deal in [
            Deal("d1", "Acme renewal", "c1", owner_id="o1"),
            Deal("d2", "Expansion", "c1", owner_id="o2"),  # found by its company's name
            Deal("d3", "Bacme pilot", "c2"),  # no owner
            Deal("d4", "Zeta acme-like", "c3", owner_id="o1"),
            Deal("d5", "Other", "c5", owner_id="o2"),
        ]:
            records.create_node(deal)
        return records

    def test_companies_by_name_or_domain(self, world: Any) -> None:
        found = world.search_companies(NameQuery("acme"), None, 10)
        # "Acme" < "acme lower" (as stored), then the inner matches by name
        assert ids(found) == ["c1", "c4", "c2", "c3"]
        assert [key.tier for key, _ in found] == [0, 0, 1, 1]
        assert ids(world.search_companies(NameQuery("ölw"), None, 10)) == ["c5"]
        assert world.search_count(Company, NameQuery("acme")) == 4
        assert walk(world, Company, NameQuery(""), 2) == ["c1", "c2", "c3", "c4", "c5"]

    def test_communities_by_name(self, world: Any) -> None:
        found = world.search_communities(NameQuery("python"), None, 10)
        assert ids(found) == ["k1", "k2", "k3"]
        assert [key.tier for key, _ in found] == [0, 0, 1]
        assert world.search_count(Community, NameQuery("python")) == 3
        assert world.search_count(Community, NameQuery("")) == 4

    def test_deals_by_their_name_or_their_companys(self, world: Any) -> None:
        found = world.search_deals(NameQuery("acme"), None, 10)
        assert ids(found) == ["d1", "d3", "d2", "d4"]
        assert found[0][1] == Deal("d1", "Acme renewal", "c1", owner_id="o1")
        assert world.search_count(Deal, NameQuery("acme")) == 4

    def test_deals_only_of_the_owners_given(self, world: Any) -> None:
        mine = NameQuery("acme", owners=frozenset({"o1"}))
        assert ids(world.search_deals(mine, None, 10)) == ["d1", "d4"]
        assert world.search_count(Deal, mine) == 2
        nobody = NameQuery("", owners=frozenset())
        assert world.search_deals(nobody, None, 10) == []
        assert world.search_count(Deal, nobody) == 0
        # a deal without an owner belongs to no owner set
        both = NameQuery("", owners=frozenset({"o1", "o2"}))
        assert walk(world, Deal, both, 2) == ["d1", "d2", "d5", "d4"]
        assert world.search_count(Deal, both) == 4
        assert walk(world, Deal, NameQuery(""), 3) == ["d1", "d3", "d2", "d5", "d4"]


# -- against the brute-force reference, under writes between pages ----------------------------

SYLLABLES = ["an", "na", "bo", "el", "li", "ma", "ro", "Ann", "É", "to"]


def _id(rng: random.Random, prefix: str, i: int) -> str:
    return f"{prefix}{i:03d}" if rng.random() < 0.9 else f"{rng.choice(['An', 'ma'])}{prefix}{i}"


def generated_people(rng: random.Random, n: int, prefix: str) -> list[Person]:
    people = []
    for i in range(n):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
        if rng.random() < 0.2:
            name = rng.choice(["Anna", "Bob", "Ann"])  # ties on the name
        people.append(
            Person(
                "an" if i == 0 and prefix == "p" else _id(rng, prefix, i),
                name,
                title=rng.choice([None, "Manager", "Engineer", "Analyst"]),
                email=rng.choice([None, f"{name.lower()}@corp.example", f"x{i}@bank.example"]),
                do_not_contact=rng.random() < 0.15,
            )
        )
    return people


def expected(people: list[Person], query: NameQuery) -> list[str]:
    keyed = []
    for p in people:
        key = person_key(p, query.text, hide_private_emails=query.hide_private_emails)
        if key is not None:
            keyed.append((key, p.id))
    return [pid for _, pid in sorted(keyed)]


@pytest.mark.parametrize(
    "query",
    [
        NameQuery(""),
        NameQuery("an"),
        NameQuery("ann"),
        NameQuery("é"),
        NameQuery("bank", hide_private_emails=True),
        NameQuery("bank"),
        NameQuery("p01"),
        NameQuery("manager"),
    ],
    ids=lambda q: f"{q.text or 'everybody'}{'-hidden' if q.hide_private_emails else ''}",
)
def test_people_pages_match_the_reference_under_writes(records: Any, query: NameQuery) -> None:
    rng = random.Random(7)
    people = generated_people(rng, 80, "p")
    for person in people:
        records.create_node(person)
    assert walk(records, Person, query, 7) == expected(people, query)
    assert records.search_count(Person, query) == len(expected(people, query))

    # walk again, adding and removing people between pages
    before = set(expected(people, query))
    added = generated_people(rng, 30, "new")
    removed: set[str] = set()
    seen: list[str] = []
    after: SearchKey | None = None
    step = 0
    while True:
        page = records.search_people(query, after, 5)
        keys = [key for key, _ in page]
        assert keys == sorted(keys) and (after is None or not keys or keys[0] > after)
        seen += ids(page)
        if len(page) < 5:
            break
        after = page[-1][0]
        if step < len(added):
            records.create_node(added[step])
        victim = rng.choice(sorted(before - set(seen) - removed) or [""])
        if victim and step % 3 == 0:
            records.delete_node(Person, victim)
            removed.add(victim)
        step += 1
    assert len(seen) == len(set(seen)), "a row came twice"
    # every row there throughout came exactly once; removed ones never came after removal
    assert before - removed <= set(seen)
    assert not set(seen) & removed
    final = [p for p in people + added[:step] if p.id not in removed]
    assert walk(records, Person, query, 11) == expected(final, query)


def test_company_pages_match_the_reference(records: Any) -> None:
    rng = random.Random(3)
    companies: list[Node] = []
    for i in range(40):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).title()
        company = Company(f"c{i:02d}", name, domain=rng.choice([None, f"{name.lower()}.io"]))
        records.create_node(company)
        companies.append(company)
    for text in ["", "an", "io", "ro"]:
        keyed = sorted(
            (key, c.id)
            for c in companies
            if isinstance(c, Company) and (key := name_key(c.id, c.name, (c.domain,), text))
        )
        assert walk(records, Company, NameQuery(text), 6) == [cid for _, cid in keyed]
        assert records.search_count(Company, NameQuery(text)) == len(keyed)
