"""Erasure: the person is gone from every answer, and no later write or import brings them
back (rows naming them are skipped and counted); only keyed hashes are kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import NotFound, Suppressed
from graph.model import Connection, Person
from loaders.load import load_directory


def write_bundle(directory: Path, people: list[dict[str, str]], connections: list[tuple[str, str]]):
    directory.mkdir(exist_ok=True)
    with open(directory / "people.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, ["id", "name", "email", "linkedin"])
        writer.writeheader()
        writer.writerows(people)
    with open(directory / "connections.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["source_id", "target_id"])
        writer.writerows(connections)
    return directory


def test_an_erased_person_is_gone_from_every_answer(team):
    admin = team["admin"]
    admin.erase_person("buyer")
    with pytest.raises(NotFound):
        admin.get(Person, "buyer")
    assert admin.search_people("Buyer").nodes == []
    assert admin.connections("mid") == [] or all(
        "buyer" not in (c.a, c.b) for c in admin.connections("mid")
    )
    assert admin.introduction_paths("p-rep", to_company_id="acme", limit=10) == []
    assert [(e.action, e.target) for e in admin.audit_log(limit=1)] == [("erase", "person:buyer")]


@pytest.mark.parametrize(
    "again",
    [
        Person("buyer", "Same Id"),
        Person("b2", "Same Email", email="  BUYER@people.example "),
    ],
    ids=["same id", "same e-mail"],
)
def test_a_write_that_would_bring_them_back_is_refused(team, again):
    team["admin"].erase_person("buyer")
    with pytest.raises(Suppressed):
        team["admin"].create(again)


def test_changing_someone_into_an_erased_person_is_refused(team):
    team["admin"].erase_person("dnc")
    with pytest.raises(Suppressed):
        team["admin"].update(Person, "mid", {"linkedin": "https://www.LinkedIn.com/in/Dana/"})


def test_reimporting_the_same_bundle_skips_and_counts_their_rows(team, tmp_path):
    operator = team["operator"]
    bundle = write_bundle(
        tmp_path / "bundle",
        [
            {"id": "ext-1", "name": "Erin", "email": "erin@x.example", "linkedin": ""},
            {"id": "ext-2", "name": "Finn", "email": "finn@x.example", "linkedin": ""},
        ],
        [("ext-1", "ext-2"), ("ext-2", "mid")],
    )
    load_directory(operator.store, bundle)
    operator.erase_person("ext-1")
    result = load_directory(operator.store, bundle)
    assert result.skipped == {"people": 1, "connections": 1}
    with pytest.raises(NotFound):
        operator.get(Person, "ext-1")
    assert {(c.a, c.b) for c in operator.connections("ext-2")} == {("ext-2", "mid")}
    # the same human under a new id but the same address stays out too
    again = write_bundle(
        tmp_path / "again",
        [{"id": "crm-9", "name": "Erin", "email": "ERIN@x.example", "linkedin": ""}],
        [("crm-9", "ext-2")],
    )
    assert load_directory(operator.store, again).skipped == {"people": 1, "connections": 1}
    # a row naming the erased id alone is skipped, not refused as an unknown person
    only_ref = write_bundle(tmp_path / "ref", [], [("ext-1", "mid")])
    assert load_directory(operator.store, only_ref).skipped == {"connections": 1}


def test_nothing_of_them_is_left_in_the_database_file(team, team_store, tmp_path, request):
    """Only keyed hashes are kept, and the deleted rows are overwritten, not left readable in
    the SQLite file's free pages (checked once the store is closed and its log merged)."""
    if request.node.callspec.params.get("team_store") == "neo4j":
        pytest.skip("reads the SQLite file")
    team["operator"].erase_person("dnc")
    team_store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("team.db*"))
    assert b"Dana Private" not in raw
    for text in (b"dana@private.example", b"linkedin.com/in/dana"):
        assert text not in raw


def test_an_erased_person_can_be_connected_to_nobody(team):
    team["admin"].erase_person("buyer")
    with pytest.raises(NotFound):
        team["admin"].connect(Connection("mid", "buyer"))
