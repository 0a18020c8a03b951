"""``warmgraph deals forecast`` on a real SQLite file holding the API tests' deals
(tests/api/test_forecast.py): the same answer as GraphQL, as lines or JSON, and one clear line
with a non-zero exit for a mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from tests.api.test_forecast import TODAY, build

ENV = {"WARMGRAPH_NOW": TODAY}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "forecast.db"
    store = EmbeddedStore(path)
    try:
        build(WarmgraphService(store))
    finally:
        store.close()
    return path


def test_forecast_as_json_and_lines(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["deals", "forecast", "--db", str(db), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    f = json.loads(result.stdout)
    assert (f["start"], f["end"], f["deals"]) == ("2026-11-01", "2027-01-31", 4)
    assert f["expectedAmount"] == pytest.approx(3400)
    assert f["worstCase"] <= f["expectedAmount"] <= f["bestCase"]
    assert [m["month"] for m in f["byMonth"]] == ["2026-11", "2026-12", "2027-01"]
    assert f["model"]["fallback"] is True
    east = runner.invoke(
        main,
        ["deals", "forecast", "--team", "east", "--months", "6", "--db", str(db), "--json"],
        env=ENV,
    )
    assert east.exit_code == 0, east.output
    # e1, e2, e4 and e3 (March): 400 + 1200 + 0 + 500
    assert json.loads(east.stdout)["expectedAmount"] == pytest.approx(2100)
    lines = runner.invoke(main, ["deals", "forecast", "--owner", "p-rep", "--db", str(db)], env=ENV)
    assert lines.exit_code == 0, lines.output
    text = lines.stdout.splitlines()
    assert text[0].startswith("2026-11-01 .. 2027-01-31: 2 open deals, expected 400")
    assert text[1] == "probabilities: per-stage prior (too few closed deals)"
    assert "2026-11" in text[2] and text[2].rstrip().endswith("2 deals")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--months", "0"], "months must be between 1 and 24"),
        (["--months", "25"], "months must be between 1 and 24"),
        (["--owner", "nobody"], "no person with id 'nobody'"),
        (["--company", "nowhere"], "no company with id 'nowhere'"),
        (["--team", "nope"], "no team with id 'nope'"),
    ],
)
def test_a_mistake_is_one_line_and_a_failure(db: Path, args: list[str], fragment: str) -> None:
    result = CliRunner().invoke(main, ["deals", "forecast", *args, "--db", str(db)], env=ENV)
    assert result.exit_code != 0
    assert fragment in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["deals", "forecast", "--db", str(tmp_path / "no.db")])
    assert result.exit_code != 0 and "no such database" in result.output
    assert not (tmp_path / "no.db").exists()
