"""Normalising checked files into a :class:`graph.bundle.Bundle`.

Connections become ``a < b``; duplicate relationship rows are merged keeping the last;
``people.company_id`` becomes employment rows. A value not given stays missing (None/NaN),
so an import upsert keeps the stored value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graph.bundle import FRAME_COLUMNS, Bundle, Progress

from .columns import EnumAcc, RefAcc
from .parse import IntArray, ObjArray, factorize, string_order
from .reading import File
from .spec import Column


def _categorical(codes: np.ndarray, categories: ObjArray | list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories))


def _as_categorical(values: ObjArray) -> pd.Categorical:
    """Object array of ``str`` (no missing) -> categorical with sorted categories."""
    codes, uniques = factorize(values)
    order = string_order(uniques)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return _categorical(rank[codes] if len(codes) else codes.astype(np.int32), uniques[order])


def _column(data: File, col: Column) -> object:
    """The output column for ``col``; missing (None/NaN/code -1) where no value was given,
    including every row when the CSV lacks the column."""
    n = data.rows
    acc = data.accs.get(col.name)
    if col.form == "enum":
        assert col.enum is not None
        cats = [e.value for e in col.enum]
        if isinstance(acc, EnumAcc):
            return _categorical(acc.codes(), cats)
        return _categorical(np.full(n, -1, dtype=np.int8), cats)
    if col.form == "ref":
        if isinstance(acc, RefAcc):
            if col.required:
                return _categorical(acc.codes(), acc.categories())
            return pd.Series(acc.values(), dtype=object)
        return pd.Series(np.full(n, None, dtype=object), dtype=object)
    if col.form == "bool":
        values = acc.values() if acc is not None else np.full(n, None, dtype=object)
        return pd.Series(values, dtype=object)
    if col.form == "int":
        values = acc.values() if acc is not None else np.full(n, None, dtype=object)
        return pd.array(list(values) if len(values) else [], dtype="Int64")
    if col.form in ("float", "datetime"):
        return acc.values() if acc is not None else np.full(n, np.nan)
    return pd.Series(
        acc.values() if acc is not None else np.full(n, None, dtype=object), dtype=object
    )


def _frame(data: File, extra: dict[str, object] | None = None) -> pd.DataFrame:
    """The output frame, columns in ``FRAME_COLUMNS`` order (``extra`` supplies the rest)."""
    columns: dict[str, object] = dict(extra or {})
    wanted = FRAME_COLUMNS[data.spec.frame]
    for col in data.spec.columns:
        out = col.out or col.name
        if out in wanted and out not in columns:
            columns[out] = _column(data, col)
    return pd.DataFrame({name: columns[name] for name in wanted}, copy=False)


def _keep_last(keys: list[np.ndarray]) -> IntArray:
    """Positions of the last row of each distinct key, in their original order."""
    n = len(keys[0])
    if n == 0:
        return np.empty(0, dtype=np.int64)
    joint = np.zeros(n, dtype=np.int64)
    for k in keys:
        codes = np.asarray(k, dtype=np.int64)
        joint = joint * (int(codes.max(initial=0)) + 2) + (codes + 1)
    _, first_rev = np.unique(joint[::-1], return_index=True)
    return np.sort(n - 1 - first_rev)


def _connections(data: File) -> pd.DataFrame:
    src, dst = data.accs.get("source_id"), data.accs.get("target_id")
    assert isinstance(src, RefAcc) and isinstance(dst, RefAcc)
    cats = src.categories()
    s_codes, t_codes = src.codes(), dst.codes()
    a = np.minimum(s_codes, t_codes)
    b = np.maximum(s_codes, t_codes)
    keep = _keep_last([a, b])
    frame = _frame(data, {"a": _categorical(a, cats), "b": _categorical(b, cats)})
    return frame.iloc[keep].reset_index(drop=True)


def _dedupe(frame: pd.DataFrame, key: tuple[str, str]) -> pd.DataFrame:
    if len(frame) == 0:
        return frame
    keys = [np.asarray(frame[k].cat.codes) for k in key]
    return frame.iloc[_keep_last(keys)].reset_index(drop=True)


#: ``frame.attrs`` key of the employment frame: how many of its rows (the last ones) come from
#: people.csv's company_id rather than employment.csv, for the load summary to say so.
ROWS_FROM_PEOPLE = "rows_from_people"


def _employment(employment: pd.DataFrame | None, people: File | None) -> pd.DataFrame | None:
    if people is None or "company_id" not in people.accs:
        return employment
    company = people.accs["company_id"].values()
    has = np.flatnonzero(np.asarray(pd.notna(company), dtype=np.bool_))
    person = people.accs["id"].values()[has] if "id" in people.accs else None
    if person is None or len(has) == 0:
        return employment
    title_acc = people.accs.get("title")
    title = title_acc.values()[has] if title_acc is not None else np.full(len(has), None)
    derived = pd.DataFrame(
        {
            "person_id": pd.Series(person, dtype=object),
            "company_id": pd.Series(company[has], dtype=object),
            "title": pd.Series(title, dtype=object),
            "start": pd.Series(np.full(len(has), None), dtype=object),
            "end": pd.Series(np.full(len(has), None), dtype=object),
        }
    )
    if employment is not None and len(employment):
        existing = pd.MultiIndex.from_arrays(
            [
                np.asarray(employment["person_id"], dtype=object),
                np.asarray(employment["company_id"], dtype=object),
            ]
        )
        wanted = pd.MultiIndex.from_arrays([derived["person_id"], derived["company_id"]])
        derived = derived[~np.asarray(wanted.isin(existing), dtype=np.bool_)]
        base = employment.astype({"person_id": object, "company_id": object})
        merged = pd.concat([base, derived], ignore_index=True)
    else:
        merged = derived.reset_index(drop=True)
    for col in ("person_id", "company_id"):
        merged[col] = _as_categorical(np.asarray(merged[col], dtype=object))
    for col in ("title", "start", "end"):
        merged[col] = pd.Series(np.asarray(merged[col], dtype=object), dtype=object)
    merged.attrs[ROWS_FROM_PEOPLE] = len(derived)
    return merged


def normalise(files: dict[str, File], progress: Progress) -> Bundle:
    frames: dict[str, pd.DataFrame | None] = dict.fromkeys(FRAME_COLUMNS)
    for i, (name, data) in enumerate(files.items()):
        progress("normalising", i, len(files))
        if name == "connections":
            frames[name] = _connections(data)
            continue
        frame = _frame(data)
        if data.spec.key:
            key = data.spec.key
            frame = _dedupe(frame, (key[0], key[1]))
        frames[name] = frame
    frames["employment"] = _employment(frames["employment"], files.get("people"))
    progress("normalising", len(files), len(files))
    return Bundle(**frames)
