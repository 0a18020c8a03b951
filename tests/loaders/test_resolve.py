"""Identity resolution, rule by rule, on planted worlds: what must merge (and by which rule),
what must not, what is kept when values conflict, and that applying a batch twice resolves
everything the second time by the external ids the first recorded."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from graph.errors import BadInput
from graph.model import ConnectionOrigin, InteractionKind
from graph.queries import CompanyIdentity, PersonIdentity
from graph.validation import check_bundle
from loaders.identity import KnownIdentities, company_name_key, domain_key, name_key
from loaders.resolve import Resolution, resolve, safe_id
from loaders.resolve_frames import SELF_LINK
from loaders.sources.records import (
    OWNER,
    SourceBatch,
    SourceCompany,
    SourceConnection,
    SourceDeal,
    SourceInteraction,
    SourcePerson,
)


class FakeIdentityStore:
    """Just ExternalIds + Identities, in memory."""

    def __init__(self, people: list[PersonIdentity], companies: list[CompanyIdentity]) -> None:
        self.people = {p.id: p for p in people}
        self.companies = {c.id: c for c in companies}
        self.ids: dict[tuple[str, str, str], str] = {}

    def person_identities(self) -> list[PersonIdentity]:
        return list(self.people.values())

    def company_identities(self) -> list[CompanyIdentity]:
        return list(self.companies.values())

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        return {k: self.ids[(source, kind, k)] for k in keys if (source, kind, k) in self.ids}

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        for key, wid in mapping.items():
            self.ids[(source, kind, key)] = wid

    def apply(self, source: str, res: Resolution) -> None:
        """What import_bundle + record_external_ids do, for the fields identities carry."""
        b = res.bundle
        for row in _rows(b.companies):
            stored = self.companies.get(row["id"])
            domain = row["domain"] or (stored.domain if stored else None)
            self.companies[row["id"]] = CompanyIdentity(row["id"], row["name"], domain)
        for row in _rows(b.people):
            old = self.people.get(row["id"]) or PersonIdentity(row["id"], "", None, None, ())
            self.people[row["id"]] = replace(
                old,
                name=row["name"],
                email=row["email"] or old.email,
                linkedin=row["linkedin"] or old.linkedin,
            )
        for row in _rows(b.employment):
            p = self.people[row["person_id"]]
            jobs = tuple(sorted({*p.companies, row["company_id"]}))
            self.people[p.id] = replace(p, companies=jobs)
        for kind, mapping in res.external_ids().items():
            self.record_external_ids(source, kind, mapping)


def _rows(frame: pd.DataFrame | None) -> list[dict[str, str]]:
    return [] if frame is None else frame.to_dict("records")  # type: ignore[return-value]


ADA_PROFILE = "https://www.linkedin.com/in/ada/"


def _world() -> FakeIdentityStore:
    return FakeIdentityStore(
        [
            PersonIdentity("me", "Rita Rep", "rita@seller.io", None, ()),
            PersonIdentity("p1", "José Núñez", "jose@acme.com", None, ("c-acme",)),
            PersonIdentity(
                "p2", "Ada Lovelace", "ada@x.org", "https://www.linkedin.com/in/ada/", ()
            ),
            PersonIdentity("p3", "John Smith", None, None, ("c-acme",)),
            PersonIdentity("p4", "Mary Jones", "mary@old.com", None, ("c-acme",)),
        ],
        [
            CompanyIdentity("c-acme", "Acme Inc.", "acme.com"),
            CompanyIdentity("c-globex", "Globex Ltd", None),
        ],
    )


def _resolve(store: FakeIdentityStore, batch: SourceBatch, owner: str | None = "me") -> Resolution:
    return resolve(batch, KnownIdentities.read(store, batch), owner)


def _one(person: SourcePerson, *companies: SourceCompany, source: str = "linkedin") -> Resolution:
    return _resolve(_world(), SourceBatch(source, people=[person], companies=list(companies)))


ACME = SourceCompany("k-acme", "ACME, Inc")
INITECH = SourceCompany("k-initech", "Initech")


# -- normalisation -----------------------------------------------------------------------------


def test_names_compare_case_and_accent_insensitively() -> None:
    assert name_key("  JOSÉ   Núñez ") == name_key("jose nunez") == "jose nunez"
    assert name_key("   ") is None


@pytest.mark.parametrize(
    "name", ["Acme", "Acme Inc.", "ACME, Inc", "Acme LLC", "Acme GmbH", "Acme S.A.", "Acme Corp."]
)
def test_company_legal_forms_and_punctuation_are_ignored(name: str) -> None:
    assert company_name_key(name) == "acme"


def test_a_company_name_that_is_only_a_legal_form_is_kept() -> None:
    assert company_name_key("S.A.") == "sa"
    assert company_name_key("SA Partners") == "sa partners"


def test_domains_lose_scheme_www_path_and_case() -> None:
    assert domain_key("https://www.Acme.com/about?x=1") == domain_key("acme.com.") == "acme.com"


# -- the rules one by one ----------------------------------------------------------------------


def test_rule_1_the_same_sources_id_seen_before() -> None:
    store = _world()
    store.record_external_ids("salesforce", "person", {"003A": "p2"})
    res = _resolve(store, SourceBatch("salesforce", people=[SourcePerson("003A", "A. Lovelace")]))
    assert res.person_ids["003A"] == "p2"
    assert res.people_merged == {"external id": 1} and res.people_created == 0
    assert res.conflicts == ["person p2: name kept 'Ada Lovelace', source has 'A. Lovelace'"]


def test_rule_1_is_per_source() -> None:
    store = _world()
    store.record_external_ids("hubspot", "person", {"003A": "p2"})
    res = _resolve(store, SourceBatch("salesforce", people=[SourcePerson("003A", "Someone")]))
    assert res.person_ids["003A"] == "003A" and res.people_created == 1


def test_rule_2_email_trimmed_and_lower_cased() -> None:
    res = _one(SourcePerson("k", "J. Nunez", email="  JOSE@Acme.COM "))
    assert res.person_ids["k"] == "p1" and res.people_merged == {"email": 1}


def test_rule_3_linkedin_profile_normalised() -> None:
    res = _one(SourcePerson("k", "Ada L", linkedin="http://linkedin.com/in/ADA?trk=abc"))
    assert res.person_ids["k"] == "p2" and res.people_merged == {"linkedin": 1}


def test_rule_4_name_and_company_by_normalised_company_name() -> None:
    res = _one(SourcePerson("k", "john  SMITH", company="k-acme"), ACME)
    assert res.person_ids["k"] == "p3" and res.people_merged == {"name and company": 1}
    assert res.company_ids["k-acme"] == "c-acme"


def test_rule_4_is_accent_insensitive() -> None:
    res = _one(SourcePerson("k", "Jose Nunez", company="k-acme"), ACME)
    assert res.person_ids["k"] == "p1" and res.people_merged == {"name and company": 1}


def test_rule_4_by_the_emails_domain_against_the_companys_domain() -> None:
    res = _one(SourcePerson("k", "John Smith", email="john@ACME.com"))
    assert res.person_ids["k"] == "p3" and res.people_merged == {"name and company": 1}
    assert res.bundle.people is not None
    assert res.bundle.people.loc[0, "email"] == "john@ACME.com"  # filled: p3 had none


def test_rule_4_company_domain_against_the_stored_persons_email() -> None:
    store = _world()
    store.people["p5"] = PersonIdentity("p5", "Li Wei", "li@globex.cn", None, ())
    batch = SourceBatch(
        "salesforce",
        people=[SourcePerson("k", "Li Wei", company="g")],
        companies=[SourceCompany("g", "Globex China", domain="globex.cn")],
    )
    assert _resolve(store, batch).person_ids["k"] == "p5"


@pytest.mark.parametrize(
    ("person", "why"),
    [
        (SourcePerson("k", "John Smith", company="k-initech"), "same name, different company"),
        (SourcePerson("k", "John Smith"), "same name, no company"),
        (SourcePerson("k", "Ada Lovelace"), "a name alone"),
        (
            SourcePerson("k", "Mary Jones", email="mary@acme.com", company="k-acme"),
            "same name and company, different e-mails",
        ),
        (SourcePerson("k", "John Smith", email="john@gmail.com"), "e-mail domain of no company"),
    ],
)
def test_must_not_merge(person: SourcePerson, why: str) -> None:
    res = _one(person, ACME, INITECH)
    assert res.people_created == 1, why
    assert res.person_ids["k"] not in {"p1", "p2", "p3", "p4"}, why
    assert not res.people_merged, why


def test_same_name_and_company_with_different_linkedin_profiles_do_not_merge() -> None:
    """Two profiles are two humans: rule 4 steps aside, as for two e-mails; the same
    profile written differently is rule 3's merge."""
    store = _world()
    store.people["p3"] = replace(store.people["p3"], linkedin="linkedin.com/in/jsmith-acme")
    other = SourcePerson(
        "k", "John Smith", linkedin="https://www.linkedin.com/in/john-smith-42", company="a"
    )
    batch = SourceBatch("linkedin", people=[other], companies=[SourceCompany("a", "Acme")])
    res = _resolve(store, batch)
    assert res.person_ids["k"] != "p3" and res.people_created == 1
    same = replace(other, linkedin="http://linkedin.com/in/jsmith-acme/?trk=x")
    batch = SourceBatch("linkedin", people=[same], companies=[SourceCompany("a", "Acme")])
    res = _resolve(store, batch)
    assert res.person_ids["k"] == "p3" and res.people_merged == {"linkedin": 1}


