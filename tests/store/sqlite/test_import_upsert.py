"""The SQLite import's upsert never erases: a missing value keeps what is stored.

A missing value is an absent column, None or NaN. A row written new gets the model's
default where there is one (connection origin ``manual``, ``do_not_contact`` false, no tags,
community kind ``other``, deal stage ``prospecting``, advocacy level ``promoter``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from graph.bundle import FRAME_COLUMNS, Bundle, no_progress
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    DealStage,
    Employment,
    Person,
)
from graph.store.sqlite import SQLiteRecords, importer
from tests.store.world import search_people


@pytest.fixture(params=["upsert", "fresh"])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteRecords]:
    """Both import paths: row by row upserts, and (into an empty file) dropped indexes."""
    if request.param == "fresh":
        request.getfixturevalue("monkeypatch").setattr(importer, "REBUILD_INDEXES_MIN_ROWS", 0)
    with SQLiteRecords(tmp_path / "upsert.db") as store:
        yield store


def people(ids: list[str], **columns: list[object]) -> pd.DataFrame:
    """A people frame with every column (missing values where not given)."""
    frame = pd.DataFrame({c: [None] * len(ids) for c in FRAME_COLUMNS["people"]})
    frame["id"] = ids
    frame["name"] = [f"N {i}" for i in ids]
    for column, values in columns.items():
        frame[column] = values
    return frame


def only(ids: list[str]) -> pd.DataFrame:
    """A people frame with nothing but ids and names."""
    return pd.DataFrame({"id": ids, "name": [f"N {i}" for i in ids]})


def full_world() -> Bundle:
    return Bundle(
        people=people(
            ["ann", "bob", "cat"],
            email=["ann@x.example", None, None],
            title=["CTO", None, None],
            do_not_contact=[True, False, False],
            tags=['["vip"]', "[]", "[]"],
        ),
        companies=pd.DataFrame(
            {
                "id": ["acme"],
                "name": ["Acme"],
                "domain": [None],
                "industry": [None],
                "employees": [50],
            }
        ),
        communities=pd.DataFrame({"id": ["g"], "name": ["G"], "kind": ["forum"], "url": [None]}),
        connections=pd.DataFrame(
            {"a": ["ann"], "b": ["bob"], "since": ["2020-05-01"], "origin": ["linkedin"]}
        ),
        employment=pd.DataFrame(
            {
                "person_id": ["ann", "bob"],
                "company_id": ["acme", "acme"],
                "title": ["CTO", "Dev"],
                "start": ["2019-01-01", "2015-03-03"],
                "end": [None, "2018-12-31"],
            }
        ),
        advocates=pd.DataFrame(
            {"person_id": ["ann"], "company_id": ["acme"], "level": ["champion"], "since": [None]}
        ),
        deals=pd.DataFrame(
            {
                "id": ["d1"],
                "name": ["Anvils"],
                "company_id": ["acme"],
                "owner_id": ["ann"],
                "stage": ["proposal"],
                "amount": [99.5],
                "created_at": ["2024-01-01"],
                "closed_at": [None],
            }
        ),
    )


def test_people_csv_alone_keeps_employment_dates(records: SQLiteRecords) -> None:
    """people.csv's company_id adds employment rows without dates: they keep stored ones."""
    records.import_bundle(full_world(), no_progress)
    again = Bundle(
        people=people(["ann", "bob"], title=["CTO", None]),
        employment=pd.DataFrame(
            {
                "person_id": ["ann", "bob"],
                "company_id": ["acme", "acme"],
                "title": ["CTO", None],
                "start": [None, None],
                "end": [None, None],
            }
        ),
    )
    records.import_bundle(again, no_progress)
    assert records.employments() == [
        Employment("ann", "acme", "CTO", date(2019, 1, 1)),
        Employment("bob", "acme", "Dev", date(2015, 3, 3), date(2018, 12, 31)),
    ]


def test_absent_columns_keep_stored_values(records: SQLiteRecords) -> None:
    records.import_bundle(full_world(), no_progress)
    before = records.get_nodes(Person, ["ann", "bob", "cat"])
    records.import_bundle(
        Bundle(
            people=only(["ann", "bob", "cat"]),
            companies=pd.DataFrame({"id": ["acme"], "name": ["Acme Corp"]}),
            communities=pd.DataFrame({"id": ["g"], "name": ["G2"]}),
            connections=pd.DataFrame({"a": ["bob"], "b": ["ann"]}),
            employment=pd.DataFrame({"person_id": ["bob"], "company_id": ["acme"]}),
            advocates=pd.DataFrame({"person_id": ["ann"], "company_id": ["acme"]}),
            deals=pd.DataFrame({"id": ["d1"], "name": ["Anvils 2"], "company_id": ["acme"]}),
        ),
        no_progress,
    )
    assert records.get_nodes(Person, ["ann", "bob", "cat"]) == before
    assert records.get_nodes(Company, ["acme"])["acme"] == Company(
        "acme", "Acme Corp", None, None, 50
    )
    assert records.get_nodes(Community, ["g"])["g"] == Community("g", "G2", CommunityKind.FORUM)
    assert records.connections("ann", 10) == [
        Connection("ann", "bob", date(2020, 5, 1), ConnectionOrigin.LINKEDIN)
    ]
    assert records.employments(person_id="bob") == [
        Employment("bob", "acme", "Dev", date(2015, 3, 3), date(2018, 12, 31))
    ]
    assert records.advocacies() == [Advocacy("ann", "acme", AdvocacyLevel.CHAMPION)]
    assert records.deals() == [
        Deal("d1", "Anvils 2", "acme", "ann", DealStage.PROPOSAL, 99.5, date(2024, 1, 1))
    ]
    # the search key still covers the kept email and title
    assert [p.id for p in search_people(records, "ann@x", 5)] == ["ann"]
    assert [p.id for p in search_people(records, "cto", 5)] == ["ann"]


