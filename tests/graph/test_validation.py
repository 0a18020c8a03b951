"""graph.validation: each rule at, just inside and just outside its bound."""

from __future__ import annotations

import doctest
import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest

from graph import validation as v
from graph.errors import BadInput
from graph.model import (
    Company,
    Connection,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.validation import bundle as vbundle
from graph.validation import frames, records, rules


@pytest.mark.parametrize("module", [rules, records, frames, vbundle])
def test_docstring_examples_run(module: object) -> None:
    failed, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failed == 0


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("p", True),
        ("x" * v.MAX_ID_LENGTH, True),
        ("x" * (v.MAX_ID_LENGTH + 1), False),
        ("x" * 200_000, False),
        ("", False),
        ("\ud800", False),
        ("a\x00b", False),
        ("é-ü", True),
        (7, False),
        (None, False),
    ],
)
def test_ids(value: object, ok: bool) -> None:
    if ok:
        assert v.check_id(value, "person id") == value
    else:
        with pytest.raises(BadInput, match="person id") as info:
            v.check_id(value, "person id")
        assert len(info.value.message) < 200  # a huge id is never echoed whole


@pytest.mark.parametrize(
    ("length", "ok"),
    [(v.MAX_TEXT_LENGTH - 1, True), (v.MAX_TEXT_LENGTH, True), (v.MAX_TEXT_LENGTH + 1, False)],
)
def test_text_length(length: int, ok: bool) -> None:
    if ok:
        assert v.check_text("a" * length, "title") == "a" * length
    else:
        with pytest.raises(BadInput, match="title is too long"):
            v.check_text("a" * length, "title")


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (v.EARLIEST_DATE, True),
        (v.EARLIEST_DATE - timedelta(days=1), False),
        (v.LATEST_DATE, True),
        (v.LATEST_DATE + timedelta(days=1), False),
        (date(1, 1, 1), False),
    ],
)
def test_dates(day: date, ok: bool) -> None:
    if ok:
        assert v.check_date(day, "start") == day
    else:
        with pytest.raises(BadInput, match=r"start .* is outside 1900-01-01 \.\. 2199-12-31"):
            v.check_date(day, "start")


@pytest.mark.parametrize(
    ("moment", "ok"),
    [
        (v.EARLIEST_TIME, True),
        (v.EARLIEST_TIME - timedelta(microseconds=1), False),
        (v.LATEST_TIME, True),
        (v.LATEST_TIME + timedelta(microseconds=1), False),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))), False),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), False),
        (datetime(2199, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-2))), False),
        (datetime(1900, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1))), True),
    ],
)
def test_times(moment: datetime, ok: bool) -> None:
    if ok:
        assert v.check_time(moment, "interaction time") == moment
    else:
        with pytest.raises(BadInput, match="interaction time"):
            v.check_time(moment, "interaction time")


def test_naive_times_are_utc() -> None:
    assert v.check_time(datetime(2024, 1, 5), "t") == datetime(2024, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, 0.0), (0.0, 0.0), (1250.5, 1250.5), (math.nan, None), (None, None)],
)
def test_amounts_accepted(amount: object, expected: float | None) -> None:
    assert rules.check_amount(amount, "deal amount") == expected


@pytest.mark.parametrize("amount", [-0.01, -1, math.inf, -math.inf, "12", True, 10**400])
def test_amounts_rejected(amount: object) -> None:
    with pytest.raises(BadInput, match="deal amount"):
        rules.check_amount(amount, "deal amount")


@pytest.mark.parametrize(
    ("count", "ok"),
    [(0, True), (-1, False), (v.MAX_EMPLOYEES, True), (v.MAX_EMPLOYEES + 1, False), (1.5, False)],
)
def test_employee_counts(count: object, ok: bool) -> None:
    company = Company(id="c", name="C", employees=count)  # type: ignore[arg-type]
    if ok:
        assert v.company(company).employees == count
    else:
        with pytest.raises(BadInput, match="employee count"):
            v.company(company)


@pytest.mark.parametrize(
    ("tags", "ok"),
    [
        (("a",) * v.MAX_TAGS, True),
        (("a",) * (v.MAX_TAGS + 1), False),
        (("t" * v.MAX_TAG_LENGTH,), True),
        (("t" * (v.MAX_TAG_LENGTH + 1),), False),
        ("a;b", False),
    ],
)
def test_tags(tags: object, ok: bool) -> None:
    person = Person(id="p", name="P", tags=tags)  # type: ignore[arg-type]
    if ok:
        assert v.person(person).tags == tuple(tags)  # type: ignore[arg-type]
    else:
        with pytest.raises(BadInput, match="tag"):
            v.person(person)


