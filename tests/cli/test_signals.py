"""``warmgraph signals job-changes|fading`` on a real SQLite file holding hand-built
histories (tests/graph/test_signals.py): the same answers as the service, lines or JSON, and
one clear line with a non-zero exit for a mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from tests.graph.test_signals import FADED, build_moves, build_ties, expected_strength


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "signals.db"
    store = EmbeddedStore(path)
    try:
        build_ties(build_moves(WarmgraphService(store)))
    finally:
        store.close()
    return path


def test_job_changes_best_lead_first(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(
        main, ["signals", "job-changes", "--since", "2026-06-01", "--db", str(db), "--json"]
    )
    assert result.exit_code == 0, result.output
    changes = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["person"] for c in changes] == ["champ", "ref", "recent", "plain"]
    assert changes[0] | {"advocateOf": None} == {
        "person": "champ",
        "name": "Champ",
        "at": "2026-07-01",
        "fromCompany": "acme",
        "fromTitle": "VP Eng",
        "toCompany": "globex",
        "toTitle": "CTO",
        "wasAdvocate": True,
        "advocateOf": None,
    }
    lines = runner.invoke(
        main,
        ["signals", "job-changes", "--since", "2026-06-01", "--advocates-only", "--db", str(db)],
    )
    assert lines.exit_code == 0, lines.output
    assert lines.stdout.splitlines() == [
        "2026-07-01  champ (Champ)  acme -> globex  advocate: champion of acme",
        "2026-09-01  ref (Ref)  initech -> ?  advocate: reference of initech",
    ]


def test_fading_ties_of_a_person_and_of_a_team(runner: CliRunner, db: Path) -> None:
    args = ["signals", "fading", "--now", "2026-11-01", "--db", str(db), "--json"]
    result = runner.invoke(main, [*args, "--person", "me"])
    assert result.exit_code == 0, result.output
    ties = [json.loads(line) for line in result.stdout.splitlines()]
    assert [t["other"] for t in ties] == ["dnc", "faded"]
    then = expected_strength(FADED, "me", True, 90)
    assert ties[1]["strengthThen"] == pytest.approx(then, rel=1e-9)
    assert ties[1]["lastInteractionKind"] == "meeting"
    team = runner.invoke(main, [*args, "--team", "blue", "--limit", "2"])
    assert team.exit_code == 0, team.output
    assert len(team.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["fading", "--person", "nobody"], "no person with id 'nobody'"),
        (["fading"], "exactly one of --person and --team"),
        (["fading", "--person", "me", "--team", "blue"], "exactly one"),
        (["fading", "--team", "no-such-team"], "no-such-team"),
        (["fading", "--person", "me", "--limit", "0"], "--limit"),
        (["job-changes", "--since", "June"], "--since"),
        (["job-changes", "--since", "2026-06-01", "--company", "nowhere"], "nowhere"),
    ],
)
def test_mistakes_get_one_clear_line(
    runner: CliRunner, db: Path, args: list[str], fragment: str
) -> None:
    result = runner.invoke(main, ["signals", *args, "--db", str(db)])
    assert result.exit_code != 0
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_a_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = runner.invoke(
        main, ["signals", "job-changes", "--since", "2026-01-01", "--db", str(missing)]
    )
    assert result.exit_code == 1 and "no such database" in result.output
    assert not missing.exists()
