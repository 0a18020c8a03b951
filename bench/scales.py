"""The three scales of the issue and the generated bundles they run on."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    pairs: int  # random (rep, person) pairs with a path
    repeats: int  # timed runs per figure, after a warm-up
    yen_pairs: int  # pairs given to the k-shortest-paths peers
    neo4j_pairs: int


SCALES = {
    # XS checks the suite itself (the test suite runs it); its figures mean little
    "XS": Scale("XS", 1_000, pairs=30, repeats=1, yen_pairs=3, neo4j_pairs=10),
    "S": Scale("S", 10_000, pairs=200, repeats=5, yen_pairs=20, neo4j_pairs=50),
    "M": Scale("M", 100_000, pairs=200, repeats=3, yen_pairs=8, neo4j_pairs=20),
    "L": Scale("L", 1_000_000, pairs=200, repeats=3, yen_pairs=4, neo4j_pairs=20),
}


@dataclass(frozen=True)
class BundleFacts:
    reps: list[str]
    targets: list[str]  # contactable people who are not reps
    blocked: set[str]  # doNotContact
    companies: list[str]  # companies with at least one current employee
    generate_s: float | None


def generate(warmgraph: Path, directory: Path, scale: Scale, seed: int) -> float | None:
    """Generate the scale's bundle with ``warmgraph generate`` unless it is already there;
    the seconds it took, or None when it was reused."""
    done = directory / ".complete"
    if done.exists():
        return None
    started = time.perf_counter()
    subprocess.run(
        [
            str(warmgraph),
            "generate",
            str(directory),
            "--people",
            str(scale.people),
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    done.write_text(f"{elapsed}\n")
    return elapsed


def facts(directory: Path, generate_s: float | None) -> BundleFacts:
    people = pd.read_csv(directory / "people.csv", usecols=["id", "do_not_contact"], dtype=str)
    blocked_mask = people["do_not_contact"].fillna("").str.lower().isin(["true", "1", "yes"])
    ids = people["id"]
    is_rep = ids.str.startswith("rep-")
    employment = pd.read_csv(directory / "employment.csv", usecols=["company_id", "end"], dtype=str)
    current = employment[employment["end"].isna()]["company_id"].unique()
    return BundleFacts(
        reps=sorted(ids[is_rep & ~blocked_mask]),
        targets=sorted(ids[~is_rep & ~blocked_mask]),
        blocked=set(ids[blocked_mask]),
        companies=sorted(current),
        generate_s=generate_s,
    )


def loaded_rows(output: str) -> int:
    """The total the ``warmgraph load`` command printed."""
    match = re.search(r"total\s+([\d,]+)", output)
    if match is None:
        raise RuntimeError(f"warmgraph load did not print a total:\n{output}")
    return int(match.group(1).replace(",", ""))
