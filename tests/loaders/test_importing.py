"""Applying a source batch to real stores: merged onto who is already there, all or nothing,
twice is once, a dry run writes nothing, and erased people stay out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.errors import BadInput, BundleError, NotFound
from graph.model import (
    Company,
    ConnectionOrigin,
    DealStage,
    Employment,
    InteractionKind,
    Person,
)
from graph.service import WarmgraphService
from graph.store.base import ExternalIds, Identities
from graph.strength import StrengthModel
from loaders.importing import import_batch
from loaders.sources.records import (
    OWNER,
    Report,
    SourceBatch,
    SourceCompany,
    SourceConnection,
    SourceDeal,
    SourceInteraction,
    SourcePerson,
)
from tests.conftest import backend_params, open_test_store

AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture(params=backend_params(ExternalIds, Identities))
def store(
    request: pytest.FixtureRequest, tmp_path: Path, strength_model: StrengthModel
) -> Iterator[Any]:
    s = open_test_store(request.param, request, tmp_path / "store.db", strength_model)
    s.create_node(Person("me", "Rita Rep", email="rita@seller.io"))
    s.create_node(Person("p1", "José Núñez", email="jose@acme.com", title="CTO"))
    s.create_node(Company("c-acme", "Acme Inc.", domain="acme.com"))
    s.set_employment(Employment("p1", "c-acme"))
    yield s
    s.close()


@pytest.fixture
def service(store: Any) -> WarmgraphService:
    return WarmgraphService(store)


def _batch(rejected: list[str] | None = None) -> SourceBatch:
    """A LinkedIn-shaped batch: one known person (by e-mail), one by name and company, two
    new ones, the owner's connections and a message."""
    return SourceBatch(
        "linkedin",
        companies=[SourceCompany("Acme", "ACME, Inc"), SourceCompany("Initech", "Initech")],
        people=[
            SourcePerson("li/jose", "Jose Nunez", email="JOSE@acme.com", company="Acme"),
            SourcePerson(
                "li/peter",
                "Peter Gibbons",
                linkedin="https://www.linkedin.com/in/pg/",
                title="Engineer",
                company="Initech",
            ),
            SourcePerson("li/ann", "Ann Né", email="ann@initech.com", company="Initech"),
        ],
        connections=[
            SourceConnection(OWNER, key, date(2019, 3, 5), ConnectionOrigin.LINKEDIN)
            for key in ("li/jose", "li/peter", "li/ann")
        ],
        interactions=[SourceInteraction("m1", InteractionKind.MESSAGE, AT, "li/ann", OWNER)],
        deals=[SourceDeal("d1", "Pilot", company="Initech", owner=OWNER, amount=5000.0)],
        report=Report(rows_read=3, rejected=rejected or []),
    )


def _snapshot(store: Any) -> tuple[object, ...]:
    """Everything an import can change, in a comparable form."""
    people = sorted(store.person_identities(), key=lambda p: p.id)
    ids = [p.id for p in people]
    return (
        people,
        sorted(store.company_identities(), key=lambda c: c.id),
        sorted(store.get_nodes(Person, ids).items()),
        sorted(store.connections("me", 100), key=lambda c: (c.a, c.b)),
        sorted(i.id for pid in ids for i in store.interactions(pid, 100)),
        sorted(store.employments(), key=lambda e: (e.person_id, e.company_id)),
        sorted(store.deals(), key=lambda d: d.id),
    )


def test_an_import_merges_onto_who_is_there_and_creates_the_rest(
    service: WarmgraphService, store: Any
) -> None:
    summary = import_batch(service, _batch(), "me")
    assert summary.written
    assert summary.people_created == 2
    assert summary.people_merged == {"email": 1}
    assert summary.companies_matched == {"name": 1} and summary.companies_created == 1
    assert (summary.connections, summary.interactions, summary.deals) == (3, 1, 1)
    jose = store.get_nodes(Person, ["p1"])["p1"]
    assert jose.name == "José Núñez" and jose.title == "CTO"  # stored values kept
    assert {c.b if c.a == "me" else c.a for c in store.connections("me", 10)} == {
        "p1", "linkedin:li/peter", "linkedin:li/ann"
    }  # fmt: skip
    (deal,) = store.deals()
    assert (deal.id, deal.company_id, deal.owner_id) == ("linkedin:d1", "linkedin:Initech", "me")
    assert deal.stage is DealStage.PROSPECTING
    assert store.external_ids("linkedin", "person", ["li/jose", "li/ann"]) == {
        "li/jose": "p1", "li/ann": "linkedin:li/ann"
    }  # fmt: skip


def test_importing_twice_changes_nothing(service: WarmgraphService, store: Any) -> None:
    import_batch(service, _batch(), "me")
    before = _snapshot(store)
    again = import_batch(service, _batch(), "me")
    assert _snapshot(store) == before
    assert again.people_created == 0 and again.people_merged == {"external id": 3}
    assert again.companies_created == 0 and again.companies_matched == {"external id": 2}
    assert again.conflicts == []


def test_a_dry_run_writes_nothing(service: WarmgraphService, store: Any) -> None:
    version, before = store.data_version(), _snapshot(store)
    summary = import_batch(service, _batch(), "me", dry_run=True)
    assert summary.people_created == 2 and not summary.written
    assert store.data_version() == version and _snapshot(store) == before
    assert store.external_ids("linkedin", "person", ["li/ann"]) == {}


def test_rejected_rows_reject_the_whole_import(service: WarmgraphService, store: Any) -> None:
    version, before = store.data_version(), _snapshot(store)
    with pytest.raises(BundleError) as caught:
        import_batch(service, _batch(["Connections.csv:7: bad date '31 Foo 2019'"]), "me")
    assert caught.value.problems == ["Connections.csv:7: bad date '31 Foo 2019'"]
    assert store.data_version() == version and _snapshot(store) == before


def test_skip_bad_rows_imports_the_others_and_lists_the_rejected(
    service: WarmgraphService, store: Any
) -> None:
    bad = ["Connections.csv:7: bad date '31 Foo 2019'"]
    summary = import_batch(service, _batch(bad), "me", skip_bad_rows=True)
    assert summary.written and summary.rejected == bad and summary.people_created == 2


def test_a_value_the_shared_validation_refuses_writes_nothing(
    service: WarmgraphService, store: Any
) -> None:
    batch = _batch()
    batch.people.append(SourcePerson("li/blank", "   "))
    version = store.data_version()
    with pytest.raises(BundleError, match="name must not be blank"):
        import_batch(service, batch, "me")
    assert store.data_version() == version
    assert store.external_ids("linkedin", "person", ["li/ann"]) == {}


def test_erased_people_are_skipped_and_counted(service: WarmgraphService, store: Any) -> None:
    store.create_node(Person("gone", "Ann Né", email="ann@initech.com"))
    service.erase_person("gone")
    summary = import_batch(service, _batch(), "me")
    assert summary.people_created == 2  # resolved, then dropped by the erasure
    assert summary.skipped["erased people (people)"] == 1
    assert summary.skipped["erased people (connections)"] == 1
    assert summary.skipped["erased people (interactions)"] == 1
    assert store.person_identities() and all(
        p.email != "ann@initech.com" for p in store.person_identities()
    )
    assert store.external_ids("linkedin", "person", ["li/ann"]) == {}


def test_the_owner_must_exist(service: WarmgraphService, store: Any) -> None:
    with pytest.raises(NotFound):
        import_batch(service, _batch(), "nobody")
    with pytest.raises(BadInput, match="--owner"):
        import_batch(service, _batch(), None)
