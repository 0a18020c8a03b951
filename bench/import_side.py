"""Import throughput: the real ``warmgraph import KIND PATH`` on generated exports of fixed
sizes (a 100,000-message mailbox, a 10,000-event calendar, a 100,000-row LinkedIn
``Connections.csv``, a Salesforce export of 100,000 contacts), each into a fresh store that
holds only the rep whose export it is, then again on the same file (a re-import must change
nothing, so it measures resolution against a full store). Run once per suite run, not per
scale; the XS-only run (the test suite's) uses a hundredth of the sizes.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import neo4j

from api.cli import remove_database
from graph.config import Neo4jSettings
from loaders.generate.sources import (
    GeneratedCounts,
    write_connections,
    write_ics,
    write_mbox,
    write_salesforce,
)

from . import neo4j_side
from .embedded_side import embedded_env
from .progress import say

#: The rep whose mailbox, calendar and LinkedIn export these are (loaded before each import).
OWNER_ID = "rep-import"
OWNER_EMAIL = "rita.rep@seller.example"
#: The issue's sizes; an XS-only run divides them by SMALL_DIVISOR.
SIZES = {"mbox": 100_000, "ics": 10_000, "linkedin": 100_000, "salesforce": 100_000}
SMALL_DIVISOR = 100
#: Timed imports per format on the embedded store (the median is reported): the big files
#: take long enough for one run to be steady; the calendar is smaller, so three.
RUNS = {"mbox": 1, "ics": 3, "linkedin": 1, "salesforce": 1}


@dataclass(frozen=True)
class ImportFormat:
    kind: str  # warmgraph import KIND
    path: str  # the file or directory under the imports directory
    owned: bool  # someone's own export: --owner
    write: Callable[[Path, int, int], GeneratedCounts]  # (path, size, seed)


FORMATS = [
    ImportFormat(
        "mbox", "mail.mbox", True, lambda p, n, s: write_mbox(p, n, owner=OWNER_EMAIL, seed=s)
    ),
    ImportFormat(
        "ics", "calendar.ics", True, lambda p, n, s: write_ics(p, n, owner=OWNER_EMAIL, seed=s)
    ),
    ImportFormat(
        "linkedin",
        "linkedin",
        True,
        lambda p, n, s: write_connections(_mkdir(p) / "Connections.csv", n, seed=s),
    ),
    ImportFormat(
        "salesforce",
        "salesforce",
        False,
        lambda p, n, s: write_salesforce(p, n, owner=OWNER_EMAIL, seed=s),
    ),
]


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_imports(
    warmgraph: Path, data: Path, now_iso: str, seed: int, *, small: bool, neo4j_too: bool
) -> dict[str, Any]:
    """Generate the exports (kept and reused), time each import; the figures by kind."""
    divisor = SMALL_DIVISOR if small else 1
    directory = data / f"imports-{'small' if small else 'full'}-seed{seed}"
    files = _generate(directory, divisor, seed)
    owner = _owner_bundle(directory)
    out: dict[str, Any] = {
        "sizes": {k: n // divisor for k, n in SIZES.items()},
        "startup_s": _startup_s(warmgraph),
        "formats": {},
    }
    for fmt in FORMATS:
        say(f"imports: warmgraph import {fmt.kind} ({SIZES[fmt.kind] // divisor:,}), embedded")
        db = data / f"import-{fmt.kind}.db"
        runs = 1 if small else RUNS[fmt.kind]
        out["formats"][fmt.kind] = {
            **files[fmt.kind],
            "embedded": _timed_runs(
                runs, partial(_embedded_once, warmgraph, fmt, directory, owner, db, now_iso)
            ),
        }
        remove_database(db)
    if neo4j_too:
        with neo4j_side.neo4j_server() as server:
            settings = server.settings
            try:
                for fmt in FORMATS:
                    say(f"imports: warmgraph import {fmt.kind} --neo4j")
                    out["formats"][fmt.kind]["neo4j"] = _timed_runs(
                        1, partial(_neo4j_once, warmgraph, fmt, directory, owner, settings, now_iso)
                    )
            finally:
                _wipe(settings)  # a NEO4J_URI server is left empty, as the scales need it
    return out


def _startup_s(warmgraph: Path) -> float:
    """What starting the command costs before it reads anything (``warmgraph import
    --help`` imports the same modules): part of every figure, most of a small file's."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _run([str(warmgraph), "import", "--help"], embedded_env())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _generate(directory: Path, divisor: int, seed: int) -> dict[str, dict[str, Any]]:
    """Each export's facts (rows, size, seconds to write), writing those not yet written."""
    directory.mkdir(parents=True, exist_ok=True)
    facts: dict[str, dict[str, Any]] = {}
    for fmt in FORMATS:
        path = directory / fmt.path
        done = directory / f".{fmt.kind}.complete"
        if not done.exists():
            say(f"imports: writing {fmt.path} ({SIZES[fmt.kind] // divisor:,})")
            started = time.perf_counter()
            counts = fmt.write(path, SIZES[fmt.kind] // divisor, seed)
            done.write_text(f"{time.perf_counter() - started}\n{counts.rows}\n")
        generate_s, rows = done.read_text().split()
        facts[fmt.kind] = {
            "rows": int(rows),
            "file_mb": _size(path) / 1e6,
            "generate_s": float(generate_s),
        }
    return facts


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _owner_bundle(directory: Path) -> Path:
    """A one-person bundle: the rep, with the address that marks their own mail."""
    bundle = _mkdir(directory / "owner")
    (bundle / "people.csv").write_text(f"id,name,email\n{OWNER_ID},Rita Rep,{OWNER_EMAIL}\n")
    return bundle


def _command(warmgraph: Path, fmt: ImportFormat, directory: Path, now_iso: str) -> list[str]:
    owner = ["--owner", OWNER_ID] if fmt.owned else []
    path = str(directory / fmt.path)
    return [str(warmgraph), "import", fmt.kind, path, *owner, "--now", now_iso]


def _embedded_once(
    warmgraph: Path, fmt: ImportFormat, directory: Path, owner: Path, db: Path, now_iso: str
) -> tuple[float, dict[str, Any], float, dict[str, Any]]:
    remove_database(db)
    env = embedded_env()
    where = ["--db", str(db)]
    _run([str(warmgraph), "load", str(owner), *where, "--now", now_iso], env)
    command = [*_command(warmgraph, fmt, directory, now_iso), *where]
    return (*_timed(command, env), *_timed(command, env))


def _neo4j_once(
    warmgraph: Path,
    fmt: ImportFormat,
    directory: Path,
    owner: Path,
    settings: Neo4jSettings,
    now_iso: str,
) -> tuple[float, dict[str, Any], float, dict[str, Any]]:
    _wipe(settings)
    env = {**os.environ, **neo4j_side.credentials_env(settings)}
    where = ["--neo4j", settings.uri]
    _run([str(warmgraph), "load", str(owner), *where, "--now", now_iso], env)
    command = [*_command(warmgraph, fmt, directory, now_iso), *where]
    return (*_timed(command, env), *_timed(command, env))


def _timed_runs(
    runs: int, once: Callable[[], tuple[float, dict[str, Any], float, dict[str, Any]]]
) -> dict[str, Any]:
    """``runs`` fresh stores, each imported into and then re-imported into: the medians,
    rows/s (rows as the command read them) and the summaries of the last run."""
    first_s: list[float] = []
    again_s: list[float] = []
    summary: dict[str, Any] = {}
    again: dict[str, Any] = {}
    for _ in range(runs):
        first, summary, second, again = once()
        first_s.append(first)
        again_s.append(second)
    rows = int(summary["rows read"])
    out: dict[str, Any] = {}
    for name, times in (("first", first_s), ("again", again_s)):
        median = statistics.median(times)
        out[name] = {"runs_s": times, "median_s": median, "rows_per_s": rows / median}
    out["first"]["summary"], out["again"]["summary"] = summary, again
    return out


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    output = _run(command, env)
    return time.perf_counter() - started, parse_summary(output)


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return done.stdout


_COUNT = re.compile(r"^\s*([^:]+):\s+([\d,]+)\s*$")
_CREATED = re.compile(r"^\s*(people|companies):\s+([\d,]+) created, (.*)$")
_BY_RULE = re.compile(r"([\d,]+) by (.+)")


def parse_summary(output: str) -> dict[str, Any]:
    """The summary ``warmgraph import`` prints (``loaders.importing.ImportSummary.lines``):
    plain counts by name, ``skipped`` by filter, people and companies created and merged
    (or matched) by rule."""
    out: dict[str, Any] = {"skipped": {}}
    for line in output.splitlines():
        created = _CREATED.match(line)
        if created:
            what, count, rest = created.groups()
            out[f"{what} created"] = _int(count)
            out[f"{what} {'merged' if what == 'people' else 'matched'}"] = _by_rule(rest)
            continue
        count_line = _COUNT.match(line)
        if count_line is None:
            continue
        name, count = count_line.groups()
        if name.startswith("skipped ("):
            out["skipped"][name[len("skipped (") : -1]] = _int(count)
        else:
            out[name.strip()] = _int(count)
    if "rows read" not in out:
        raise RuntimeError(f"warmgraph import printed no summary:\n{output}")
    return out


def _by_rule(text: str) -> dict[str, int]:
    """``"1,200 by email, 3 by linkedin"`` (or ``"none merged"``) by rule."""
    found = (_BY_RULE.fullmatch(part.strip()) for part in text.split(", "))
    return {match.group(2): _int(match.group(1)) for match in found if match}


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _wipe(settings: Neo4jSettings) -> None:
    with (
        neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as d,
        d.session(database=settings.database) as session,
    ):
        session.run(
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
