"""Bundle frames -> Cypher parameter rows, for :mod:`.importer` (mapping only).

The bundle validator checked and normalised every value; here a frame only becomes a list
of dicts. A missing value (an absent column, or an empty cell) becomes None, which the
import statements read as "keep the stored value".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .values import SEARCH_SEP

Row = dict[str, Any]
Pair = tuple[str, str]


# -- columns -> Python values ----------------------------------------------------------------


def _text(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column as a list of values, None where missing (and everywhere if absent)."""
    if column not in frame.columns:
        return [None] * len(frame)
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype) or series.dtype != np.dtype(object):
        series = series.astype(object)
    out: list[Any] = series.where(series.notna(), None).tolist()
    return out


def _floats(frame: pd.DataFrame, column: str) -> list[float | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    values = np.asarray(frame[column].astype("float64"), dtype=np.float64)
    out: list[float | None] = values.tolist()
    missing = np.isnan(values)
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            out[i] = None
    return out


def _ints(frame: pd.DataFrame, column: str) -> list[int | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    series = frame[column].astype("Int64")
    return [None if v is pd.NA else int(v) for v in series.astype(object).tolist()]


def _flags(frame: pd.DataFrame, column: str) -> list[bool | None]:
    return [None if v is None else bool(v) for v in _text(frame, column)]


def _tags(value: object) -> list[str] | None:
    return json.loads(value) if isinstance(value, str) else None


def _key(value: str | None) -> str | None:
    """One field of a person's search key (as ``search_key`` builds it), None if absent."""
    return None if value is None else value.replace(SEARCH_SEP, " ").lower()


# -- frames -> parameter rows -------------------------------------------------------------------


def people_rows(frame: pd.DataFrame) -> list[Row]:
    ids, names, emails, titles = (_text(frame, c) for c in ("id", "name", "email", "title"))
    locations, linkedin, twitter, tags = (
        _text(frame, c) for c in ("location", "linkedin", "twitter", "tags")
    )
    return [
        {
            "id": i,
            "name": n,
            "title": t,
            "email": e,
            "location": loc,
            "linkedin": li,
            "twitter": tw,
            "doNotContact": d,
            "tags": _tags(tg),
            "search": [_key(i), _key(n), _key(e), _key(t)],
        }
        for i, n, e, t, loc, li, tw, d, tg in zip(
            ids,
            names,
            emails,
            titles,
            locations,
            linkedin,
            twitter,
            _flags(frame, "do_not_contact"),
            tags,
            strict=True,
        )
    ]


def _columns(columns: dict[str, list[Any]]) -> list[Row]:
    """Rows with the given keys, from lists of equal length."""
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def company_rows(frame: pd.DataFrame) -> list[Row]:
    columns = {c: _text(frame, c) for c in ("id", "name", "domain", "industry")}
    return _columns({**columns, "employees": _ints(frame, "employees")})


def community_rows(frame: pd.DataFrame) -> list[Row]:
    return _columns({c: _text(frame, c) for c in ("id", "name", "kind", "url")})


def connection_rows(frame: pd.DataFrame) -> list[Row]:
    rows = []
    for a, b, since, origin in zip(
        _text(frame, "a"),
        _text(frame, "b"),
        _text(frame, "since"),
        _text(frame, "origin"),
        strict=True,
    ):
        lo, hi = (a, b) if a < b else (b, a)  # KNOWS is stored from the smaller id
        rows.append({"a": lo, "b": hi, "since": since, "origin": origin})
    rows.sort(key=lambda r: (r["a"], r["b"]))
    return rows


def person_to_rows(other: str, properties: Sequence[str], frame: pd.DataFrame) -> list[Row]:
    """employment / memberships / advocates: ``person``, ``other`` and the properties."""
    columns = {"person": _text(frame, "person_id"), "other": _text(frame, other)}
    return _columns({**columns, **{p: _text(frame, p) for p in properties}})


def interaction_rows(frame: pd.DataFrame) -> list[Row]:
    rows = [
        {
            "id": i,
            "kind": kind,
            "at": t,
            "actor": actor,
            "recipient": recipient,
            "community": community,
        }
        for i, kind, t, actor, recipient, community in zip(
            _text(frame, "id"),
            _text(frame, "kind"),
            _floats(frame, "at"),
            _text(frame, "actor_id"),
            _text(frame, "recipient_id"),
            _text(frame, "community_id"),
            strict=True,
        )
    ]
    # Grouped by pair, so most pairs are recomputed in one batch only.
    rows.sort(key=pair_key)
    return rows


def deal_rows(frame: pd.DataFrame) -> list[Row]:
    return _columns(
        {
            "id": _text(frame, "id"),
            "name": _text(frame, "name"),
            "stage": _text(frame, "stage"),
            "amount": _floats(frame, "amount"),
            "createdAt": _text(frame, "created_at"),
            "closedAt": _text(frame, "closed_at"),
            "company": _text(frame, "company_id"),
            "owner": _text(frame, "owner_id"),
        },
    )


def pair_key(row: Row) -> Pair:
    """An interaction row's pair, smaller id first."""
    a, b = row["actor"], row["recipient"]
    return (a, b) if a < b else (b, a)
