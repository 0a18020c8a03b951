"""A sales team in a small graph: users of every role over two teams, and the people, deals
and connections their rules are about.

=========================  ========  ======  =========  =====================================
user                       role      team    person     notes
=========================  ========  ======  =========  =====================================
admin@team.example         admin     -       p-admin
mgr@team.example           manager   east    p-mgr
rep@team.example           rep       east    p-rep
mate@team.example          rep       east    p-mate     shares their network (teamLink)
shy@team.example           rep       east    p-shy      teamLink off
west@team.example          rep       west    p-west
analyst@team.example       analyst   -       -
=========================  ========  ======  =========  =====================================

Routes to ``buyer`` (at acme): p-rep - mid - buyer (two hops); p-mate, p-shy and p-west each
know buyer directly. ``dnc`` (do-not-contact, with an e-mail) is an advocate next to buyer.
Deals: d-east (owner p-rep), d-west (owner p-west).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.access import Caller, Role
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    Deal,
    DealStage,
    Employment,
    Person,
)
from graph.service import WarmgraphService
from tests.conftest import backend_params, open_test_store

EMAIL = "{}@team.example"
USERS = {
    # name: (role, team, person, team_link)
    "admin": (Role.ADMIN, None, "p-admin", True),
    "mgr": (Role.MANAGER, "east", "p-mgr", True),
    "rep": (Role.REP, "east", "p-rep", True),
    "mate": (Role.REP, "east", "p-mate", True),
    "shy": (Role.REP, "east", "p-shy", False),
    "west": (Role.REP, "west", "p-west", True),
    "analyst": (Role.ANALYST, None, None, True),
}


def build_team_world(service: WarmgraphService) -> dict[str, str]:
    """Writes the world as the operator; returns each user's token by name."""
    for pid in ("p-admin", "p-mgr", "p-rep", "p-mate", "p-shy", "p-west", "mid", "buyer"):
        service.create(Person(pid, pid.title(), email=f"{pid}@people.example"))
    service.create(
        Person(
            "dnc",
            "Dana Private",
            email="dana@private.example",
            linkedin="https://linkedin.com/in/dana",
            do_not_contact=True,
        )
    )
    service.create(Company("acme", "Acme"))
    service.set_employment(Employment("buyer", "acme"))
    service.set_advocacy(Advocacy("dnc", "acme", AdvocacyLevel.CHAMPION))
    for a, b in (
        ("p-rep", "mid"),
        ("mid", "buyer"),
        ("p-mate", "buyer"),
        ("p-shy", "buyer"),
        ("p-west", "buyer"),
        ("dnc", "buyer"),
    ):
        service.connect(Connection(a, b))
    service.create(Deal("d-east", "East deal", "acme", "p-rep", DealStage.PROPOSAL))
    service.create(Deal("d-west", "West deal", "acme", "p-west", DealStage.PROPOSAL))
    tokens = {}
    for name, (role, team, person, team_link) in USERS.items():
        _, tokens[name] = service.users.add(EMAIL.format(name), role, person, team, team_link)
    return tokens


@pytest.fixture(params=backend_params())
def team_store(request, tmp_path, strength_model) -> Iterator[object]:
    store = open_test_store(request.param, request, tmp_path / "team.db", strength_model)
    yield store
    store.close()


@pytest.fixture
def team(team_store) -> dict[str, WarmgraphService]:
    """A service acting as each user, by name (and ``operator`` for the command line)."""
    operator = WarmgraphService(team_store)  # type: ignore[arg-type]
    tokens = build_team_world(operator)
    services = {"operator": operator}
    for name, token in tokens.items():
        services[name] = operator.acting_as(operator.users.caller_for_token(token))
    return services


def caller(name: str) -> Caller:
    role, team, person, team_link = USERS[name]
    return Caller(EMAIL.format(name), role, person, team, team_link)
