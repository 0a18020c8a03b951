"""Reading one CSV file: header, chunks, UTF-8 and CSV errors, and the value rules.

Each chunk is parsed by the column accumulators and then checked by the shared bundle
validator (:func:`graph.validation.check_columns`), with positions turned into lines.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from graph.bundle import Progress
from graph.validation import check_columns

from .columns import Acc, CodeBook, make_acc
from .lines import FileProblems, LineMap, count_lines, first_bad_utf8_line, locate_failure
from .parse import ObjArray
from .spec import FileSpec

CHUNK_ROWS = 1_000_000

# --------------------------------------------------------------------------------------------
# reading one file


@dataclass(slots=True)
class File:
    spec: FileSpec
    problems: FileProblems
    accs: dict[str, Acc] = field(default_factory=dict)
    rows: int = 0
    lines: LineMap | None = None
    broken: bool = False  # could not be read to the end

    @property
    def defines_ids(self) -> bool:
        return not self.broken and "id" in self.accs

    def ids(self) -> ObjArray:
        values = self.accs["id"].values()
        return values[np.asarray(pd.notna(values), dtype=np.bool_)]


def _header(path: Path) -> list[str] | None:
    """The header record, reading no further than it (decoding errors below stay unseen)."""
    raw = b""
    with path.open("rb") as fh:
        for line in fh:
            raw += line
            if raw.count(b'"') % 2 == 0:  # not inside a quoted value
                break
    text = raw.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text, newline="")), None)


def read_file(spec: FileSpec, path: Path, progress: Progress) -> File:
    problems = FileProblems(spec.filename)
    data = File(spec, problems)
    stage = f"reading {spec.filename}"
    try:
        header = _header(path)
    except UnicodeDecodeError:
        problems.line(1, "not UTF-8 text")
        data.broken = True
        return data
    except csv.Error as exc:
        problems.line(1, f"cannot read the header row ({exc})")
        data.broken = True
        return data
    if not header:
        problems.line(1, "empty file: no header row")
        data.broken = True
        return data
    wanted = {c.name for c in spec.columns}
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        name = title.strip().lower()
        if name in wanted and name not in positions:
            positions[name] = i
    for col in spec.columns:
        if col.required and col.name not in positions:
            problems.line(1, f"missing required column {col.name!r}")
    books: dict[str, CodeBook] = {}
    for col in spec.columns:
        if col.name in positions:
            data.accs[col.name] = make_acc(col, problems, books)
    total = max(count_lines(path) - 1, 0)
    progress(stage, 0, total)
    if not positions:
        data.lines = LineMap(path, total, total + 1, len(header), anomalies=False)
        return data
    order = sorted(positions, key=positions.__getitem__)
    base = 0
    skipped = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            for chunk in _chunks(path):
                raw = {n: chunk.iloc[:, positions[n]].to_numpy(dtype=object) for n in order}
                outs = {n: data.accs[n].feed(v, base) for n, v in raw.items()}
                _validate(spec, raw, outs, base, problems)
                base += len(chunk)
                progress(stage, base, max(total, base))
        skipped = any("Skipping line" in str(w.message) for w in caught)
    except UnicodeDecodeError:
        problems.line(first_bad_utf8_line(path), "not UTF-8 text; rest of the file not checked")
        data.broken = True
    except (pd.errors.ParserError, ValueError) as exc:
        line = locate_failure(path)
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        detail = detail.replace("Error tokenizing data. C error: ", "")
        if "EOF inside string" in detail:
            detail = "a quoted value is never closed"
        problems.line(line or 1, f"malformed CSV ({detail}); rest of the file not checked")
        data.broken = True
    data.rows = base
    data.lines = LineMap(path, base, total + 1, len(header), anomalies=skipped or data.broken)
    if skipped:
        for line, width in data.lines.bad_rows():
            problems.line(line, f"expected {len(header)} fields, saw {width}")
    for acc in data.accs.values():
        acc.finish(data.lines)
    progress(stage, base, base)
    return data


def _chunks(path: Path) -> Iterator[pd.DataFrame]:
    # No ``usecols``: with it pandas silently accepts rows with too many fields.
    reader = pd.read_csv(
        path,
        header=0,
        dtype=object,
        keep_default_na=False,
        na_filter=False,
        index_col=False,
        chunksize=CHUNK_ROWS,
        on_bad_lines="warn",
        encoding="utf-8",
        engine="c",
    )
    with reader:
        yield from reader


def _validate(
    spec: FileSpec,
    raw: dict[str, ObjArray],
    outs: dict[str, np.ndarray],
    base: int,
    problems: FileProblems,
) -> None:
    """The shared value and row rules over one parsed chunk, by frame column."""
    columns: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    shown: dict[str, ObjArray] = {}
    for name, values in outs.items():
        key = spec.column(name).out or name
        columns[key], labels[key], shown[key] = values, name, raw[name]
    for check, finding in check_columns(spec.frame, columns, labels, shown):
        problems.rows(check, base, finding.rows, finding.message)
