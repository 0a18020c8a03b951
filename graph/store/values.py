"""How both stores encode values they share: dates, times and the people search key.

Values arrive here already checked (``graph.validation``); these functions only convert.
Reads never raise on what is stored: a date or time beyond what Python holds (written by an
older build that did not check ranges) reads back clamped to the nearest one it can hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

#: Separates the fields of a person's lower-cased search key (never in a search text).
SEARCH_SEP = "\x1f"

_LATEST = datetime.max.replace(tzinfo=UTC)
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST_SECONDS = _LATEST.timestamp()


# -- model values -> stored values ---------------------------------------------------------


def date_text(value: date | None) -> str | None:
    """A date as stored: ISO ``YYYY-MM-DD``."""
    return None if value is None else value.isoformat()


def epoch_seconds(at: datetime) -> float:
    """A time as stored: epoch seconds; a naive datetime is taken as UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.timestamp()


def search_key(id: str, name: str, email: str | None, title: str | None) -> str:
    """``person.search``: id, name, email and title lower-cased, separated by SEARCH_SEP."""
    parts = (id, name, email or "", title or "")
    return SEARCH_SEP.join(p.replace(SEARCH_SEP, " ").lower() for p in parts)


# -- stored values -> model values ---------------------------------------------------------


def to_date(text: str | None) -> date | None:
    """A stored ISO date; one before year 1 reads as ``date.min``, any other that ``date``
    cannot hold (a year past 9999) as ``date.max``.

    >>> to_date("2026-11-30"), to_date("10000-01-01"), to_date("0000-01-01")
    (datetime.date(2026, 11, 30), datetime.date(9999, 12, 31), datetime.date(1, 1, 1))
    """
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        year = text.lstrip("+").split("-", 1)[0]
        early = text.startswith("-") or (year.isdigit() and int(year) < 1)
        return date.min if early else date.max


def instant(seconds: float) -> datetime:
    """Stored epoch seconds as an aware UTC datetime, clamped to what ``datetime`` holds.

    >>> instant(0.0).isoformat(), instant(1e12).year
    ('1970-01-01T00:00:00+00:00', 9999)
    """
    if seconds >= _LATEST_SECONDS:
        return _LATEST
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        # below year 1, or rounding up past the last microsecond of year 9999
        return _LATEST if seconds > 0 else _EARLIEST


def utc(seconds: float | None) -> datetime | None:
    """:func:`instant`, keeping None."""
    return None if seconds is None else instant(seconds)
