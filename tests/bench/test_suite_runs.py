"""The whole suite, end to end, at the XS scale: a real ``warmgraph load`` and ``serve``, the
peers, and Neo4j (the test suite's server), and every answer checked equal. (The import
section runs on its own in test_imports.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import wipe_neo4j

pytestmark = [pytest.mark.slow, pytest.mark.neo4j]


def test_suite_runs_and_every_peer_agrees(tmp_path: Path, neo4j_settings, neo4j_driver) -> None:  # type: ignore[no-untyped-def]
    wipe_neo4j(neo4j_driver, neo4j_settings.database)
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
    }
    out = tmp_path / "results"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "XS",
            "--data",
            str(tmp_path / "data"),
            "--out",
            str(out),
            "--peer-query-budget",
            "20",
            "--cypher-timeout",
            "20",
            "--no-imports",  # timed on their own in test_imports.py: one run fits no timeout
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (result,) = json.loads((out / "latest.json").read_text())["results"]
    peers = result["peers"]
    for key in ("shortest-h3-hops-1", "shortest-h4-hops-1"):
        for peer in ("networkx", "igraph"):
            assert peers[key][peer]["equal"] == peers[key][peer]["compared"] == 30
    for peer in ("networkx", "igraph"):
        assert peers["strongest"][peer]["equal"] == peers["strongest"][peer]["finished"] > 0
    assert peers["pagerank"]["max_abs_diff_igraph"] < 1e-6
    assert peers["pagerank"]["max_abs_diff_networkx"] < 1e-6
    neo4j = result["neo4j"]
    assert neo4j["load"]["rows"] == result["embedded"]["load"]["rows"]
    for comparison in neo4j["cypher"].values():
        assert comparison["finished"] > 0
        assert comparison["equal"] == comparison["finished"], comparison
    assert result["embedded"]["http"]["peak_rss_mb"] > 0
    # deal likelihood on both stores: every open deal scored, the same deals on each
    likely = [result["embedded"]["likelihood"], neo4j["likelihood"]]
    assert all(x["scored"] == x["open_deals"] > 0 for x in likely)
    assert likely[0]["closed_deals"] == likely[1]["closed_deals"] > 0
    assert "imports" not in json.loads((out / "latest.json").read_text())  # --no-imports
    report = (out / "latest.md").read_text()
    assert "**Targets**" in report and "Cypher shortestPath" in report
    assert "**Deal likelihood**" in report and "| XS | neo4j |" in report
    assert "**Import throughput**" not in report
    assert (out / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
