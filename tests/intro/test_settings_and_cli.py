"""The introduction tunables from a settings file and the environment, and
``warmgraph intros expire`` on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.config import Settings
from graph.errors import BadInput
from graph.intro import HistoryEntry, IntroRequest, IntroSettings, IntroStatus
from graph.store.sqlite import SQLiteRecords


def test_settings_from_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "warmgraph.toml"
    path.write_text("[strength]\nhalf_life_days = 60\n\n[intros]\nwindow_days = 10\ncapacity = 5\n")
    got = Settings.from_env({"WARMGRAPH_INTRO_EXPIRY_DAYS": "7"}, str(path))
    assert got.intros == IntroSettings(window_days=10.0, capacity=5, expiry_days=7.0)
    assert got.half_life_days == 60
    assert Settings.from_env({}).intros == IntroSettings(30.0, 3, 14.0)
    env = {"WARMGRAPH_INTRO_CAPACITY": "1"}
    assert Settings.from_env(env, str(path)).intros.capacity == 1  # environment wins


@pytest.mark.parametrize(
    ("table", "env", "message"),
    [
        ("capacity = 2.5", {}, "intros.capacity: must be a whole number >= 0"),
        ("capacity = -1", {}, "intros.capacity: must be a whole number >= 0"),
        ("window_days = 0", {}, "intros.window_days: must be a number of days > 0"),
        ("expiry = 3", {}, "intros.expiry: unknown setting"),
        ("", {"WARMGRAPH_INTRO_EXPIRY_DAYS": "soon"}, "WARMGRAPH_INTRO_EXPIRY_DAYS: must be"),
    ],
)
def test_bad_settings_name_the_key(
    tmp_path: Path, table: str, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "warmgraph.toml"
    path.write_text(f"[intros]\n{table}\n")
    with pytest.raises(BadInput) as bad:
        Settings.from_env(env, str(path))
    assert message in bad.value.message and "\n" not in bad.value.message


def _ask(id: str, at: datetime, target: str) -> IntroRequest:
    return IntroRequest(
        id,
        "rita@acme.example",
        "rita",
        "east",
        ("rita", "carl", target),
        None,
        IntroStatus.REQUESTED,
        at,
        (HistoryEntry(IntroStatus.REQUESTED, at, "rita"),),
    )


def test_the_expire_command(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    now = datetime.now(UTC)
    with SQLiteRecords(db) as records:
        rules = IntroSettings(capacity=10).rules(now - timedelta(days=30))
        records.create_intro_request(_ask("old", now - timedelta(days=10), "t1"), rules)
        records.create_intro_request(_ask("new", now - timedelta(days=2), "t2"), rules)
    runner = CliRunner()
    env = {"WARMGRAPH_INTRO_EXPIRY_DAYS": "7"}
    result = runner.invoke(main, ["intros", "expire", "--db", str(db)], env=env)
    assert result.exit_code == 0, result.output
    assert "expired 1 introduction request(s) older than 7 days" in result.output
    assert "old  rita@acme.example  rita > carl > t1" in result.output
    with SQLiteRecords(db) as records:
        got = records.get_intro_requests(["old", "new"])
    assert got["old"].status is IntroStatus.EXPIRED and got["new"].status is IntroStatus.REQUESTED
    assert got["old"].history[-1].by == "system"
    again = runner.invoke(main, ["intros", "expire", "--db", str(db)], env=env)
    assert "expired 0" in again.output
    missing = runner.invoke(main, ["intros", "expire", "--db", str(tmp_path / "no.db")])
    assert missing.exit_code != 0 and "no.db: no such database" in missing.output
