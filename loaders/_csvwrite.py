"""A fast, vectorised CSV writer for generated data (no quoting: values never need it).

Each column of a chunk is a numpy bytes array (``S`` dtype, NUL-padded) or a ``uint8``
matrix of shape ``(rows, width)`` (NUL bytes are padding). Rows are laid out side by side in
one matrix, separators added, and the NUL padding squeezed out in a single pass, so writing
costs a few numpy operations per chunk instead of Python work per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.bundle import Progress

Bytes = npt.NDArray[Any]  # an ``S`` array or a (rows, width) uint8 matrix
Matrix = npt.NDArray[np.uint8]

CHUNK_ROWS = 500_000
_COMMA = ord(",")
_NEWLINE = ord("\n")


def _matrix(column: Bytes, rows: int) -> Matrix:
    if column.dtype == np.uint8 and column.ndim == 2:
        return column
    if column.dtype.kind == "U":
        column = column.astype("S")  # generated text is ASCII
    width = column.dtype.itemsize
    if width == 0:
        return np.zeros((rows, 0), dtype=np.uint8)
    return np.ascontiguousarray(column).view(np.uint8).reshape(rows, width)


def join_rows(columns: Sequence[Bytes]) -> bytes:
    """CSV text for one chunk of rows (every value already free of ``,"`` and newlines)."""
    rows = len(columns[0])
    if rows == 0:
        return b""
    mats = [_matrix(c, rows) for c in columns]
    width = sum(m.shape[1] for m in mats) + len(mats)
    out = np.zeros((rows, width), dtype=np.uint8)
    pos = 0
    for k, m in enumerate(mats):
        out[:, pos : pos + m.shape[1]] = m
        pos += m.shape[1]
        out[:, pos] = _COMMA if k < len(mats) - 1 else _NEWLINE
        pos += 1
    flat = out.ravel()
    return bytes(flat[flat != 0].tobytes())


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: int,
    chunk: Callable[[int, int], Sequence[Bytes]],
    progress: Progress,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Write ``rows`` rows, asking ``chunk(start, stop)`` for each chunk's columns."""
    stage = f"writing {path.name}"
    progress(stage, 0, rows)
    with path.open("wb") as fh:
        fh.write((",".join(header) + "\n").encode())
        for start in range(0, rows, chunk_rows):
            stop = min(rows, start + chunk_rows)
            fh.write(join_rows(chunk(start, stop)))
            progress(stage, stop, rows)
    return rows


def digits(values: npt.NDArray[np.integer[Any]], width: int) -> Matrix:
    """Zero-padded decimal digits of non-negative integers, as a (rows, width) matrix."""
    out = np.empty((len(values), width), dtype=np.uint8)
    v = np.asarray(values, dtype=np.int64).copy()
    for k in range(width - 1, -1, -1):
        out[:, k] = 48 + v % 10
        v //= 10
    return out


def prefixed(prefix: str, values: npt.NDArray[np.integer[Any]], width: int) -> Matrix:
    """``prefix`` followed by zero-padded ``values``: ids like ``p000123``."""
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    out = np.empty((len(values), len(head) + width), dtype=np.uint8)
    out[:, : len(head)] = head
    out[:, len(head) :] = digits(values, width)
    return out


def as_bytes(matrix: Matrix) -> Bytes:
    """A (rows, width) uint8 matrix as an ``S{width}`` array (for fancy indexing by row)."""
    width = matrix.shape[1]
    return np.ascontiguousarray(matrix).view(f"S{width}").reshape(len(matrix))


def civil(days: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], ...]:
    """Days since 1970-01-01 -> (year, month, day) (proleptic Gregorian, vectorised)."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = y + (m <= 2)
    return y, m, d


def iso_dates(days: npt.NDArray[np.int64]) -> Matrix:
    """``YYYY-MM-DD`` for days since the epoch."""
    y, m, d = civil(days)
    out = np.empty((len(days), 10), dtype=np.uint8)
    out[:, 0:4] = digits(y, 4)
    out[:, 4] = ord("-")
    out[:, 5:7] = digits(m, 2)
    out[:, 7] = ord("-")
    out[:, 8:10] = digits(d, 2)
    return out


def iso_datetimes(seconds: npt.NDArray[np.int64]) -> Matrix:
    """``YYYY-MM-DDTHH:MM:SSZ`` for epoch seconds."""
    days, rest = np.divmod(seconds, 86400)
    out = np.empty((len(seconds), 20), dtype=np.uint8)
    out[:, 0:10] = iso_dates(days)
    out[:, 10] = ord("T")
    out[:, 11:13] = digits(rest // 3600, 2)
    out[:, 13] = ord(":")
    out[:, 14:16] = digits(rest // 60 % 60, 2)
    out[:, 16] = ord(":")
    out[:, 17:19] = digits(rest % 60, 2)
    out[:, 19] = ord("Z")
    return out


def blank(column: Bytes, mask: npt.NDArray[np.bool_]) -> Bytes:
    """``column`` with the rows in ``mask`` emptied (a copy)."""
    out = column.copy()
    if out.dtype == np.uint8 and out.ndim == 2:
        out[mask, :] = 0
    else:
        out[mask] = b"" if out.dtype.kind == "S" else ""
    return out


def cat(rows: int, *pieces: Bytes | bytes) -> Matrix:
    """Pieces side by side as one field (their NUL padding is squeezed out when written).

    A piece is an ``S`` array, a (rows, width) uint8 matrix or a constant ``bytes``.
    """
    mats: list[Matrix] = []
    for piece in pieces:
        if isinstance(piece, bytes):
            const = np.frombuffer(piece, dtype=np.uint8)
            mats.append(np.broadcast_to(const, (rows, len(const))))
        else:
            mats.append(_matrix(piece, rows))
    return np.hstack(mats) if mats else np.zeros((rows, 0), dtype=np.uint8)