def test_two_people_of_the_same_name_and_company_merge_with_neither() -> None:
    store = _world()
    store.people["p6"] = PersonIdentity("p6", "John Smith", None, None, ("c-acme",))
    batch = SourceBatch("linkedin", people=[SourcePerson("k", "John Smith", company="a")])
    batch.companies = [SourceCompany("a", "Acme")]
    res = _resolve(store, batch)
    assert res.person_ids["k"] not in {"p3", "p6"} and res.people_created == 1


# -- companies ---------------------------------------------------------------------------------


def test_companies_by_external_id_domain_then_name() -> None:
    store = _world()
    store.record_external_ids("hubspot", "company", {"9": "c-globex"})
    batch = SourceBatch(
        "hubspot",
        companies=[
            SourceCompany("9", "Globex Corporation"),
            SourceCompany("1", "Acme Europe", domain="https://www.acme.com/de"),
            SourceCompany("2", "globex, ltd."),
            SourceCompany("3", "Initech"),
        ],
    )
    res = _resolve(store, batch)
    assert res.company_ids == {"9": "c-globex", "1": "c-acme", "2": "c-globex", "3": "3"}
    assert res.companies_matched == {"external id": 1, "domain": 1, "name": 1}
    assert res.companies_created == 1
    # "Globex Corporation" is "Globex Ltd" by name: no conflict
    assert res.conflicts == ["company c-acme: name kept 'Acme Inc.', source has 'Acme Europe'"]


