"""Writing the export tables and graph to files: Parquet (pyarrow, with a declared schema),
CSV (pandas), GraphML and GEXF (networkx's writers).

Everything is written into a fresh hidden directory inside the target and moved into place
only when every file is complete, so a failure part-way leaves the target as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .export import GRAPH_FORMATS, TAG_SEPARATOR

#: The graph formats' one file, by format.
GRAPH_FILE = {fmt: f"warmgraph.{fmt}" for fmt in GRAPH_FORMATS}

_TEXT = pa.string()
_UTC = pa.timestamp("us", tz="UTC")

#: The declared Parquet schema of each table (what ``pyarrow.parquet.read_schema`` gives back).
SCHEMAS: dict[str, pa.Schema] = {
    "people": pa.schema(
        [
            pa.field("id", _TEXT, nullable=False),
            pa.field("name", _TEXT, nullable=False),
            ("title", _TEXT),
            ("email", _TEXT),
            ("location", _TEXT),
            ("linkedin", _TEXT),
            ("twitter", _TEXT),
            pa.field("do_not_contact", pa.bool_(), nullable=False),
            pa.field("tags", pa.list_(_TEXT), nullable=False),
        ]
    ),
    "companies": pa.schema(
        [
            pa.field("id", _TEXT, nullable=False),
            pa.field("name", _TEXT, nullable=False),
            ("domain", _TEXT),
            ("industry", _TEXT),
            ("employees", pa.int64()),
        ]
    ),
    "communities": pa.schema(
        [
            pa.field("id", _TEXT, nullable=False),
            pa.field("name", _TEXT, nullable=False),
            pa.field("kind", _TEXT, nullable=False),
            ("url", _TEXT),
        ]
    ),
    "deals": pa.schema(
        [
            pa.field("id", _TEXT, nullable=False),
            pa.field("name", _TEXT, nullable=False),
            pa.field("company_id", _TEXT, nullable=False),
            ("owner_id", _TEXT),
            pa.field("stage", _TEXT, nullable=False),
            ("amount", pa.float64()),
            ("created_at", pa.date32()),
            ("closed_at", pa.date32()),
        ]
    ),
    "links": pa.schema(
        [
            pa.field("a", _TEXT, nullable=False),
            pa.field("b", _TEXT, nullable=False),
            pa.field("strength", pa.float64(), nullable=False),
            pa.field("connected", pa.bool_(), nullable=False),
            pa.field("interactions", pa.int64(), nullable=False),
            ("last_interaction", _UTC),
        ]
    ),
    "influence": pa.schema(
        [
            pa.field("person_id", _TEXT, nullable=False),
            pa.field("score", pa.float64(), nullable=False),
            pa.field("rank", pa.int64(), nullable=False),
            pa.field("pagerank", pa.float64(), nullable=False),
            pa.field("degree", pa.int64(), nullable=False),
            pa.field("advocacy", pa.float64(), nullable=False),
        ]
    ),
}


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """``frame`` as the table's declared schema."""
    schema = SCHEMAS[name]
    columns = []
    for field in schema:
        column = frame[field.name]
        if pa.types.is_date32(field.type):  # datetime64 in pandas, a plain date in Parquet
            values = [None if pd.isna(v) else v.date() for v in column]
            columns.append(pa.array(values, type=field.type))
        else:
            columns.append(pa.array(column, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(columns, schema=schema)


def write_table(name: str, frame: pd.DataFrame, directory: Path, fmt: str) -> Path:
    """One table as ``directory/name.fmt``; returns the path written."""
    path = directory / f"{name}.{fmt}"
    if fmt == "parquet":
        pq.write_table(arrow_table(name, frame), path)
    elif fmt == "csv":
        flat = frame.copy()
        if "tags" in flat:
            flat["tags"] = flat["tags"].map(TAG_SEPARATOR.join)
        # timestamps as pandas writes them (2025-10-01 14:42:42+00:00): one vectorised pass
        for column in ("created_at", "closed_at"):
            if column in flat:
                flat[column] = flat[column].dt.strftime("%Y-%m-%d")
        flat.to_csv(path, index=False)
    else:
        raise ValueError(f"not a table format: {fmt}")
    return path


def write_graph(graph: nx.Graph, directory: Path, fmt: str) -> Path:
    path = directory / GRAPH_FILE[fmt]
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"not a graph format: {fmt}")
    return path


@contextmanager
def staged(directory: Path) -> Iterator[Path]:
    """A hidden scratch directory inside ``directory`` to write into; on success its files
    replace their namesakes in ``directory``, on failure it is removed and nothing changed."""
    scratch = Path(tempfile.mkdtemp(prefix=".warmgraph-export-", dir=directory))
    try:
        yield scratch
        for path in sorted(scratch.iterdir()):
            path.replace(directory / path.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
