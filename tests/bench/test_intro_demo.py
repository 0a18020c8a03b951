"""``python -m bench.intro_demo`` at a tiny size: a real generated world in a real SQLite
file, the requests walked through the service, and the funnel it reports checked against
what the script saw happen to each request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from bench.intro_demo import main

pytestmark = pytest.mark.slow

STEPS = ["ASKED", "ACCEPTED", "TARGET_ACCEPTED", "INTRODUCED", "MEETING_HELD", "WON"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("intro-demo")
    args = ["--out", str(out), "--requests", "40", "--people", "1000", "--seed", "3"]
    done = CliRunner().invoke(main, [*args, "--pairs", "3", "--repeats", "1"])
    assert done.exit_code == 0, done.output
    assert (out / "demo.db").exists()
    result: dict[str, Any] = json.loads((out / "intro-demo.json").read_text())
    return result


def test_each_team_funnel_is_what_the_script_walked(run: dict[str, Any]) -> None:
    assert set(run["funnel"]) == {"east", "west", "north"}
    for team, f in run["funnel"].items():
        assert [s["step"] for s in f["steps"]] == STEPS
        counts = [s["count"] for s in f["steps"]]
        assert counts == [f["recorded"][step] for step in STEPS], team
        assert counts == sorted(counts, reverse=True), f"{team}: not monotone down the steps"
        assert f["period"] == ["2026-10-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00"]
        for before, step in zip(f["steps"], f["steps"][1:], strict=False):
            if before["count"]:
                assert step["conversion"] == pytest.approx(step["count"] / before["count"])
            else:
                assert step["conversion"] is None
            assert (step["medianHours"] is None) == (step["count"] == 0)
            if step["medianHours"] is not None:
                assert step["medianHours"] > 0  # the clock moved between the steps


def test_every_drawn_ask_is_asked_refused_or_not_asked_for_a_reason(run: dict[str, Any]) -> None:
    o = run["overall"]
    assert o["asked"] > 0
    assert o["asked"] == sum(f["steps"][0]["count"] for f in run["funnel"].values())
    refused = sum(n for key, n in o["refused"].items() if key.startswith(("paths:", "ask:")))
    assert o["asked"] + refused + sum(o["not_asked"].values()) == o["asks_drawn"] == 40
    # only refusals the guard rails give; never a step the walk took out of turn
    assert all(k.startswith(("paths:", "ask:")) for k in o["refused"]), o["refused"]
    assert {k.split(":")[1].split(" ")[0] for k in o["refused"]} <= {"DO_NOT_CONTACT", "CONFLICT"}
    assert sum(o["ended"].values()) == o["asked"]


def test_won_and_lost_requests_follow_their_deals(run: dict[str, Any]) -> None:
    o = run["overall"]
    won = sum(f["steps"][-1]["count"] for f in run["funnel"].values())
    assert o["ended"].get("WON", 0) == won
    closed = o["ended"].get("WON", 0) + o["ended"].get("LOST", 0)
    assert closed <= o["deals_linked"]["reused"] + o["deals_linked"]["created"]
    held = sum(f["steps"][4]["count"] for f in run["funnel"].values())
    assert closed <= held


def test_rankings_are_timed_on_pairs_with_a_path(run: dict[str, Any]) -> None:
    r = run["ranking"]
    assert r["pairs"] == 3 and r["repeats"] == 1
    assert r["strength_ms_median"] > 0 and r["likelihood_ms_median"] > 0
    assert r["ratio_of_medians"] == pytest.approx(
        r["likelihood_ms_median"] / r["strength_ms_median"]
    )
    assert len(run["reps"]) == 12
    assert {u["team"] for u in run["reps"]} == {"east", "west", "north"}
