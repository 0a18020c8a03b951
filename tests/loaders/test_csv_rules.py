"""The CSV loader applies graph.validation's rules (file:line messages), finds its files,
and leaves what is not given missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BundleError
from loaders.csv import KNOWN_FILES, find_files, read_bundle, read_bundle_files


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(BundleError) as info:
        read_bundle(root)
    return info.value.problems


PEOPLE = "id,name\np1,Ann\np2,Bob\n"


def test_out_of_range_times_and_dates(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", PEOPLE)
    write(
        tmp_path,
        "interactions.csv",
        "id,kind,at,source_id,target_id\n"
        "i1,call,2199-12-31T23:59:59Z,p1,p2\n"
        "i2,call,9999-12-31T23:59:59-14:00,p1,p2\n"
        "i3,call,0001-01-01T00:00:00+14:00,p1,p2\n"
        "i4,call,1899-12-31,p1,p2\n",
    )
    write(tmp_path, "connections.csv", "source_id,target_id,since\np1,p2,0001-01-01\n")
    problems = problems_of(tmp_path)
    assert problems[0] == (
        "connections.csv:2: since '0001-01-01' is outside 1900-01-01 .. 2199-12-31"
    )
    assert [p.split(": ")[0] for p in problems[1:]] == [
        "interactions.csv:3",
        "interactions.csv:4",
        "interactions.csv:5",
    ]
    assert all("'at'" in p or "at '" in p for p in problems[1:])
    assert problems[3] == (
        "interactions.csv:5: at '1899-12-31' is outside 1900-01-01 .. 2199-12-31 (UTC)"
    )


def test_bad_ids_and_long_text(tmp_path: Path) -> None:
    huge = "x" * 200_000
    write(tmp_path, "people.csv", f"id,name,title\np1,Ann,{'t' * 5000}\n{huge},Bob,\n")
    write(tmp_path, "connections.csv", f"source_id,target_id\np1,{'y' * 300}\n")
    problems = problems_of(tmp_path)
    assert problems == [
        "connections.csv:2: target_id is too long (300 characters; at most 256)",
        "people.csv:2: title is too long (5,000 characters; at most 4,096)",
        "people.csv:3: id is too long (200,000 characters; at most 256)",
    ]


def test_negative_amount_and_huge_employee_count(tmp_path: Path) -> None:
    write(tmp_path, "companies.csv", "id,name,employees\nc1,A,99999999999999999999\n")
    write(tmp_path, "deals.csv", "id,name,company_id,amount\nd1,D,c1,-0.01\nd2,E,c1,0\n")
    assert problems_of(tmp_path) == [
        "companies.csv:2: employees '99999999999999999999' is not a whole number "
        "0..9223372036854775807",
        "deals.csv:2: amount '-0.01' is not a number >= 0",
    ]


def test_blank_name(tmp_path: Path) -> None:
    write(tmp_path, "companies.csv", "id,name\nc1,   \n")
    assert problems_of(tmp_path) == ["companies.csv:2: name must not be blank"]


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as info:
        read_bundle(tmp_path)
    (problem,) = info.value.problems
    assert str(tmp_path) in problem and "no bundle file found" in problem
    assert all(name in problem for name in KNOWN_FILES)


def test_a_misnamed_file_alone_is_an_error_naming_it(tmp_path: Path) -> None:
    write(tmp_path, "connection.csv", "source_id,target_id\np1,p2\n")
    with pytest.raises(BundleError) as info:
        read_bundle(tmp_path)
    assert info.value.problems[1] == (
        f"{tmp_path / 'connection.csv'}: not a bundle file, ignored (did you mean connections.csv?)"
    )


def test_unknown_files_are_reported_beside_known_ones(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", PEOPLE)
    write(tmp_path, "connection.csv", "source_id,target_id\np1,p2\n")
    write(tmp_path, "notes.txt", "not a csv")
    files = find_files(tmp_path)
    assert (files.found, files.unknown) == (("people.csv",), ("connection.csv",))
    warned: list[str] = []
    result = read_bundle_files(tmp_path, warn=warned.append)
    assert warned == files.warnings()
    assert result.files == files
    assert result.bundle.people is not None and result.bundle.connections is None


def test_what_is_not_given_stays_missing(tmp_path: Path) -> None:
    """Absent columns and empty values become None/NaN, never a default (issue 8)."""
    write(tmp_path, "companies.csv", "id,name\nc1,Acme\n")
    write(tmp_path, "people.csv", "id,name,company_id,do_not_contact\np1,Ann,c1,\np2,Bob,,\n")
    write(tmp_path, "connections.csv", "source_id,target_id\np1,p2\n")
    b = read_bundle(tmp_path)
    assert b.connections is not None and b.people is not None and b.employment is not None
    assert b.connections["since"].isna().all() and b.connections["origin"].isna().all()
    assert list(b.people["do_not_contact"]) == [None, None]
    assert list(b.people["tags"]) == [None, None]
    # people.csv's company_id adds an employment row with no dates: a stored start stays
    row = b.employment.astype(object).iloc[0].to_dict()
    assert row == {"person_id": "p1", "company_id": "c1", "title": None, "start": None, "end": None}