def test_empty_cells_keep_stored_values(records: SQLiteRecords) -> None:
    """A connections frame without since/origin values keeps the stored ones, and a new
    connection in the same frame gets the default origin."""
    records.import_bundle(full_world(), no_progress)
    records.import_bundle(
        Bundle(
            people=people(
                ["ann", "bob"],
                email=[None, "bob@x.example"],
                do_not_contact=[None, True],
                tags=[None, '["new"]'],
            ),
            connections=pd.DataFrame(
                {
                    "a": ["ann", "bob"],
                    "b": ["bob", "cat"],
                    "since": [None, None],
                    "origin": [None, None],
                }
            ),
            deals=pd.DataFrame(
                {
                    "id": ["d1"],
                    "name": ["Anvils"],
                    "company_id": ["acme"],
                    "owner_id": [None],
                    "stage": [None],
                    "amount": [math.nan],
                    "created_at": [None],
                    "closed_at": ["2024-06-30"],
                }
            ),
        ),
        no_progress,
    )
    assert records.connections("bob", 10) == [
        Connection("ann", "bob", date(2020, 5, 1), ConnectionOrigin.LINKEDIN),
        Connection("bob", "cat", None, ConnectionOrigin.MANUAL),
    ]
    got = records.get_nodes(Person, ["ann", "bob"])
    assert got["ann"] == Person(
        "ann", "N ann", "CTO", "ann@x.example", do_not_contact=True, tags=("vip",)
    )
    assert got["bob"] == Person(
        "bob", "N bob", email="bob@x.example", do_not_contact=True, tags=("new",)
    )
    assert records.deals() == [
        Deal(
            "d1",
            "Anvils",
            "acme",
            "ann",
            DealStage.PROPOSAL,
            99.5,
            date(2024, 1, 1),
            date(2024, 6, 30),
        )
    ]


def test_new_rows_get_the_defaults(records: SQLiteRecords) -> None:
    records.import_bundle(
        Bundle(
            people=people(["ann", "bob"], do_not_contact=[None, True], tags=[None, None]),
            companies=pd.DataFrame({"id": ["acme"], "name": ["Acme"]}),
            communities=pd.DataFrame({"id": ["g"], "name": ["G"], "kind": [None]}),
            connections=pd.DataFrame({"a": ["ann"], "b": ["bob"]}),
            advocates=pd.DataFrame({"person_id": ["bob"], "company_id": ["acme"]}),
            deals=pd.DataFrame({"id": ["d1"], "name": ["D"], "company_id": ["acme"]}),
        ),
        no_progress,
    )
    assert records.get_nodes(Person, ["ann", "bob"]) == {
        "ann": Person("ann", "N ann"),
        "bob": Person("bob", "N bob", do_not_contact=True),
    }
    assert records.get_nodes(Community, ["g"])["g"].kind is CommunityKind.OTHER
    assert records.connections("ann", 10) == [Connection("ann", "bob")]
    assert records.advocacies() == [Advocacy("bob", "acme", AdvocacyLevel.PROMOTER)]
    assert records.deals() == [Deal("d1", "D", "acme")]


def test_values_given_still_replace_stored_ones(records: SQLiteRecords) -> None:
    records.import_bundle(full_world(), no_progress)
    records.import_bundle(
        Bundle(
            people=people(["ann"], email=["new@x.example"], do_not_contact=[False], tags=["[]"]),
            connections=pd.DataFrame(
                {"a": ["ann"], "b": ["bob"], "since": ["2021-01-01"], "origin": ["crm"]}
            ),
        ),
        no_progress,
    )
    assert records.get_nodes(Person, ["ann"])["ann"] == Person(
        "ann", "N ann", "CTO", "new@x.example"
    )
    assert search_people(records, "ann@x", 5) == []
    assert records.connections("ann", 10) == [
        Connection("ann", "bob", date(2021, 1, 1), ConnectionOrigin.CRM)
    ]