def test_lists_of_tags_become_tuples() -> None:
    assert v.person(Person(id="p", name="P", tags=["a", "b"])).tags == ("a", "b")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "   ", None])
def test_names_must_have_text(name: object) -> None:
    with pytest.raises(BadInput, match="person name"):
        v.person(Person(id="p", name=name))  # type: ignore[arg-type]


def test_enums() -> None:
    with pytest.raises(BadInput, match="interaction kind 'poke' is not one of"):
        v.interaction(
            Interaction("i", "poke", datetime(2024, 1, 1, tzinfo=UTC), "a", "b")  # type: ignore[arg-type]
        )


def test_two_different_people() -> None:
    with pytest.raises(BadInput, match="two different people"):
        v.connection(Connection("a", "a"))
    with pytest.raises(BadInput, match="two different people"):
        v.interaction(Interaction("i", InteractionKind.CALL, datetime(2024, 1, 1), "a", "a"))


def test_employment_end_not_before_start() -> None:
    day = date(2020, 1, 1)
    assert v.employment(Employment("p", "c", start=day, end=day)).end == day
    with pytest.raises(BadInput, match="employment end"):
        v.employment(Employment("p", "c", start=day, end=day - timedelta(days=1)))


def test_deal_closes_after_it_is_created() -> None:
    day = date(2024, 2, 1)
    with pytest.raises(BadInput, match="close"):
        v.deal(Deal("d", "D", "c", created_at=day, closed_at=day - timedelta(days=1)))


def test_ranges() -> None:
    assert v.check_range("maximum hops", 6, 1, 6) == 6
    with pytest.raises(BadInput, match="maximum hops must be between 1 and 6, got 7"):
        v.check_range("maximum hops", 7, 1, 6)


# -- the vectorised rules agree with the scalar ones ----------------------------------------


def test_vectorised_text_rules() -> None:
    values = np.array(["ok", None, "x" * 257, "\ud800", "a\x00b", "y" * 256], dtype=object)
    finding = frames.bad_text(values, "id", is_id=True)
    assert finding.rows.tolist() == [2, 3, 4]
    assert "too long" in finding.message(2)
    assert "lone surrogate" in finding.message(3)
    assert "NUL" in finding.message(4)
    assert not frames.bad_text(np.array(["a\x00b"], dtype=object), "name")


def test_vectorised_ranges() -> None:
    dates = np.array(["1900-01-01", "1899-12-31", None, "2199-12-31", "2200-01-01"], object)
    assert frames.bad_dates(dates, "since").rows.tolist() == [1, 4]
    seconds = np.array(
        [v.EARLIEST_TIME.timestamp(), v.EARLIEST_TIME.timestamp() - 1, np.nan, 253402300799.0]
    )
    assert frames.bad_times(seconds, "at").rows.tolist() == [1, 3]
    amounts = np.array([0.0, -0.5, np.nan, np.inf, 3.0])
    assert frames.bad_amounts(amounts, "amount").rows.tolist() == [1, 3]


def test_check_bundle_covers_references_and_values() -> None:
    import pandas as pd

    from graph.bundle import Bundle

    people = pd.DataFrame({"id": ["p1", "p2"], "name": ["Ann", "Bob"]})
    deals = pd.DataFrame(
        {"id": ["d1"], "name": ["D"], "company_id": ["c1"], "owner_id": ["p1"], "amount": [-1.0]}
    )
    conns = pd.DataFrame({"a": ["p1", "p1"], "b": ["p2", "p9"]})
    asked: list[tuple[str, set[str]]] = []

    def existing(kind: str, ids: set[str]) -> set[str]:
        asked.append((kind, ids))
        return ids & {"c1"}

    problems = v.check_bundle(Bundle(people=people, connections=conns, deals=deals), existing)
    assert problems == [
        "connections row 1: unknown person 'p9' in 'b'",
        "deals row 0: amount '-1.0' is not a number >= 0",
    ]
    assert sorted(asked) == [("company", {"c1"}), ("person", {"p9"})]
