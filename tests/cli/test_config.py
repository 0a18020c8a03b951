"""``--config`` on the commands that compute strengths, and ``warmgraph relink``: a bad file
is one line naming the file and the key, and nothing starts or is created."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from loaders.generate import generate_bundle

BAD = "[strength]\nconnection_base = 1.5\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def bad_config(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    return path


def one_error_line(stderr: str, path: Path) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"Error: {path}: strength.connection_base: must be a number in")
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--create", "--no-auth"],
        ["demo", "--people", "50"],
        ["relink"],
    ],
)
def test_a_bad_config_stops_the_command_before_anything_starts(
    runner, tmp_path, bad_config, monkeypatch, args
):
    from api.cli import serve as serve_command

    started = []
    monkeypatch.setattr(serve_command, "run_server", lambda *a, **k: started.append(a))
    db = tmp_path / "never.db"
    result = runner.invoke(main, [*args, "--db", str(db), "--config", str(bad_config)])
    assert result.exit_code == 1
    one_error_line(result.stderr, bad_config)
    assert not started and not db.exists()


def test_a_bad_config_from_the_environment_stops_load(runner, tmp_path, bad_config):
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, 30, seed=1)
    db = tmp_path / "never.db"
    env = {"WARMGRAPH_CONFIG": str(bad_config)}
    result = runner.invoke(main, ["load", str(bundle), "--db", str(db)], env=env)
    assert result.exit_code == 1
    one_error_line(result.stderr, bad_config)
    assert not db.exists()


def test_relink_on_the_embedded_store_recomputes_and_says_so(runner, tmp_path):
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, 60, seed=2)
    db = tmp_path / "w.db"
    assert runner.invoke(main, ["load", str(bundle), "--db", str(db)]).exit_code == 0
    config = tmp_path / "tuned.toml"
    config.write_text("[strength]\nhalf_life_days = 30\n[strength.channel_weights]\nemail = 1\n")
    args = ["relink", "--db", str(db), "--config", str(config), "--now", "2026-11-01"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("relinked ") and "as of 2026-11-01" in first.stdout
    again = runner.invoke(main, args)
    assert again.stdout.split(" in ")[0] == first.stdout.split(" in ")[0]  # same link count


def test_relink_refuses_a_missing_database(runner, tmp_path):
    db = tmp_path / "none.db"
    result = runner.invoke(main, ["relink", "--db", str(db)])
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not db.exists()


def test_help_documents_the_config_file(runner):
    for command in ("serve", "demo", "load", "import", "relink"):
        result = runner.invoke(main, [command, "--help"])
        assert "--config" in result.output and "WARMGRAPH_CONFIG" in result.output
