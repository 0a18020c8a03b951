"""``Query.forecast`` over HTTP against the real app, on every store: hand-computed expected
amounts (too few closed deals, so every probability is the stated per-stage prior), deals
outside the horizon left out, a rep's forecast holding only their team's deals, and codes for
bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import pytest

from graph.likelihood.model import PRIOR_BY_STAGE
from graph.model import Company, Deal, DealStage, Person
from graph.service import WarmgraphService

from .conftest import GQL, clients_for

pytestmark = pytest.mark.anyio

#: "today" for every forecast here (WARMGRAPH_NOW): the horizon of 3 months is Nov..Jan.
TODAY = "2026-11-15"
R, N, P, Q = (
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
)

#: name -> (role, team, person)
USERS = {
    "manager": ("manager", "east", "p-mgr"),
    "rep": ("rep", "east", "p-rep"),
    "west": ("rep", "west", "p-west"),
}


def forecast_deals() -> list[Deal]:
    """Open deals with their own expected dates, one without (flow default: 90 days from
    today, 2027-02-13), one past the horizon and closed deals that must never count."""

    def deal(id: str, owner: str, company: str, stage: DealStage, amount: float | None,
             close: date | None) -> Deal:  # fmt: skip
        return Deal(id, id, company, owner, stage, amount, date(2026, 9, 1), close)

    return [
        deal("e1", "p-rep", "acme", R, 1000.0, date(2026, 11, 20)),  # Nov  0.4 -> 400
        deal("e2", "p-mgr", "globex", N, 2000.0, date(2026, 12, 5)),  # Dec 0.6 -> 1200
        deal("e3", "p-rep", "acme", P, 5000.0, date(2027, 3, 1)),  # Mar: outside 3 months
        deal("e4", "p-rep", "acme", Q, None, date(2026, 10, 1)),  # slipped: Nov, adds 0
        deal("w1", "p-west", "acme", N, 3000.0, date(2027, 1, 10)),  # Jan 0.6 -> 1800
        deal("n1", "p-west", "globex", R, 100.0, None),  # Feb 13: outside 3 months
        deal("won", "p-rep", "acme", DealStage.CLOSED_WON, 9000.0, date(2026, 11, 1)),
        deal("lost", "p-west", "acme", DealStage.CLOSED_LOST, 9000.0, date(2026, 11, 2)),
    ]


def build(service: WarmgraphService) -> dict[str, str]:
    """The deals and a user per role; their API tokens."""
    for pid in ("p-mgr", "p-rep", "p-west"):
        service.create(Person(pid, pid.title()))
    service.create(Company("acme", "Acme"))
    service.create(Company("globex", "Globex"))
    for deal in forecast_deals():
        service.create(deal)
    return {
        name: service.users.add(f"{name}@forecast.test", role, person, team)[1]
        for name, (role, team, person) in USERS.items()
    }


@pytest.fixture
async def as_user(
    app: Any, service: WarmgraphService, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Callable[[str], GQL]]:
    monkeypatch.setenv("WARMGRAPH_NOW", TODAY)
    async with clients_for(app, build(service)) as make:  # a client per USERS entry
        yield make


QUERY = """
query($months: Int, $owner: ID, $team: String, $company: ID) {
  forecast(months: $months, ownerId: $owner, teamId: $team, companyId: $company) {
    months start end expectedAmount bestCase worstCase deals
    byMonth { month expectedAmount deals }
    byStage { stage expectedAmount deals }
    model { version fallback trainingSize cvAuc }
  }
}
"""


async def forecast(gql: GQL, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = (await gql.data(QUERY, **variables))["forecast"]
    return found


async def test_the_whole_forecast_by_hand(gql: GQL, as_user: Any) -> None:
    f = await forecast(gql)  # the admin: every deal
    assert (f["months"], f["start"], f["end"]) == (3, "2026-11-01", "2027-01-31")
    assert PRIOR_BY_STAGE[R] == 0.4 and PRIOR_BY_STAGE[N] == 0.6
    assert f["expectedAmount"] == pytest.approx(400 + 1200 + 1800)
    assert f["deals"] == 4  # e1, e2, e4, w1
    assert [(m["month"], m["deals"]) for m in f["byMonth"]] == [
        ("2026-11", 2),
        ("2026-12", 1),
        ("2027-01", 1),
    ]
    assert [m["expectedAmount"] for m in f["byMonth"]] == pytest.approx([400, 1200, 1800])
    stages = {s["stage"]: (s["expectedAmount"], s["deals"]) for s in f["byStage"]}
    assert list(stages) == ["PROSPECTING", "QUALIFICATION", "PROPOSAL", "NEGOTIATION"]
    assert stages["QUALIFICATION"] == (0.0, 1) and stages["PROSPECTING"] == (0.0, 0)
    assert stages["NEGOTIATION"][0] == pytest.approx(3000.0)
    assert sum(s["expectedAmount"] for s in f["byStage"]) == pytest.approx(f["expectedAmount"])
    assert f["worstCase"] <= f["expectedAmount"] <= f["bestCase"]
    assert f["worstCase"] >= 0 and f["bestCase"] <= 6000  # no outcome beyond every deal won
    assert f["model"]["fallback"] is True and f["model"]["version"].startswith("prior")
    assert f["model"]["cvAuc"] is None and f["model"]["trainingSize"] == 2


async def test_a_longer_horizon_takes_the_later_deals(gql: GQL, as_user: Any) -> None:
    f = await forecast(gql, months=6)
    assert f["deals"] == 6 and f["end"] == "2027-04-30"
    # n1 by the flow's default (Feb), e3 on its own date (Mar)
    assert f["expectedAmount"] == pytest.approx(3400 + 0.4 * 100 + 0.1 * 5000)
    assert [m["deals"] for m in f["byMonth"]] == [2, 1, 1, 1, 1, 0]


async def test_filters_by_owner_company_and_team(gql: GQL, as_user: Any) -> None:
    assert (await forecast(gql, owner="p-rep"))["expectedAmount"] == pytest.approx(400)
    assert (await forecast(gql, company="globex"))["expectedAmount"] == pytest.approx(1200)
    east = await forecast(gql, team="east")
    assert east["expectedAmount"] == pytest.approx(1600) and east["deals"] == 3
    assert (await forecast(gql, team="west", company="globex"))["deals"] == 0


async def test_a_rep_sees_only_their_teams_deals(gql: GQL, as_user: Any) -> None:
    rep = as_user("rep")
    mine = await forecast(rep)
    assert mine["expectedAmount"] == pytest.approx(1600) and mine["deals"] == 3
    # asking for another team's owner or the team itself shows nothing of theirs
    assert (await forecast(rep, owner="p-west"))["deals"] == 0
    assert (await forecast(rep, team="west"))["expectedAmount"] == 0
    west = await forecast(as_user("west"), months=6)
    assert west["deals"] == 2 and west["expectedAmount"] == pytest.approx(1800 + 40)


@pytest.mark.parametrize(
    ("variables", "code", "fragment"),
    [
        ({"months": 0}, "BAD_INPUT", "months"),
        ({"months": 25}, "BAD_INPUT", "months"),
        ({"owner": "nobody"}, "NOT_FOUND", "nobody"),
        ({"company": "nowhere"}, "NOT_FOUND", "nowhere"),
        ({"team": "nope"}, "NOT_FOUND", "nope"),
        ({"team": " "}, "BAD_INPUT", "team"),
    ],
)
async def test_bad_input_has_a_code(
    gql: GQL, as_user: Any, variables: dict[str, Any], code: str, fragment: str
) -> None:
    error = await gql.error(QUERY, **variables)
    assert error["extensions"]["code"] == code
    assert fragment in error["message"]
    assert error["data"] is None
