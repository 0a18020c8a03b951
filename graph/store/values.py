"""Checks and conversions both stores make, so they accept and reject the same values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import TypeVar

from ..errors import BadInput

E = TypeVar("E", bound=Enum)

#: Separates the fields of a person's lower-cased search key (never in a search text).
SEARCH_SEP = "\x1f"


def check_id(value: object, what: str = "id") -> str:
    if not isinstance(value, str) or not value:
        raise BadInput(f"{what} must be a non-empty string, got {value!r}")
    return value


def enum(cls: type[E], value: object, what: str) -> E:
    try:
        return cls(value)
    except ValueError:
        raise BadInput(f"{what}: {value!r} is not one of {[m.value for m in cls]}") from None


def date_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise BadInput(f"{what} must be a date, got {value!r}")
    return value.isoformat()


def to_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def epoch_seconds(at: object) -> float:
    """An interaction time as stored: epoch seconds; naive datetimes are taken as UTC."""
    if not isinstance(at, datetime):
        raise BadInput(f"interaction time must be a datetime, got {at!r}")
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.timestamp()


def utc(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def opt_text(value: object, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadInput(f"{what} must be text, got {value!r}")


def search_key(id: str, name: str, email: str | None, title: str | None) -> str:
    """``person.search``: id, name, email and title lower-cased, separated by SEARCH_SEP."""
    parts = (id, name, email or "", title or "")
    return SEARCH_SEP.join(p.replace(SEARCH_SEP, " ").lower() for p in parts)


def text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{what} must be text, got {value!r}")
    return value
