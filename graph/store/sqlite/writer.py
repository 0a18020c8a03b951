"""Writing columns of rows in bulk as multi-row upserts that never erase a stored value.

``Statement`` is ``INSERT INTO table (columns) VALUES (...), (...), ...`` for any number of
rows; with a ``key`` it is an upsert where a NULL (a missing value) keeps the stored value.
``BulkWriter.write`` sends columns through it in chunks, and gives a new row the default of
a column whose value it lacks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd

from ...bundle import Progress
from .import_frames import Column

#: Rows per executemany call (and per progress report).
CHUNK = 50_000


@dataclass(frozen=True)
class Statement:
    """An insert of ``columns``; with a ``key``, an upsert on it.

    ``literals`` are columns inserted as a fixed SQL value (a default) and never updated;
    ``derived`` columns are set on update by an SQL expression instead of coalescing, and
    are left out of the did-anything-change test (they follow from other columns).
    """

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ()
    literals: tuple[tuple[str, str], ...] = ()
    derived: tuple[tuple[str, str], ...] = ()

    @property
    def batch(self) -> int:
        """Rows per statement: as many as fit under SQLite's oldest variable limit (999)."""
        return max(1, min(100, 999 // len(self.columns)))

    def with_literals(self, literals: Mapping[str, str]) -> Statement:
        """This statement with ``literals``' columns inserted as those SQL values instead."""
        return Statement(
            self.table,
            tuple(c for c in self.columns if c not in literals),
            self.key,
            (*self.literals, *literals.items()),
            self.derived,
        )

    def sql(self, rows: int) -> str:
        t = self.table
        names = [*self.columns, *(c for c, _ in self.literals)]
        row = "(" + ", ".join(["?"] * len(self.columns) + [v for _, v in self.literals]) + ")"
        text = f"INSERT INTO {t} ({', '.join(names)}) VALUES " + ", ".join([row] * rows)
        if not self.key:
            return text
        derived = dict(self.derived)
        kept = [c for c in self.columns if c not in self.key and c not in derived]
        if not kept:
            return text + f" ON CONFLICT ({', '.join(self.key)}) DO NOTHING"
        # A missing value (NULL) keeps the stored one.
        merged = [f"coalesce(excluded.{c}, {t}.{c})" for c in kept]
        updates = [f"{c} = {m}" for c, m in zip(kept, merged, strict=True)]
        updates += [f"{c} = {expr}" for c, expr in self.derived if c in self.columns]
        # Rows that did not change are left alone: re-importing a mostly unchanged export
        # rewrites only what changed (and none of its index entries).
        mine = ", ".join(f"{t}.{c}" for c in kept)
        return (
            text + f" ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {', '.join(updates)}"
            f" WHERE ({mine}) IS NOT ({', '.join(merged)})"
        )


class BulkWriter:
    def __init__(self, conn: sqlite3.Connection, progress: Progress) -> None:
        self.conn = conn
        self.progress = progress

    def write(
        self,
        stage: str,
        statement: Statement,
        columns: Sequence[Column],
        defaults: Mapping[str, str] | None = None,
    ) -> int:
        """Write ``columns`` (one per ``statement.columns``); rows written.

        ``defaults`` gives, by column, the SQL value a new row gets when it lacks one (a
        stored row keeps its own). Rows are grouped by which of those columns they lack,
        each group written with a statement that inserts the defaults as literals.
        """
        total = len(columns[0]) if columns else 0
        groups = [(statement, list(columns))]
        if defaults and total:
            groups = _by_missing(statement, list(columns), defaults)
        done = 0
        for group_statement, group_columns in groups:
            done = self._write(stage, group_statement, group_columns, done, total)
        return total

    def _write(
        self, stage: str, statement: Statement, columns: list[Column], done: int, total: int
    ) -> int:
        """Each statement inserts ``statement.batch`` rows (``VALUES (...), (...), ...``): a
        third less CPU than one row per statement, since Python and SQLite step once per
        batch instead of once per row."""
        rows = len(columns[0]) if columns else 0
        width = len(statement.columns)
        batch = statement.batch
        many = statement.sql(batch)
        for start in range(0, rows, CHUNK):
            stop = min(start + CHUNK, rows)
            n = stop - start
            flat: list[object] = [None] * (n * width)
            for j, values in enumerate(columns):
                flat[j::width] = values[start:stop].tolist()
            full = (n // batch) * batch * width
            step = batch * width
            self.conn.executemany(many, (flat[i : i + step] for i in range(0, full, step)))
            if full < len(flat):
                self.conn.execute(statement.sql((len(flat) - full) // width), flat[full:])
            self.progress(stage, done + stop, total)
        return done + rows


def _by_missing(
    statement: Statement, columns: list[Column], defaults: Mapping[str, str]
) -> list[tuple[Statement, list[Column]]]:
    """The rows split by which ``defaults`` columns they lack, each with its statement."""
    position = {c: i for i, c in enumerate(statement.columns)}
    masks = {c: np.asarray(pd.isna(columns[position[c]]), dtype=np.bool_) for c in defaults}
    if not any(m.any() for m in masks.values()):
        return [(statement, columns)]
    groups = []
    names = list(masks)
    for lacks in product((False, True), repeat=len(names)):
        rows = np.ones(len(columns[0]), np.bool_)
        for c, lacking in zip(names, lacks, strict=True):
            rows &= masks[c] if lacking else ~masks[c]
        if not rows.any():
            continue
        literals = {c: defaults[c] for c, lacking in zip(names, lacks, strict=True) if lacking}
        kept = [i for i, c in enumerate(statement.columns) if c not in literals]
        picked = [columns[i] for i in kept]
        if not rows.all():
            picked = [c[rows] for c in picked]
        groups.append((statement.with_literals(literals), picked))
    return groups
