"""``warmgraph export`` on a real SQLite file: each format read back by the library a
notebook would use, the role rules through ``--as``, and bad input refused whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from api.cli import main
from graph import export
from graph.config import Settings
from graph.export_files import SCHEMAS
from graph.service import WarmgraphService
from graph.store.factory import open_store
from tests.conftest import NOW

from .conftest import REP

TABLES = export.TABLES


@pytest.fixture
def db(world_template, tmp_path) -> Path:
    """A copy of the hand-built world with a rep on rep-1's team and another team's deal."""
    path = tmp_path / "world.db"
    shutil.copyfile(world_template[0], path)
    store = open_store(Settings(db_path=str(path), now=NOW))
    try:
        service = WarmgraphService(store)
        service.users.add(REP, "rep", person_id="rep-1", team="east")
        from graph.model import Deal

        service.create(Deal("d-2", "Globex rollout", "acme", owner_id="bob"))
    finally:
        store.close()
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [*args, "--now", NOW.isoformat()])


def expected(db: Path, name: str) -> pd.DataFrame:
    store = open_store(Settings(db_path=str(db), now=NOW))
    try:
        return export.READERS[name](WarmgraphService(store))
    finally:
        store.close()


def test_parquet_has_the_declared_schema_and_the_rows(db, tmp_path) -> None:
    out = tmp_path / "out"
    result = run("export", str(out), "--format", "parquet", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    for name in TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.equals(SCHEMAS[name]), name
        # the summary line names the file, its rows and its bytes
        size = (out / f"{name}.parquet").stat().st_size
        assert f"{name}.parquet" in result.output and f"{size:,} bytes" in result.output
        assert table.num_rows == len(expected(db, name))
    links = pq.read_table(out / "links.parquet").to_pandas()
    want = expected(db, "links")
    assert list(links["strength"]) == list(want["strength"])
    assert list(links["interactions"]) == list(want["interactions"])
    people = pq.read_table(out / "people.parquet").to_pandas().set_index("id")
    assert list(people.loc["ann", "tags"]) == []


def test_csv_reads_back_with_pandas(db, tmp_path) -> None:
    out = tmp_path / "out"
    assert run("export", str(out), "--format", "csv", "--db", str(db)).exit_code == 0
    for name in TABLES:
        frame = pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])
        want = expected(db, name)
        assert list(frame.columns) == list(want.columns)
        assert len(frame) == len(want)
    links = pd.read_csv(out / "links.csv")
    assert links["strength"].tolist() == pytest.approx(expected(db, "links")["strength"].tolist())
    deals = pd.read_csv(out / "deals.csv").set_index("id")
    assert deals.loc["d-1", "created_at"] == "2026-09-01"


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_read_back_with_networkx(db, tmp_path, fmt, read) -> None:
    out = tmp_path / "out"
    assert run("export", str(out), "--format", fmt, "--db", str(db)).exit_code == 0
    assert [p.name for p in out.iterdir()] == [f"warmgraph.{fmt}"]
    got = read(out / f"warmgraph.{fmt}")
    store = open_store(Settings(db_path=str(db), now=NOW))
    try:
        want = export.to_networkx(WarmgraphService(store))
    finally:
        store.close()
    assert set(got.nodes) == set(want.nodes)
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in want.edges}
    for node, attrs in want.nodes(data=True):
        assert {k: got.nodes[node][k] for k in attrs} == attrs, node
    for a, b, attrs in want.edges(data=True):
        assert {k: got.edges[a, b][k] for k in attrs} == attrs, (a, b)
    # a person and a company share the id 007: two nodes, told apart by kind
    assert got.nodes["person:007"]["kind"] == "person"
    assert got.nodes["company:007"]["kind"] == "company"
    assert got.edges["person:bob", "person:tina"]["interactions"] == 6


def test_a_rep_exports_only_their_teams_deals(db, tmp_path) -> None:
    everyone, rep = tmp_path / "all", tmp_path / "rep"
    assert run("export", str(everyone), "--format", "csv", "--db", str(db)).exit_code == 0
    result = run("export", str(rep), "--format", "csv", "--db", str(db), "--as", REP)
    assert result.exit_code == 0, result.output
    assert sorted(pd.read_csv(everyone / "deals.csv")["id"]) == ["d-1", "d-2"]
    assert list(pd.read_csv(rep / "deals.csv")["id"]) == ["d-1"]
    people = pd.read_csv(rep / "people.csv").set_index("id")
    assert pd.isna(people.loc["dnc", "email"])


def test_an_unknown_user_is_one_clear_error(db, tmp_path) -> None:
    out = tmp_path / "out"
    result = run("export", str(out), "--format", "csv", "--db", str(db), "--as", "who@x.test")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: --as who@x.test: no active user with that e-mail (warmgraph users list)"
    )
    assert not out.exists()


def test_bad_directory_or_format_is_one_clear_error_and_writes_nothing(db, tmp_path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    result = run("export", str(a_file), "--format", "csv", "--db", str(db))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {a_file}: not a directory"
    assert a_file.read_text() == "keep me"

    out = tmp_path / "out"
    result = run("export", str(out), "--format", "xlsx", "--db", str(db))
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output and "'xlsx'" in result.output
    assert not out.exists()

    result = run("export", str(out), "--format", "csv", "--db", str(tmp_path / "no.db"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'no.db'}: no such database"
    assert not out.exists() and not (tmp_path / "no.db").exists()


def test_an_unwritable_directory_is_one_clear_error(db, tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        result = run("export", str(locked), "--format", "csv", "--db", str(db))
        assert result.exit_code == 1
        assert result.output.strip() == f"Error: {locked}: not writable"
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_failure_part_way_leaves_the_directory_as_it_was(db, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "people.csv").write_text("old")

    def broken(service):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", str(out / "links.csv"))

    monkeypatch.setitem(export.READERS, "links", broken)
    result = run("export", str(out), "--format", "csv", "--db", str(db))
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert [p.name for p in out.iterdir()] == ["people.csv"]
    assert (out / "people.csv").read_text() == "old"
