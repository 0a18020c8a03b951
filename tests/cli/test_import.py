"""``warmgraph import`` through click's runner on real SQLite databases. The parsers are
tested with their own files elsewhere; here a stand-in parser module hands the command a
known batch (or a bad file), so what is checked is the command: owner checks, the summary,
dry runs, bad rows and one-line errors."""

from __future__ import annotations

import sys
import types
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.config import Settings
from graph.model import ConnectionOrigin, InteractionKind, Person
from graph.store.factory import open_store
from loaders.sources.records import (
    OWNER,
    Report,
    SourceBatch,
    SourceConnection,
    SourceError,
    SourceInteraction,
    SourcePerson,
)

AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def _batch(rejected: list[str]) -> SourceBatch:
    return SourceBatch(
        "mbox",
        people=[
            SourcePerson("ann@initech.com", "Ann Né", email="ann@initech.com"),
            SourcePerson("RITA@seller.io", "Rita", email="RITA@seller.io"),
        ],
        connections=[SourceConnection(OWNER, "ann@initech.com", date(2020, 1, 1),
                                      ConnectionOrigin.EMAIL)],
        interactions=[
            SourceInteraction("<m1@x>|ann", InteractionKind.EMAIL, AT, OWNER, "ann@initech.com"),
            SourceInteraction("<m2@x>|rita", InteractionKind.EMAIL, AT, OWNER, "RITA@seller.io"),
        ],
        report=Report(rows_read=4, rejected=rejected),
    )  # fmt: skip


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """A stand-in ``loaders.sources.mbox``: a file holding "bad" has a bad row, one holding
    "garbage" is not a mailbox at all."""
    seen: list[tuple[Any, ...]] = []

    def parse_mbox(path: Path, owner_emails: frozenset[str]) -> SourceBatch:
        seen.append((path, owner_emails))
        text = path.read_text()
        if "garbage" in text:
            raise SourceError(f"{path}: not an mbox file (expected a 'From ' line first)")
        return _batch([f"{path.name}:3: no Date header"] if "bad" in text else [])

    module = types.ModuleType("loaders.sources.mbox")
    module.parse_mbox = parse_mbox  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "loaders.sources.mbox", module)
    return seen


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "g.db"
    store = open_store(Settings(db_path=str(path)))
    store.create_node(Person("me", "Rita Rep", email="rita@seller.io"))
    store.create_node(Person("noemail", "No Mail"))
    store.close()
    return path


def _people(db: Path) -> list[str]:
    store = open_store(Settings(db_path=str(db)))
    try:
        return sorted(p.id for p in store.person_identities())
    finally:
        store.close()


def _mailbox(tmp_path: Path, text: str = "From x\n") -> Path:
    path = tmp_path / "mail.mbox"
    path.write_text(text)
    return path


def test_import_prints_the_summary(db: Path, tmp_path: Path, calls: list[Any]) -> None:
    mbox = _mailbox(tmp_path)
    result = CliRunner().invoke(
        main, ["import", "mbox", str(mbox), "--owner", "me", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert calls == [(mbox, frozenset({"rita@seller.io"}))]
    assert "people: 1 created, 1 by email" in result.stdout
    assert "interactions: 1" in result.stdout
    assert "skipped (links to oneself after merging): 1" in result.stdout
    assert _people(db) == ["mbox:ann@initech.com", "me", "noemail"]


def test_a_dry_run_writes_nothing(db: Path, tmp_path: Path, calls: list[Any]) -> None:
    args = ["import", "mbox", str(_mailbox(tmp_path)), "--owner", "me", "--db", str(db)]
    result = CliRunner().invoke(main, [*args, "--dry-run"])
    assert result.exit_code == 0 and "would import" in result.stdout
    assert _people(db) == ["me", "noemail"]


def test_a_bad_row_rejects_the_import_unless_skipped(
    db: Path, tmp_path: Path, calls: list[Any]
) -> None:
    args = ["import", "mbox", str(_mailbox(tmp_path, "bad")), "--owner", "me", "--db", str(db)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "mail.mbox:3: no Date header" in result.stderr and "--skip-bad-rows" in result.stderr
    assert _people(db) == ["me", "noemail"]
    result = CliRunner().invoke(main, [*args, "--skip-bad-rows"])
    assert result.exit_code == 0 and "rejected: 1" in result.stdout
    assert "mbox:ann@initech.com" in _people(db)


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ([], "give --owner PERSON_ID"),
        (["--owner", "ghost"], "--owner ghost: no such person"),
        (["--owner", "noemail"], "--owner noemail: the person has no e-mail address"),
    ],
)
def test_the_owner_is_checked_first(
    db: Path, tmp_path: Path, calls: list[Any], owner: list[str], message: str
) -> None:
    args = ["import", "mbox", str(_mailbox(tmp_path)), *owner, "--db", str(db)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and calls == []


def test_a_file_of_the_wrong_format_is_one_line(db: Path, tmp_path: Path, calls: Any) -> None:
    args = ["import", "mbox", str(_mailbox(tmp_path, "garbage")), "--owner", "me", "--db", str(db)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("not an mbox file (expected a 'From ' line first)")


def test_a_failed_import_leaves_no_new_database(tmp_path: Path, calls: Any) -> None:
    fresh = tmp_path / "new.db"
    args = ["import", "mbox", str(_mailbox(tmp_path)), "--owner", "me", "--db", str(fresh)]
    assert CliRunner().invoke(main, args).exit_code == 1
    assert not fresh.exists()
