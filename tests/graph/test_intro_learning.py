"""The ranking learns from real requests: reps ask a connector for introductions through the
service, the connector declines them (through the state machine, as the connector's own
user), and the next rep's LIKELIHOOD ranking puts that connector's path below a weaker one,
while STRENGTH order stays as it was. Run on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph.access.model import Caller
from graph.intro import IntroStatus
from graph.model import Connection, PathRanking, Person
from graph.service import WarmgraphService
from tests.conftest import NOW
from tests.graph.test_service import meetings

TARGETS = ("t1", "t2", "t3", "t4", "t5")


def ids(path) -> list[str]:
    return [p.id for p in path.people]


@pytest.fixture
def world(service: WarmgraphService) -> WarmgraphService:
    """rita and sam (reps, team east) reach the target ``goal`` through carl (strong ties)
    or through dan (weaker ties: fewer meetings); carl also links them to five other targets."""
    for pid in ("rita", "sam", "carl", "dan", "goal", *TARGETS):
        service.create(Person(pid, pid.title()))
    for a, b in (("carl", "rita"), ("carl", "goal"), ("carl", "sam")):
        service.connect(Connection(a, b))
        meetings(service, a, b, 6)
    for a, b in (("dan", "rita"), ("dan", "goal"), ("dan", "sam")):
        service.connect(Connection(a, b))
        meetings(service, a, b, 4)
    for target in TARGETS:
        service.connect(Connection("carl", target))
    service.users.add("rita@acme.example", "rep", "rita", "east")
    service.users.add("sam@acme.example", "rep", "sam", "east")
    service.users.add("carl@acme.example", "rep", "carl", "partners")
    service.intro_clock = lambda: NOW - timedelta(days=1)  # type: ignore[method-assign]
    return service


def as_user(service: WarmgraphService, email: str) -> WarmgraphService:
    user = service.store.get_user(email)
    assert user is not None
    return service.acting_as(Caller.of(user))


def test_a_connector_who_declines_sinks_in_likelihood_order_only(world) -> None:
    rita = as_user(world, "rita@acme.example")
    carl = as_user(world, "carl@acme.example")
    sam = as_user(world, "sam@acme.example")

    def ranked(by: PathRanking) -> list[list[str]]:
        return [ids(p) for p in sam.introduction_paths("sam", to_id="goal", rank_by=by)]

    before = ranked(PathRanking.LIKELIHOOD)
    assert before == ranked(PathRanking.STRENGTH)  # no history: strength order
    assert before[0] == ["sam", "carl", "goal"]
    strengths = {ids(p)[1]: p.strength for p in sam.introduction_paths("sam", to_id="goal")}
    assert strengths["carl"] > strengths["dan"] > strengths["carl"] * 0.44

    for target in TARGETS:  # carl is asked five times and declines every ask
        asked = rita.request_introduction(["rita", "carl", target])
        assert asked.status is IntroStatus.REQUESTED
        assert carl.respond_to_introduction(asked.id, False).status is IntroStatus.DECLINED

    assert ranked(PathRanking.STRENGTH)[0] == ["sam", "carl", "goal"]
    learned = sam.introduction_paths("sam", to_id="goal", rank_by=PathRanking.LIKELIHOOD)
    assert ids(learned[0]) == ["sam", "dan", "goal"]
    through_carl = next(p for p in learned if ids(p) == ["sam", "carl", "goal"])
    assert through_carl.likelihood is not None
    [carl_part] = through_carl.likelihood.willingness
    assert (carl_part.person.id, carl_part.asked, carl_part.accepted) == ("carl", 5, 0)
    assert carl_part.lift < 1.0  # below the population's rate, which is all carl's here
