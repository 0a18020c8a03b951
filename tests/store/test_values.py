"""The value encoding both stores share: what is written reads back, and reads never fail
on a stored value Python cannot hold."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime, timedelta, timezone

import graph.store.values as values


def test_docstring_examples() -> None:
    failed, _ = doctest.testmod(values)
    assert failed == 0


def test_dates_and_times_round_trip() -> None:
    day = date(1900, 1, 1)
    assert values.to_date(values.date_text(day)) == day
    at = datetime(2199, 12, 31, 23, 59, 59, 999_000, tzinfo=timezone(timedelta(hours=-14)))
    back = values.utc(values.epoch_seconds(at))
    assert back is not None and abs(back - at) < timedelta(microseconds=2)
    naive = datetime(2026, 1, 1, 12)
    assert values.instant(values.epoch_seconds(naive)) == naive.replace(tzinfo=UTC)


def test_out_of_range_stored_values_read_clamped() -> None:
    year_10000 = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp() + 14 * 3600
    assert values.instant(year_10000) == datetime.max.replace(tzinfo=UTC)
    assert values.instant(-1e13) == datetime.min.replace(tzinfo=UTC)
    assert values.to_date("-0001-01-01") == date.min
    assert values.to_date("12026-01-01") == date.max
    assert values.utc(None) is None and values.to_date(None) is None
