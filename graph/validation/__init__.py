"""The one place values are checked and normalised, before any store sees them.

* :mod:`.rules`: the rules for one value (ids, text, dates, times, amounts, counts, enums,
  tags) and their bounds (``MAX_ID_LENGTH``, ``EARLIEST_DATE``, ...).
* :mod:`.records`: one check per record kind, returning the record normalised.
* :mod:`.frames` and :mod:`.bundle`: the same rules vectorised over an import bundle's
  columns, for the CSV loader and every other importer.

The service (``graph.service``) calls the record checks for every write and
:func:`check_id` for ids it reads by; stores do not check values again.
"""

from __future__ import annotations

from . import records
from .bundle import FRAME_RULES, check_bundle, check_columns, validate_bundle
from .frames import ExistingIds, Finding
from .records import (
    advocacy,
    community,
    company,
    connection,
    deal,
    employment,
    interaction,
    membership,
    node,
    person,
)
from .rules import (
    DATE_RANGE,
    EARLIEST_DATE,
    EARLIEST_TIME,
    LATEST_DATE,
    LATEST_TIME,
    MAX_EMPLOYEES,
    MAX_ID_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
    check_date,
    check_id,
    check_range,
    check_text,
    check_time,
    exactly_one,
    optional_id,
)

__all__ = [
    "DATE_RANGE",
    "EARLIEST_DATE",
    "EARLIEST_TIME",
    "FRAME_RULES",
    "LATEST_DATE",
    "LATEST_TIME",
    "MAX_EMPLOYEES",
    "MAX_ID_LENGTH",
    "MAX_TAGS",
    "MAX_TAG_LENGTH",
    "MAX_TEXT_LENGTH",
    "ExistingIds",
    "Finding",
    "advocacy",
    "check_bundle",
    "check_columns",
    "check_date",
    "check_id",
    "check_range",
    "check_text",
    "check_time",
    "community",
    "company",
    "connection",
    "deal",
    "employment",
    "exactly_one",
    "interaction",
    "membership",
    "node",
    "optional_id",
    "person",
    "records",
    "validate_bundle",
]
