"""``Identities``: everything identity resolution compares, in one bulk read per kind."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.model import Company, Employment, Person
from graph.queries import CompanyIdentity, PersonIdentity
from graph.store.base import Identities

pytestmark = pytest.mark.protocol.with_args(Identities)

#: What the shared seed (tests/store/world.py) holds: bob left acme for globex; "007" is both
#: a person and a company; values come back as stored.
SEED_PEOPLE = {
    "007": PersonIdentity("007", "Bond James", "jb@mi6.example", None, ("007",)),
    "7": PersonIdentity("7", "Seven of Nine", None, None, ()),
    "alice": PersonIdentity("alice", "Alice Liddell", "alice@acme.example", "in/alice", ("acme",)),
    "bob": PersonIdentity("bob", "Bob Builder", "bob@b.example", None, ("globex",)),
    "carol": PersonIdentity("carol", "Carol Danvers", None, None, ()),
    "dave": PersonIdentity("dave", "Dave Alice-Smith", None, None, ()),
    "erin": PersonIdentity("erin", "Erin Brockovich", None, None, ()),
}
SEED_COMPANIES = {
    "007": CompanyIdentity("007", "Double-O Holdings", "oo.example"),
    "acme": CompanyIdentity("acme", "Acme Corp", None),
    "globex": CompanyIdentity("globex", "Globex", None),
}


def people(records: Any) -> dict[str, PersonIdentity]:
    found = records.person_identities()
    assert len({p.id for p in found}) == len(found), "a person listed twice"
    return {p.id: p for p in found}


def companies(records: Any) -> dict[str, CompanyIdentity]:
    found = records.company_identities()
    assert len({c.id for c in found}) == len(found), "a company listed twice"
    return {c.id: c for c in found}


class TestEmptyStore:
    def test_an_empty_store_has_no_identities(self, records: Any) -> None:
        assert records.person_identities() == []
        assert records.company_identities() == []


class TestSeededWorld:
    def test_everyone_with_their_current_employers(self, seeded: Any) -> None:
        assert people(seeded) == SEED_PEOPLE

    def test_every_company(self, seeded: Any) -> None:
        assert companies(seeded) == SEED_COMPANIES

    def test_identities_agree_with_the_record_reads(self, seeded: Any) -> None:
        for identity in seeded.person_identities():
            person = seeded.get_nodes(Person, [identity.id])[identity.id]
            assert (identity.name, identity.email, identity.linkedin) == (
                person.name,
                person.email,
                person.linkedin,
            )
            current = seeded.employments(person_id=identity.id, current_only=True)
            assert sorted(identity.companies) == sorted(e.company_id for e in current)

    def test_reading_identities_leaves_the_data_version_alone(self, seeded: Any) -> None:
        version = seeded.data_version()
        seeded.person_identities()
        seeded.company_identities()
        assert seeded.data_version() == version


class TestEmployers:
    @pytest.fixture
    def world(self, records: Any) -> Any:
        for company in ("acme", "globex", "initech"):
            records.create_node(Company(company, company.title()))
        records.create_node(Person("ada", "Ada"))
        return records

    def test_a_past_employer_is_not_a_current_one(self, world: Any) -> None:
        world.set_employment(
            Employment("ada", "acme", start=date(2015, 1, 1), end=date(2020, 1, 1))
        )
        assert people(world)["ada"].companies == ()

    def test_several_current_employers_all_count(self, world: Any) -> None:
        world.set_employment(Employment("ada", "initech", start=date(2021, 1, 1)))
        world.set_employment(Employment("ada", "acme"))
        world.set_employment(Employment("ada", "globex", end=date(2019, 6, 30)))
        assert sorted(people(world)["ada"].companies) == ["acme", "initech"]

    def test_ending_an_employment_removes_the_company(self, world: Any) -> None:
        world.set_employment(Employment("ada", "acme"))
        world.set_employment(Employment("ada", "acme", end=date(2025, 1, 31)))
        assert people(world)["ada"].companies == ()

    def test_a_deleted_company_leaves_its_employees(self, world: Any) -> None:
        world.set_employment(Employment("ada", "acme"))
        world.set_employment(Employment("ada", "globex"))
        world.delete_node(Company, "acme")
        assert people(world)["ada"].companies == ("globex",)
        assert set(companies(world)) == {"globex", "initech"}


class TestChanges:
    def test_a_deleted_person_disappears(self, seeded: Any) -> None:
        seeded.delete_node(Person, "alice")
        expected = {k: v for k, v in SEED_PEOPLE.items() if k != "alice"}
        assert people(seeded) == expected

    def test_an_update_shows_at_once(self, seeded: Any) -> None:
        seeded.update_node(Person("7", "Annika Hansen", email="annika@voyager.example"))
        assert people(seeded)["7"] == PersonIdentity(
            "7", "Annika Hansen", "annika@voyager.example", None, ()
        )

    def test_values_come_back_as_stored_not_normalised(self, records: Any) -> None:
        records.create_node(
            Person(
                "zoe",
                "Zoë Ćwik-Müller 陈",
                email="Zoe.Cwik@Example.COM",
                linkedin="https://www.linkedin.com/in/zoë/?trk=x",
            )
        )
        records.create_node(Company("sté", "Société Générale S.A.", domain="SocGen.example"))
        assert people(records)["zoe"] == PersonIdentity(
            "zoe",
            "Zoë Ćwik-Müller 陈",
            "Zoe.Cwik@Example.COM",
            "https://www.linkedin.com/in/zoë/?trk=x",
            (),
        )
        assert companies(records) == {
            "sté": CompanyIdentity("sté", "Société Générale S.A.", "SocGen.example")
        }
