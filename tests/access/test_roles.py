"""Each role against each operation, through the service (where the rules live, so the CLI
and every endpoint obey them): allowed, FORBIDDEN (and nothing changed) or NOT_FOUND (and
nothing changed, exactly as for something that does not exist).

The rules are a property of the service, not of a store, so the table runs on the embedded
store; the store side of users and tokens is in the store contract suite, and the API suite
runs the same rules over GraphQL on both stores.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.errors import Forbidden, NotFound
from graph.model import (
    Company,
    Connection,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.service import WarmgraphService
from tests.access.conftest import USERS
from tests.conftest import open_test_store

ROLES = list(USERS)
OK, FORBIDDEN, NOT_FOUND = "ok", "FORBIDDEN", "NOT_FOUND"
AT = datetime(2026, 10, 1, tzinfo=UTC)
BUNDLE = Path(__file__).parent / "bundle"


@pytest.fixture
def team_store(request, tmp_path, strength_model):  # type: ignore[no-untyped-def]
    store = open_test_store("embedded", request, tmp_path / "team.db", strength_model)
    yield store
    store.close()


Op = Callable[[WarmgraphService], Any]


def everyone(outcome: str = OK, **but: str) -> dict[str, str]:
    return {name: but.get(name, outcome) for name in ROLES}


OPERATIONS: dict[str, tuple[Op, dict[str, str]]] = {
    "read a person": (lambda s: s.get(Person, "buyer"), everyone()),
    "read our deal": (lambda s: s.get(Deal, "d-east"), everyone(west=NOT_FOUND)),
    "read their deal": (
        lambda s: s.get(Deal, "d-west"),
        everyone(mgr=NOT_FOUND, rep=NOT_FOUND, mate=NOT_FOUND, shy=NOT_FOUND),
    ),
    "list a company's deals": (
        lambda s: {d.id for d in s.deals(company_id="acme")},
        everyone(),
    ),
    "paths from a teammate who shares": (
        lambda s: s.introduction_paths("p-mate", to_id="buyer"),
        everyone(west=NOT_FOUND),
    ),
    "paths from a teammate who opted out": (
        lambda s: s.introduction_paths("p-shy", to_id="buyer"),
        everyone(rep=NOT_FOUND, mate=NOT_FOUND, west=NOT_FOUND),
    ),
    "paths from another team": (
        lambda s: s.introduction_paths("p-west", to_id="buyer"),
        everyone(mgr=NOT_FOUND, rep=NOT_FOUND, mate=NOT_FOUND, shy=NOT_FOUND),
    ),
    "create a company": (
        lambda s: s.create(Company("new-co", "New Co")),
        everyone(FORBIDDEN, admin=OK, mgr=OK),
    ),
    "create a person": (
        lambda s: s.create(Person("new-person", "New Person")),
        everyone(FORBIDDEN, admin=OK, mgr=OK),
    ),
    "change a teammate's person record": (
        lambda s: s.update(Person, "p-rep", {"title": "AE"}),
        everyone(FORBIDDEN, admin=OK, mgr=OK),
    ),
    "change a prospect's person record": (
        lambda s: s.update(Person, "buyer", {"title": "CTO"}),
        everyone(FORBIDDEN, admin=OK),
    ),
    "delete a person": (
        lambda s: s.delete(Person, "buyer"),
        everyone(FORBIDDEN, admin=OK),
    ),
    "connect the rep to someone": (
        lambda s: s.connect(Connection("p-rep", "buyer")),
        everyone(FORBIDDEN, admin=OK, mgr=OK, rep=OK),
    ),
    "record the rep's interaction": (
        lambda s: s.record_interaction(
            Interaction("i-new", InteractionKind.MEETING, AT, "p-rep", "buyer")
        ),
        everyone(FORBIDDEN, admin=OK, mgr=OK, rep=OK),
    ),
    "record someone else's interaction": (
        lambda s: s.record_interaction(
            Interaction("i-other", InteractionKind.MEETING, AT, "mid", "buyer")
        ),
        everyone(FORBIDDEN, admin=OK),
    ),
    "change our deal": (
        lambda s: s.update(Deal, "d-east", {"stage": DealStage.NEGOTIATION}),
        everyone(FORBIDDEN, admin=OK, mgr=OK, west=NOT_FOUND),
    ),
    "hand our deal to another team": (
        lambda s: s.update(Deal, "d-east", {"owner_id": "p-west"}),
        everyone(FORBIDDEN, admin=OK, west=NOT_FOUND),
    ),
    "create a deal for another team": (
        lambda s: s.create(Deal("d-new", "New", "acme", "p-west")),
        everyone(FORBIDDEN, admin=OK),
    ),
    "delete their deal": (
        lambda s: s.delete(Deal, "d-west"),
        everyone(FORBIDDEN, admin=OK, mgr=NOT_FOUND, rep=NOT_FOUND, mate=NOT_FOUND, shy=NOT_FOUND),
    ),
    "set a teammate's job": (
        lambda s: s.set_employment(Employment("p-rep", "acme")),
        everyone(FORBIDDEN, admin=OK, mgr=OK),
    ),
    "erase a person": (lambda s: s.erase_person("buyer"), everyone(FORBIDDEN, admin=OK)),
    "list users": (lambda s: s.users.list(), everyone(FORBIDDEN, admin=OK)),
    "add a user": (
        lambda s: s.users.add("new@team.example", "rep"),
        everyone(FORBIDDEN, admin=OK),
    ),
    "revoke a user": (
        lambda s: s.users.revoke("rep@team.example"),
        everyone(FORBIDDEN, admin=OK),
    ),
    "read the audit log": (lambda s: s.audit_log(), everyone(FORBIDDEN, admin=OK)),
    "read me": (lambda s: s.users.me(), everyone()),
}

CASES = [pytest.param(op, role, id=f"{op}-{role}") for op in OPERATIONS for role in ROLES]


def snapshot(operator: WarmgraphService) -> Any:
    store = operator.store
    return (
        store.data_version(),
        store.audit_entries(limit=1000),
        store.list_users(),
    )


@pytest.mark.parametrize(("op", "role"), CASES)
def test_role_against_operation(team, op, role):
    run, expected = OPERATIONS[op]
    outcome = expected[role]
    before = snapshot(team["operator"])
    if outcome == OK:
        run(team[role])
        return
    error = Forbidden if outcome == FORBIDDEN else NotFound
    with pytest.raises(error):
        run(team[role])
    assert snapshot(team["operator"]) == before, "a refused operation changed something"


def test_every_operation_is_in_the_table_for_every_role():
    for _, expected in OPERATIONS.values():
        assert set(expected) == set(ROLES)


def test_not_found_for_out_of_scope_reads_says_what_a_missing_id_says(team):
    with pytest.raises(NotFound) as hidden:
        team["rep"].get(Deal, "d-west")
    with pytest.raises(NotFound) as missing:
        team["rep"].get(Deal, "no-such-deal")
    assert hidden.value.message.replace("d-west", "X") == missing.value.message.replace(
        "no-such-deal", "X"
    )


def test_lists_leave_out_what_is_outside_the_scope(team):
    assert {d.id for d in team["rep"].deals(company_id="acme")} == {"d-east"}
    assert {d.id for d in team["west"].deals(company_id="acme")} == {"d-west"}
    assert {d.id for d in team["analyst"].deals(company_id="acme")} == {"d-east", "d-west"}
    assert set(team["mgr"].get_many(Deal, ["d-east", "d-west"])) == {"d-east"}


def test_the_audit_log_names_who_did_what(team):
    team["rep"].connect(Connection("p-rep", "buyer"))
    team["mgr"].update(Deal, "d-east", {"stage": DealStage.NEGOTIATION})
    latest = team["admin"].audit_log(limit=2)
    assert [(e.actor, e.action, e.target) for e in latest] == [
        ("mgr@team.example", "update", "deal:d-east"),
        ("rep@team.example", "connect", "connection:buyer|p-rep"),
    ]
    assert latest[0].seq is not None and latest[1].seq is not None
    assert latest[0].seq > latest[1].seq
