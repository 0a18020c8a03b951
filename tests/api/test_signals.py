"""``jobChanges`` and ``fadingRelationships`` over HTTP, on every store: the answers a rep
reads, and a clear ``extensions.code`` for every bad argument or unseen id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.service import WarmgraphService
from graph.strength import StrengthModel
from tests.conftest import NOW, open_test_store
from tests.graph.test_signals import FADED, build_moves, build_ties, expected_strength

from .conftest import GQL, bearer

pytestmark = pytest.mark.anyio

JOB_CHANGES = """
query ($since: Date!, $company: ID, $advocatesOnly: Boolean, $first: Int) {
  jobChanges(since: $since, companyId: $company, advocatesOnly: $advocatesOnly,
             first: $first) {
    person { localId } at fromTitle toTitle wasAdvocate
    fromCompany { localId name } toCompany { localId name }
    advocateOf { level company { localId } }
  }
}
"""
FADING = """
query ($person: ID, $team: String, $limit: Int) {
  fadingRelationships(personId: $person, teamId: $team, limit: $limit) {
    person { localId } other { localId email doNotContact }
    strengthThen strengthNow drop
    lastInteraction { at kind actor { localId } }
  }
}
"""


@pytest.fixture
def service(settings: Any, request: pytest.FixtureRequest, store_kind: str) -> Iterator[Any]:
    """This module's own world (job moves and fading ties) in the test's store, with the
    fading clock at NOW."""
    store = open_test_store(store_kind, request, settings.db_path, settings.strength_model())
    service = WarmgraphService(store)
    service.strength_model = StrengthModel(now=NOW)
    build_ties(build_moves(service))
    yield service
    store.close()


def client_as(service: WarmgraphService, email: str) -> GQL:
    token = service.users.rotate(email)[1]
    transport = httpx.ASGITransport(app=create_app(service))
    return GQL(httpx.AsyncClient(transport=transport, base_url="http://t", headers=bearer(token)))


async def test_a_champion_who_moved_comes_first_with_where_they_went(gql: GQL) -> None:
    data = await gql.data(JOB_CHANGES, since="2026-06-01")
    changes = data["jobChanges"]
    assert [c["person"]["localId"] for c in changes] == ["champ", "ref", "recent", "plain"]
    assert changes[0] == {
        "person": {"localId": "champ"},
        "at": "2026-07-01",
        "fromTitle": "VP Eng",
        "toTitle": "CTO",
        "wasAdvocate": True,
        "fromCompany": {"localId": "acme", "name": "Acme"},
        "toCompany": {"localId": "globex", "name": "Globex"},
        "advocateOf": [{"level": "CHAMPION", "company": {"localId": "acme"}}],
    }
    assert changes[1]["toCompany"] is None and changes[2]["fromCompany"] is None
    only = await gql.data(JOB_CHANGES, since="2026-06-01", advocatesOnly=True, company="acme")
    assert [c["person"]["localId"] for c in only["jobChanges"]] == ["champ"]


async def test_a_fading_tie_with_its_drop_and_last_interaction(gql: GQL) -> None:
    data = await gql.data(FADING, person="me")
    ties = data["fadingRelationships"]
    assert [t["other"]["localId"] for t in ties] == ["dnc", "faded"]
    faded = ties[1]
    then = expected_strength(FADED, "me", True, 90)
    now = expected_strength(FADED, "me", True, 0)
    assert faded["strengthThen"] == pytest.approx(then, rel=1e-9)
    assert faded["strengthNow"] == pytest.approx(now, rel=1e-9)
    assert faded["drop"] == pytest.approx(then - now, rel=1e-9)
    assert faded["lastInteraction"]["kind"] == "MEETING"
    assert faded["lastInteraction"]["actor"] == {"localId": "me"}


async def test_a_rep_sees_a_do_not_contact_person_without_contact_details(
    service: WarmgraphService,
) -> None:
    async with client_as(service, "me@team.example").client as client:
        rep = GQL(client)
        data = await rep.data(FADING, person="me")
        dnc = data["fadingRelationships"][0]["other"]
        assert dnc == {"localId": "dnc", "email": None, "doNotContact": True}
        refused = await rep.error(FADING, person="other-rep")
        assert refused["extensions"]["code"] == "NOT_FOUND"
        refused = await rep.error(FADING, team="red")
        assert refused["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("document", "variables", "code"),
    [
        (FADING, {"person": "me", "limit": 0}, "BAD_INPUT"),
        (FADING, {"person": "me", "limit": 501}, "BAD_INPUT"),
        (FADING, {"person": "me", "team": "blue"}, "BAD_INPUT"),
        (FADING, {}, "BAD_INPUT"),
        (FADING, {"person": "nobody"}, "NOT_FOUND"),
        (FADING, {"team": "no-such-team"}, "NOT_FOUND"),
        (JOB_CHANGES, {"since": "2026-06-01", "first": 0}, "BAD_INPUT"),
        (JOB_CHANGES, {"since": "2026-13-01"}, "BAD_INPUT"),
        (JOB_CHANGES, {"since": "2026-06-01", "company": "nowhere"}, "NOT_FOUND"),
    ],
)
async def test_bad_input_and_unknown_ids(
    gql: GQL, document: str, variables: dict[str, Any], code: str
) -> None:
    error = await gql.error(document, **variables)
    assert error["extensions"]["code"] == code
    assert error["message"]
