"""``warmgraph people duplicates`` on a real SQLite file, through the ``warmgraph`` command."""

from __future__ import annotations

import json
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from api.cli import main
from graph.config import Settings
from graph.model import Company, Employment, Person
from graph.service import WarmgraphService
from graph.store.factory import open_store
from tests.conftest import NOW


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path) -> Path:
    """Two Renée Duboises at Acme with their own e-mails, one at Globex, one Kim Park, and 40
    Sam Roes nobody can tell apart (780 pairs, more than one page of 500)."""
    path = tmp_path / "people.db"
    store = open_store(Settings(db_path=str(path), now=NOW))
    try:
        service = WarmgraphService(store)
        service.create(Company("acme", "Acme Inc."))
        service.create(Company("globex", "Globex"))
        for pid, name, email, company in [
            ("r1", "Renée Dubois", "renee@acme.com", "acme"),
            ("r2", "RENEE DUBOIS", "rdubois@acme.com", "acme"),
            ("r3", "Renee Dubois", None, "globex"),
            ("k1", "Kim Park", "kim@initech.com", None),
        ]:
            service.create(Person(pid, name, email=email))
            if company:
                service.set_employment(Employment(pid, company))
        for i in range(40):
            service.create(Person(f"s{i:02}", "Sam Roe"))
    finally:
        store.close()
    return path


def run(runner: CliRunner, *args: str) -> click.testing.Result:
    return runner.invoke(main, ["people", "duplicates", *args])


def test_lists_pairs_likeliest_first_with_reasons(runner, db):
    result = run(runner, "--db", str(db), "--limit", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "r1 (Renée Dubois, renee@acme.com)  <->  r2 (RENEE DUBOIS, rdubois@acme.com): "
        "same name and company (Acme Inc.); different e-mails",
        "s00 (Sam Roe)  <->  s01 (Sam Roe): same name; neither has a company",
        "s00 (Sam Roe)  <->  s02 (Sam Roe): same name; neither has a company",
    ]
    assert "3 possible duplicate pair(s) (there may be more: raise --limit)" in result.stderr


def test_json_pages_through_more_than_one_service_page(runner, db):
    result = run(runner, "--db", str(db), "--json", "--limit", "10000")
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(found) == 1 + 780 + 2  # Acme, the Sam Roes, Globex against each Acme Renée
    assert found[0] == {
        "a": {"id": "r1", "name": "Renée Dubois", "email": "renee@acme.com"},
        "b": {"id": "r2", "name": "RENEE DUBOIS", "email": "rdubois@acme.com"},
        "reason": "same name and company (Acme Inc.); different e-mails",
    }
    assert [(f["a"]["id"], f["b"]["id"]) for f in found[-2:]] == [("r1", "r3"), ("r2", "r3")]
    pairs = [(f["a"]["id"], f["b"]["id"]) for f in found]
    assert len(set(pairs)) == len(pairs)  # no pair twice across pages
    assert "k1" not in {pid for pair in pairs for pid in pair}
    # a limit across the page boundary gives that many, the same first ones
    first = run(runner, "--db", str(db), "--json", "--limit", "501")
    assert [json.loads(line) for line in first.stdout.splitlines()] == found[:501]


def test_a_missing_database_is_one_clear_error(runner, tmp_path):
    result = run(runner, "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1
    assert "nope.db: no such database" in result.output
    assert not (tmp_path / "nope.db").exists()
