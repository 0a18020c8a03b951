"""``warmgraph people merge`` and ``warmgraph merge-people`` on a real SQLite file: what moved,
one line per kind; the merged person gone; refusals as one line, exit 1, nothing changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.model import (
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.embedded import EmbeddedStore


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Ada twice (a LinkedIn import and a CRM import), a rep who knows one, a buyer the
    other: the merge joins the rep to the buyer through Ada."""
    path = tmp_path / "people.db"
    with EmbeddedStore(path) as store:
        store.create_node(Person("ada", "Ada Lovelace", title="CTO"))
        store.create_node(Person("ada-crm", "Ada L.", email="ada@acme.example"))
        store.create_node(Person("rep", "Rita Rep"))
        store.create_node(Person("buyer", "Bo Buyer"))
        store.create_node(Company("acme", "Acme"))
        store.connect(Connection("rep", "ada"))
        store.connect(Connection("ada-crm", "buyer", date(2020, 5, 1), ConnectionOrigin.CRM))
        store.connect(Connection("ada", "ada-crm"))
        when = datetime(2026, 10, 1, tzinfo=UTC)
        store.record_interaction(Interaction("e1", InteractionKind.EMAIL, when, "ada-crm", "buyer"))
        store.record_interaction(Interaction("e2", InteractionKind.EMAIL, when, "ada", "ada-crm"))
        store.set_employment(Employment("ada-crm", "acme", "CTO"))
        store.create_node(Deal("big", "Big deal", "acme", "ada-crm"))
        store.record_external_ids("salesforce", "person", {"003ADA": "ada-crm"})
    return path


EXPECTED = [
    "merged person 'ada-crm' into 'ada'; moved:",
    "  connections:  1",
    "  interactions: 1",
    "  jobs:         1",
    "  memberships:  0",
    "  advocacies:   0",
    "  deals owned:  1",
    "  external ids: 1",
    "  users:        0",
    "  dropped:      2",
]


def check_merged(db: Path) -> None:
    with EmbeddedStore(db) as store:
        assert store.existing_ids(Person, ["ada", "ada-crm"]) == {"ada"}
        ada = store.get_nodes(Person, ["ada"])["ada"]
        assert (ada.name, ada.title, ada.email) == ("Ada Lovelace", "CTO", "ada@acme.example")
        assert [(c.a, c.b) for c in store.connections("ada", 10)] == [
            ("ada", "buyer"),
            ("ada", "rep"),
        ]
        assert [(i.id, i.actor_id) for i in store.interactions("ada", 10)] == [("e1", "ada")]
        assert [d.owner_id for d in store.deals()] == ["ada"]
        assert store.external_ids("salesforce", "person", ["003ADA"]) == {"003ADA": "ada"}
        entry = store.audit_entries(limit=1)[0]
        assert (entry.action, entry.target) == ("merge", "person:ada")


@pytest.mark.parametrize("command", [["people", "merge"], ["merge-people"]])
def test_merge_prints_what_moved_one_line_per_kind(
    runner: CliRunner, db: Path, command: list[str]
) -> None:
    result = runner.invoke(main, [*command, "ada", "ada-crm", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == EXPECTED
    check_merged(db)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ada", "ghost"], "Error: no person with id 'ghost'"),
        (["ghost", "ada-crm"], "Error: no person with id 'ghost'"),
        (["ada", "ada"], "Error: a person cannot be merged into themselves"),
    ],
)
def test_a_refused_merge_is_one_line_exit_1_and_changes_nothing(
    runner: CliRunner, db: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(main, ["people", "merge", *args, "--db", str(db)])
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(message), line
    with EmbeddedStore(db) as store:
        assert store.existing_ids(Person, ["ada", "ada-crm"]) == {"ada", "ada-crm"}
        assert len(store.connections("ada", 10)) == 2


def test_a_missing_database_is_named_and_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = runner.invoke(main, ["merge-people", "a", "b", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {missing}: no such database"
    assert not missing.exists()


def test_people_help_lists_merge(runner: CliRunner) -> None:
    result = runner.invoke(main, ["people", "--help"])
    assert result.exit_code == 0
    assert "merge" in result.stdout