def test_same_company_name_with_different_domains_is_two_companies() -> None:
    batch = SourceBatch("hubspot", companies=[SourceCompany("1", "Acme", domain="acme.co.uk")])
    res = _resolve(_world(), batch)
    assert res.company_ids["1"] == "1" and res.companies_created == 1


def test_a_domain_fills_a_company_that_had_none() -> None:
    batch = SourceBatch("hubspot", companies=[SourceCompany("1", "Globex", domain="globex.com")])
    res = _resolve(_world(), batch)
    assert res.bundle.companies is not None
    assert _rows(res.bundle.companies) == [
        {"id": "c-globex", "name": "Globex Ltd", "domain": "globex.com", "industry": None,
         "employees": None}
    ]  # fmt: skip


# -- within one batch, values, ids -------------------------------------------------------------


def test_two_rows_of_one_batch_that_are_one_person_merge() -> None:
    batch = SourceBatch(
        "salesforce",
        people=[
            SourcePerson("003A", "Grace Hopper", email="grace@navy.mil"),
            SourcePerson("003B", "Grace Hopper", email="GRACE@navy.mil", title="RADM"),
        ],
    )
    res = _resolve(_world(), batch)
    assert res.person_ids["003A"] == res.person_ids["003B"] == "003A"
    assert res.people_created == 1 and res.people_merged == {"email": 1}
    assert _rows(res.bundle.people)[0] | {} == {
        "id": "003A", "name": "Grace Hopper", "email": "grace@navy.mil", "title": "RADM",
        "location": None, "linkedin": None, "twitter": None, "do_not_contact": None,
        "tags": None,
    }  # fmt: skip


def test_conflicting_values_are_kept_and_reported_and_empty_ones_never_overwrite() -> None:
    person = SourcePerson("k", "", email="ada@y.org", linkedin="linkedin.com/in/ada", title="")
    res = _one(person)
    assert res.person_ids["k"] == "p2"
    assert res.conflicts == ["person p2: email kept 'ada@x.org', source has 'ada@y.org'"]
    assert res.bundle.people is None  # nothing new to write about p2


