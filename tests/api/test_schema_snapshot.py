"""``schema.graphql`` at the repository root is the schema the server runs, so front ends
see every change to the API in review; ``warmgraph schema`` prints or writes it."""

from __future__ import annotations

import difflib
import doctest
from pathlib import Path

import pytest
from click.testing import CliRunner

import schema.sdl
from api.cli import main
from schema.sdl import schema_sdl

SNAPSHOT = Path(__file__).resolve().parents[2] / "schema.graphql"
#: How much of the difference the failure shows: enough to see what changed, not the file.
DIFF_LINES = 40


def _diff(old: str, new: str) -> str:
    lines = list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            "schema.graphql (checked in)",
            "schema.graphql (built)",
            n=2,
            lineterm="",
        )
    )
    shown = lines[:DIFF_LINES]
    if len(lines) > DIFF_LINES:
        shown.append(f"... {len(lines) - DIFF_LINES} more diff lines")
    return "\n".join(shown)


def test_the_checked_in_schema_is_the_built_one() -> None:
    checked_in = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    built = schema_sdl()
    if checked_in != built:  # pytest.fail, not assert: pytest's own diff would be the file
        pytest.fail(
            "schema.graphql is out of date: the schema changed without it. Run "
            "`warmgraph schema --out schema.graphql` and commit the file, so the change is "
            "reviewed.\n" + _diff(checked_in, built),
            pytrace=False,
        )


def test_the_diff_in_the_failure_is_short_and_names_the_change() -> None:
    built = schema_sdl()
    changed = built.replace("type Query {", "type Query {\n  removedField: Int", 1)
    text = _diff(changed, built)
    assert "-  removedField: Int" in text
    assert len(text.splitlines()) <= DIFF_LINES + 1


def test_the_command_prints_the_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.stdout == schema_sdl()
    assert "Every write, each atomic" in result.stdout  # descriptions are part of it


def test_the_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    out.write_text("stale", encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_sdl()
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr


def test_an_unwritable_output_is_one_clear_line(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "schema.graphql"
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 1
    assert str(out) in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_the_output_is_the_same_every_time() -> None:
    assert schema_sdl() == schema_sdl()


def test_doctests() -> None:
    assert doctest.testmod(schema.sdl).failed == 0
