"""The suite's import section at the XS sizes: the real ``warmgraph import`` of each generated
export into a fresh embedded store and into Neo4j (the test suite's server), each twice, and
its table in the report."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from bench.import_side import SIZES, SMALL_DIVISOR, run_imports
from bench.report import machine, markdown
from loaders.generate import DEFAULT_NOW
from tests.conftest import wipe_neo4j

pytestmark = [pytest.mark.slow, pytest.mark.neo4j]


def test_each_export_imports_into_both_stores_and_again_changes_nothing(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, neo4j_settings, neo4j_driver
) -> None:
    wipe_neo4j(neo4j_driver, neo4j_settings.database)
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    warmgraph = shutil.which("warmgraph", path=str(Path(sys.executable).parent))
    assert warmgraph is not None
    imports = run_imports(
        Path(warmgraph), tmp_path, DEFAULT_NOW.isoformat(), 1, small=True, neo4j_too=True
    )

    assert imports["sizes"] == {kind: n // SMALL_DIVISOR for kind, n in SIZES.items()}
    assert set(imports["formats"]) == {"mbox", "ics", "linkedin", "salesforce"}
    for kind, figures in imports["formats"].items():
        for store in ("embedded", "neo4j"):
            first, again = figures[store]["first"], figures[store]["again"]
            assert first["summary"]["rows read"] == figures["rows"], (kind, store)
            assert first["summary"]["rejected"] == 0 and first["rows_per_s"] > 0
            assert first["summary"]["people created"] > 0
            # importing the same file again creates nobody
            assert again["summary"]["people created"] == 0, (kind, store)
            assert again["summary"]["companies created"] == 0, (kind, store)
        # both stores resolve the same file the same way
        embedded, on_neo4j = (figures[s]["first"]["summary"] for s in ("embedded", "neo4j"))
        assert embedded == on_neo4j, kind
    mail = imports["formats"]["mbox"]["embedded"]["first"]["summary"]
    assert {"list mail", "automated sender", "duplicate message"} <= set(mail["skipped"])
    # the suite leaves a NEO4J_URI server empty for the scales that follow
    records, _, _ = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0

    report = markdown([], machine(), imports)
    assert "**Import throughput**" in report
    assert report.count("| embedded |") == report.count("| neo4j |") == 4
