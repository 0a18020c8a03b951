"""The bundle validator: every rule, per frame column, over a :class:`graph.bundle.Bundle`.

:data:`FRAME_RULES` says which rule each frame column follows. :func:`check_columns` runs
the value and row rules over some columns of one frame (a CSV reader calls it once per
chunk, with its own column names as labels, and turns positions into file lines);
:func:`check_bundle` runs everything, references included, over a whole bundle, for any
importer that builds frames itself, and :func:`validate_bundle` raises what it finds.

>>> import pandas as pd
>>> from graph.bundle import Bundle
>>> people = pd.DataFrame({"id": ["p1", "p1"], "name": ["Ann", " "]})
>>> for problem in check_bundle(Bundle(people=people)):
...     print(problem)
people row 1: duplicate id 'p1'
people row 1: name must not be blank
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from ..bundle import Bundle
from ..errors import BundleError
from ..model import AdvocacyLevel, CommunityKind, ConnectionOrigin, DealStage, InteractionKind
from .frames import (
    NOTHING,
    ExistingIds,
    Finding,
    ObjArray,
    bad_amounts,
    bad_counts,
    bad_dates,
    bad_order,
    bad_tags,
    bad_text,
    bad_times,
    present,
    q,
    same_person,
    unresolved,
)


@dataclass(frozen=True, slots=True)
class Rule:
    """How one frame column is checked."""

    form: str  # id | name | text | ref | enum | date | time | amount | count | flag | tags
    required: bool = False
    ref: str | None = None  # the node kind a ref column names
    enum: type[StrEnum] | None = None


@dataclass(frozen=True, slots=True)
class FrameRules:
    columns: dict[str, Rule]
    node: str | None = None  # node kind whose ids the frame defines (its "id" column)
    pair: tuple[str, str] | None = None  # two different people
    order: tuple[str, str] | None = None  # (earlier, later) dates


_ID = Rule("id", required=True)
_NAME = Rule("name", required=True)
_TEXT = Rule("text")
_DATE = Rule("date")


def _ref(kind: str, required: bool = True) -> Rule:
    return Rule("ref", required=required, ref=kind)


FRAME_RULES: dict[str, FrameRules] = {
    "people": FrameRules(
        {
            "id": _ID,
            "name": _NAME,
            **dict.fromkeys(("email", "title", "location", "linkedin", "twitter"), _TEXT),
            "do_not_contact": Rule("flag"),
            "tags": Rule("tags"),
        },
        node="person",
    ),
    "companies": FrameRules(
        {"id": _ID, "name": _NAME, "domain": _TEXT, "industry": _TEXT, "employees": Rule("count")},
        node="company",
    ),
    "communities": FrameRules(
        {"id": _ID, "name": _NAME, "kind": Rule("enum", enum=CommunityKind), "url": _TEXT},
        node="community",
    ),
    "connections": FrameRules(
        {
            "a": _ref("person"),
            "b": _ref("person"),
            "since": _DATE,
            "origin": Rule("enum", enum=ConnectionOrigin),
        },
        pair=("a", "b"),
    ),
    "employment": FrameRules(
        {
            "person_id": _ref("person"),
            "company_id": _ref("company"),
            "title": _TEXT,
            "start": _DATE,
            "end": _DATE,
        },
        order=("start", "end"),
    ),
    "memberships": FrameRules(
        {
            "person_id": _ref("person"),
            "community_id": _ref("community"),
            "role": _TEXT,
            "since": _DATE,
        }
    ),
    "advocates": FrameRules(
        {
            "person_id": _ref("person"),
            "company_id": _ref("company"),
            "level": Rule("enum", enum=AdvocacyLevel),
            "since": _DATE,
        }
    ),
    "interactions": FrameRules(
        {
            "id": _ID,
            "kind": Rule("enum", required=True, enum=InteractionKind),
            "at": Rule("time", required=True),
            "actor_id": _ref("person"),
            "recipient_id": _ref("person"),
            "community_id": _ref("community", required=False),
        },
        pair=("actor_id", "recipient_id"),
    ),
    "deals": FrameRules(
        {
            "id": _ID,
            "name": _NAME,
            "company_id": _ref("company"),
            "owner_id": _ref("person", required=False),
            "stage": Rule("enum", enum=DealStage),
            "amount": Rule("amount"),
            "created_at": _DATE,
            "closed_at": _DATE,
        },
        order=("created_at", "closed_at"),
    ),
}


def _blank_names(values: ObjArray, label: str) -> Finding:
    where = present(values)
    vals = values[where]
    blank = np.fromiter(
        (not v.strip() if isinstance(v, str) else False for v in vals),
        dtype=np.bool_,
        count=len(vals),
    )
    rows = where[blank]
    if len(rows) == 0:
        return NOTHING
    return Finding(rows, lambda _: f"{label} must not be blank")


def check_value(
    rule: Rule, values: np.ndarray, label: str, shown: ObjArray | None = None
) -> list[Finding]:
    """The value rules for one column (references and enums are checked elsewhere)."""
    if rule.form in ("id", "ref"):
        return [bad_text(values, label, is_id=True)]
    if rule.form == "name":
        return [bad_text(values, label), _blank_names(values, label)]
    if rule.form == "text":
        return [bad_text(values, label)]
    if rule.form == "date":
        return [bad_dates(values, label)]
    if rule.form == "time":
        return [bad_times(values, label, shown)]
    if rule.form == "amount":
        return [bad_amounts(values, label, shown)]
    if rule.form == "count":
        return [bad_counts(values, label)]
    if rule.form == "tags":
        return [bad_tags(values, label)]
    return []


def check_columns(
    frame: str,
    columns: Mapping[str, np.ndarray],
    labels: Mapping[str, str] | None = None,
    shown: Mapping[str, ObjArray] | None = None,
    *,
    refs: bool = False,
) -> list[tuple[str, Finding]]:
    """``(check, finding)`` for the value rules of the given columns of ``frame`` and its row
    rules (two different people, dates in order) when both their columns are given.

    ``labels`` names columns in messages (default: the frame's names); ``shown`` gives the
    values as the caller wrote them, for messages; ``refs`` also checks reference columns'
    values as ids (a CSV reader checks them once per distinct value instead).
    """
    rules = FRAME_RULES[frame]
    labels = labels or {}
    shown = shown or {}
    out: list[tuple[str, Finding]] = []
    for name, values in columns.items():
        rule = rules.columns.get(name)
        if rule is None or (rule.form == "ref" and not refs):
            continue
        label = labels.get(name, name)
        for finding in check_value(rule, values, label, shown.get(name)):
            if finding:
                out.append((f"{rule.form}:{name}", finding))
    if rules.pair and all(c in columns for c in rules.pair):
        a, b = rules.pair
        finding = same_person(columns[a], columns[b], labels.get(a, a), labels.get(b, b))
        if finding:
            out.append(("self", finding))
    if rules.order and all(c in columns for c in rules.order):
        early, late = rules.order
        finding = bad_order(
            columns[early], columns[late], labels.get(early, early), labels.get(late, late)
        )
        if finding:
            out.append(("order", finding))
    return out


_NONE: Any = None  # pandas' stubs do not admit None as ``na_value``


def _plain(series: pd.Series) -> np.ndarray:
    """A column as numpy values: categories, text and Int64 to objects (missing = None)."""
    if (
        isinstance(series.dtype, pd.CategoricalDtype)
        or series.dtype == object
        or str(series.dtype) == "Int64"
    ):
        values: np.ndarray = series.to_numpy(dtype=object, na_value=_NONE)
        return values
    return series.to_numpy()


def check_bundle(bundle: Bundle, existing_ids: ExistingIds | None = None) -> list[str]:
    """Every problem of a bundle built by some importer, as ``frame row N: message``.

    Checks that each frame has its required columns (an optional one may be absent: all
    missing), required values are given, enum values are
    known, ids are unique, every value follows its rule, and references name a node of the
    bundle or (``existing_ids``, asked once per kind) of the store.
    """
    problems: list[tuple[str, int, str]] = []
    named: dict[str, list[ObjArray]] = {}
    defined: dict[str, ObjArray] = {}
    columns_of: dict[str, dict[str, np.ndarray]] = {}
    for frame_name, frame in bundle.frames():
        rules = FRAME_RULES[frame_name]
        missing = [c for c, r in rules.columns.items() if r.required and c not in frame.columns]
        for col in missing:
            problems.append((frame_name, -1, f"missing required column {col!r}"))
        columns = {c: _plain(frame[c]) for c in rules.columns if c in frame.columns}
        columns_of[frame_name] = columns
        for col, values in columns.items():
            rule = rules.columns[col]
            nulls = np.flatnonzero(~np.asarray(pd.notna(values), dtype=np.bool_))
            if rule.required:
                problems += [(frame_name, int(i), f"{col} is missing") for i in nulls]
            if rule.enum is not None:
                allowed = {e.value for e in rule.enum}
                problems += [
                    (frame_name, int(i), f"unknown {col} {q(values[i])}")
                    for i in present(values)
                    if values[i] not in allowed
                ]
            if rule.ref is not None:
                named.setdefault(rule.ref, []).append(values[present(values)])
        if rules.node is not None and "id" in columns:
            ids = columns["id"]
            defined[rules.node] = ids
            dup = pd.Series(ids).duplicated(keep="first") & pd.notna(ids)
            problems += [
                (frame_name, int(i), f"duplicate id {q(ids[i])}")
                for i in np.flatnonzero(dup.to_numpy())
            ]
        for _, finding in check_columns(frame_name, columns, refs=True):
            problems += [(frame_name, int(i), finding.message(int(i))) for i in finding.rows]
    for kind, parts in named.items():
        unknown = unresolved(kind, np.concatenate(parts), defined.get(kind), existing_ids)
        if not unknown:
            continue
        for frame_name, columns in columns_of.items():
            for col, values in columns.items():
                if FRAME_RULES[frame_name].columns[col].ref != kind:
                    continue
                hits = np.flatnonzero(np.asarray(pd.Series(values).isin(unknown), np.bool_))
                problems += [
                    (frame_name, int(i), f"unknown {kind} {q(values[i])} in {col!r}") for i in hits
                ]
    problems.sort(key=lambda p: (p[0], p[1]))
    return [f"{f} row {r}: {m}" if r >= 0 else f"{f}: {m}" for f, r, m in problems]


def validate_bundle(bundle: Bundle, existing_ids: ExistingIds | None = None) -> None:
    """BundleError listing every problem of :func:`check_bundle`, if there is any."""
    problems = check_bundle(bundle, existing_ids)
    if problems:
        raise BundleError(problems)
