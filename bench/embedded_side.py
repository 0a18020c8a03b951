"""The embedded store: a timed ``warmgraph load``, then the service in this process."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from api.cli import remove_database
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.strength import StrengthModel

from .scales import loaded_rows


def embedded_env() -> dict[str, str]:
    """This environment without the Neo4j settings, which would send a command to Neo4j."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}


def load(warmgraph: Path, bundle: Path, db: Path, now: datetime, runs: int) -> dict[str, Any]:
    """``warmgraph load`` into a fresh file ``runs`` times; the median and rows/s."""
    times, rows = [], 0
    for _ in range(runs):
        remove_database(db)
        started = time.perf_counter()
        done = subprocess.run(
            [str(warmgraph), "load", str(bundle), "--db", str(db), "--now", now.isoformat()],
            check=True,
            capture_output=True,
            text=True,
            env=embedded_env(),
        )
        times.append(time.perf_counter() - started)
        rows = loaded_rows(done.stdout)
    median = statistics.median(times)
    return {"runs_s": times, "median_s": median, "rows": rows, "rows_per_s": rows / median}


def open_service(db: Path, now: datetime) -> tuple[WarmgraphService, float]:
    """The service on the loaded file and the seconds its index took to build."""
    store = EmbeddedStore(db, StrengthModel(now=now))
    started = time.perf_counter()
    store.warm_up()
    return WarmgraphService(store), time.perf_counter() - started