def test_new_ids_keep_a_crm_id_and_prefix_other_sources() -> None:
    crm = _resolve(_world(), SourceBatch("salesforce", people=[SourcePerson("p1", "Other One")]))
    assert crm.person_ids["p1"] == "salesforce:p1"  # "p1" is taken by someone else
    li = _one(SourcePerson("linkedin.com/in/new", "New Person"))
    assert li.person_ids["linkedin.com/in/new"] == "linkedin:linkedin.com/in/new"


def test_ids_are_made_safe() -> None:
    assert safe_id(" a b\tc\n") == "a_b_c"
    long = safe_id("x" * 1000)
    assert len(long) == 256 and long != safe_id("x" * 999)


def test_the_owners_own_address_is_the_owner_and_links_to_oneself_are_dropped() -> None:
    batch = SourceBatch(
        "mbox",
        people=[
            SourcePerson("rita@seller.io", "Rita", email="rita@seller.io"),
            SourcePerson("bob@b.com", "Bob", email="bob@b.com"),
        ],
        interactions=[
            SourceInteraction("m1|rita", InteractionKind.EMAIL, datetime(2024, 1, 2, tzinfo=UTC),
                              OWNER, "rita@seller.io"),
            SourceInteraction("m1|bob", InteractionKind.EMAIL, datetime(2024, 1, 2, tzinfo=UTC),
                              OWNER, "bob@b.com"),
        ],
    )  # fmt: skip
    res = _resolve(_world(), batch)
    assert res.person_ids["rita@seller.io"] == "me"
    assert res.skipped == {SELF_LINK: 1}
    assert _rows(res.bundle.interactions)[0]["id"] == "mbox:m1|bob"
    assert _rows(res.bundle.interactions)[0]["recipient_id"] == "mbox:bob@b.com"


def test_a_batch_naming_the_owner_needs_one() -> None:
    batch = SourceBatch("linkedin", connections=[SourceConnection(OWNER, "x")])
    with pytest.raises(BadInput, match="--owner"):
        _resolve(_world(), batch, owner=None)


def test_unknown_keys_are_problems_not_guesses() -> None:
    batch = SourceBatch(
        "salesforce",
        people=[SourcePerson("a", "A", company="nope")],
        connections=[SourceConnection("a", "ghost")],
        deals=[SourceDeal("d", "Deal", company="nope")],
    )
    assert len(_resolve(_world(), batch).problems) == 3


# -- a whole batch, twice ----------------------------------------------------------------------


def _crm_batch() -> SourceBatch:
    return SourceBatch(
        "salesforce",
        companies=[SourceCompany("001A", "Acme Inc", domain="acme.com"), INITECH],
        people=[
            SourcePerson("003A", "José Núñez", company="001A", title="CTO"),
            SourcePerson("003B", "Peter Gibbons", email="peter@initech.com", company="k-initech"),
            SourcePerson("005U", "Rita Rep", email="RITA@seller.io"),
        ],
        connections=[SourceConnection("003A", "003B", date(2020, 5, 1), ConnectionOrigin.CRM)],
        deals=[SourceDeal("006X", "TPS", company="k-initech", owner="005U", amount=10.0)],
    )


def test_the_bundle_passes_the_shared_validation() -> None:
    res = _resolve(_world(), _crm_batch())
    existing = {"person": {"me", "p1"}, "company": {"c-acme"}}
    assert check_bundle(res.bundle, lambda kind, ids: ids & existing.get(kind, set())) == []
    assert res.person_ids["005U"] == "me" and res.deal_ids["006X"] == "006X"
    assert _rows(res.bundle.employment)[0]["title"] == "CTO"


def test_resolving_a_batch_again_after_applying_it_matches_everything_by_rule_1() -> None:
    store = _world()
    first = _resolve(store, _crm_batch())
    store.apply("salesforce", first)
    again = _resolve(store, _crm_batch())
    assert again.person_ids == first.person_ids and again.company_ids == first.company_ids
    assert again.people_merged == {"external id": 3} and again.people_created == 0
    assert again.companies_matched == {"external id": 2} and again.companies_created == 0
    assert again.bundle.people is None and again.bundle.companies is None
    assert again.deal_ids == first.deal_ids


def test_an_id_recorded_by_an_import_that_never_finished_is_reused() -> None:
    store = _world()
    store.record_external_ids("salesforce", "person", {"003B": "salesforce:003B"})
    res = _resolve(store, _crm_batch())
    assert res.person_ids["003B"] == "salesforce:003B" and res.people_created == 1
