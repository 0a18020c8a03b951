"""``WarmgraphService.possible_duplicates`` over every store holding identities: the same
pairs from SQLite, the embedded store and Neo4j, shown as each caller may see them."""

from __future__ import annotations

import random
from datetime import date

import pytest

from graph.access import Caller, Role
from graph.duplicates import possible_duplicates
from graph.errors import BadInput
from graph.model import Company, Employment, Person
from graph.queries import PersonIdentity
from graph.service import WarmgraphService
from graph.store.base import AuditLog, Identities, NodeRecords, RelationshipWrites
from tests.conftest import backend_params, open_test_store

COMPANIES = {"acme": "Acme Inc.", "acme-eu": "ACME", "globex": "Globex", "initech": "Initech"}


@pytest.fixture(params=backend_params(Identities, NodeRecords, RelationshipWrites, AuditLog))
def service(request, tmp_path, strength_model):
    store = open_test_store(request.param, request, tmp_path / "dups.db", strength_model)
    service = WarmgraphService(store)
    for cid, name in COMPANIES.items():
        service.create(Company(cid, name))
    yield service
    store.close()


def add(service, pid, name, *companies, email=None, linkedin=None, dnc=False, ended=()):
    service.create(Person(pid, name, email=email, linkedin=linkedin, do_not_contact=dnc))
    for cid in companies:
        service.set_employment(Employment(pid, cid))
    for cid in ended:  # a past job is not a current company
        service.set_employment(Employment(pid, cid, end=date(2020, 1, 1)))


def listed(found):
    return [(d.a.id, d.b.id, d.reason) for d in found]


def test_pairs_with_reasons_and_people_as_each_caller_sees_them(service):
    add(service, "p1", "Renée Dubois", "acme", email="renee@acme.com")
    add(service, "p2", "renee dubois", "acme-eu", email="rdubois@acme.com", dnc=True)
    add(service, "p3", "Renee Dubois", ended=["globex"])
    add(service, "p4", "Renee Dubois", "initech", linkedin="linkedin.com/in/renee")
    add(service, "p5", "Renee Dubois", "globex", linkedin="https://www.linkedin.com/in/rd2/")
    add(service, "p6", "René Dubois", "acme")  # another name: never paired
    found = service.possible_duplicates()
    assert listed(found) == [
        ("p1", "p2", "same name and company (Acme Inc.); different e-mails"),
        ("p1", "p3", "same name; one has no company"),
        ("p2", "p3", "same name; one has no company"),
        ("p3", "p4", "same name; one has no company"),
        ("p3", "p5", "same name; one has no company"),
        ("p1", "p4", "same name; different companies (Acme Inc. / Initech)"),
        ("p1", "p5", "same name; different companies (Acme Inc. / Globex)"),
        ("p2", "p4", "same name; different companies (ACME / Initech)"),
        ("p2", "p5", "same name; different companies (ACME / Globex)"),
        # p4 / p5: two LinkedIn profiles, two humans
    ]
    assert found[0].b.email == "rdubois@acme.com"  # the operator is an admin
    analyst = service.acting_as(Caller("a@t.test", Role.ANALYST))
    shown = analyst.possible_duplicates(first=1)[0]
    assert (shown.b.id, shown.b.do_not_contact, shown.b.email) == ("p2", True, None)
    assert shown.a.email == "renee@acme.com"
    # pages continue after their cursor
    rest = service.possible_duplicates(first=500, after=found[2].cursor)
    assert listed(rest) == listed(found)[3:]


@pytest.mark.parametrize(
    ("first", "after", "message"),
    [
        (0, None, "between 1 and 500"),
        (501, None, "between 1 and 500"),
        (10, "nonsense", "not a cursor"),
        (10, "", "not a cursor"),
    ],
)
def test_bad_arguments_are_bad_input(service, first, after, message):
    with pytest.raises(BadInput, match=message):
        service.possible_duplicates(first=first, after=after)


def test_the_store_gives_the_pairs_its_people_make(service):
    """Random people written through the service: the pairs equal those computed from the
    very identities written, on every store."""
    rng = random.Random(10)
    names = ["Ana Lima", "ana  lima", "ÁNA LIMA", "Bo Chen", "bo chen", "Cy Diaz"]
    written = []
    for i in range(40):
        pid = f"r{i:02}"
        companies = tuple(rng.sample(sorted(COMPANIES), rng.choice([0, 1, 1, 2])))
        email = rng.choice([None, f"{pid}@x.test"])
        linkedin = rng.choice([None, None, f"linkedin.com/in/{rng.choice('ab')}"])
        name = rng.choice(names)
        add(service, pid, name, *companies, email=email, linkedin=linkedin)
        written.append(PersonIdentity(pid, name, email, linkedin, companies))
    expected = possible_duplicates(written, COMPANIES)
    assert len(expected) > 20
    got, after = [], None
    while page := service.possible_duplicates(first=7, after=after):
        got += page
        after = page[-1].cursor
    assert [(d.a.id, d.b.id, d.reason, d.cursor) for d in got] == [
        (p.a, p.b, p.reason, p.cursor) for p in expected
    ]
