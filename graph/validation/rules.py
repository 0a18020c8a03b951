"""The value rules and their bounds: one check per kind of value, each raising ``BadInput``.

``what`` names the value in domain words ("source person", "maximum hops"), never a GraphQL
argument or a column name, so every entry point can show the message as it is.

>>> check_id("p-1", "person id")
'p-1'
>>> check_id("\\ud800", "person id")
Traceback (most recent call last):
...
graph.errors.BadInput: person id is not valid Unicode text (it holds a lone surrogate)
>>> check_date(date(2199, 12, 31), "start")
datetime.date(2199, 12, 31)
>>> check_time(datetime(2024, 1, 5, 10), "interaction time")
datetime.datetime(2024, 1, 5, 10, 0, tzinfo=datetime.timezone.utc)
>>> check_amount(-1.0, "deal amount")
Traceback (most recent call last):
...
graph.errors.BadInput: deal amount must be a number >= 0, got -1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import TypeVar

from ..errors import BadInput, shown

E = TypeVar("E", bound=Enum)

#: The longest id, in characters (ids are opaque text; every store indexes them).
MAX_ID_LENGTH = 256
#: The longest text value (a name, title, e-mail address, URL, role), in characters.
MAX_TEXT_LENGTH = 4096
#: The most tags one person may carry, and the longest tag.
MAX_TAGS = 256
MAX_TAG_LENGTH = 256
#: The largest employee count: what a signed 64-bit integer holds (both stores' integers).
MAX_EMPLOYEES = 2**63 - 1
#: Every date and time lies within these (UTC), so whatever is stored reads back as a
#: ``datetime`` with room to spare for any time zone.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
EARLIEST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
#: The same bounds as epoch seconds, for vectorised checks.
EARLIEST_SECONDS = EARLIEST_TIME.timestamp()
LATEST_SECONDS = LATEST_TIME.timestamp()
DATE_RANGE = f"{EARLIEST_DATE.isoformat()} .. {LATEST_DATE.isoformat()}"


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_text(value: object, what: str, *, limit: int = MAX_TEXT_LENGTH) -> str:
    """A text value: a ``str`` of at most ``limit`` characters, valid Unicode."""
    if not isinstance(value, str):
        raise BadInput(f"{what} must be text, got {shown(value)}")
    if len(value) > limit:
        raise BadInput(f"{what} is too long ({len(value):,} characters; at most {limit:,})")
    if _has_lone_surrogate(value):
        raise BadInput(f"{what} is not valid Unicode text (it holds a lone surrogate)")
    return value


def optional_text(value: object, what: str, *, limit: int = MAX_TEXT_LENGTH) -> str | None:
    return None if value is None else check_text(value, what, limit=limit)


def check_name(value: object, what: str) -> str:
    """A name: text with something other than white space in it."""
    name = check_text(value, what)
    if not name.strip():
        raise BadInput(f"{what} must not be empty")
    return name


def check_id(value: object, what: str = "id") -> str:
    """An id: non-empty text of at most MAX_ID_LENGTH characters, valid Unicode, no NUL."""
    if isinstance(value, str) and not value:
        raise BadInput(f"{what} must not be empty")
    text = check_text(value, what, limit=MAX_ID_LENGTH)
    if "\x00" in text:
        raise BadInput(f"{what} must not contain a NUL character")
    return text


def optional_id(value: object, what: str) -> str | None:
    return None if value is None else check_id(value, what)


def check_enum(cls: type[E], value: object, what: str) -> E:
    """A member of ``cls``, given as the member or its value."""
    try:
        return cls(value)
    except (ValueError, TypeError):
        allowed = ", ".join(str(m.value) for m in cls)
        raise BadInput(f"{what} {shown(value)} is not one of {allowed}") from None


def check_date(value: object, what: str) -> date | None:
    """A calendar date within EARLIEST_DATE..LATEST_DATE (a datetime gives its date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise BadInput(f"{what} must be a date, got {shown(value)}")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise BadInput(f"{what} {value.isoformat()} is outside {DATE_RANGE}")
    return value


def check_time(value: object, what: str) -> datetime:
    """A moment within EARLIEST_TIME..LATEST_TIME; a naive datetime is taken as UTC.

    The offset given is kept (the caller sees the time as they wrote it).
    """
    if not isinstance(value, datetime):
        raise BadInput(f"{what} must be a datetime, got {shown(value)}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
        in_utc = None
    if in_utc is None or not EARLIEST_TIME <= in_utc <= LATEST_TIME:
        raise BadInput(f"{what} {value.isoformat()} is outside {DATE_RANGE} (UTC)")
    return value


def check_amount(value: object, what: str) -> float | None:
    """A money amount: a finite number >= 0; NaN means "no amount" (as in a frame)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadInput(f"{what} must be a number, got {shown(value)}")
    try:
        amount = float(value)
    except OverflowError:
        amount = math.inf
    if math.isnan(amount):
        return None
    if not math.isfinite(amount) or amount < 0:
        raise BadInput(f"{what} must be a number >= 0, got {shown(value)}")
    return amount


def check_count(value: object, what: str, *, limit: int = MAX_EMPLOYEES) -> int | None:
    """A whole number 0..limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{what} must be a whole number, got {shown(value)}")
    if not 0 <= value <= limit:
        raise BadInput(f"{what} must be between 0 and {limit}, got {value}")
    return value


def check_tags(value: object, what: str = "tags") -> tuple[str, ...]:
    """At most MAX_TAGS tags, each text of at most MAX_TAG_LENGTH characters."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise BadInput(f"{what} must be a list of text, got {shown(value)}")
    if len(value) > MAX_TAGS:
        raise BadInput(f"{what}: {len(value)} given, at most {MAX_TAGS}")
    return tuple(check_text(tag, f"a tag in {what}", limit=MAX_TAG_LENGTH) for tag in value)


def check_flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise BadInput(f"{what} must be true or false, got {shown(value)}")
    return value


def check_range(what: str, value: int, low: int, high: int) -> int:
    """An integer argument within ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadInput(f"{what} must be between {low} and {high}, got {shown(value)}")
    return value


def exactly_one(choices: dict[str, str | None]) -> str:
    """The one choice given (keys say what each choice is, in domain words); BadInput unless
    exactly one is."""
    given = [name for name, value in choices.items() if value is not None]
    if len(given) != 1:
        names = ", ".join(choices)
        raise BadInput(f"give exactly one of: {names} (got {len(given)})")
    return given[0]
